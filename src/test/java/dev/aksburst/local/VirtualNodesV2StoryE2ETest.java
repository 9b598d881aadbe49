package dev.aksburst.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.plan.EventReason;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimCluster;
import dev.aksburst.sim.SimVirtualNodesV2;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The seed story on a cluster with virtual nodes v2 ({@code virtualnode-0}, 200 pods) instead of
 * the add-on: 20 Ready through the burst, backfilled, then back to 2 on the VM node.
 */
class VirtualNodesV2StoryE2ETest {
  @Test
  void theSeedStoryRunsToTheEndOnVirtualNodesV2() {
    List<String> breaches = new ArrayList<>();
    AtomicReference<SimCluster> last = new AtomicReference<>();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    DemoSummary summary =
        SeedDemo.run(
            new PrintStream(buf, true, StandardCharsets.UTF_8),
            (sim, floor) -> {
              last.set(sim);
              int ready =
                  sim.readyOnVm(SeedScenario.NGINX_VN) + sim.readyOnVirtual(SeedScenario.NGINX_VN);
              if (floor > 2 && ready < floor) {
                breaches.add(sim.now() + ": " + ready + " ready < floor " + floor);
              }
            },
            SeedScenario.scenario().withVirtualNodesV2(SimVirtualNodesV2.fixed(1)));
    SimCluster sim = last.get();

    assertThat(sim.node(SimCluster.VIRTUAL_NODE_NAME)).as("no add-on node").isEmpty();
    assertThat(sim.node(SimVirtualNodesV2.nodeName(0))).isPresent();
    assertThat(summary.timeTo20Ready().toSeconds()).isBetween(30L, 120L);
    assertThat(summary.lowestReadyBackfill()).isEqualTo(SeedDemo.BURST);
    assertThat(summary.lowestReadyShed()).isEqualTo(SeedDemo.BASELINE);
    assertThat(breaches).isEmpty();
    assertThat(summary.aciPodMinutes()).as("the burst ran on the v2 node").isPositive();
    assertThat(sim.specReplicas(SeedScenario.NGINX_VN)).isEqualTo(SeedDemo.BASELINE);
    assertThat(sim.readyOnVm(SeedScenario.NGINX_VN)).isEqualTo(SeedDemo.BASELINE);
    assertThat(sim.readyOnVirtual(SeedScenario.NGINX_VN)).isZero();
    assertThat(sim.poolNodeCount(SeedScenario.POOL)).isEqualTo(1);
    // 20 pods fit the v2 node's 200: nothing to report about its room
    assertThat(summary.events())
        .contains(EventReason.BURST_STARTED, EventReason.BACKFILLED, EventReason.BURST_ENDED)
        .doesNotContain(EventReason.VIRTUAL_NODES_FULL);
    assertThat(buf.toString(StandardCharsets.UTF_8)).contains("1 virtual nodes v2 (virtualnode-0");
  }
}
