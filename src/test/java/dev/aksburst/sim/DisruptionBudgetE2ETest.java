package dev.aksburst.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.DisruptionBudgetView;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.EventReason;
import dev.aksburst.plan.PlannerConfig;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.reconcile.Reconciler;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * A burst is over and the manual pool is still at 3 nodes against a recorded baseline of 1: the
 * real planner and reconciler on the simulator keep it there while a PodDisruptionBudget allowing
 * no disruption covers the workload's pods on the nodes AKS would drain, and restore it once the
 * budget allows one.
 */
class DisruptionBudgetE2ETest {
  private static final WorkloadRef W = SeedScenario.NGINX_VN;

  private static DisruptionBudgetView budget(int allowed) {
    return new DisruptionBudgetView(
        W.namespace(), "nginx-vn-pdb", Map.of("app", W.name()), true, allowed);
  }

  @Test
  void theGrownPoolStaysUntilTheBudgetAllowsADisruption() {
    SimCluster sim =
        SimCluster.start(SeedScenario.scenario().withPools(List.of(SeedScenario.pool(3))));
    sim.scale(W, 3);
    sim.advance(Duration.ofMinutes(1));
    assertThat(sim.readyOnVm(W)).isEqualTo(3);
    assertThat(sim.pods(W).stream().map(p -> p.node().orElseThrow()).distinct())
        .as("spread over the nodes, so at least one pod is on a node beyond the baseline")
        .hasSizeGreaterThan(1);
    sim.ports()
        .poolStates()
        .update(
            SeedScenario.POOL,
            s ->
                s.withBaseline(OptionalInt.of(1))
                    .withLastScaleOut(sim.now().minus(Duration.ofHours(2))));
    sim.addPodDisruptionBudget(budget(0));
    Reconciler reconciler =
        new Reconciler(
            sim.ports(),
            new BurstPlanner(),
            PlannerConfig.DEFAULTS,
            sim.clock(),
            dev.aksburst.reconcile.ApplyMode.WRITE,
            dev.aksburst.reconcile.Reconciler.Timing.waiting(Duration.ZERO),
            "pdb-test");

    reconciler.reconcile(ReconcileContext.of("timer", "pdb-held"));
    sim.advance(Duration.ofMinutes(5));

    assertThat(sim.poolNodeCount(SeedScenario.POOL)).isEqualTo(3);
    assertThat(sim.events(W))
        .filteredOn(e -> e.warning() && e.reason().equals(EventReason.NODE_POOL_SCALE_IN))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.message())
                    .startsWith("keeping node pool agentpool at 3 instead of its baseline 1:")
                    .contains("PDB virtualnode/nginx-vn-pdb allows 0 disruptions")
                    .contains("the pool stays at 3 until it allows one"));

    sim.addPodDisruptionBudget(budget(1));
    reconciler.reconcile(ReconcileContext.of("timer", "pdb-allows-one"));
    sim.advance(Duration.ofMinutes(5));

    assertThat(sim.poolNodeCount(SeedScenario.POOL)).isEqualTo(1);
    assertThat(sim.events(W))
        .filteredOn(e -> !e.warning() && e.reason().equals(EventReason.NODE_POOL_SCALE_IN))
        .hasSize(1);
  }
}
