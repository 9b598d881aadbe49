package dev.aksburst.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.Resources;
import dev.aksburst.model.VirtualNodeKind;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The StatefulSet pod of a virtual node v2 that the simulator adds runs on a VM node and takes 3
 * cores and 12 GB there; without such room the virtual node stays Pending and never turns Ready.
 */
class SimVirtualNodeHostsTest {
  private static final String SET_NS = SimVirtualNodesV2.NAMESPACE;
  private static final String SET = SimVirtualNodesV2.NAME;
  private static final String NEW = SimVirtualNodesV2.nodeName(1);

  /** The seed's DS2_v2 node (2 cores) and a Standard_D8s_v3 pool {@code system} of {@code n}. */
  private static SimCluster cluster(int hostNodes) {
    SimPoolSpec host =
        new SimPoolSpec(
            "system",
            PoolMode.MANUAL,
            hostNodes,
            OptionalInt.empty(),
            OptionalInt.empty(),
            "Standard_D8s_v3",
            Resources.of(7820, 27L * 1024 * 1024 * 1024),
            30,
            SeedScenario.DAEMONSET_REQUESTS,
            6,
            Map.of(),
            List.of());
    SimScenario s = SeedScenario.scenario();
    return SimCluster.start(
        s.withPools(List.of(SeedScenario.pool(1), host))
            .withSettings(s.settings().withPrices(s.settings().prices().withPool("system", 0.384)))
            .withVirtualNodesV2(SimVirtualNodesV2.scalable(1)));
  }

  private static void addVirtualNode(SimCluster sim) {
    sim.ports().writer().scaleVirtualNodes(SET_NS, SET, 2, OptionalInt.of(1), false);
  }

  private static NodeView view(SimCluster sim, String node) {
    return sim.snapshot().nodes().stream()
        .filter(n -> n.name().equals(node))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void withRoomOnAVmNodeTheNewVirtualNodeRunsThereAndTurnsReadyAfter45s() {
    SimCluster sim = cluster(1);
    String host =
        sim.nodes().stream()
            .filter(n -> n.pool().equals(java.util.Optional.of("system")))
            .findFirst()
            .orElseThrow()
            .name();
    Resources before = view(sim, host).requested();

    addVirtualNode(sim);

    assertThat(view(sim, host).requested())
        .as("the virtual node's pod takes 3 cores and 12 GB there")
        .isEqualTo(before.plus(VirtualNodeKind.V2_NODE_REQUESTS));
    assertThat(sim.node(NEW)).isPresent();
    sim.advance(Duration.ofSeconds(44));
    assertThat(sim.node(NEW).orElseThrow().ready(sim.now())).isFalse();
    sim.advance(Duration.ofSeconds(1));
    assertThat(sim.node(NEW).orElseThrow().ready(sim.now())).isTrue();
    assertThat(sim.snapshot().virtualNodeSet().orElseThrow().readyReplicas()).isEqualTo(2);

    // scaled back: the pod goes and so does its room
    sim.ports().writer().scaleVirtualNodes(SET_NS, SET, 1, OptionalInt.empty(), true);
    sim.advance(Duration.ofMinutes(1));
    assertThat(view(sim, host).requested()).isEqualTo(before);
  }

  @Test
  void withoutRoomItStaysPendingUntilANodeWithRoomJoins() {
    SimCluster sim = cluster(0);
    addVirtualNode(sim);
    sim.advance(Duration.ofMinutes(10));
    assertThat(sim.node(NEW)).as("the DS2_v2 node has 2 cores: Pending, not registered").isEmpty();
    assertThat(sim.snapshot().virtualNodeSet().orElseThrow())
        .satisfies(
            v -> {
              assertThat(v.replicas()).isEqualTo(2);
              assertThat(v.readyReplicas()).isEqualTo(1);
              assertThat(v.unscheduled()).as("its pod waits for a VM node").isEqualTo(1);
            });

    NodePoolView system =
        sim.ports().pools().describe().stream()
            .filter(p -> p.name().equals("system"))
            .findFirst()
            .orElseThrow();
    sim.ports().pools().scale(system, 1);
    sim.advance(sim.settings().nodeProvisioningDelay());
    assertThat(sim.node(NEW)).as("bound once the D8s_v3 node is Ready").isPresent();
    assertThat(sim.snapshot().virtualNodeSet().orElseThrow().unscheduled()).isZero();
    sim.advance(Duration.ofSeconds(45));
    assertThat(sim.node(NEW).orElseThrow().ready(sim.now())).isTrue();
  }
}
