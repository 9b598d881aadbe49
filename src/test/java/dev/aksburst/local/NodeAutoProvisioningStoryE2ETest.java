package dev.aksburst.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.PlaceholderSet;
import dev.aksburst.plan.EventReason;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimCluster;
import dev.aksburst.sim.SimEvent;
import dev.aksburst.sim.SimScenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The seed story on a cluster with node auto-provisioning (Karpenter) instead of a pool aks-burst
 * may grow, with {@code aksburst.dev/capacity: placeholders}: 20 Ready through the burst, a
 * placeholder Deployment makes the provisioner add VM nodes, backfill moves the pods off ACI, then
 * back to 2 with the placeholders gone, the new nodes consolidated and not one pool write.
 */
class NodeAutoProvisioningStoryE2ETest {
  static SimScenario napScenario() {
    return SimSetups.nodeAutoProvisioning();
  }

  @Test
  void theSeedStoryRunsToTheEndOnNodeAutoProvisioningWithoutAPoolWrite() {
    List<String> breaches = new ArrayList<>();
    AtomicReference<SimCluster> last = new AtomicReference<>();
    AtomicInteger peakPlaceholders = new AtomicInteger();
    AtomicInteger peakVmNodes = new AtomicInteger();
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    DemoSummary summary;
    try {
      summary =
          SeedDemo.run(
              new PrintStream(buf, true, StandardCharsets.UTF_8),
              (sim, floor) -> {
                if (last.get() == null) {
                  last.set(sim);
                }
                if (last.get() != sim) {
                  return; // the strategy replay's cluster
                }
                int ready =
                    sim.readyOnVm(SeedScenario.NGINX_VN)
                        + sim.readyOnVirtual(SeedScenario.NGINX_VN);
                if (floor > 2 && ready < floor) {
                  breaches.add(sim.now() + ": " + ready + " ready < floor " + floor);
                }
                if (sim.poolNodeCount(SeedScenario.POOL) != 1) {
                  breaches.add(
                      sim.now() + ": agent pool has " + sim.poolNodeCount(SeedScenario.POOL));
                }
                sim.ports().reader().read().placeholders().stream()
                    .mapToInt(PlaceholderSet::replicas)
                    .max()
                    .ifPresent(r -> peakPlaceholders.accumulateAndGet(r, Math::max));
                peakVmNodes.accumulateAndGet(sim.vmNodeCount(), Math::max);
              },
              napScenario());
    } catch (IllegalStateException e) {
      System.out.println(buf.toString(StandardCharsets.UTF_8));
      SimCluster s = last.get();
      s.nodes().forEach(n -> System.out.println("node " + n.name()));
      s.pods(SeedScenario.NGINX_VN)
          .forEach(p -> System.out.println("pod " + p.name() + " " + p.node() + " " + p.status()));
      throw e;
    }
    SimCluster sim = last.get();
    List<Integer> nap = sim.napFigures();
    List<String> reasons =
        sim.events(SeedScenario.NGINX_VN).stream().map(SimEvent::reason).toList();
    List<String> placeholderEvents =
        sim.events(SeedScenario.NGINX_VN).stream()
            .filter(e -> e.reason().equals(EventReason.PLACEHOLDERS_SCALED))
            .map(SimEvent::message)
            .toList();
    System.out.printf(
        "NAP story: 20 Ready after %ss, peak placeholders %d, peak VM nodes %d, NAP launched %d"
            + " consolidated %d, preempted %d, story %s%n%s%n",
        summary.timeTo20Ready().toSeconds(),
        peakPlaceholders.get(),
        peakVmNodes.get(),
        nap.get(0),
        nap.get(1),
        nap.get(2),
        summary.simulated(),
        String.join("\n", placeholderEvents));

    assertThat(breaches).isEmpty();
    assertThat(summary.timeTo20Ready().toSeconds()).isBetween(30L, 120L);
    assertThat(summary.lowestReadyBackfill()).isEqualTo(SeedDemo.BURST);
    // The shed deletes the pods on the NAP nodes first (outside the workload's pool): the two left
    // run on the agent pool's node, and consolidation evicts nothing that stays.
    assertThat(summary.lowestReadyShed()).isEqualTo(SeedDemo.BASELINE);
    assertThat(summary.aciPodMinutes()).as("the burst ran on ACI first").isPositive();
    // The placeholders stood for the overflow: 20 wanted, 3 fit the one VM node.
    assertThat(peakPlaceholders.get()).isBetween(15, 18);
    assertThat(placeholderEvents).isNotEmpty();
    assertThat(placeholderEvents.get(0)).startsWith("create placeholders virtualnode/nginx-vn-");
    // Node auto-provisioning added the VM nodes (17 pods of 3 per DS2_v2 node: 6) and removed them.
    assertThat(nap.get(0)).isBetween(6, 9);
    assertThat(peakVmNodes.get()).isGreaterThanOrEqualTo(7);
    assertThat(nap.get(1)).isEqualTo(nap.get(0));
    assertThat(sim.vmNodeCount()).isEqualTo(1);
    // Backfill moved the pods off ACI, the shed ended at 2 on the VM node, the placeholders went.
    assertThat(reasons)
        .contains(
            EventReason.BURST_STARTED,
            EventReason.PLACEHOLDERS_SCALED,
            EventReason.BACKFILLED,
            EventReason.BURST_ENDED)
        .doesNotContain(
            EventReason.NODE_POOL_SCALE_OUT,
            EventReason.NODE_POOL_SCALE_IN,
            EventReason.NODE_POOL_ERROR);
    assertThat(sim.specReplicas(SeedScenario.NGINX_VN)).isEqualTo(SeedDemo.BASELINE);
    assertThat(sim.readyOnVm(SeedScenario.NGINX_VN)).isEqualTo(SeedDemo.BASELINE);
    assertThat(sim.readyOnVirtual(SeedScenario.NGINX_VN)).isZero();
    assertThat(sim.ports().reader().read().placeholders()).isEmpty();
    assertThat(placeholderEvents.get(placeholderEvents.size() - 1))
        .startsWith("delete placeholders");
    // Not one ARM write: the pool kept its one node and aks-burst recorded no baseline for it.
    assertThat(sim.poolNodeCount(SeedScenario.POOL)).isEqualTo(1);
    assertThat(sim.ports().poolStates().readAll().values())
        .allSatisfy(s -> assertThat(s.baseline()).isEmpty());
  }
}
