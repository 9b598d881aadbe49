package dev.aksburst.k8s;

import static dev.aksburst.k8s.KubeObjects.nullSafe;

import dev.aksburst.model.DisruptionBudgetView;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The PodDisruptionBudgets of the watched scope, as the node-pool restore checks them. */
final class DisruptionBudgets {
  private final KubernetesClient client;
  private final KubernetesOptions options;

  DisruptionBudgets(KubernetesClient client, KubernetesOptions options) {
    this.client = client;
    this.options = options;
  }

  /**
   * PodDisruptionBudgets ({@code policy/v1}) of the watched scope, sorted by namespace and name. A
   * null selector covers no pod and is left out; a selector with {@code matchExpressions} is kept
   * as not understood (its {@code matchLabels} part only) and reported; a budget without {@code
   * status.disruptionsAllowed} (its controller has not counted it yet) allows 0 and is reported.
   * Without permission to list them (an older rbac.yaml) they are reported as not checked rather
   * than failing the snapshot.
   */
  List<DisruptionBudgetView> read(List<String> problems) {
    List<PodDisruptionBudget> all;
    try {
      all = listDisruptionBudgets();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      problems.add(
          "PodDisruptionBudgets could not be listed (403 Forbidden), so node pool restores do not"
              + " check them and AKS's drain may stall on one: grant list on"
              + " policy/poddisruptionbudgets (infra/k8s/rbac.yaml)");
      return List.of();
    }
    List<DisruptionBudgetView> views = new ArrayList<>();
    for (PodDisruptionBudget b : all) {
      String name = b.getMetadata().getNamespace() + "/" + b.getMetadata().getName();
      var selector = b.getSpec() == null ? null : b.getSpec().getSelector();
      if (selector == null) {
        continue;
      }
      boolean understood = nullSafe(selector.getMatchExpressions()).isEmpty();
      if (!understood) {
        problems.add(
            "PodDisruptionBudget "
                + name
                + " selects pods with matchExpressions, which aks-burst does not evaluate: it"
                + " treats the budget as covering every pod its matchLabels select (all pods of"
                + " the namespace when it has none); use matchLabels only for an exact check");
      }
      Integer allowed = b.getStatus() == null ? null : b.getStatus().getDisruptionsAllowed();
      if (allowed == null) {
        problems.add(
            "PodDisruptionBudget "
                + name
                + " has no status.disruptionsAllowed yet (the disruption controller has not"
                + " counted its pods): taken as 0 until it has");
      }
      views.add(
          new DisruptionBudgetView(
              b.getMetadata().getNamespace(),
              b.getMetadata().getName(),
              selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels(),
              understood,
              allowed == null ? 0 : Math.max(0, allowed)));
    }
    views.sort(
        Comparator.comparing(DisruptionBudgetView::namespace)
            .thenComparing(DisruptionBudgetView::name));
    return views;
  }

  private List<PodDisruptionBudget> listDisruptionBudgets() {
    var api = client.policy().v1().podDisruptionBudget();
    if (options.namespaces().isEmpty()) {
      return api.inAnyNamespace().list().getItems();
    }
    List<PodDisruptionBudget> all = new ArrayList<>();
    for (String ns : options.namespaces()) {
      all.addAll(api.inNamespace(ns).list().getItems());
    }
    return all;
  }
}
