package dev.aksburst.model;

import java.util.List;
import java.util.Map;

/**
 * Summary of where the pod template may run.
 *
 * @param tolerations the template's tolerations
 * @param nodeSelector the template's nodeSelector
 * @param requiredNodeAffinity the terms of {@code requiredDuringSchedulingIgnoredDuringExecution};
 *     the pod may run on a node matching any term, and anywhere when there is none
 * @param preferredNodeAffinity preferred terms with their weight (positive attracts, an empty
 *     values list with a negative weight means "avoid nodes having this label key")
 * @param spread the template's {@code topologySpreadConstraints} ({@link SpreadCounts} applies
 *     them)
 */
public record Placement(
    List<Toleration> tolerations,
    Map<String, String> nodeSelector,
    List<NodeSelectorTerm> requiredNodeAffinity,
    List<PreferredTerm> preferredNodeAffinity,
    List<TopologySpread> spread) {
  public static final Placement NONE = new Placement(List.of(), Map.of(), List.of(), List.of());

  public Placement {
    tolerations = List.copyOf(tolerations);
    nodeSelector = Map.copyOf(nodeSelector);
    requiredNodeAffinity = List.copyOf(requiredNodeAffinity);
    preferredNodeAffinity = List.copyOf(preferredNodeAffinity);
    spread = List.copyOf(spread);
  }

  /** A placement without topology spread constraints. */
  public Placement(
      List<Toleration> tolerations,
      Map<String, String> nodeSelector,
      List<NodeSelectorTerm> requiredNodeAffinity,
      List<PreferredTerm> preferredNodeAffinity) {
    this(tolerations, nodeSelector, requiredNodeAffinity, preferredNodeAffinity, List.of());
  }

  /** This placement with these spread constraints. */
  public Placement withSpread(List<TopologySpread> constraints) {
    return new Placement(
        tolerations, nodeSelector, requiredNodeAffinity, preferredNodeAffinity, constraints);
  }

  /** Its {@code DoNotSchedule} constraints whose key a node with these labels lacks. */
  public List<TopologySpread> spreadKeysMissingOn(Map<String, String> labels) {
    return spread.stream()
        .filter(TopologySpread::doNotSchedule)
        .filter(c -> !labels.containsKey(c.topologyKey()))
        .toList();
  }

  /**
   * One preferred scheduling term: {@code key operator values} with a weight (1..100).
   *
   * @param operator In, NotIn, Exists or DoesNotExist
   */
  public record PreferredTerm(int weight, String key, String operator, List<String> values) {
    public PreferredTerm {
      values = List.copyOf(values);
    }

    public boolean matches(Map<String, String> labels) {
      return new NodeSelectorRequirement(key, operator, values).matches(labels);
    }
  }

  public boolean tolerates(List<Taint> taints) {
    for (Taint t : taints) {
      if (t.effect().equals("PreferNoSchedule")) {
        continue;
      }
      if (tolerations.stream().noneMatch(tol -> tol.tolerates(t))) {
        return false;
      }
    }
    return true;
  }

  /** Node selector and required affinity admit a node, not yet named, with these labels. */
  public boolean selects(Map<String, String> labels) {
    return selects(null, labels);
  }

  /**
   * Node selector and required affinity admit this node, as kube-scheduler's NodeAffinity filter
   * decides: every nodeSelector pair must be a label of the node, and one required term must match
   * (a node lacking a key never matches {@code In}; it never throws).
   *
   * @param nodeName the node's name for {@code matchFields}, null for a node still to be created
   */
  public boolean selects(String nodeName, Map<String, String> labels) {
    for (var e : nodeSelector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    if (requiredNodeAffinity.isEmpty()) {
      return true;
    }
    return requiredNodeAffinity.stream().anyMatch(term -> term.matches(nodeName, labels));
  }
}
