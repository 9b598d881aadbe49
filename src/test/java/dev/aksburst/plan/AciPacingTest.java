package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static dev.aksburst.plan.PlanningSupport.actions;
import static dev.aksburst.plan.PlanningSupport.only;
import static dev.aksburst.plan.PlanningSupport.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Economics.AciLimits;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ACI creates and deletes within the region's rates. The world: web has 2 pods on vm-0 (room for
 * one more), the virtual node, and pods created at T0 (Fixtures' creation time).
 */
class AciPacingTest {
  private static final Bookkeeping BURSTING =
      Bookkeeping.EMPTY.withBaselineReplicas(OptionalInt.of(2)).withLastScaleUp(T0);

  private static PlannerConfig limits(int creates, int deletes) {
    return PlannerConfig.DEFAULTS.withEconomics(
        Economics.UNPRICED.withLimits(new AciLimits(1000, 1000, creates, deletes)));
  }

  private static ClusterSnapshot world(WorkloadView... w) {
    return Fixtures.snapshot()
        .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
        .pools(Fixtures.manualPool(1))
        .workloads(w)
        .build();
  }

  private static WorkloadView raising() {
    return workload("web")
        .replicas(2)
        .pods(pods("web", 2, "vm-0"))
        .intents(alert(ref("web"), 20, T0))
        .build();
  }

  static Stream<Arguments> raises() {
    return Stream.of(
        Arguments.of("within the create rate", 100, 0, T0.plusSeconds(30), 20, false),
        Arguments.of("above it: a step", 10, 0, T0.plusSeconds(30), 13, true),
        Arguments.of("another workload's recent creates count", 10, 8, T0.plusSeconds(30), 5, true),
        Arguments.of(
            "creates older than 5 minutes do not",
            10,
            8,
            T0.plus(Duration.ofMinutes(5)),
            13,
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("raises")
  void theRaiseIsWrittenInStepsWithinTheCreateRate(
      String name, int creates, int othersOnAci, Instant now, int written, boolean note) {
    WorkloadView other =
        workload("other")
            .replicas(othersOnAci)
            .pods(pods("other", othersOnAci, Fixtures.VIRTUAL_NODE))
            .build();
    Plan p = plan(world(raising(), other), now, limits(creates, 100));

    assertThat(actions(p, Action.ScaleDeployment.class))
        .filteredOn(a -> a.workload().equals(ref("web")))
        .singleElement()
        .satisfies(a -> assertThat(a.replicas()).isEqualTo(written));
    assertThat(p.notes().stream().filter(n -> n.policy().equals(AciPacing.NAME)))
        .hasSize(note ? 1 : 0)
        .allSatisfy(
            n -> {
              assertThat(n.reason()).isEqualTo(EventReason.BURST_BLOCKED);
              assertThat(n.warning()).as("it resolves by itself").isFalse();
            });
  }

  @Test
  void aPacedRaiseDoesNotHideTheBurstFromThePoolSizing() {
    Plan p = plan(world(raising()), T0.plusSeconds(30), limits(10, 100));
    assertThat(only(p, Action.ScaleNodePool.class).size())
        .as("sized for the whole floor, not the step: the create rate binds, so VMs")
        .isGreaterThan(1);
    assertThat(p.decisions().get(0).cause()).isEqualTo(CapacityDecision.Cause.ACI_CREATE_RATE);
  }

  private static WorkloadView shedding(Bookkeeping bk) {
    return workload("web")
        .replicas(20)
        .pods(pods("vm", 3, "vm-0"))
        .addPods(pods("aci", 17, Fixtures.VIRTUAL_NODE))
        .bookkeeping(bk)
        .build();
  }

  @Test
  void aShedAboveTheDeleteRateDeletesAtMostThatManyAciPods() {
    Plan p = plan(world(shedding(BURSTING)), T0.plus(Duration.ofHours(1)), limits(100, 10));

    Action.ScaleDeployment lower = only(p, Action.ScaleDeployment.class);
    assertThat(lower.replicas()).isEqualTo(10);
    assertThat(lower.eventReason()).contains(EventReason.SHED);
    assertThat(p.notes()).anyMatch(n -> n.policy().equals(AciPacing.NAME) && !n.warning());
  }

  @Test
  void aShedWithinTheDeleteRateIsNotPaced() {
    Plan p = plan(world(shedding(BURSTING)), T0.plus(Duration.ofHours(1)), limits(100, 100));
    assertThat(only(p, Action.ScaleDeployment.class).replicas()).isEqualTo(2);
  }

  @Test
  void theNextStepWaitsFiveMinutesAfterTheLastScaleDownAndNothingElseMoves() {
    Instant now = T0.plus(Duration.ofHours(1));
    Bookkeeping lowered = BURSTING.withLastScaleDown(now.minus(Duration.ofMinutes(4)));
    Plan held = plan(world(shedding(lowered)), now, limits(100, 10));
    assertThat(actions(held, Action.ScaleDeployment.class)).isEmpty();
    assertThat(held.notes())
        .anyMatch(n -> n.policy().equals(AciPacing.NAME) && n.message().contains("holding"));

    Plan next = plan(world(shedding(lowered)), now.plus(Duration.ofMinutes(1)), limits(100, 10));
    assertThat(only(next, Action.ScaleDeployment.class).replicas()).isEqualTo(10);
  }

  @Test
  void aShedAfterANewRaiseDoesNotWaitForTheLastBurstsScaleDown() {
    Instant now = T0.plus(Duration.ofHours(1));
    Bookkeeping raisedAgain =
        BURSTING
            .withLastScaleDown(now.minus(Duration.ofMinutes(4)))
            .withLastScaleUp(now.minus(Duration.ofMinutes(3)));
    Plan p = plan(world(shedding(raisedAgain)), now, limits(100, 10));
    assertThat(only(p, Action.ScaleDeployment.class).replicas())
        .as("the new burst's shed goes within the rate at once")
        .isEqualTo(10);
    assertThat(p.notes()).noneMatch(n -> n.message().contains("holding"));
  }

  @Test
  void aBackfillSurgeIsAtMostTheDeleteRate() {
    WorkloadView w =
        workload("web")
            .replicas(8)
            .pods(pods("vm", 3, "vm-0"))
            .addPods(pods("aci", 5, Fixtures.VIRTUAL_NODE))
            .bookkeeping(BURSTING)
            .intents(alert(ref("web"), 8, T0))
            .build();
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(Fixtures.vmNode("vm-0"), Fixtures.vmNode("vm-1"), Fixtures.virtualNode())
            .pools(Fixtures.manualPool(2))
            .workloads(w)
            .build();
    Plan p = plan(s, T0.plus(Duration.ofMinutes(30)), limits(100, 2));
    Action.ScaleDeployment surge = only(p, Action.ScaleDeployment.class);
    assertThat(surge.eventReason()).contains(EventReason.BACKFILL_SURGE);
    assertThat(surge.replicas()).as("3 fit vm-1, the delete rate allows 2").isEqualTo(10);
  }
}
