package dev.aksburst.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.contract.Annotations;
import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.Economics;
import dev.aksburst.plan.EventReason;
import dev.aksburst.plan.PlannerConfig;
import dev.aksburst.reconcile.ApplyMode;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.reconcile.Reconciler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The pool's boot outlives its nodes: a first burst (the seed's vm-first) grows the pool and
 * records how long that took; after the pool is restored, a second burst on the default strategy
 * bills that boot instead of {@code AKSBURST_NODE_BOOT}.
 */
class RememberedBootE2ETest {
  private static final WorkloadRef W = SeedScenario.NGINX_VN;
  private static final Economics PAYG =
      Economics.UNPRICED
          .withAci(Optional.of(new Economics.AciPrices(0.0405, 0.00445)))
          .withPoolHourly(Map.of(SeedScenario.POOL, 0.146));

  private static Intent alert(String id, Instant from, Optional<Instant> until) {
    return new Intent(id, IntentSource.ALERT, W, 20, from, until, "e2e", Optional.empty(), from);
  }

  private static void minutes(SimCluster sim, Reconciler r, int n) {
    for (int m = 0; m < n; m++) {
      r.reconcile(ReconcileContext.of("timer"));
      sim.advance(Duration.ofMinutes(1));
    }
  }

  @Test
  void theSecondBurstBillsTheBootTheFirstOneShowed() {
    SimCluster sim = SimCluster.start(SeedScenario.scenario());
    Reconciler r =
        new Reconciler(
            sim.ports(),
            new BurstPlanner(),
            PlannerConfig.DEFAULTS.withEconomics(PAYG),
            sim.clock(),
            ApplyMode.WRITE,
            Reconciler.Timing.waiting(Duration.ZERO),
            "boot-e2e");
    Instant first = sim.now();
    sim.ports()
        .intents()
        .update(W, st -> st.withIntent(alert("alert:a:" + W, first, Optional.empty())));
    minutes(sim, r, 15);
    Instant end = sim.now();
    sim.ports()
        .intents()
        .update(
            W,
            st ->
                st.withIntent(
                    alert("alert:a:" + W, first, Optional.empty())
                        .withUntil(Optional.of(end), end)));
    minutes(sim, r, 40);

    assertThat(sim.poolNodeCount(SeedScenario.POOL)).as("the pool was restored").isEqualTo(1);
    PoolState st = sim.ports().poolStates().readAll().get(SeedScenario.POOL);
    assertThat(st.lastBoot()).as("the first growth's boot is remembered").isPresent();
    Duration boot = st.lastBoot().get();
    assertThat(boot).isBetween(Duration.ofMinutes(2), Duration.ofMinutes(5));

    new Kubectl(sim).removeAnnotation(W, Annotations.STRATEGY);
    sim.ports()
        .intents()
        .update(W, s -> s.withIntent(alert("alert:b:" + W, sim.now(), Optional.empty())));
    int before = sim.events(W).size();
    minutes(sim, r, 1);

    List<SimEvent> decisions =
        sim.events(W).subList(before, sim.events(W).size()).stream()
            .filter(e -> e.reason().equals(EventReason.CAPACITY_DECISION))
            .toList();
    assertThat(decisions)
        .isNotEmpty()
        .allSatisfy(
            e ->
                assertThat(e.message())
                    .contains(boot.toMinutes() + " min boot (observed)")
                    .doesNotContain("AKSBURST_NODE_BOOT"));
  }
}
