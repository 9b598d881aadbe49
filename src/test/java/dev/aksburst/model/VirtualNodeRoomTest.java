package dev.aksburst.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aksburst.fixtures.Fixtures;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Room on virtual nodes from their real pod capacity, not what they advertise. */
class VirtualNodeRoomTest {
  @Test
  void v2NodesHold200PodsEachWhateverTheyAdvertise() {
    NodeView v2 = Fixtures.virtualNodeV2(0);
    assertThat(v2.maxPods()).isEqualTo(5000);
    assertThat(v2.virtualPodCapacity()).hasValue(200);
    VirtualNodeRoom room =
        Fixtures.snapshot()
            .nodes(
                Fixtures.vmNode("vm-0"), Fixtures.withOtherPods(v2, 150), Fixtures.virtualNodeV2(1))
            .build()
            .virtualNodeRoom();
    assertThat(room.kind()).isEqualTo(VirtualNodeKind.V2);
    assertThat(room.nodes()).isEqualTo(2);
    assertThat(room.capacity()).hasValue(400);
    assertThat(room.used()).isEqualTo(150);
    assertThat(room.free()).hasValue(250);
  }

  @Test
  void aV2NodeAdvertisingFewerPodsHoldsThatMany() {
    assertThat(VirtualNodeKind.V2.podCapacity(110)).hasValue(110);
    assertThat(VirtualNodeKind.V2.podCapacity(0)).hasValue(200);
  }

  @Test
  void notReadyOrCordonedV2NodesHoldNothingYet() {
    VirtualNodeRoom room =
        VirtualNodeRoom.of(
            List.of(
                Fixtures.notReady(Fixtures.virtualNodeV2(0)),
                Fixtures.cordoned(Fixtures.virtualNodeV2(1)),
                Fixtures.virtualNodeV2(2)));
    assertThat(room.nodes()).isEqualTo(1);
    assertThat(room.capacity()).hasValue(200);
  }

  @Test
  void theAddOnIsNotBoundByPodsAndNoVirtualNodeIsNothingToCount() {
    VirtualNodeRoom addOn =
        VirtualNodeRoom.of(List.of(Fixtures.virtualNode(), Fixtures.virtualNodeV2(0)));
    assertThat(addOn.kind()).isEqualTo(VirtualNodeKind.ACI_ADDON);
    assertThat(addOn.bounded()).isFalse();
    assertThat(addOn.free()).isEmpty();
    assertThat(Fixtures.virtualNode().kind()).isEqualTo(VirtualNodeKind.ACI_ADDON);
    assertThat(Fixtures.virtualNode().virtualPodCapacity()).isEmpty();
    VirtualNodeRoom none = VirtualNodeRoom.of(List.of(Fixtures.vmNode("vm-0")));
    assertThat(none.kind()).isEqualTo(VirtualNodeKind.VM);
    assertThat(none.capacity()).isEqualTo(OptionalInt.empty());
  }

  @Test
  void aNodeWhoseKindDisagreesWithVirtualIsRefused() {
    NodeView vm = Fixtures.vmNode("vm-0");
    assertThatThrownBy(
            () ->
                new NodeView(
                    vm.name(),
                    vm.labels(),
                    vm.taints(),
                    vm.pool(),
                    false,
                    true,
                    false,
                    vm.allocatable(),
                    vm.maxPods(),
                    vm.requested(),
                    0,
                    vm.daemonSetRequested(),
                    0,
                    vm.created(),
                    VirtualNodeKind.V2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vm-0");
  }
}
