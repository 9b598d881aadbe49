package dev.aksburst.model;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * How many more pods the cluster's virtual nodes can take, from their real pod capacity rather than
 * what they advertise. One rule for the planner and the status.
 *
 * <p>Bounded only when every virtual node is a v2 node: each holds at most 200 pods, so the room is
 * the capacity of the Ready, schedulable v2 nodes minus the pods bound to them (every workload's).
 * With the add-on present ({@code virtual-node-aci-linux}) pods are not what binds (the ACI quota
 * is, and the capacity decision checks it), and with no virtual node at all there is nothing to
 * count: both are unbounded here.
 *
 * @param kind {@link VirtualNodeKind#V2} when every virtual node is v2, {@link
 *     VirtualNodeKind#ACI_ADDON} when the add-on is present, {@link VirtualNodeKind#VM} when there
 *     is no virtual node
 * @param nodes virtual nodes counted (v2: Ready and schedulable ones)
 * @param capacity pods those nodes hold, when bounded
 * @param used pods bound to them now, when bounded
 */
public record VirtualNodeRoom(VirtualNodeKind kind, int nodes, OptionalInt capacity, int used) {
  public VirtualNodeRoom {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(capacity, "capacity");
    if (nodes < 0 || used < 0) {
      throw new IllegalArgumentException("nodes and used must not be negative");
    }
  }

  public static VirtualNodeRoom of(List<NodeView> allNodes) {
    List<NodeView> virtual = allNodes.stream().filter(NodeView::virtual).toList();
    if (virtual.isEmpty()) {
      return new VirtualNodeRoom(VirtualNodeKind.VM, 0, OptionalInt.empty(), 0);
    }
    if (virtual.stream().anyMatch(n -> n.kind() != VirtualNodeKind.V2)) {
      return new VirtualNodeRoom(
          VirtualNodeKind.ACI_ADDON, virtual.size(), OptionalInt.empty(), pods(virtual));
    }
    List<NodeView> usable = virtual.stream().filter(n -> n.ready() && !n.unschedulable()).toList();
    int capacity = usable.stream().mapToInt(n -> n.virtualPodCapacity().orElse(0)).sum();
    return new VirtualNodeRoom(
        VirtualNodeKind.V2, usable.size(), OptionalInt.of(capacity), pods(usable));
  }

  private static int pods(List<NodeView> nodes) {
    return nodes.stream().mapToInt(NodeView::podCount).sum();
  }

  public boolean bounded() {
    return capacity.isPresent();
  }

  /** Pods the virtual nodes can still take; empty when unbounded. */
  public OptionalInt free() {
    return capacity.isPresent()
        ? OptionalInt.of(Math.max(0, capacity.getAsInt() - used))
        : OptionalInt.empty();
  }
}
