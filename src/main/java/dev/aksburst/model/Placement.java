package dev.aksburst.model;

import java.util.List;
import java.util.Map;

/**
 * Summary of where the pod template may run.
 *
 * @param tolerations the template's tolerations
 * @param nodeSelector the template's nodeSelector
 * @param requiredNodeAffinity required node affinity terms, each a map of label key to allowed
 *     values (In); the pod may run on a node matching any term
 * @param preferredNodeAffinity preferred terms with their weight (positive attracts, an empty
 *     values list with a negative weight means "avoid nodes having this label key")
 */
public record Placement(
    List<Toleration> tolerations,
    Map<String, String> nodeSelector,
    List<Map<String, List<String>>> requiredNodeAffinity,
    List<PreferredTerm> preferredNodeAffinity) {
  public static final Placement NONE = new Placement(List.of(), Map.of(), List.of(), List.of());

  public Placement {
    tolerations = List.copyOf(tolerations);
    nodeSelector = Map.copyOf(nodeSelector);
    requiredNodeAffinity = requiredNodeAffinity.stream().map(Map::copyOf).toList();
    preferredNodeAffinity = List.copyOf(preferredNodeAffinity);
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
      String v = labels.get(key);
      return switch (operator) {
        case "In" -> v != null && values.contains(v);
        case "NotIn" -> v == null || !values.contains(v);
        case "Exists" -> v != null;
        case "DoesNotExist" -> v == null;
        default -> false;
      };
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

  /** Node selector and required affinity admit a node with these labels. */
  public boolean selects(Map<String, String> labels) {
    for (var e : nodeSelector.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    if (requiredNodeAffinity.isEmpty()) {
      return true;
    }
    return requiredNodeAffinity.stream()
        .anyMatch(
            term ->
                term.entrySet().stream()
                    .allMatch(e -> e.getValue().contains(labels.get(e.getKey()))));
  }
}
