package dev.aksburst.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Replays the seed experiment's kubectl steps with no controller and compares placement with the
 * seed's own table: 1 replica on the VM node; scaled to 20, 3 on the VM node and 17 on the virtual
 * node; scaled to 2, both on the VM node.
 */
class SeedFidelityTest {
  private static final String VIRTUAL = SimCluster.VIRTUAL_NODE_NAME;

  @Test
  void seedStepsGiveTheSeedsPlacement() {
    SimCluster sim = SimCluster.start(SeedScenario.scenario());
    String vm = sim.nodes().stream().filter(n -> !n.virtual()).findFirst().orElseThrow().name();

    assertThat(placement(sim)).containsExactly(vm);
    assertThat(sim.readyOnVm(SeedScenario.NGINX_VN)).isEqualTo(1);

    sim.scale(SeedScenario.NGINX_VN, 20);
    sim.advance(Duration.ofMinutes(2));
    List<String> burst = placement(sim);
    assertThat(burst).hasSize(20);
    assertThat(burst.stream().filter(vm::equals)).hasSize(3);
    assertThat(burst.stream().filter(VIRTUAL::equals)).hasSize(17);
    assertThat(sim.readyOnVm(SeedScenario.NGINX_VN) + sim.readyOnVirtual(SeedScenario.NGINX_VN))
        .isEqualTo(20);
    assertThat(sim.poolNodeCount(SeedScenario.POOL))
        .as("nothing grows the manual pool without the controller")
        .isEqualTo(1);

    sim.scale(SeedScenario.NGINX_VN, 2);
    sim.advance(Duration.ofMinutes(1));
    assertThat(placement(sim)).containsExactly(vm, vm);
  }

  /** Nodes of the workload's live pods. */
  private static List<String> placement(SimCluster sim) {
    return sim.pods(SeedScenario.NGINX_VN).stream()
        .filter(SimPod::active)
        .map(p -> p.node().orElse("<none>"))
        .toList();
  }
}
