package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static dev.aksburst.plan.PlanningSupport.actions;
import static dev.aksburst.plan.PlanningSupport.only;
import static dev.aksburst.plan.PlanningSupport.plan;
import static dev.aksburst.plan.PlanningSupport.replan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.VirtualNodeSet;
import dev.aksburst.model.WorkloadView;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Virtual nodes v2 hold 200 pods each: a burst that wants more says so, and with the StatefulSet
 * named it gets more virtual nodes, given back after the burst.
 */
class VirtualNodeRoomPolicyTest {
  /** web: 2 pods on vm-0 (room for 1 more), a floor of {@code floor}. */
  private static WorkloadView web(int floor) {
    return workload("web")
        .replicas(2)
        .pods(pods("web", 2, "vm-0"))
        .intents(alert(ref("web"), floor, T0))
        .build();
  }

  /** vm-0, {@code v2Nodes} virtual nodes v2 (the first with {@code others} foreign pods). */
  private static Fixtures.SnapshotBuilder world(int v2Nodes, int others, WorkloadView... ws) {
    List<NodeView> nodes = new ArrayList<>(List.of(Fixtures.vmNode("vm-0")));
    for (int i = 0; i < v2Nodes; i++) {
      NodeView n = Fixtures.virtualNodeV2(i);
      nodes.add(i == 0 ? Fixtures.withOtherPods(n, others) : n);
    }
    return Fixtures.snapshot().nodes(nodes).pools(Fixtures.manualPool(1)).workloads(ws);
  }

  private static VirtualNodeSet set(int replicas, OptionalInt baseline, int max) {
    return new VirtualNodeSet("vn2", "virtualnode", replicas, replicas, baseline, max);
  }

  private static List<Note> full(Plan p) {
    return p.notes().stream()
        .filter(n -> n.reason().equals(EventReason.VIRTUAL_NODES_FULL))
        .toList();
  }

  @Test
  void aBurstThatFitsTheV2NodesSaysNothing() {
    Plan p = plan(world(1, 0, web(150)).build(), T0);
    assertThat(full(p)).isEmpty();
    assertThat(actions(p, Action.ScaleVirtualNodes.class)).isEmpty();
  }

