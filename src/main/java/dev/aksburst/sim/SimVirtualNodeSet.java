package dev.aksburst.sim;

import dev.aksburst.contract.Annotations;
import dev.aksburst.model.Resources;
import dev.aksburst.model.Taint;
import dev.aksburst.model.VirtualNodeKind;
import dev.aksburst.model.VirtualNodeSet;
import dev.aksburst.reconcile.WriteFailure;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The StatefulSet of the simulated virtual nodes v2: one virtual node {@code virtualnode-N} per
 * replica, Ready {@link SimVirtualNodesV2#nodeStartDelay()} after the StatefulSet grew; scaling in
 * removes the highest ordinals. A virtual node it adds runs as a pod on a VM node ({@link
 * SimVirtualNodeHosts}). aks-burst's baseline is recorded on it as on a real cluster.
 */
final class SimVirtualNodeSet {
  /** What a v2 virtual node advertises: as large as the add-on's; the 200-pod cap is what binds. */
  static final Resources ALLOCATABLE = Resources.of(10_000_000L, 4L * 1024 * 1024 * 1024 * 1024);

  static final Taint TAINT =
      new Taint(
          Annotations.VIRTUAL_NODE_TAINT_KEY, Annotations.VIRTUAL_NODE_TAINT_VALUE, "NoSchedule");

  private final SimVirtualNodesV2 spec;
  private final SimVirtualNodeHosts hosts = SimVirtualNodeHosts.of();
  private int replicas;
  private OptionalInt baseline = OptionalInt.empty();

  SimVirtualNodeSet(SimVirtualNodesV2 spec) {
    this.spec = spec;
    this.replicas = spec.nodes();
  }

  int replicas() {
    return replicas;
  }

  /** Where the virtual nodes it adds run (their StatefulSet pods on VM nodes). */
  SimVirtualNodeHosts hosts() {
    return hosts;
  }

  /** The node of one ordinal, asked for at {@code at}. */
  SimNode node(int ordinal, Instant at) {
    String name = SimVirtualNodesV2.nodeName(ordinal);
    return new SimNode(
        name,
        Optional.empty(),
        "",
        Map.of(
            Annotations.VIRTUAL_NODE_V2_LABEL_KEY,
            Annotations.VIRTUAL_NODE_V2_LABEL_VALUE,
            "kubernetes.io/os",
            "linux",
            "kubernetes.io/hostname",
            name,
            "kubernetes.io/role",
            "agent",
            Annotations.VIRTUAL_NODE_LABEL_KEY,
            Annotations.VIRTUAL_NODE_LABEL_VALUE),
        List.of(TAINT),
        true,
        ALLOCATABLE,
        VirtualNodeKind.V2_PODS_PER_NODE,
        Resources.ZERO,
        0,
        at,
        at,
        at.plus(spec.nodeStartDelay()),
        Optional.empty(),
        ordinal);
  }

  /** The StatefulSet as aks-burst reads it, when the operator named it. */
  Optional<VirtualNodeSet> view(int readyNodes) {
    if (!spec.statefulSetNamed()) {
      return Optional.empty();
    }
    return Optional.of(
        new VirtualNodeSet(
            SimVirtualNodesV2.NAMESPACE,
            SimVirtualNodesV2.NAME,
            replicas,
            readyNodes,
            baseline,
            spec.maxNodes(),
            hosts.pending().size()));
  }

  /** Writes replicas and the baseline; the caller adds and removes the nodes. */
  void scale(
      String namespace,
      String name,
      int newReplicas,
      OptionalInt recordBaseline,
      boolean forgetBaseline) {
    if (!spec.statefulSetNamed()
        || !SimVirtualNodesV2.NAMESPACE.equals(namespace)
        || !SimVirtualNodesV2.NAME.equals(name)) {
      throw new WriteFailure(
          "NotConfigured",
          "StatefulSet " + namespace + "/" + name + " is not the one named to aks-burst",
          false);
    }
    replicas = newReplicas;
    if (recordBaseline.isPresent()) {
      baseline = recordBaseline;
    } else if (forgetBaseline) {
      baseline = OptionalInt.empty();
    }
  }

  static boolean isV2(SimNode n) {
    return n.virtual()
        && Annotations.VIRTUAL_NODE_V2_LABEL_VALUE.equals(
            n.labels().get(Annotations.VIRTUAL_NODE_V2_LABEL_KEY));
  }
}
