package dev.aksburst.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A node as the planner needs it.
 *
 * @param pool the VM node pool it belongs to (label {@code kubernetes.azure.com/agentpool}); empty
 *     for virtual nodes and unpooled nodes
 * @param virtual a virtual-kubelet node (ACI); its advertised capacity is never real room
 * @param allocatable what the kubelet reports as allocatable
 * @param maxPods allocatable pods
 * @param requested sum of requests of every non-terminated pod bound to it (all workloads)
 * @param podCount number of non-terminated pods bound to it
 * @param daemonSetRequested the part of {@code requested} that DaemonSet pods take
 * @param daemonSetPods how many of {@code podCount} are DaemonSet pods
 * @param unschedulable cordoned
 * @param kind which kind of virtual node it is ({@link VirtualNodeKind#VM} for a VM node); agrees
 *     with {@code virtual}
 * @param readySince when its Ready condition last turned True (the condition's lastTransitionTime);
 *     empty when not Ready or not reported
 */
public record NodeView(
    String name,
    Map<String, String> labels,
    List<Taint> taints,
    Optional<String> pool,
    boolean virtual,
    boolean ready,
    boolean unschedulable,
    Resources allocatable,
    int maxPods,
    Resources requested,
    int podCount,
    Resources daemonSetRequested,
    int daemonSetPods,
    Instant created,
    VirtualNodeKind kind,
    Optional<Instant> readySince) {
  public NodeView {
    Objects.requireNonNull(name, "node name");
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(allocatable, "allocatable");
    Objects.requireNonNull(requested, "requested");
    Objects.requireNonNull(daemonSetRequested, "daemonSetRequested");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(kind, "kind");
    if (kind.virtual() != virtual) {
      throw new IllegalArgumentException(
          "node " + name + ": virtual=" + virtual + " disagrees with kind " + kind);
    }
    Objects.requireNonNull(readySince, "readySince");
  }

  /** A node of the given kind whose Ready transition time is not known. */
  public NodeView(
      String name,
      Map<String, String> labels,
      List<Taint> taints,
      Optional<String> pool,
      boolean virtual,
      boolean ready,
      boolean unschedulable,
      Resources allocatable,
      int maxPods,
      Resources requested,
      int podCount,
      Resources daemonSetRequested,
      int daemonSetPods,
      Instant created,
      VirtualNodeKind kind) {
    this(
        name,
        labels,
        taints,
        pool,
        virtual,
        ready,
        unschedulable,
        allocatable,
        maxPods,
        requested,
        podCount,
        daemonSetRequested,
        daemonSetPods,
        created,
        kind,
        Optional.empty());
  }

  /** A node whose kind follows {@code virtual} (a VM node, or the virtual-node add-on). */
  public NodeView(
      String name,
      Map<String, String> labels,
      List<Taint> taints,
      Optional<String> pool,
      boolean virtual,
      boolean ready,
      boolean unschedulable,
      Resources allocatable,
      int maxPods,
      Resources requested,
      int podCount,
      Resources daemonSetRequested,
      int daemonSetPods,
      Instant created,
      Optional<Instant> readySince) {
    this(
        name,
        labels,
        taints,
        pool,
        virtual,
        ready,
        unschedulable,
        allocatable,
        maxPods,
        requested,
        podCount,
        daemonSetRequested,
        daemonSetPods,
        created,
        virtual ? VirtualNodeKind.ACI_ADDON : VirtualNodeKind.VM,
        readySince);
  }

  /** A node whose kind follows {@code virtual} and whose Ready transition time is not known. */
  public NodeView(
      String name,
      Map<String, String> labels,
      List<Taint> taints,
      Optional<String> pool,
      boolean virtual,
      boolean ready,
      boolean unschedulable,
      Resources allocatable,
      int maxPods,
      Resources requested,
      int podCount,
      Resources daemonSetRequested,
      int daemonSetPods,
      Instant created) {
    this(
        name,
        labels,
        taints,
        pool,
        virtual,
        ready,
        unschedulable,
        allocatable,
        maxPods,
        requested,
        podCount,
        daemonSetRequested,
        daemonSetPods,
        created,
        virtual ? VirtualNodeKind.ACI_ADDON : VirtualNodeKind.VM,
        Optional.empty());
  }

  /**
   * Pods this virtual node really holds (200 on a v2 node, whatever it advertises); empty when its
   * pod count is not what binds (VM nodes count their own room, the add-on is bound by ACI quota).
   */
  public OptionalInt virtualPodCapacity() {
    return kind.podCapacity(maxPods);
  }

  /** Room left for new pods: allocatable minus everything already requested on it. */
  public Resources freeRoom() {
    return allocatable.minusFloored(requested);
  }

  public int freePodSlots() {
    return Math.max(0, maxPods - podCount);
  }

  /** A Ready, schedulable VM node. */
  public boolean usableVm() {
    return !virtual && ready && !unschedulable;
  }
}