  @Test
  void aBurstBeyondTheV2NodesRealRoomIsAWarningWhenTheStatefulSetIsNotNamed() {
    // 300 wanted, vm-0 holds 3 of them: 297 for one v2 node that holds 200, 150 already taken
    Plan p = plan(world(1, 150, web(300)).build(), T0);
    assertThat(full(p))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.warning()).isTrue();
              assertThat(n.workload()).contains(ref("web"));
              assertThat(n.message()).contains("297").contains("AKSBURST_VIRTUAL_NODE_STATEFULSET");
            });
    assertThat(actions(p, Action.ScaleVirtualNodes.class)).isEmpty();
  }

  @Test
  void theAddOnIsNeverFullByPodCount() {
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
            .pools(Fixtures.manualPool(1))
            .workloads(web(3000))
            .build();
    assertThat(full(plan(s, T0))).isEmpty();
  }

  @Test
  void withTheStatefulSetNamedItAddsTheVirtualNodesTheBurstNeedsAndRecordsTheBaseline() {
    ClusterSnapshot s =
        world(1, 150, web(300)).virtualNodeSet(set(1, OptionalInt.empty(), 5)).build();
    Plan p = plan(s, T0);
    Action.ScaleVirtualNodes v = only(p, Action.ScaleVirtualNodes.class);
    // 297 + 150 pods at 200 a node: 3 nodes
    assertThat(v.replicas()).isEqualTo(3);
    assertThat(v.from()).isEqualTo(1);
    assertThat(v.recordBaseline()).hasValue(1);
    assertThat(v.restoresBaseline()).isFalse();
    assertThat(v.eventReason()).contains(EventReason.VIRTUAL_NODES_SCALE_OUT);
    assertThat(v.workloads()).containsExactly(ref("web"));
    assertThat(v.target()).isEqualTo("statefulset/vn2/virtualnode");
    assertThat(full(p)).isEmpty();
  }

  @Test
  void whileTheNewVirtualNodesStartNothingMoreIsWrittenAndTheWaitIsNormal() {
    ClusterSnapshot s =
        world(1, 150, web(300)).virtualNodeSet(set(1, OptionalInt.empty(), 5)).build();
    Plan again = replan(s, T0, PlannerConfig.DEFAULTS);
    assertThat(actions(again, Action.ScaleVirtualNodes.class)).isEmpty();
    assertThat(full(again)).singleElement().satisfies(n -> assertThat(n.warning()).isFalse());
  }

  @Test
  void theMaxOnTheStatefulSetCapsItAndTheRestIsAWarning() {
    ClusterSnapshot s =
        world(1, 150, web(300)).virtualNodeSet(set(1, OptionalInt.empty(), 2)).build();
    Plan p = plan(s, T0);
    assertThat(only(p, Action.ScaleVirtualNodes.class).replicas()).isEqualTo(2);
    assertThat(full(p))
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.warning()).isTrue();
              assertThat(n.message()).contains("aksburst.dev/max-replicas=2");
            });
  }

  @Test
  void afterTheBurstTheAddedVirtualNodesGoBackOnceNoPodRunsThere() {
    WorkloadView idle = workload("web").replicas(2).pods(pods("web", 2, "vm-0")).build();
    Fixtures.SnapshotBuilder b = world(3, 0, idle).virtualNodeSet(set(3, OptionalInt.of(1), 5));
    Action.ScaleVirtualNodes v = only(plan(b.build(), T0), Action.ScaleVirtualNodes.class);
    assertThat(v.replicas()).isEqualTo(1);
    assertThat(v.from()).isEqualTo(3);
    assertThat(v.restoresBaseline()).isTrue();
    assertThat(v.eventReason()).contains(EventReason.VIRTUAL_NODES_SCALE_IN);
    assertThat(
            actions(replan(b.build(), T0, PlannerConfig.DEFAULTS), Action.ScaleVirtualNodes.class))
        .isEmpty();
  }

  @Test
  void aPodStillOnAnAddedVirtualNodeHoldsTheScaleIn() {
    WorkloadView idle = workload("web").replicas(2).pods(pods("web", 2, "vm-0")).build();
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(
                Fixtures.vmNode("vm-0"),
                Fixtures.virtualNodeV2(0),
                Fixtures.withOtherPods(Fixtures.virtualNodeV2(1), 4))
            .pools(Fixtures.manualPool(1))
            .workloads(idle)
            .virtualNodeSet(set(2, OptionalInt.of(1), 5))
            .build();
    assertThat(actions(plan(s, T0), Action.ScaleVirtualNodes.class)).isEmpty();
  }

  @Test
  void noBaselineMeansAksBurstNeverScaledItAndLeavesItAlone() {
    WorkloadView idle = workload("web").replicas(2).pods(pods("web", 2, "vm-0")).build();
    ClusterSnapshot s = world(3, 0, idle).virtualNodeSet(set(3, OptionalInt.empty(), 5)).build();
    assertThat(plan(s, T0).actions()).isEmpty();
  }

  @Test
  void ordinalsAreReadFromTheNodeNames() {
    assertThat(VirtualNodeRoomPolicy.ordinal("virtualnode-12", "virtualnode")).hasValue(12);
    assertThat(VirtualNodeRoomPolicy.ordinal("virtualnode-x", "virtualnode")).isEmpty();
    assertThat(VirtualNodeRoomPolicy.ordinal("other-1", "virtualnode")).isEmpty();
    assertThat(VirtualNodeRoomPolicy.ordinal("virtualnode-", "virtualnode")).isEmpty();
  }
}
