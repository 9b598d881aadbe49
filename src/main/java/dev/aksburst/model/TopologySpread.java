package dev.aksburst.model;

import java.util.List;
import java.util.Map;

/**
 * One {@code topologySpreadConstraints} entry of a pod template, as kube-scheduler's
 * PodTopologySpread filter reads it. Only {@code DoNotSchedule} constraints filter nodes ({@code
 * ScheduleAnyway} only scores, and is kept to be reported).
 *
 * @param maxSkew the most the matching pods of one domain may exceed the least populated domain by
 * @param topologyKey the node label whose values are the domains; a node lacking it is no domain
 *     and a {@code DoNotSchedule} constraint keeps the pod off it
 * @param doNotSchedule {@code whenUnsatisfiable: DoNotSchedule} (the default)
 * @param selector the constraint's {@code labelSelector} ({@code matchLabels} as {@code In [v]}),
 *     matched against pod labels; empty selects no pod (a nil selector counts nothing)
 * @param selects false when the constraint has no labelSelector at all
 * @param minDomains while fewer eligible domains exist, the least populated counts as 0
 * @param honorTaints {@code nodeTaintsPolicy: Honor}: only nodes whose taints the pod tolerates are
 *     domains (default Ignore: every node its node affinity admits is)
 * @param honorAffinity {@code nodeAffinityPolicy: Honor} (the default): only nodes its nodeSelector
 *     and required node affinity admit are domains
 */
public record TopologySpread(
    int maxSkew,
    String topologyKey,
    boolean doNotSchedule,
    List<NodeSelectorRequirement> selector,
    boolean selects,
    int minDomains,
    boolean honorTaints,
    boolean honorAffinity) {
  public static final String HOSTNAME = "kubernetes.io/hostname";
  public static final String ZONE = "topology.kubernetes.io/zone";

  public TopologySpread {
    topologyKey = topologyKey == null ? "" : topologyKey;
    selector = List.copyOf(selector);
    maxSkew = Math.max(1, maxSkew);
    minDomains = Math.max(1, minDomains);
  }

  /** A {@code DoNotSchedule} constraint with the defaults, counting pods with these labels. */
  public static TopologySpread hard(int maxSkew, String topologyKey, Map<String, String> match) {
    return new TopologySpread(
        maxSkew,
        topologyKey,
        true,
        match.entrySet().stream()
            .map(e -> NodeSelectorRequirement.in(e.getKey(), e.getValue()))
            .toList(),
        true,
        1,
        false,
        true);
  }

  /** Its labelSelector selects a pod with these labels. */
  public boolean counts(Map<String, String> podLabels) {
    return selects && selector.stream().allMatch(r -> r.matches(podLabels));
  }

  @Override
  public String toString() {
    return topologyKey
        + " maxSkew "
        + maxSkew
        + (doNotSchedule ? " DoNotSchedule" : " ScheduleAnyway");
  }
}
