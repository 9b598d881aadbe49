package dev.aksburst.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.EventReason;
import dev.aksburst.plan.PlannerConfig;
import dev.aksburst.reconcile.ApplyMode;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.reconcile.Reconciler;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A burst that settles at a floor just above the baseline: the seed's Deployment at 1, an alert to
 * 20 grows the pool (vm-first), the alert ends while a manual floor of 2 stays on. The pool follows
 * the demand down a hold after the lowering, while the floor is still in force; before, its six
 * burst nodes ran until the manual floor was withdrawn.
 */
class SettledBurstE2ETest {
  private static final WorkloadRef W = SeedScenario.NGINX_VN;

  private static Intent intent(String id, IntentSource source, int replicas, Instant from) {
    return new Intent(
        id, source, W, replicas, from, Optional.empty(), "e2e", Optional.empty(), from);
  }

  @Test
  void thePoolComesDownWhileASmallManualFloorStays() {
    SimCluster sim = SimCluster.start(SeedScenario.scenario());
    PlannerConfig config = PlannerConfig.DEFAULTS;
    Reconciler r =
        new Reconciler(
            sim.ports(),
            new BurstPlanner(),
            config,
            sim.clock(),
            ApplyMode.WRITE,
            Reconciler.Timing.waiting(Duration.ZERO),
            "settled-e2e");
    sim.ports()
        .intents()
        .update(
            W,
            st -> st.withIntent(intent("alert:cpu-high:" + W, IntentSource.ALERT, 20, sim.now())));
    int peak = 0;
    for (int m = 0; m < 15; m++) {
      r.reconcile(ReconcileContext.of("timer"));
      sim.advance(Duration.ofMinutes(1));
      peak = Math.max(peak, sim.poolNodeCount(SeedScenario.POOL));
    }
    assertThat(peak).as("vm-first grew the pool for the burst").isGreaterThan(1);
    assertThat(sim.readyOnVm(W)).isEqualTo(20);

    Instant end = sim.now();
    Intent manual = intent("manual:keep-two:" + W, IntentSource.MANUAL, 2, end);
    sim.ports()
        .intents()
        .update(
            W,
            st ->
                st.withIntent(manual)
                    .withIntent(
                        intent("alert:cpu-high:" + W, IntentSource.ALERT, 20, end.minusSeconds(900))
                            .withUntil(Optional.of(end), end)));
    Instant shrunkAt = null;
    for (int m = 0; m < 40 && shrunkAt == null; m++) {
      r.reconcile(ReconcileContext.of("timer"));
      sim.advance(Duration.ofMinutes(1));
      assertThat(sim.readyOnVm(W) + sim.readyOnVirtual(W))
          .as("Ready at %s", sim.now())
          .isGreaterThanOrEqualTo(2);
      if (sim.poolNodeCount(SeedScenario.POOL) == 1) {
        shrunkAt = sim.now();
      }
    }

    assertThat(shrunkAt).as("the pool came back to 1 node while the floor of 2 stays").isNotNull();
    assertThat(Duration.between(end, shrunkAt))
        .as("after the cooldown and the pool hold, not at once")
        .isGreaterThanOrEqualTo(config.poolHold())
        .isLessThanOrEqualTo(config.poolHold().plus(config.scaleInCooldown()).plusMinutes(5));
    assertThat(sim.specReplicas(W)).isEqualTo(2);
    assertThat(sim.readyOnVm(W)).isEqualTo(2);
    assertThat(sim.ports().intents().read(W).intents()).contains(manual);
    assertThat(sim.events(W))
        .anyMatch(
            e ->
                e.reason().equals(EventReason.NODE_POOL_SCALE_IN)
                    && e.message().contains("settled below what the pool was grown for"));
  }
}
