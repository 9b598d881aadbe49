package dev.aksburst.sim;

import dev.aksburst.model.PoolMode;
import dev.aksburst.model.Resources;
import dev.aksburst.model.Taint;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * @param virtualMachines an agent pool of {@code type: VirtualMachines} (scaled through {@code
 *     virtualMachinesProfile.scale.manual}, nodes named {@code ...-vms<N>}), not a VM scale set
 * @param deallocate {@code scaleDownMode: Deallocate}: a scale-in deallocates nodes (they stay
 *     registered, NotReady, tainted {@code node.cloudprovider.kubernetes.io/shutdown}), a scale-out
 *     starts them ({@link SimSettings#deallocatedStartDelay}) before it creates new ones
 * @param deallocatedNodes nodes deallocated at the start, beyond {@code count} (Deallocate only)
 * @param scaleOutError every scale-out of the pool fails after ARM accepted it with this Azure
 *     error ({@code Code: message}, e.g. {@code AllocationFailed: ...})
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
    List<Taint> taints,
    boolean virtualMachines,
    boolean deallocate,
    int deallocatedNodes,
    Optional<String> scaleOutError) {
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
    Objects.requireNonNull(scaleOutError, "scaleOutError");
    if (deallocatedNodes < 0 || (deallocatedNodes > 0 && !deallocate)) {
      throw new IllegalArgumentException(
          "pool "
              + name
              + ": deallocatedNodes "
              + deallocatedNodes
              + " needs scaleDownMode Deallocate and must be >= 0");
    }
    if (scaleOutError.isPresent() && scaleOutError.get().indexOf(':') <= 0) {
      throw new IllegalArgumentException(
          "pool " + name + ": scaleOutError is \"Code: message\", got " + scaleOutError.get());
    }
    if (mode == PoolMode.AUTOSCALER && (minCount.isEmpty() || maxCount.isEmpty())) {
      throw new IllegalArgumentException(
          "pool " + name + " uses the cluster autoscaler: give it minCount and maxCount");
    }
  }

  /** A VMSS pool in Delete mode whose writes succeed. */
  public SimPoolSpec(
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
    this(
        name,
        mode,
        count,
        minCount,
        maxCount,
        vmSize,
        allocatable,
        maxPods,
        daemonSetRequested,
        daemonSetPods,
        labels,
        taints,
        false,
        false,
        0,
        Optional.empty());
  }

  /** The same pool under another name, with {@code count} nodes. */
  public SimPoolSpec named(String newName, int newCount) {
    return new SimPoolSpec(
        newName,
        mode,
        newCount,
        minCount,
        maxCount,
        vmSize,
        allocatable,
        maxPods,
        daemonSetRequested,
        daemonSetPods,
        labels,
        taints,
        virtualMachines,
        deallocate,
        deallocatedNodes,
        scaleOutError);
  }

  /** The same pool as an agent pool of {@code type: VirtualMachines}. */
  public SimPoolSpec asVirtualMachines() {
    return new SimPoolSpec(
        name,
        mode,
        count,
        minCount,
        maxCount,
        vmSize,
        allocatable,
        maxPods,
        daemonSetRequested,
        daemonSetPods,
        labels,
        taints,
        true,
        deallocate,
        deallocatedNodes,
        scaleOutError);
  }

  /** The same pool in {@code scaleDownMode: Deallocate}, holding {@code n} deallocated nodes. */
  public SimPoolSpec withDeallocated(int n) {
    return new SimPoolSpec(
        name,
        mode,
        count,
        minCount,
        maxCount,
        vmSize,
        allocatable,
        maxPods,
        daemonSetRequested,
        daemonSetPods,
        labels,
        taints,
        virtualMachines,
        true,
        n,
        scaleOutError);
  }

  /** The same pool whose every scale-out fails with {@code azureError} ({@code Code: message}). */
  public SimPoolSpec failingScaleOuts(String azureError) {
    return new SimPoolSpec(
        name,
        mode,
        count,
        minCount,
        maxCount,
        vmSize,
        allocatable,
        maxPods,
        daemonSetRequested,
        daemonSetPods,
        labels,
        taints,
        virtualMachines,
        deallocate,
        deallocatedNodes,
        Optional.of(azureError));
  }
}
