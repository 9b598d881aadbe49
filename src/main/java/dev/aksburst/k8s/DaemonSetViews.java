package dev.aksburst.k8s;

import dev.aksburst.model.DaemonSetView;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every DaemonSet of the cluster (one list, all namespaces: kube-system's count on every node):
 * what a new node will run. Without permission to list them, empty, and a new node's DaemonSet
 * overhead is taken from the pool's nodes instead.
 */
final class DaemonSetViews {
  private DaemonSetViews() {}

  static Optional<List<DaemonSet>> list(KubernetesClient client, List<String> problems) {
    try {
      return Optional.of(client.apps().daemonSets().inAnyNamespace().list().getItems());
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      problems.add(
          "DaemonSets could not be listed (403 Forbidden), so opted-in DaemonSets are not"
              + " reported and a new node's DaemonSet overhead is taken from the pool's nodes:"
              + " grant list on apps/daemonsets (infra/k8s/rbac.yaml)");
      return Optional.empty();
    }
  }

  static List<DaemonSetView> views(
      List<DaemonSet> all,
      Map<String, Map<String, Quantity>> runtimeOverheads,
      List<String> problems) {
    return all.stream()
        .filter(d -> d.getMetadata() != null && d.getMetadata().getName() != null)
        .map(d -> view(d, runtimeOverheads, problems))
        .sorted(Comparator.comparing(DaemonSetView::namespace).thenComparing(DaemonSetView::name))
        .toList();
  }

  private static DaemonSetView view(
      DaemonSet d, Map<String, Map<String, Quantity>> runtimeOverheads, List<String> problems) {
    String ns = d.getMetadata().getNamespace() == null ? "" : d.getMetadata().getNamespace();
    String name = ns + "/" + d.getMetadata().getName();
    PodSpec spec =
        d.getSpec() == null || d.getSpec().getTemplate() == null
            ? null
            : d.getSpec().getTemplate().getSpec();
    return new DaemonSetView(
        ns,
        d.getMetadata().getName(),
        PodRequests.of(spec, runtimeOverheads, problems, "DaemonSet " + name + " template"),
        KubernetesClusterReader.placement(spec));
  }
}
