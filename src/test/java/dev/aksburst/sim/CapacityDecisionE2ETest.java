package dev.aksburst.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.contract.Annotations;
import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.Economics;
import dev.aksburst.plan.EventReason;
import dev.aksburst.plan.PlannerConfig;
import dev.aksburst.reconcile.ApplyMode;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.reconcile.Reconciler;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The capacity decision and ACI pacing end to end: the real planner and reconciler on the simulated
 * AKS, with the seed's workload on the default strategy and 2026 pay-as-you-go prices.
 */
class CapacityDecisionE2ETest {
  private static final WorkloadRef W = SeedScenario.NGINX_VN;
  private static final Economics PAYG =
      Economics.UNPRICED
          .withAci(Optional.of(new Economics.AciPrices(0.0405, 0.00445)))
          .withPoolHourly(Map.of(SeedScenario.POOL, 0.146));

  private static SimScenario costStrategy(SimSettings settings) {
    SimWorkloadSpec seed = SeedScenario.workload(1);
    Map<String, String> a = new HashMap<>(seed.annotations());
    a.remove(Annotations.STRATEGY);
    a.remove(Annotations.MAX_VIRTUAL_PODS);
    return SeedScenario.scenario(settings)
        .withWorkloads(
            List.of(
                new SimWorkloadSpec(
                    seed.ref(),
                    seed.labels(),
                    a,
                    seed.replicas(),
                    seed.requests(),
                    seed.placement(),
                    seed.hpa())));
  }

  private static Reconciler reconciler(SimCluster sim, Economics e) {
    return new Reconciler(
        sim.ports(),
        new BurstPlanner(),
        PlannerConfig.DEFAULTS.withEconomics(e),
        sim.clock(),
        ApplyMode.WRITE,
        Reconciler.Timing.waiting(Duration.ZERO),
        "decision-e2e");
  }

  private static void alert(SimCluster sim, int replicas) {
    Intent i =
        new Intent(
            "alert:cpu-high:" + W,
            IntentSource.ALERT,
            W,
            replicas,
            sim.now(),
            Optional.empty(),
            "e2e alert",
            Optional.empty(),
            sim.now());
    sim.ports().intents().update(W, st -> st.withIntent(i));
  }

  private static void run(SimCluster sim, Reconciler r, Duration d) {
    for (Duration t = Duration.ZERO; t.compareTo(d) < 0; t = t.plusMinutes(1)) {
      r.reconcile(ReconcileContext.of("timer"));
      sim.advance(Duration.ofMinutes(1));
    }
  }

  @Test
  void atPayAsYouGoPricesTheOverflowStaysOnAciAndThePoolIsLeftAlone() {
    SimCluster sim = SimCluster.start(costStrategy(SimSettings.DEFAULTS));
    Reconciler r = reconciler(sim, PAYG);
    alert(sim, 20);
    run(sim, r, Duration.ofMinutes(10));

    assertThat(sim.poolNodeCount(SeedScenario.POOL)).isEqualTo(1);
    assertThat(sim.readyOnVm(W) + sim.readyOnVirtual(W)).isEqualTo(20);
    assertThat(sim.events(W))
        .filteredOn(e -> e.reason().equals(EventReason.CAPACITY_DECISION))
        .isNotEmpty()
        .allSatisfy(
            e ->
                assertThat(e.message())
                    .startsWith("kept 17 pods on ACI")
                    .contains("for 17 pods on ACI against")
                    .contains("Standard_DS2_v2"));
  }

  @Test
  void aCreateRateThatBindsGrowsThePoolAndPacesTheRaise() {
    SimCluster sim =
        SimCluster.start(
            costStrategy(SimSettings.DEFAULTS.withAciLimits(new SimAciLimits(100, 5, 100))));
    Reconciler r = reconciler(sim, PAYG.withLimits(new Economics.AciLimits(100, 100, 5, 100)));
    alert(sim, 20);
    r.reconcile(ReconcileContext.of("timer"));

    assertThat(sim.specReplicas(W)).as("2 fit the VM, 5 ACI creates").isEqualTo(8);
    assertThat(sim.poolNodeCount(SeedScenario.POOL)).as("sized for the whole floor").isEqualTo(7);
    assertThat(sim.events(W))
        .anyMatch(
            e ->
                e.reason().equals(EventReason.BURST_BLOCKED)
                    && e.message().contains("paced by ACI's create rate"));
    sim.advance(Duration.ofMinutes(1));
    run(sim, r, Duration.ofMinutes(10));
    assertThat(sim.specReplicas(W)).isEqualTo(20);
    assertThat(sim.readyOnVm(W) + sim.readyOnVirtual(W)).isEqualTo(20);
  }

  /**
   * A burst above the region's ACI core quota at pay-as-you-go prices (ACI the cheaper home): the
   * quota's worth stays on ACI and the pool grows for the rest only; Ready never drops below the
   * floor once reached.
   */
  @Test
  void aBurstAboveTheCoreQuotaKeepsTheQuotaOnAciAndSendsOnlyTheRestToVms() {
    SimCluster sim = SimCluster.start(costStrategy(SimSettings.DEFAULTS.withAciCoreQuota(5)));
    Reconciler r = reconciler(sim, PAYG.withLimits(new Economics.AciLimits(5, 100, 100, 100)));
    alert(sim, 20);
    boolean reached = false;
    int peakNodes = 0;
    for (int m = 0; m < 30; m++) {
      r.reconcile(ReconcileContext.of("timer"));
      sim.advance(Duration.ofMinutes(1));
      int ready = sim.readyOnVm(W) + sim.readyOnVirtual(W);
      if (reached) {
        assertThat(ready)
            .as("Ready at minute %d, after reaching the floor", m)
            .isGreaterThanOrEqualTo(20);
      }
      reached |= ready >= 20;
      peakNodes = Math.max(peakNodes, sim.poolNodeCount(SeedScenario.POOL));
    }

    assertThat(reached).isTrue();
    // 19 pods off VMs: 10 of 500m fill the 5 ACI cores, the other 9 go to the seed node's room
    // (2) and 3 new nodes of 3 pods (all 19 on VMs would be 6 new nodes). The 2 slots the new
    // nodes have spare are paid for: the backfill moves 2 of the 10 there.
    assertThat(peakNodes).isEqualTo(4);
    assertThat(sim.readyOnVirtual(W)).isEqualTo(8);
    assertThat(sim.readyOnVm(W)).isEqualTo(12);
    assertThat(sim.events(W))
        .filteredOn(e -> e.reason().equals(EventReason.CAPACITY_DECISION))
        .first()
        .satisfies(
            e ->
                assertThat(e.message())
                    .startsWith("kept 10 pods on ACI (its core quota), 9 to 3 new Standard_DS2_v2")
                    .contains("for 6 new nodes for all 19"));
  }
}
