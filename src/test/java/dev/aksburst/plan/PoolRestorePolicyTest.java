package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static dev.aksburst.plan.PlanningSupport.actions;
import static dev.aksburst.plan.PlanningSupport.only;
import static dev.aksburst.plan.PlanningSupport.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.Backfill;
import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A pool grown 1 -> 3 at T0 for a burst that is over: 2 pods left on vm-0. */
class PoolRestorePolicyTest {
  private static final Duration HOLD = PlannerConfig.DEFAULTS.poolHold();
  private static final PoolState GROWN = Fixtures.poolBaseline(1).withLastScaleOut(T0);

  private static Fixtures.WorkloadBuilder web() {
    return workload("web").replicas(2).pods(pods("web", 2, "vm-0"));
  }

  private static ClusterSnapshot world(WorkloadView w, NodePoolView pool, PoolState st) {
    return Fixtures.snapshot()
        .nodes(
            Fixtures.vmNode("vm-0"),
            Fixtures.vmNode("vm-1"),
            Fixtures.vmNode("vm-2"),
            Fixtures.virtualNode())
        .pools(pool)
        .poolState(Fixtures.POOL, st)
        .workloads(w)
        .build();
  }

  private static ClusterSnapshot world(WorkloadView w) {
    return world(w, Fixtures.manualPool(3), GROWN);
  }

  @Test
  void restoresTheBaselineWhenTheHoldHasPassed() {
    assertThat(plan(world(web().build()), T0.plus(HOLD).minusSeconds(1)).actions()).isEmpty();
    Action.ScaleNodePool in =
        only(plan(world(web().build()), T0.plus(HOLD)), Action.ScaleNodePool.class);
    assertThat(in.size()).isEqualTo(1);
    assertThat(in.from()).isEqualTo(3);
    assertThat(in.restoresBaseline()).isTrue();
    assertThat(in.recordBaseline()).isEmpty();
    assertThat(in.eventReason()).contains(EventReason.NODE_POOL_SCALE_IN);
    assertThat(in.policy()).isEqualTo("PoolRestorePolicy");
  }

  @Test
  void theHoldCountsFromTheLastExpiredIntent() {
    Instant expired = T0.plus(Duration.ofMinutes(30));
    WorkloadView w =
        web().intents(Fixtures.until(Fixtures.alert(ref("web"), 20, T0), expired)).build();
    assertThat(plan(world(w), expired.plus(HOLD).minusSeconds(1)).actions()).isEmpty();
    assertThat(actions(plan(world(w), expired.plus(HOLD)), Action.ScaleNodePool.class)).hasSize(1);
  }

  @Test
  void autoscalerPoolRestoresItsMinCount() {
    Action.ScaleNodePool in =
        only(
            plan(world(web().build(), Fixtures.autoscalerPool(3, 3, 10), GROWN), T0.plus(HOLD)),
            Action.ScaleNodePool.class);
    assertThat(in.mode()).isEqualTo(PoolMode.AUTOSCALER);
    assertThat(in.size()).isEqualTo(1);
  }

  @Test
  void holdsWhileAWorkloadStillNeedsTheNodes() {
    Instant later = T0.plus(Duration.ofHours(1));
    Bookkeeping bursting =
        Bookkeeping.EMPTY.withBaselineReplicas(OptionalInt.of(2)).withLastScaleUp(T0);
    assertThat(
            actions(
                plan(world(web().bookkeeping(bursting).build()), later),
                Action.ScaleNodePool.class))
        .isEmpty();
    assertThat(
            plan(world(web().addPods(pods("aci", 1, Fixtures.VIRTUAL_NODE)).build()), later)
                .actions())
        .noneMatch(a -> a instanceof Action.ScaleNodePool);
    Bookkeeping surging = Bookkeeping.EMPTY.withBackfill(Optional.of(new Backfill(1, 2, 2, later)));
    assertThat(plan(world(web().replicas(3).bookkeeping(surging).build()), later).actions())
        .noneMatch(a -> a instanceof Action.ScaleNodePool);
    WorkloadView prewarm =
        web()
            .intents(
                Fixtures.window(
                    ref("web"),
                    2,
                    later.plusSeconds(60),
                    later.plusSeconds(3600),
                    Duration.ofMinutes(5)))
            .build();
    assertThat(plan(world(prewarm), later).actions())
        .noneMatch(a -> a instanceof Action.ScaleNodePool);
  }

  @Test
  void holdsWhileThePoolIsBusyThrottledOrRolling() {
    Instant later = T0.plus(Duration.ofHours(1));
    assertThat(
            plan(
                    world(
                        web().build(),
                        Fixtures.withState(Fixtures.manualPool(3), "Updating"),
                        GROWN),
                    later)
                .actions())
        .isEmpty();
    PoolState throttled = GROWN.withError(Optional.of("429"), Optional.of(later.plusSeconds(1)));
    assertThat(plan(world(web().build(), Fixtures.manualPool(3), throttled), later).actions())
        .isEmpty();
    PoolState rolling = GROWN.withRollingSince(Optional.of(later.minusSeconds(60)));
    assertThat(plan(world(web().build(), Fixtures.manualPool(3), rolling), later).actions())
        .isEmpty();
  }

  @Test
  void holdsWhenWhatRunsThereWouldNotFitTheBaseline() {
    // 4 pods of web on the pool's nodes: one node holds 3.
    WorkloadView w =
        web().replicas(4).pods(pods("web", 3, "vm-0")).addPods(pods("more", 1, "vm-1")).build();
    Plan p = plan(world(w), T0.plus(HOLD));
    assertThat(p.actions()).isEmpty();
    assertThat(p.notes())
        .anyMatch(
            n ->
                n.reason().equals(EventReason.NODE_POOL_SCALE_IN)
                    && n.message().contains("4 pods"));
  }
}
