package dev.aksburst.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.contract.Annotations;
import dev.aksburst.model.PoolMode;
import dev.aksburst.plan.EventReason;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimCluster;
import dev.aksburst.sim.SimPoolSpec;
import dev.aksburst.sim.SimScenario;
import dev.aksburst.sim.SimWorkloadSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The seed story with {@code aksburst.dev/node-pool: "burst, agentpool"} where every scale-out of
 * {@code burst} fails with {@code AllocationFailed}: the failure is a NodePoolError, the next
 * reconcile grows {@code agentpool} instead, the pods stay on ACI meanwhile, and the story runs to
 * the end (20 Ready, backfilled, back to 2).
 */
class PoolFallbackStoryE2ETest {
  static final String BURST_POOL = "burst";

  /** The demo's cap: {@code AKSBURST_MAX_POOL_NODES} is not set, so its default. */
  static final int DEFAULT_MAX_POOL_NODES = 10;

  static SimScenario scenario() {
    SimPoolSpec seed = SeedScenario.pool(1);
    return scenario(
        new SimPoolSpec(
            BURST_POOL,
            PoolMode.MANUAL,
            0,
            OptionalInt.empty(),
            OptionalInt.empty(),
            "Standard_DS2_v2",
            seed.allocatable(),
            seed.maxPods(),
            seed.daemonSetRequested(),
            seed.daemonSetPods(),
            Map.of(),
            List.of()));
  }

  /**
   * A manual {@code burst} pool that already has {@code AKSBURST_MAX_POOL_NODES} nodes, each full
   * (its DaemonSets take all it has): it can not grow, so {@code agentpool} carries the burst.
   */
  static SimScenario fullPoolAtTheCap() {
    SimPoolSpec seed = SeedScenario.pool(1);
    return scenario(
        new SimPoolSpec(
            BURST_POOL,
            PoolMode.MANUAL,
            DEFAULT_MAX_POOL_NODES,
            OptionalInt.empty(),
            OptionalInt.empty(),
            "Standard_DS2_v2",
            seed.daemonSetRequested(),
            seed.maxPods(),
            seed.daemonSetRequested(),
            seed.daemonSetPods(),
            Map.of(),
            List.of()));
  }

  private static SimScenario scenario(SimPoolSpec burst) {
    SimPoolSpec seed = SeedScenario.pool(1);
    SimWorkloadSpec w = SeedScenario.workload(1);
    Map<String, String> annotations = new HashMap<>(w.annotations());
    annotations.put(Annotations.NODE_POOL, BURST_POOL + ", " + SeedScenario.POOL);
    return SeedScenario.scenario()
        .withPools(List.of(burst, seed))
        .withWorkloads(
            List.of(
                new SimWorkloadSpec(
                    w.ref(),
                    w.labels(),
                    annotations,
                    w.replicas(),
                    w.requests(),
                    w.placement(),
                    w.hpa())));
  }

  @Test
  void aPoolWithoutCapacityIsPassedOverAndTheNextCarriesTheBurst() {
    List<String> breaches = new ArrayList<>();
    AtomicReference<SimCluster> last = new AtomicReference<>();
    DemoSummary summary =
        SeedDemo.run(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            (sim, floor) -> {
              if (last.get() == null) {
                sim.failScaleOuts(
                    BURST_POOL,
                    "AllocationFailed: Allocation failed. We do not have sufficient capacity for"
                        + " the requested VM size in this region.");
              }
              last.set(sim);
              int ready =
                  sim.readyOnVm(SeedScenario.NGINX_VN) + sim.readyOnVirtual(SeedScenario.NGINX_VN);
              if (floor > 2 && ready < floor) {
                breaches.add(sim.now() + ": " + ready + " ready < floor " + floor);
              }
            },
            scenario());
    SimCluster sim = last.get();

    assertThat(breaches).isEmpty();
    assertThat(summary.lowestReadyBackfill()).isEqualTo(SeedDemo.BURST);
    assertThat(summary.lowestReadyShed()).isEqualTo(SeedDemo.BASELINE);
    assertThat(summary.peakNodes()).as("agentpool grew instead").isEqualTo(7);
    assertThat(sim.poolNodeCount(BURST_POOL)).isZero();
    assertThat(sim.poolNodeCount(SeedScenario.POOL)).isEqualTo(1);
    assertThat(sim.specReplicas(SeedScenario.NGINX_VN)).isEqualTo(SeedDemo.BASELINE);
    assertThat(summary.events())
        .contains(EventReason.NODE_POOL_SCALE_OUT, EventReason.NODE_POOL_ERROR);
    assertThat(sim.events(SeedScenario.NGINX_VN))
        .filteredOn(e -> e.reason().equals(EventReason.NODE_POOL_ERROR))
        .anySatisfy(
            e -> assertThat(e.message()).contains("AllocationFailed").contains("agentpool"));
    assertThat(sim.events(SeedScenario.NGINX_VN))
        .filteredOn(e -> e.reason().equals(EventReason.NODE_POOL_SCALE_OUT))
        .anySatisfy(e -> assertThat(e.message()).contains("pool agentpool"));
  }

  @Test
  void aManualPoolAlreadyAtMaxPoolNodesIsPassedOverAndTheNextCarriesTheBurst() {
    List<String> breaches = new ArrayList<>();
    AtomicReference<SimCluster> last = new AtomicReference<>();
    List<Integer> burstPoolSizes = new ArrayList<>();
    DemoSummary summary =
        SeedDemo.run(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            (sim, floor) -> {
              last.set(sim);
              burstPoolSizes.add(sim.poolNodeCount(BURST_POOL));
              int ready =
                  sim.readyOnVm(SeedScenario.NGINX_VN) + sim.readyOnVirtual(SeedScenario.NGINX_VN);
              if (floor > 2 && ready < floor) {
                breaches.add(sim.now() + ": " + ready + " ready < floor " + floor);
              }
            },
            fullPoolAtTheCap());
    SimCluster sim = last.get();

    assertThat(breaches).isEmpty();
    assertThat(summary.lowestReadyBackfill()).isEqualTo(SeedDemo.BURST);
    assertThat(summary.lowestReadyShed()).isEqualTo(SeedDemo.BASELINE);
    assertThat(burstPoolSizes).as("never written").containsOnly(DEFAULT_MAX_POOL_NODES);
    assertThat(sim.poolNodeCount(SeedScenario.POOL)).isEqualTo(1);
    assertThat(sim.specReplicas(SeedScenario.NGINX_VN)).isEqualTo(SeedDemo.BASELINE);
    assertThat(sim.events(SeedScenario.NGINX_VN))
        .filteredOn(e -> e.reason().equals(EventReason.NODE_POOL_ERROR))
        .anySatisfy(
            e ->
                assertThat(e.message())
                    .contains(BURST_POOL + " (at AKSBURST_MAX_POOL_NODES " + DEFAULT_MAX_POOL_NODES)
                    .contains("pool agentpool"));
    assertThat(sim.events(SeedScenario.NGINX_VN))
        .filteredOn(e -> e.reason().equals(EventReason.NODE_POOL_SCALE_OUT))
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.message()).contains("pool agentpool"));
  }
}
