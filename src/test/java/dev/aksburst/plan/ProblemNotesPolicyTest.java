package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static dev.aksburst.plan.PlanningSupport.noteReasons;
import static dev.aksburst.plan.PlanningSupport.only;
import static dev.aksburst.plan.PlanningSupport.plan;
import static dev.aksburst.plan.PlanningSupport.seed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.WorkloadView;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ProblemNotesPolicyTest {
  @Test
  void everyInvalidAnnotationIsNoted() {
    WorkloadView w =
        workload("web")
            .replicas(2)
            .pods(pods("web", 2, "vm-0"))
            .policyProblems(
                "aksburst.dev/max-replicas: \"lots\" is not an integer", "aksburst.dev/hold: bad")
            .build();
    Plan p = plan(seed(w), T0);
    assertThat(noteReasons(p))
        .containsExactly(EventReason.INVALID_ANNOTATION, EventReason.INVALID_ANNOTATION);
    assertThat(p.notes()).allMatch(n -> n.cause() == Note.Cause.INVALID_ANNOTATION);
    assertThat(p.notes().get(0).message()).contains("max-replicas");
    assertThat(p.actions()).isEmpty();
  }

  @Test
  void notBurstReadyIsNotedOnlyWhileAFloorAboveTheBaselineIsActiveAndReplicasStillRise() {
    WorkloadView idle =
        workload("web")
            .replicas(2)
            .pods(pods("web", 2, "vm-0"))
            .readinessProblems("uses hostPath /var/log")
            .build();
    assertThat(noteReasons(plan(seed(idle), T0))).doesNotContain(EventReason.NOT_BURST_READY);

    WorkloadView burst =
        workload("web")
            .replicas(2)
            .pods(pods("web", 2, "vm-0"))
            .readinessProblems("uses hostPath /var/log")
            .intents(alert(ref("web"), 6, T0))
            .build();
    Plan p = plan(seed(burst), T0);
    assertThat(noteReasons(p)).contains(EventReason.NOT_BURST_READY);
    assertThat(p.notes())
        .anyMatch(n -> n.cause() == Note.Cause.NOT_BURST_READY && n.message().contains("hostPath"));
    assertThat(only(p, Action.ScaleDeployment.class).replicas()).isEqualTo(6);

    WorkloadView raised =
        workload("web")
            .replicas(6)
            .pods(pods("web", 2, "vm-0"))
            .readinessProblems("uses hostPath /var/log")
            .bookkeeping(
                Bookkeeping.EMPTY.withBaselineReplicas(OptionalInt.of(2)).withLastScaleUp(T0))
            .intents(alert(ref("web"), 6, T0))
            .build();
    assertThat(noteReasons(plan(seed(raised), T0))).contains(EventReason.NOT_BURST_READY);
  }
}
