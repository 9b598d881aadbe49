package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.workload;
import static dev.aksburst.plan.PlanningSupport.actions;
import static dev.aksburst.plan.PlanningSupport.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * What {@link Holds} reports, and that the planner holds exactly as long: at the reported end the
 * held write is planned, a second before it is not.
 */
class HoldsTest {
  static final PlannerConfig CONFIG = PlannerConfig.DEFAULTS;
  static final PoolState GROWN = Fixtures.poolBaseline(1).withLastScaleOut(T0);

  static ClusterSnapshot world(WorkloadView w, NodePoolView pool, PoolState st) {
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

  static WorkloadView idle() {
    return workload("web").replicas(2).pods(pods("web", 2, "vm-0")).nodePool(Fixtures.POOL).build();
  }

  static List<Holds.Hold> holds(ClusterSnapshot s, Instant now) {
    return Holds.of(s, s.workloads().get(0), CONFIG, now);
  }

  @Test
  void nothingHoldsAWorkloadAtItsBaselineOnAPoolAtItsBaseline() {
    ClusterSnapshot s = world(idle(), Fixtures.manualPool(1), Fixtures.poolBaseline(1));
    assertThat(holds(s, T0)).isEmpty();
    assertThat(Holds.longest(holds(s, T0))).isEmpty();
  }

  @Test
  void thePoolHoldEndsWhenThePlannerRestoresThePool() {
    ClusterSnapshot s = world(idle(), Fixtures.manualPool(3), GROWN);
    Instant end = T0.plus(CONFIG.poolHold());
    Instant before = end.minusSeconds(1);
    assertThat(holds(s, before))
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.by()).isEqualTo(Holds.By.HOLD);
              assertThat(h.until()).contains(end);
              assertThat(h.what()).contains("node pool nodepool1 keeps 3 nodes (baseline 1)");
            });
    assertThat(actions(plan(s, before), Action.ScaleNodePool.class)).isEmpty();
    assertThat(holds(s, end)).isEmpty();
    assertThat(actions(plan(s, end), Action.ScaleNodePool.class)).hasSize(1);
  }

  @Test
  void theCooldownEndsWhenThePlannerLowersTheReplicas() {
    WorkloadView raised =
        workload("web")
            .replicas(10)
            .pods(pods("web", 10, "vm-0"))
            .nodePool(Fixtures.POOL)
            .bookkeeping(
                Bookkeeping.EMPTY.withBaselineReplicas(OptionalInt.of(2)).withLastScaleUp(T0))
            .build();
    ClusterSnapshot s = world(raised, Fixtures.manualPool(1), Fixtures.poolBaseline(1));
    Instant end = T0.plus(CONFIG.scaleInCooldown());
    Instant before = end.minusSeconds(1);
    assertThat(holds(s, before))
        .singleElement()
        .satisfies(
            h -> {
              assertThat(h.by()).isEqualTo(Holds.By.COOLDOWN);
              assertThat(h.until()).contains(end);
              assertThat(h.what()).contains("default/web stays at 10 replicas (wants 2)");
            });
    assertThat(actions(plan(s, before), Action.ScaleDeployment.class)).isEmpty();
    assertThat(holds(s, end)).isEmpty();
    assertThat(actions(plan(s, end), Action.ScaleDeployment.class))
        .singleElement()
        .satisfies(a -> assertThat(a.replicas()).isEqualTo(2));
  }

  @Test
  void aBackfillBackoffAPoolUpgradeAndARunningOperationAreEachNamed() {
    Instant backoff = T0.plus(Duration.ofMinutes(4));
    WorkloadView w =
        workload("web")
            .replicas(2)
            .pods(pods("web", 2, "vm-0"))
            .nodePool(Fixtures.POOL)
            .bookkeeping(Bookkeeping.EMPTY.withBackfillBackoffUntil(Optional.of(backoff)))
            .build();
    PoolState rolling = Fixtures.poolBaseline(1).withRollingSince(Optional.of(T0));
    ClusterSnapshot s = world(w, Fixtures.withState(Fixtures.manualPool(1), "Scaling"), rolling);
    List<Holds.Hold> hs = holds(s, T0.plusSeconds(60));
    assertThat(hs)
        .extracting(Holds.Hold::by)
        .containsExactly(Holds.By.BACKOFF, Holds.By.ROLLOUT, Holds.By.POOL_BUSY);
    assertThat(hs.get(0).until()).contains(backoff);
    assertThat(hs.get(1).until()).contains(T0.plus(CONFIG.rollingPauseLimit()));
    assertThat(hs.get(2).until()).isEmpty();
    // the one that ends last among those with an end: the upgrade pause's limit
    assertThat(Holds.longest(hs).map(Holds.Hold::by)).contains(Holds.By.ROLLOUT);
    assertThat(Holds.longest(List.of(hs.get(2))).map(Holds.Hold::by)).contains(Holds.By.POOL_BUSY);
  }

  @Test
  void aRunningBurstIsNotAHold() {
    WorkloadView bursting =
        workload("web")
            .replicas(20)
            .pods(pods("web", 20, "vm-0"))
            .nodePool(Fixtures.POOL)
            .intents(Fixtures.alert(Fixtures.ref("web"), 20, T0))
            .bookkeeping(
                Bookkeeping.EMPTY.withBaselineReplicas(OptionalInt.of(2)).withLastScaleUp(T0))
            .build();
    ClusterSnapshot s = world(bursting, Fixtures.manualPool(3), GROWN);
    assertThat(holds(s, T0.plusSeconds(30))).isEmpty();
  }
}
