package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.workload;
import static dev.aksburst.plan.PlanningSupport.actions;
import static dev.aksburst.plan.PlanningSupport.kinds;
import static dev.aksburst.plan.PlanningSupport.only;
import static dev.aksburst.plan.PlanningSupport.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.PodView;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** 9 replicas: 3 on vm-0 (the baseline node), 3 on the newer vm-1, 3 on the virtual node. */
class ShedPolicyTest {
  private static final Instant NOW = T0.plus(Duration.ofHours(1));

  private static ClusterSnapshot world(WorkloadView w, boolean poolBaseline) {
    Fixtures.SnapshotBuilder b =
        Fixtures.snapshot()
            .nodes(
                Fixtures.vmNode("vm-0"),
                Fixtures.vmNode("vm-1", Fixtures.POOL, T0.plusSeconds(300)),
                Fixtures.virtualNode())
            .pools(Fixtures.manualPool(2))
            .workloads(w);
    if (poolBaseline) {
      b.poolState(Fixtures.POOL, Fixtures.poolBaseline(1));
    }
    return b.build();
  }

  private static Fixtures.WorkloadBuilder web(List<PodView> aci) {
    return workload("web")
        .replicas(9)
        .pods(pods("base", 3, "vm-0"))
        .addPods(pods("new", 3, "vm-1"))
        .addPods(aci)
        .bookkeeping(Bookkeeping.EMPTY.withBaselineReplicas(OptionalInt.of(2)).withLastScaleUp(T0));
  }

  @Test
  void marksVirtualPodsThenSurplusNodePodsBeforeLowering() {
    Plan p = plan(world(web(pods("aci", 3, Fixtures.VIRTUAL_NODE)).build(), true), NOW);

    assertThat(kinds(p))
        .containsExactly(
            "MarkDeletionCost", "MarkDeletionCost", "ScaleDeployment", "SaveBookkeeping");
    List<Action.MarkDeletionCost> marks = actions(p, Action.MarkDeletionCost.class);
    assertThat(marks.get(0).pods()).containsExactly("aci-0", "aci-1", "aci-2");
    assertThat(marks.get(0).cost()).isEqualTo(-1000);
    assertThat(marks.get(0).policy()).isEqualTo("ShedPolicy");
    assertThat(marks.get(1).pods()).containsExactly("new-0", "new-1", "new-2");
    assertThat(marks.get(1).cost()).isEqualTo(-500);
    assertThat(only(p, Action.ScaleDeployment.class).replicas()).isEqualTo(2);
  }

  @Test
  void withoutAPoolBaselineNoVmNodeIsSurplus() {
    Plan p = plan(world(web(pods("aci", 3, Fixtures.VIRTUAL_NODE)).build(), false), NOW);
    assertThat(actions(p, Action.MarkDeletionCost.class))
        .singleElement()
        .satisfies(m -> assertThat(m.cost()).isEqualTo(-1000));
  }

  @Test
  void podsAlreadyMarkedAreSkipped() {
    List<PodView> aci = new ArrayList<>(pods("aci", 3, Fixtures.VIRTUAL_NODE));
    aci.replaceAll(pod -> Fixtures.withCost(pod, -1000));
    Plan p = plan(world(web(aci).build(), true), NOW);
    assertThat(actions(p, Action.MarkDeletionCost.class))
        .singleElement()
        .satisfies(m -> assertThat(m.pods()).containsExactly("new-0", "new-1", "new-2"));
  }

  @ParameterizedTest(name = "active floor {0}")
  @ValueSource(ints = {3, 5, 8, 9})
  void shedNeverGoesBelowTheActiveFloor(int floor) {
    WorkloadView w =
        web(pods("aci", 3, Fixtures.VIRTUAL_NODE))
            .intents(Fixtures.alert(Fixtures.ref("web"), floor, T0))
            .build();
    Plan p = plan(world(w, true), NOW);
    List<Action.ScaleDeployment> scales = actions(p, Action.ScaleDeployment.class);
    assertThat(scales).allSatisfy(s -> assertThat(s.replicas()).isGreaterThanOrEqualTo(floor));
    if (floor < 9) {
      assertThat(scales)
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.replicas()).isEqualTo(floor);
                assertThat(s.eventReason()).contains(EventReason.SHED);
              });
      assertThat(kinds(p).indexOf("MarkDeletionCost"))
          .isLessThan(kinds(p).indexOf("ScaleDeployment"));
    } else {
      assertThat(scales).isEmpty();
    }
  }
}
