package dev.aksburst.k8s;

import static dev.aksburst.k8s.KubeObjects.nullSafe;

import dev.aksburst.model.Resources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Requests of one pod as kube-scheduler counts them, from a Pod or from a pod template before the
 * API server has defaulted it:
 *
 * <ul>
 *   <li>a container (and the pod-level block) that sets a limit but no request for a resource
 *       requests its limit, as the API server defaults Pods (templates are stored undefaulted);
 *   <li>app containers and restartable (sidecar) init containers are summed; each regular init
 *       container counts together with the sidecars started before it; the larger of the two;
 *   <li>pod-level {@code spec.resources} (PodLevelResources, beta and on since 1.34) replaces the
 *       containers' sum for the resources it names (cpu, memory, hugepages);
 *   <li>plus the pod overhead: {@code spec.overhead} when set (the RuntimeClass admission sets it
 *       on Pods), otherwise, for a template, the overhead of its {@code runtimeClassName}.
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
    Resources sidecars = Resources.ZERO;
    Resources initPeak = Resources.ZERO;
    for (Container c : nullSafe(spec.getInitContainers())) {
      Resources r = requests(c.getResources(), problems, where + " init container " + c.getName());
      if ("Always".equals(c.getRestartPolicy())) {
        sidecars = sidecars.plus(r);
      } else {
        initPeak = initPeak.max(sidecars.plus(r));
      }
    }
    Resources app = sidecars;
    for (Container c : nullSafe(spec.getContainers())) {
      app = app.plus(requests(c.getResources(), problems, where + " container " + c.getName()));
    }
    Resources total = podLevel(app.max(initPeak), spec.getResources(), problems, where);
    Map<String, Quantity> overhead = spec.getOverhead();
    if ((overhead == null || overhead.isEmpty()) && spec.getRuntimeClassName() != null) {
      overhead = runtimeClassOverheads.get(spec.getRuntimeClassName());
    }
    return total.plus(KubeObjects.resources(overhead, problems, where + " overhead"));
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

  private static Resources podLevel(
      Resources containers, ResourceRequirements pod, List<String> problems, String where) {
    if (pod == null) {
      return containers;
    }
    Map<String, Quantity> named = defaulted(pod);
    if (named.isEmpty()) {
      return containers;
    }
    Resources level = KubeObjects.resources(named, problems, where + " pod-level resources");
    long cpu = named.containsKey("cpu") ? level.milliCpu() : containers.milliCpu();
    long memory = named.containsKey("memory") ? level.memoryBytes() : containers.memoryBytes();
    Map<String, Long> scalars = new HashMap<>(containers.scalars());
    for (String name : named.keySet()) {
      if (name.startsWith("hugepages-")) {
        scalars.put(name, level.scalar(name));
      }
    }
    return new Resources(cpu, memory, scalars);
  }
}
