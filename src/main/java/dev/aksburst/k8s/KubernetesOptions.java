package dev.aksburst.k8s;

import dev.aksburst.contract.Annotations;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the Kubernetes adapters see one cluster.
 *
 * @param clusterId the cluster's ARM id (or a local name), copied into the snapshot
 * @param namespaces namespaces to watch for opted-in Deployments; empty means all
 * @param stateNamespace where the Lease and the pool-state ConfigMap live
 * @param virtualNodeLabel {@code key=value} that marks a virtual node
 * @param virtualNodeTaintKey a taint with this key also marks a virtual node
 * @param clock time for observedAt, Events and Lease expiry
 * @param virtualNodeStatefulSet {@code namespace/name} of the virtual nodes v2 StatefulSet
 *     aks-burst may scale for a burst ({@code AKSBURST_VIRTUAL_NODE_STATEFULSET}); empty: never
 */
public record KubernetesOptions(
    String clusterId,
    List<String> namespaces,
    String stateNamespace,
    String virtualNodeLabel,
    String virtualNodeTaintKey,
    Clock clock,
    Optional<String> virtualNodeStatefulSet) {
  public static final String DEFAULT_STATE_NAMESPACE = "aks-burst";

  public KubernetesOptions {
    Objects.requireNonNull(clusterId, "clusterId");
    namespaces = List.copyOf(namespaces);
    if (stateNamespace == null || stateNamespace.isBlank()) {
      throw new IllegalArgumentException("stateNamespace must name a namespace, e.g. aks-burst");
    }
    Objects.requireNonNull(virtualNodeLabel, "virtualNodeLabel");
    int eq = virtualNodeLabel.indexOf('=');
    if (eq <= 0 || eq == virtualNodeLabel.length() - 1) {
      throw new IllegalArgumentException(
          "virtual node label \""
              + virtualNodeLabel
              + "\" must be key=value, e.g. "
              + Annotations.VIRTUAL_NODE_LABEL);
    }
    if (virtualNodeTaintKey == null || virtualNodeTaintKey.isBlank()) {
      throw new IllegalArgumentException(
          "virtual node taint key must not be empty, e.g. " + Annotations.VIRTUAL_NODE_TAINT_KEY);
    }
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(virtualNodeStatefulSet, "virtualNodeStatefulSet");
    virtualNodeStatefulSet.ifPresent(KubernetesVirtualNodeSet::parseRef);
  }

  /** Options without a virtual nodes v2 StatefulSet to scale. */
  public KubernetesOptions(
      String clusterId,
      List<String> namespaces,
      String stateNamespace,
      String virtualNodeLabel,
      String virtualNodeTaintKey,
      Clock clock) {
    this(
        clusterId,
        namespaces,
        stateNamespace,
        virtualNodeLabel,
        virtualNodeTaintKey,
        clock,
        Optional.empty());
  }

  /** The AKS defaults: all namespaces, state in {@code aks-burst}, the add-on's label and taint. */
  public static KubernetesOptions defaults(String clusterId, Clock clock) {
    return new KubernetesOptions(
        clusterId,
        List.of(),
        DEFAULT_STATE_NAMESPACE,
        Annotations.VIRTUAL_NODE_LABEL,
        Annotations.VIRTUAL_NODE_TAINT_KEY,
        clock);
  }

  public KubernetesOptions withNamespaces(List<String> ns) {
    return new KubernetesOptions(
        clusterId,
        ns,
        stateNamespace,
        virtualNodeLabel,
        virtualNodeTaintKey,
        clock,
        virtualNodeStatefulSet);
  }

  public KubernetesOptions withClock(Clock c) {
    return new KubernetesOptions(
        clusterId,
        namespaces,
        stateNamespace,
        virtualNodeLabel,
        virtualNodeTaintKey,
        c,
        virtualNodeStatefulSet);
  }

  /** These options with the virtual nodes v2 StatefulSet ({@code namespace/name}) to scale. */
  public KubernetesOptions withVirtualNodeStatefulSet(Optional<String> ref) {
    return new KubernetesOptions(
        clusterId, namespaces, stateNamespace, virtualNodeLabel, virtualNodeTaintKey, clock, ref);
  }

  String virtualLabelKey() {
    return virtualNodeLabel.substring(0, virtualNodeLabel.indexOf('='));
  }

  String virtualLabelValue() {
    return virtualNodeLabel.substring(virtualNodeLabel.indexOf('=') + 1);
  }
}
