package dev.aksburst.model;

import java.util.OptionalInt;

/**
 * Which kind of node a {@link NodeView} is, as far as ACI cares.
 *
 * <ul>
 *   <li>{@link #VM}: not a virtual node.
 *   <li>{@link #ACI_ADDON}: the AKS virtual-node add-on ({@code virtual-node-aci-linux}, label
 *       {@code type=virtual-kubelet}): one node that advertises 10000 CPU, 4 Ti and 5000 pods; what
 *       binds is the region's ACI quota. It can not mount PersistentVolumeClaims.
 *   <li>{@link #V2}: virtual nodes v2 (Helm chart or AKS extension; {@code <release>-N}, label
 *       {@code virtualization=virtualnode2}): each node holds at most {@value #V2_PODS_PER_NODE}
 *       pods whatever it advertises, runs as a StatefulSet pod taking 3 cores and 12 GB of a VM
 *       node, and supports init containers, container hooks and persistent volumes (Azure Files).
 * </ul>
 */
public enum VirtualNodeKind {
  VM,
  ACI_ADDON,
  V2;

  /** The most pods one virtual node of kind v2 holds. */
  public static final int V2_PODS_PER_NODE = 200;

  /**
   * What one virtual node v2 takes of one of the cluster's VM nodes: its StatefulSet pod needs 3
   * cores and 12 GB ("Each virtual node requires 3 cores and 12 GB on one of the AKS cluster's
   * VMs", microsoft/virtualnodesOnAzureContainerInstances README, "virtual node Resourcing"; taken
   * as 12 GiB). The same README asks for VM nodes of at least 4 CPU and 16 GB.
   */
  public static final Resources V2_NODE_REQUESTS = Resources.of(3000, 12L * 1024 * 1024 * 1024);

  public boolean virtual() {
    return this != VM;
  }

  /**
   * How many pods one node of this kind really holds: on v2 {@value #V2_PODS_PER_NODE} (or fewer
   * when the node advertises fewer); empty when the node's pods are not what binds (a VM node
   * counts its own room, the add-on is bound by the ACI quota).
   */
  public OptionalInt podCapacity(int advertisedPods) {
    if (this != V2) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(
        advertisedPods > 0 ? Math.min(advertisedPods, V2_PODS_PER_NODE) : V2_PODS_PER_NODE);
  }

  /** Whether ACI behind this kind of node mounts a PersistentVolumeClaim (Azure Files on v2). */
  public boolean mountsClaims() {
    return this == V2;
  }
}
