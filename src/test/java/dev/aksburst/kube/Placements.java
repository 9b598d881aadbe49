package dev.aksburst.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/** Where the live pods of one Deployment are, as the API server shows them. */
record Placements(List<Pod> pods, String virtualNode) {
  static Placements of(KubernetesClient client, String namespace, Map<String, String> selector) {
    List<Pod> live =
        client.pods().inNamespace(namespace).withLabels(selector).list().getItems().stream()
            .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
            .toList();
    return new Placements(live, KwokStages.VIRTUAL_NODE);
  }

  int total() {
    return pods.size();
  }

  int onVirtual() {
    return (int) pods.stream().filter(p -> virtualNode.equals(node(p))).count();
  }

  int onVm() {
    return (int) pods.stream().filter(p -> node(p) != null && !virtualNode.equals(node(p))).count();
  }

  int pending() {
    return (int) pods.stream().filter(p -> node(p) == null).count();
  }

  int ready() {
    return (int) pods.stream().filter(Placements::isReady).count();
  }

  int readyOnVm() {
    return (int)
        pods.stream()
            .filter(p -> isReady(p) && node(p) != null && !virtualNode.equals(node(p)))
            .count();
  }

  List<String> names() {
    return pods.stream().map(p -> p.getMetadata().getName()).sorted().toList();
  }

  List<String> namesOnVirtual() {
    return pods.stream()
        .filter(p -> virtualNode.equals(node(p)))
        .map(p -> p.getMetadata().getName())
        .sorted()
        .toList();
  }

  List<String> namesOnVm() {
    return pods.stream()
        .filter(p -> node(p) != null && !virtualNode.equals(node(p)))
        .map(p -> p.getMetadata().getName())
        .sorted()
        .toList();
  }

  static String node(Pod p) {
    return p.getSpec().getNodeName();
  }

  static boolean isReady(Pod p) {
    return p.getStatus() != null
        && p.getStatus().getConditions() != null
        && p.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  @Override
  public String toString() {
    return total()
        + " pods: "
        + onVm()
        + " on VMs, "
        + onVirtual()
        + " on the virtual node, "
        + pending()
        + " pending, "
        + ready()
        + " Ready";
  }
}
