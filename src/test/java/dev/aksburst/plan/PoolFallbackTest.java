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
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolFallback;
import dev.aksburst.model.PoolKind;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code aksburst.dev/node-pool: "burst, nodepool1"}: when the first pool's operation failed for
 * capacity or quota, the next reconcile sizes the next pool for what is still on virtual nodes and
 * says so; the failed pool is left alone for the hold, then tried again.
 */
class PoolFallbackTest {
  private static final String BURST = "burst";

  private static WorkloadView web() {
    return workload("web")
        .replicas(2)
        .nodePools(BURST, Fixtures.POOL)
        .pods(pods("web", 2, "vm-0"))
        .intents(alert(ref("web"), 20, T0))
        .build();
  }

  private static ClusterSnapshot world(NodePoolView burst, PoolState burstState) {
    return Fixtures.snapshot()
        .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
        .pools(burst, Fixtures.manualPool(1))
        .poolState(BURST, burstState)
        .workloads(web())
        .build();
  }

  private static final PoolState WROTE_A_MINUTE_AGO =
      PoolState.EMPTY.withLastScaleOut(T0.minus(Duration.ofMinutes(1)));

  @Test
  void aHealthyFirstPoolIsTheOneSized() {
    Plan p = plan(world(Fixtures.pool(BURST, PoolMode.MANUAL, 0), PoolState.EMPTY), T0);
    assertThat(only(p, Action.ScaleNodePool.class).pool()).isEqualTo(BURST);
    assertThat(p.notes()).noneMatch(n -> n.reason().equals(EventReason.NODE_POOL_ERROR));
  }

