package dev.aksburst.k8s;

import static dev.aksburst.k8s.KubeObjects.nullSafe;

import dev.aksburst.model.PodRequests.Kind;
import dev.aksburst.model.PodRequests.PodLevel;
import dev.aksburst.model.Resources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates a Pod, or a pod template before the API server has defaulted it, into the containers
 * {@link dev.aksburst.model.PodRequests} adds up as kube-scheduler does:
 *
 * <ul>
 *   <li>a container (and the pod-level block) that sets a limit but no request for a resource
 *       requests its limit, as the API server defaults Pods (templates are stored undefaulted);
 *   <li>init containers with {@code restartPolicy: Always} are sidecars;
 *   <li>pod-level {@code spec.resources} names the resources it replaces;
 *   <li>the pod overhead is {@code spec.overhead} when set (the RuntimeClass admission sets it on
 *       Pods), otherwise, for a template, the overhead of its {@code runtimeClassName}.
 * </ul>
 */
final class PodRequests {
  private PodRequests() {}

  /**
   * @param runtimeClassOverheads {@code overhead.podFixed} per RuntimeClass name
   */
  static Resources of(
      PodSpec spec,
      Map<String, Map<String, Quantity>> runtimeClassOverheads,
      List<String> problems,
      String where) {
    if (spec == null) {
      return Resources.ZERO;
    }
    List<dev.aksburst.model.PodRequests.Container> containers = new ArrayList<>();
    for (Container c : nullSafe(spec.getInitContainers())) {
      containers.add(
          new dev.aksburst.model.PodRequests.Container(
              String.valueOf(c.getName()),
              "Always".equals(c.getRestartPolicy()) ? Kind.SIDECAR : Kind.INIT,
              requests(c.getResources(), problems, where + " init container " + c.getName())));
    }
    for (Container c : nullSafe(spec.getContainers())) {
      containers.add(
          new dev.aksburst.model.PodRequests.Container(
              String.valueOf(c.getName()),
              Kind.APP,
              requests(c.getResources(), problems, where + " container " + c.getName())));
    }
    Map<String, Quantity> overhead = spec.getOverhead();
    if ((overhead == null || overhead.isEmpty()) && spec.getRuntimeClassName() != null) {
      overhead = runtimeClassOverheads.get(spec.getRuntimeClassName());
    }
    return dev.aksburst.model.PodRequests.of(
        containers,
        podLevel(spec.getResources(), problems, where),
        KubeObjects.resources(overhead, problems, where + " overhead"));
  }

  /** Requests with each limit-only resource requesting its limit. */
  static Resources requests(ResourceRequirements r, List<String> problems, String where) {
    if (r == null) {
      return Resources.ZERO;
    }
    return KubeObjects.resources(defaulted(r), problems, where);
  }

  private static Map<String, Quantity> defaulted(ResourceRequirements r) {
    Map<String, Quantity> out = new HashMap<>();
    if (r.getLimits() != null) {
      out.putAll(r.getLimits());
    }
    if (r.getRequests() != null) {
      out.putAll(r.getRequests());
    }
    out.remove(null);
    out.values().removeIf(java.util.Objects::isNull);
    return out;
  }

  private static PodLevel podLevel(ResourceRequirements pod, List<String> problems, String where) {
    if (pod == null) {
      return PodLevel.NONE;
    }
    Map<String, Quantity> named = defaulted(pod);
    if (named.isEmpty()) {
      return PodLevel.NONE;
    }
    return new PodLevel(
        KubeObjects.resources(named, problems, where + " pod-level resources"), named.keySet());
  }
}
