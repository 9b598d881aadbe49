package dev.aksburst.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeView;
import dev.aksburst.reconcile.ClusterPorts;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A {@code scaleDownMode: Deallocate} pool of the simulator: deallocated nodes stay registered,
 * NotReady and tainted, bill nothing; a scale-out starts them first (Ready after the start delay)
 * and creates new nodes only beyond them; a scale-in deallocates instead of removing.
 */
class SimDeallocatePoolTest {
  private static NodePoolView pool(ClusterPorts ports) {
    return ports.pools().describe().stream()
        .filter(p -> p.name().equals(SeedScenario.POOL))
        .findFirst()
        .orElseThrow();
  }

  private static List<SimNode> deallocated(SimCluster sim) {
    return sim.nodes().stream().filter(SimNode::deallocated).toList();
  }

  @Test
  void deallocatedNodesAreStartedFirstAndDeallocatedAgainOnScaleIn() {
    SimCluster sim = SimCluster.start(SeedScenario.scenario().withDeallocatePool(2));
    ClusterPorts ports = sim.ports();

    NodePoolView before = pool(ports);
    assertThat(before.count()).as("deallocated nodes are not in the count").isEqualTo(1);
    assertThat(before.kind().deallocate()).isTrue();
    assertThat(deallocated(sim)).hasSize(2);
    NodeView seen =
        ports.reader().read().nodes().stream()
            .filter(n -> n.name().equals(deallocated(sim).get(0).name()))
            .findFirst()
            .orElseThrow();
    assertThat(seen.ready()).isFalse();
    assertThat(seen.taints())
        .extracting(dev.aksburst.model.Taint::key)
        .contains("node.cloudprovider.kubernetes.io/shutdown", "node.kubernetes.io/unreachable");
    assertThat(sim.vmNodeCount()).as("only the running node bills").isEqualTo(1);

    List<String> wereDeallocated = deallocated(sim).stream().map(SimNode::name).toList();
    ports.pools().scale(before, 4);
    assertThat(deallocated(sim)).as("both started").isEmpty();
    assertThat(sim.poolNodeCount(SeedScenario.POOL)).isEqualTo(4);

    sim.advance(SimSettings.DEFAULTS.deallocatedStartDelay());
    assertThat(
            sim.nodes().stream()
                .filter(n -> wereDeallocated.contains(n.name()))
                .allMatch(n -> n.ready(sim.now())))
        .as("started nodes Ready after the start delay")
        .isTrue();
    assertThat(sim.readyVmNodes(SeedScenario.POOL))
        .as("the new node is still booting")
        .isEqualTo(3);
    sim.advance(
        SimSettings.DEFAULTS
            .nodeProvisioningDelay()
            .minus(SimSettings.DEFAULTS.deallocatedStartDelay()));
    assertThat(sim.readyVmNodes(SeedScenario.POOL)).isEqualTo(4);

    ports.pools().scale(pool(ports), 1);
    sim.advance(Duration.ofMinutes(2));
    assertThat(sim.poolNodeCount(SeedScenario.POOL)).isEqualTo(1);
    assertThat(deallocated(sim)).as("the 3 removed nodes are deallocated, not deleted").hasSize(3);
    assertThat(sim.vmNodeCount()).isEqualTo(1);
    assertThat(pool(ports).provisioningState()).isEqualTo("Succeeded");
  }
}
