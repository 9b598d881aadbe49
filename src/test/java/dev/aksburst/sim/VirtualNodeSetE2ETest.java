package dev.aksburst.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.contract.Annotations;
import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.Resources;
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
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * A burst of 250 small pods on a cluster with one virtual node v2 (200 pods) whose StatefulSet the
 * operator named: aks-burst adds a virtual node, every pod runs, and after the burst the added node
 * goes once no pod is left on it. The VM pool can not grow here (max 1 node), so the virtual nodes
 * carry the burst.
 */
class VirtualNodeSetE2ETest {
  private static final WorkloadRef W = WorkloadRef.of("shop", "api");
  private static final Resources SMALL = Resources.of(100, 128L * 1024 * 1024);

  private static SimScenario scenario() {
    SimWorkloadSpec api =
        new SimWorkloadSpec(
            W,
            Map.of("app", "api", Annotations.ENABLED, Annotations.ENABLED_VALUE),
            Map.of(
                Annotations.MAX_REPLICAS, "300",
                Annotations.NODE_POOL, SeedScenario.POOL,
                Annotations.STRATEGY, "aci-first"),
            2,
            SMALL,
            SeedScenario.PLACEMENT,
            Optional.empty());
    // 250 ACI pods need a raised container-group quota and create rate (Azure's default is 100).
    return SeedScenario.scenario()
        .withPools(List.of(SeedScenario.pool(1), host()))
        .withSettings(
            SeedScenario.scenario()
                .settings()
                .withAciLimits(new SimAciLimits(400, 400, 400))
                // a D8s_v3 node-hour, pay-as-you-go (East US, 2025)
                .withPrices(SeedScenario.scenario().settings().prices().withPool("system", 0.384)))
        .withWorkloads(List.of(api))
        .withVirtualNodesV2(SimVirtualNodesV2.scalable(1));
  }

  /**
   * One Standard_D8s_v3 node whose free room hosts the virtual node aks-burst adds (each takes 3
   * cores and 12 GB of a VM node); the seed's DS2_v2 nodes have 2 cores.
   */
  static SimPoolSpec host() {
    return new SimPoolSpec(
        "system",
        PoolMode.MANUAL,
        1,
        OptionalInt.empty(),
        OptionalInt.empty(),
        "Standard_D8s_v3",
        Resources.of(7820, 27L * 1024 * 1024 * 1024),
        30,
        SeedScenario.DAEMONSET_REQUESTS,
        6,
        Map.of(),
        List.of());
  }

  private static long virtualNodes(SimCluster sim) {
    return sim.nodes().stream()
        .filter(n -> n.virtual() && !n.cordoned() && n.ready(sim.now()))
        .count();
  }

  private static int ready(SimCluster sim) {
    return sim.readyOnVm(W) + sim.readyOnVirtual(W);
  }

  @Test
  void theBurstGetsAnotherVirtualNodeAndGivesItBackAfter() {
    SimCluster sim = SimCluster.start(scenario());
    Instant start = sim.now();
    Intent burst =
        new Intent(
            "manual:api",
            IntentSource.MANUAL,
            W,
            250,
            start,
            Optional.of(start.plus(Duration.ofMinutes(10))),
            "manual burst of 250",
            Optional.empty(),
            start);
    sim.ports().intents().update(W, s -> s.withIntent(burst));
    Reconciler reconciler =
        new Reconciler(
            sim.ports(),
            new BurstPlanner(),
            PlannerConfig.DEFAULTS
                .withMaxPoolNodes(1)
                .withEconomics(
                    PlannerConfig.DEFAULTS
                        .economics()
                        .withLimits(new Economics.AciLimits(400, 400, 400, 400))),
            sim.clock(),
            ApplyMode.WRITE,
            Reconciler.Timing.waiting(Duration.ZERO),
            "v2-test");

    long peakVirtualNodes = 0;
    int peakReady = 0;
    for (int minute = 0; minute < 40; minute++) {
      reconciler.reconcile(ReconcileContext.of("timer", "m" + minute));
      sim.advance(Duration.ofMinutes(1));
      peakVirtualNodes = Math.max(peakVirtualNodes, virtualNodes(sim));
      if (sim.now().isBefore(start.plus(Duration.ofMinutes(10)))) {
        peakReady = Math.max(peakReady, ready(sim));
      }
    }

    assertThat(peakVirtualNodes).as("250 pods less the VM node's room, at 200 a node").isEqualTo(2);
    assertThat(peakReady).as("every pod of the burst ran").isEqualTo(250);
    assertThat(sim.events(W))
        .extracting(SimEvent::reason)
        .contains(EventReason.VIRTUAL_NODES_SCALE_OUT)
        .doesNotContain(EventReason.VIRTUAL_NODES_FULL);
    assertThat(sim.events(W))
        .filteredOn(e -> e.reason().equals(EventReason.VIRTUAL_NODES_SCALE_OUT))
        .first()
        .satisfies(
            e ->
                assertThat(e.message())
                    .contains("each new virtual node takes 3000m/12288Mi of a VM node")
                    .contains("1 fit the free room of Ready VM node aks-system-"));
    assertThat(sim.specReplicas(W)).isEqualTo(2);
    assertThat(virtualNodes(sim)).as("back to the baseline of 1 virtual node").isEqualTo(1);
    assertThat(sim.node(SimVirtualNodesV2.nodeName(1))).isEmpty();
    assertThat(sim.snapshot().virtualNodeSet().orElseThrow().baseline()).isEmpty();
  }
}
