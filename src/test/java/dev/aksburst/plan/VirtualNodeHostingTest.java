package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static dev.aksburst.plan.PlanningSupport.actions;
import static dev.aksburst.plan.PlanningSupport.only;
import static dev.aksburst.plan.PlanningSupport.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.Resources;
import dev.aksburst.model.VirtualNodeKind;
import dev.aksburst.model.VirtualNodeSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A virtual node v2 is a StatefulSet pod that takes 3 cores and 12 GB of one of the cluster's VM
 * nodes (virtual nodes v2 README): adding one needs that room on a Ready VM node, or one more node
 * of the pool. web: 2 pods (500m each) on vm-0 (3500m, 16 GiB), a floor of 9; virtualnode-0 holds
 * 199 pods of other workloads, so 2 of web's pods need a second virtual node.
 */
class VirtualNodeHostingTest {
  private static final long GI = 1024L * 1024 * 1024;

  private static NodeView vm(String name, String pool, long milliCpu, long memory) {
    return new NodeView(
        name,
        Map.of("kubernetes.azure.com/agentpool", pool, "kubernetes.io/os", "linux"),
        List.of(),
        Optional.of(pool),
        false,
        true,
        false,
        Resources.of(milliCpu, memory),
        30,
        Resources.ZERO,
        0,
        Resources.ZERO,
        0,
        T0);
  }

  private static ClusterSnapshot world(boolean setNamed, NodeView... extra) {
    List<NodeView> nodes = new ArrayList<>();
    nodes.add(vm("vm-0", Fixtures.POOL, 3500, 16 * GI));
    nodes.addAll(List.of(extra));
    nodes.add(Fixtures.withOtherPods(Fixtures.virtualNodeV2(0), 199));
    Fixtures.SnapshotBuilder b =
        Fixtures.snapshot()
            .nodes(nodes)
            .pools(Fixtures.manualPool(1))
            .workloads(
                workload("web")
                    .replicas(2)
                    .pods(pods("web", 2, "vm-0"))
                    .intents(alert(ref("web"), 9, T0))
                    .build());
    if (setNamed) {
      b.virtualNodeSet(new VirtualNodeSet("vn2", "virtualnode", 1, 1, OptionalInt.empty(), 5));
    }
    return b.build();
  }

  private static int poolSize(Plan p) {
    return actions(p, Action.ScaleNodePool.class).stream()
        .filter(a -> a.pool().equals(Fixtures.POOL))
        .mapToInt(Action.ScaleNodePool::size)
        .findFirst()
        .orElse(1);
  }

  @Test
  void theFiguresAreTheReadmesThreeCoresAndTwelveGb() {
    assertThat(VirtualNodeKind.V2_NODE_REQUESTS).isEqualTo(Resources.of(3000, 12 * GI));
  }

  @ParameterizedTest(name = "{0}: {2} more pool nodes than without virtual nodes added")
  @CsvSource({
    // a Ready VM node of another pool has 8 cores free: the new virtual node runs there
    "room on host-0, 8000, 0, '1 fit the free room of Ready VM node host-0'",
    // 2 cores free is not enough: one more node of the pool, and it says so
    "no room, 2000, 1, '1 fit no Ready VM node and stay Pending'",
  })
  void aNewVirtualNodeTakesItsRoomOnAVmNodeOrOneMoreNodeOfThePool(
      String name, long hostCpu, int morePoolNodes, String said) {
    NodeView host = vm("host-0", "system", hostCpu, 32 * GI);
    Plan without = plan(world(false, host), T0);
    Plan with = plan(world(true, host), T0);

    Action.ScaleVirtualNodes v = only(with, Action.ScaleVirtualNodes.class);
    assertThat(v.replicas()).isEqualTo(2);
    assertThat(v.reason())
        .contains("each new virtual node takes 3000m/12288Mi of a VM node (3 cores, 12 GB)")
        .contains(said);
    assertThat(poolSize(with) - poolSize(without)).isEqualTo(morePoolNodes);
    if (morePoolNodes > 0) {
      assertThat(only(with, Action.ScaleNodePool.class).reason())
          .contains("1 new virtual nodes v2 need 3000m/12288Mi each on a VM node");
    }
  }

  @Test
  void aVirtualNodeAlreadyPendingForRoomIsSizedForOnEveryReconcile() {
    // the StatefulSet is at 2 already; its second pod waits Pending for a VM node
    ClusterSnapshot pending =
        world(false)
            .withVirtualNodeSet(
                Optional.of(
                    new VirtualNodeSet("vn2", "virtualnode", 2, 1, OptionalInt.of(1), 5, 1)));
    ClusterSnapshot started =
        world(false)
            .withVirtualNodeSet(
                Optional.of(
                    new VirtualNodeSet("vn2", "virtualnode", 2, 1, OptionalInt.of(1), 5, 0)));
    Plan p = plan(pending, T0);
    assertThat(actions(p, Action.ScaleVirtualNodes.class)).as("nothing more to add").isEmpty();
    assertThat(poolSize(p) - poolSize(plan(started, T0))).isEqualTo(1);
    assertThat(p.notes())
        .filteredOn(n -> n.cause() == Note.Cause.VIRTUAL_NODES_FULL)
        .singleElement()
        .satisfies(
            n ->
                assertThat(n.message())
                    .contains(
                        "still starting (1 wait Pending for 3000m/12288Mi free on a VM node"));
  }

  @Test
  void aPoolWhoseNodesAreTooSmallForAVirtualNodeSaysSo() {
    // vm-0 and its pool's new nodes have 1600m: no node of the pool can ever host a virtual node
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(Fixtures.vmNode("vm-0"), Fixtures.withOtherPods(Fixtures.virtualNodeV2(0), 199))
            .pools(Fixtures.manualPool(1))
            .virtualNodeSet(new VirtualNodeSet("vn2", "virtualnode", 1, 1, OptionalInt.empty(), 5))
            .workloads(
                workload("web")
                    .replicas(2)
                    .pods(pods("web", 2, "vm-0"))
                    .intents(alert(ref("web"), 9, T0))
                    .build())
            .build();
    Plan p = plan(s, T0);
    assertThat(only(p, Action.ScaleVirtualNodes.class).reason()).contains("stay Pending");
    assertThat(p.notes())
        .filteredOn(n -> n.cause() == Note.Cause.UNPLACEABLE)
        .isNotEmpty()
        .allSatisfy(n -> assertThat(n.message()).contains("do not fit an empty node of pool"));
  }

  @Test
  void nothingIsAddedNothingIsHosted() {
    ClusterSnapshot s = world(true);
    assertThat(
            new VirtualNodeRoomPolicy()
                .hosts(
                    java.util.Map.of(), new PlanInputs(s, List.of(), PlannerConfig.DEFAULTS, T0)))
        .isEmpty();
  }
}