  @Test
  void afterAnAllocationFailureTheNextPoolIsSizedAndTheFailureIsAWarning() {
    NodePoolView failed =
        Fixtures.failed(
            Fixtures.pool(BURST, PoolMode.MANUAL, 6),
            "AllocationFailed: Allocation failed. We do not have sufficient capacity");
    Plan p = plan(world(failed, WROTE_A_MINUTE_AGO), T0);
    Action.ScaleNodePool out = only(p, Action.ScaleNodePool.class);
    assertThat(out.pool()).isEqualTo(Fixtures.POOL);
    assertThat(out.eventReason()).contains(EventReason.NODE_POOL_SCALE_OUT);
    assertThat(out.size()).as("sized for the 18 pods off VMs at 3 a node").isEqualTo(7);
    assertThat(p.notes())
        .filteredOn(n -> n.reason().equals(EventReason.NODE_POOL_ERROR) && n.workload().isPresent())
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.warning()).isTrue();
              assertThat(n.message()).contains("AllocationFailed").contains(Fixtures.POOL);
            });
    // the pool's own error is reported too, with Azure's code
    assertThat(p.notes())
        .anySatisfy(
            n -> {
              assertThat(n.reason()).isEqualTo(EventReason.NODE_POOL_ERROR);
              assertThat(n.workload()).isEmpty();
              assertThat(n.message()).contains("AllocationFailed");
            });
    assertThat(actions(p, Action.ScaleNodePool.class))
        .as("the failed pool is left alone")
        .noneMatch(a -> a.pool().equals(BURST));
  }

  @Test
  void afterTheHoldTheFirstPoolIsTriedAgain() {
    NodePoolView failed =
        Fixtures.failed(Fixtures.pool(BURST, PoolMode.MANUAL, 1), "QuotaExceeded: cores");
    PoolState longAgo =
        PoolState.EMPTY.withLastScaleOut(T0.minus(PoolFallback.HOLD).minusSeconds(1));
    assertThat(PoolFallback.cannotGrow(Optional.of(failed), longAgo, T0)).isEmpty();
    assertThat(PoolFallback.cannotGrow(Optional.of(failed), WROTE_A_MINUTE_AGO, T0))
        .contains("QuotaExceeded: cores");
    // never written by aks-burst: held while Failed
    assertThat(PoolFallback.cannotGrow(Optional.of(failed), PoolState.EMPTY, T0)).isPresent();
  }

  @Test
  void otherErrorsAndBusyPoolsDoNotFallBack() {
    NodePoolView conflict =
        Fixtures.failed(Fixtures.pool(BURST, PoolMode.MANUAL, 1), "OperationNotAllowed: busy");
    assertThat(PoolFallback.cannotGrow(Optional.of(conflict), WROTE_A_MINUTE_AGO, T0)).isEmpty();
    assertThat(PoolFallback.cannotGrow(Optional.empty(), WROTE_A_MINUTE_AGO, T0)).isEmpty();
  }

  @Test
  void aStoppedFirstPoolIsPassedOverForTheNext() {
    NodePoolView stopped =
        Fixtures.pool(BURST, PoolMode.MANUAL, 0).withKind(PoolKind.DEFAULT.withStopped(true));
    assertThat(PoolFallback.cannotGrow(Optional.of(stopped), PoolState.EMPTY, T0))
        .hasValueSatisfying(w -> assertThat(w).contains("powerState Stopped"));
    Plan p = plan(world(stopped, PoolState.EMPTY), T0);
    Action.ScaleNodePool out = only(p, Action.ScaleNodePool.class);
    assertThat(out.pool()).as("the next pool of the list").isEqualTo(Fixtures.POOL);
    assertThat(out.size()).as("sized for the 18 pods off VMs at 3 a node").isEqualTo(7);
  }

  @Test
  void anAutoscalerPoolAtItsMaxFallsBack() {
    NodePoolView full = Fixtures.autoscalerPool(5, 5, 5);
    assertThat(PoolFallback.cannotGrow(Optional.of(full), PoolState.EMPTY, T0))
        .hasValueSatisfying(w -> assertThat(w).contains("maxCount 5"));
  }

  @ParameterizedTest(name = "{0} pool at {1}, cap {2}, baseline {3}: can not grow {4}")
  @CsvSource({
    "MANUAL, 10, 10, -1, true",
    "MANUAL, 12, 10, -1, true",
    "MANUAL, 9, 10, -1, false",
    "VMSS, 10, 10, -1, true",
    "VMSS, 3, 10, -1, false",
    // aks-burst grew it to the cap: it keeps the pods it took until it is restored
    "MANUAL, 10, 10, 2, false",
    // an autoscaler pool has its own max: AKSBURST_MAX_POOL_NODES is not its cap
    "AUTOSCALER, 10, 10, -1, false",
  })
  void aPoolWithoutAMaxOfItsOwnAlreadyAtTheConfiguredCapCanNotGrow(
      PoolMode mode, int count, int cap, int baseline, boolean cannot) {
    NodePoolView pool =
        mode == PoolMode.AUTOSCALER
            ? Fixtures.autoscalerPool(count, 1, 20)
            : Fixtures.pool(BURST, mode, count);
    PoolState state = baseline < 0 ? PoolState.EMPTY : Fixtures.poolBaseline(baseline);
    Optional<String> why =
        PoolFallback.cannotGrow(Optional.of(pool), state, T0, OptionalInt.of(cap));
    assertThat(why.isPresent()).isEqualTo(cannot);
    why.ifPresent(w -> assertThat(w).isEqualTo("at AKSBURST_MAX_POOL_NODES " + cap));
    assertThat(PoolFallback.cannotGrow(Optional.of(pool), state, T0))
        .as("without a known cap nothing is at it")
        .isEmpty();
  }

  @Test
  void aManualFirstPoolAlreadyAtMaxPoolNodesFallsBackToTheNextPool() {
    PlannerConfig capFive = PlannerConfig.DEFAULTS.withMaxPoolNodes(5);
    ClusterSnapshot s = world(Fixtures.pool(BURST, PoolMode.MANUAL, 5), PoolState.EMPTY);
    Plan p = plan(s, T0, capFive);
    Action.ScaleNodePool out = only(p, Action.ScaleNodePool.class);
    assertThat(out.pool()).isEqualTo(Fixtures.POOL);
    assertThat(out.size()).as("the fallback pool is capped too").isEqualTo(5);
    assertThat(p.notes())
        .filteredOn(n -> n.cause() == Note.Cause.POOL_FALLBACK)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.reason()).isEqualTo(EventReason.NODE_POOL_ERROR);
              assertThat(n.message()).contains(BURST + " (at AKSBURST_MAX_POOL_NODES 5)");
            });
    // under a larger cap the same pool is the one sized
    Plan roomy = plan(s, T0, PlannerConfig.DEFAULTS.withMaxPoolNodes(20));
    assertThat(only(roomy, Action.ScaleNodePool.class).pool()).isEqualTo(BURST);
    // status and holds ask the same snapshot: the planner's cap reaches poolChoice
    assertThat(s.withMaxPoolNodes(5).poolChoice(s.workloads().get(0)).name())
        .contains(Fixtures.POOL);
  }

  @Test
  void whenNoListedPoolCanGrowTheFirstStaysChosenAndItIsSaid() {
    NodePoolView a =
        Fixtures.failed(Fixtures.pool(BURST, PoolMode.MANUAL, 1), "SkuNotAvailable: x");
    NodePoolView b =
        Fixtures.failed(Fixtures.manualPool(1), "ZonalAllocationFailed: zone 2 is full");
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
            .pools(a, b)
            .poolState(BURST, WROTE_A_MINUTE_AGO)
            .poolState(Fixtures.POOL, WROTE_A_MINUTE_AGO)
            .workloads(web())
            .build();
    ClusterSnapshot.PoolChoice choice = s.poolChoice(s.workloads().get(0));
    assertThat(choice.name()).contains(BURST);
    assertThat(choice.passedOver()).hasSize(2);
    assertThat(plan(s, T0).notes())
        .filteredOn(n -> n.policy().equals("PoolFallbackNotes"))
        .singleElement()
        .satisfies(n -> assertThat(n.message()).contains("no pool of aksburst.dev/node-pool can"));
    assertThat(List.of(choice.how())).containsExactly("aksburst.dev/node-pool, none can grow now");
  }

  @Test
  void theFallbackPoolAksBurstGrewStaysTheWorkloadsUntilItIsRestored() {
    NodePoolView healthyAgain = Fixtures.pool(BURST, PoolMode.MANUAL, 0);
    ClusterSnapshot grown =
        Fixtures.snapshot()
            .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
            .pools(healthyAgain, Fixtures.manualPool(7))
            .poolState(Fixtures.POOL, Fixtures.poolBaseline(1))
            .workloads(web())
            .build();
    ClusterSnapshot.PoolChoice held = grown.poolChoice(grown.workloads().get(0));
    assertThat(held.name()).contains(Fixtures.POOL);
    assertThat(held.passedOver()).isEmpty();
    // restored (no baseline): the first pool is the workload's again
    ClusterSnapshot restored =
        Fixtures.snapshot()
            .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
            .pools(healthyAgain, Fixtures.manualPool(1))
            .workloads(web())
            .build();
    assertThat(restored.poolChoice(restored.workloads().get(0)).name()).contains(BURST);
  }
}
