package dev.aksburst.sim;

import dev.aksburst.model.PoolMode;
import dev.aksburst.model.Resources;
import dev.aksburst.model.Taint;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A VM node pool of the scenario.
 *
 * @param count nodes at the start
 * @param minCount autoscaler minimum (AUTOSCALER mode only)
 * @param maxCount autoscaler maximum (AUTOSCALER mode only; manual pools are capped by the
 *     controller's own setting)
 * @param allocatable what one node's kubelet reports as allocatable
 * @param daemonSetRequested what the DaemonSet pods of one node request (kube-proxy, CNI, CSI...)
 * @param labels extra node labels (the agent pool label is added)
 */
public record SimPoolSpec(
    String name,
    PoolMode mode,
    int count,
    OptionalInt minCount,
    OptionalInt maxCount,
    String vmSize,
    Resources allocatable,
    int maxPods,
    Resources daemonSetRequested,
    int daemonSetPods,
    Map<String, String> labels,
    List<Taint> taints) {
  public SimPoolSpec {
    Objects.requireNonNull(name, "pool name");
    Objects.requireNonNull(mode, "pool mode");
    Objects.requireNonNull(minCount, "minCount");
    Objects.requireNonNull(maxCount, "maxCount");
    Objects.requireNonNull(vmSize, "vmSize");
    Objects.requireNonNull(allocatable, "allocatable");
    Objects.requireNonNull(daemonSetRequested, "daemonSetRequested");
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
    if (count < 0 || maxPods < 1 || daemonSetPods < 0) {
      throw new IllegalArgumentException(
          "pool " + name + ": count >= 0, maxPods >= 1 and daemonSetPods >= 0 are required");
    }
    if (mode == PoolMode.AUTOSCALER && (minCount.isEmpty() || maxCount.isEmpty())) {
      throw new IllegalArgumentException(
          "pool " + name + " uses the cluster autoscaler: give it minCount and maxCount");
    }
  }
}
