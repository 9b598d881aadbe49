package dev.aksburst.model;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * The StatefulSet that runs the cluster's virtual nodes v2 (one pod per virtual node, {@code
 * <release>-N}), when the operator named it to aks-burst ({@code
 * AKSBURST_VIRTUAL_NODE_STATEFULSET}): aks-burst may add virtual nodes for a burst and take them
 * away after it.
 *
 * @param replicas its {@code spec.replicas}: the virtual nodes asked for
 * @param readyReplicas how many of them run
 * @param baseline the replicas it had before aks-burst first raised it (recorded on the StatefulSet
 *     as {@code aksburst.dev/baseline-replicas}); empty when aks-burst has not raised it
 * @param maxReplicas never more virtual nodes than this ({@code aksburst.dev/max-replicas} on the
 *     StatefulSet, default {@value #DEFAULT_MAX_REPLICAS})
 * @param unscheduled its pods that wait Pending for a VM node: each needs {@link
 *     VirtualNodeKind#V2_NODE_REQUESTS} free on one, and its virtual node is not there until then
 */
public record VirtualNodeSet(
    String namespace,
    String name,
    int replicas,
    int readyReplicas,
    OptionalInt baseline,
    int maxReplicas,
    int unscheduled) {
  public static final int DEFAULT_MAX_REPLICAS = 5;

  public VirtualNodeSet {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(baseline, "baseline");
    if (replicas < 0 || readyReplicas < 0 || maxReplicas < 1 || unscheduled < 0) {
      throw new IllegalArgumentException(
          "StatefulSet "
              + namespace
              + "/"
              + name
              + ": replicas, readyReplicas and unscheduled must be >= 0 and maxReplicas >= 1");
    }
  }

  /** A StatefulSet none of whose pods waits for a VM node. */
  public VirtualNodeSet(
      String namespace,
      String name,
      int replicas,
      int readyReplicas,
      OptionalInt baseline,
      int maxReplicas) {
    this(namespace, name, replicas, readyReplicas, baseline, maxReplicas, 0);
  }

  /** {@code namespace/name}. */
  public String ref() {
    return namespace + "/" + name;
  }
}
