package dev.aksburst.k8s;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code overhead.podFixed} of every RuntimeClass ({@code node.k8s.io/v1}, one list call): the
 * RuntimeClass admission adds it to each Pod, so a pod template that names one needs it added to
 * count as its pods will. Without permission to list them the overhead is reported as not counted.
 */
final class RuntimeClassOverheads {
  private RuntimeClassOverheads() {}

  static Map<String, Map<String, Quantity>> read(KubernetesClient client, List<String> problems) {
    List<RuntimeClass> all;
    try {
      all = client.resources(RuntimeClass.class).list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403 && e.getCode() != 404) {
        throw e;
      }
      problems.add(
          "RuntimeClasses could not be listed ("
              + e.getCode()
              + "), so templates naming one are sized without its pod overhead: grant list on"
              + " node.k8s.io/runtimeclasses (infra/k8s/rbac.yaml)");
      return Map.of();
    }
    Map<String, Map<String, Quantity>> out = new TreeMap<>();
    for (RuntimeClass rc : all) {
      if (rc.getMetadata() == null || rc.getMetadata().getName() == null) {
        continue;
      }
      if (rc.getOverhead() != null && rc.getOverhead().getPodFixed() != null) {
        out.put(rc.getMetadata().getName(), rc.getOverhead().getPodFixed());
      }
    }
    return out;
  }
}
