package dev.aksburst.model;

import java.util.Map;
import java.util.Objects;

/**
 * A {@code policy/v1} PodDisruptionBudget as the planner needs it: which pods it covers and how
 * many of them may be evicted now. aks-burst never evicts, but AKS's drain of the nodes a manual
 * pool loses on scale-in honours it.
 *
 * @param matchLabels the selector's {@code matchLabels}; an empty map with {@code
 *     selectorUnderstood} selects every pod of the namespace, as {@code policy/v1} does for {@code
 *     {}}
 * @param selectorUnderstood false when the selector also has {@code matchExpressions}, which
 *     aks-burst does not evaluate: then {@code matchLabels} is only the part it could read, and the
 *     budget may cover fewer pods than {@link #mayCover} says
 * @param disruptionsAllowed {@code status.disruptionsAllowed}: evictions the API server grants now
 */
public record DisruptionBudgetView(
    String namespace,
    String name,
    Map<String, String> matchLabels,
    boolean selectorUnderstood,
    int disruptionsAllowed) {
  public DisruptionBudgetView {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    if (namespace.isBlank() || name.isBlank()) {
      throw new IllegalArgumentException(
          "a PodDisruptionBudget needs a namespace and a name, got \""
              + namespace
              + "/"
              + name
              + "\"");
    }
    matchLabels = Map.copyOf(matchLabels);
    if (disruptionsAllowed < 0) {
      throw new IllegalArgumentException(
          "PodDisruptionBudget "
              + namespace
              + "/"
              + name
              + ": disruptionsAllowed "
              + disruptionsAllowed
              + " is negative");
    }
  }

  /**
   * The budget covers a pod of {@code podNamespace} with {@code podLabels}: same namespace and
   * every {@code matchLabels} entry among the pod's labels. When the selector is not understood
   * this is an upper bound (its expressions may exclude the pod).
   */
  public boolean mayCover(String podNamespace, Map<String, String> podLabels) {
    return namespace.equals(podNamespace)
        && matchLabels.entrySet().stream()
            .allMatch(e -> e.getValue().equals(podLabels.get(e.getKey())));
  }

  /** {@code namespace/name}, as kubectl names it. */
  public String qualifiedName() {
    return namespace + "/" + name;
  }
}
