package dev.aksburst.k8s;

import dev.aksburst.contract.Annotations;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

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

  public static final String NAMESPACES_SETTING = "AKSBURST_NAMESPACES";
  public static final String STATE_NAMESPACE_SETTING = "AKSBURST_STATE_NAMESPACE";
  public static final String VIRTUAL_NODE_LABEL_SETTING = "AKSBURST_VIRTUAL_NODE_LABEL";
  public static final String VIRTUAL_NODE_TAINT_SETTING = "AKSBURST_VIRTUAL_NODE_TAINT";

  private static final Pattern DNS1123_LABEL =
      Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern LABEL_KEY =
      Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

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

  /**
   * Reads {@code AKSBURST_NAMESPACES}, {@code AKSBURST_STATE_NAMESPACE}, {@code
   * AKSBURST_VIRTUAL_NODE_LABEL} and {@code AKSBURST_VIRTUAL_NODE_TAINT}, reporting each bad one to
   * {@code problems} (naming the setting and its value) and using its default instead. Blank values
   * count as unset. The options returned are for {@code clusterId}; {@link #forCluster} gives them
   * to the other clusters of the same settings.
   */
  public static KubernetesOptions parse(
      Map<String, String> env, String clusterId, Clock clock, Consumer<String> problems) {
    List<String> namespaces =
        text(env, NAMESPACES_SETTING)
            .map(
                v ->
                    Arrays.stream(v.split(","))
                        .map(String::trim)
                        .filter(x -> !x.isEmpty())
                        .toList())
            .orElse(List.of());
    for (String ns : namespaces) {
      if (!DNS1123_LABEL.matcher(ns).matches()) {
        problems.accept(NAMESPACES_SETTING + ": \"" + ns + "\" is not a namespace name");
      }
    }
    String stateNs = text(env, STATE_NAMESPACE_SETTING).orElse(DEFAULT_STATE_NAMESPACE);
    if (!DNS1123_LABEL.matcher(stateNs).matches()) {
      problems.accept(STATE_NAMESPACE_SETTING + "=\"" + stateNs + "\" is not a namespace name");
      stateNs = DEFAULT_STATE_NAMESPACE;
    }
    String label = text(env, VIRTUAL_NODE_LABEL_SETTING).orElse(Annotations.VIRTUAL_NODE_LABEL);
    int eq = label.indexOf('=');
    String key = eq < 0 ? label : label.substring(0, eq).trim();
    String value = eq < 0 ? "" : label.substring(eq + 1).trim();
    if (!LABEL_KEY.matcher(key).matches() || !LABEL_VALUE.matcher(value).matches()) {
      problems.accept(
          VIRTUAL_NODE_LABEL_SETTING
              + "=\""
              + label
              + "\" is not a label key=value (e.g. "
              + Annotations.VIRTUAL_NODE_LABEL
              + ")");
      label = Annotations.VIRTUAL_NODE_LABEL;
    } else {
      label = key + "=" + value;
    }
    String taint = text(env, VIRTUAL_NODE_TAINT_SETTING).orElse(Annotations.VIRTUAL_NODE_TAINT_KEY);
    if (!LABEL_KEY.matcher(taint).matches()) {
      problems.accept(
          VIRTUAL_NODE_TAINT_SETTING
              + "=\""
              + taint
              + "\" is not a taint key (e.g. "
              + Annotations.VIRTUAL_NODE_TAINT_KEY
              + ")");
      taint = Annotations.VIRTUAL_NODE_TAINT_KEY;
    }
    return new KubernetesOptions(clusterId, namespaces, stateNs, label, taint, clock);
  }

  private static Optional<String> text(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  /** The same options for another cluster and clock. */
  public KubernetesOptions forCluster(String id, Clock c) {
    return new KubernetesOptions(
        id,
        namespaces,
        stateNamespace,
        virtualNodeLabel,
        virtualNodeTaintKey,
        c,
        virtualNodeStatefulSet);
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

  public String virtualLabelKey() {
    return virtualNodeLabel.substring(0, virtualNodeLabel.indexOf('='));
  }

  public String virtualLabelValue() {
    return virtualNodeLabel.substring(virtualNodeLabel.indexOf('=') + 1);
  }
}
