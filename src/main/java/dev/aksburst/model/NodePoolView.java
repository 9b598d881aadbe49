package dev.aksburst.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A VM node pool as Azure reports it.
 *
 * @param count current node count (AKS {@code count}, VMSS {@code sku.capacity})
 * @param minCount autoscaler minimum (AUTOSCALER only)
 * @param maxCount autoscaler maximum; for manual pools the configured cap applies instead
 * @param provisioningState ARM provisioning state, e.g. Succeeded, Updating, Scaling, Failed
 * @param maxPods pods per node configured on the pool
 * @param lastError Azure error code and message of the pool's last failed operation, when known
 * @param profile what the pool says about its nodes (labels, taints, zones), when it was read from
 *     AKS; empty when only its nodes can tell (a plain VMSS, the simulator)
 * @param kind its type (VMSS or VirtualMachines), scale-down mode and power state
 */
public record NodePoolView(
    String name,
    PoolMode mode,
    int count,
    OptionalInt minCount,
    OptionalInt maxCount,
    String provisioningState,
    String vmSize,
    int maxPods,
    Optional<String> lastError,
    Optional<PoolProfile> profile,
    PoolKind kind) {
  private static final Set<String> BUSY =
      Set.of(
          "Updating",
          "Scaling",
          "Creating",
          "Deleting",
          "Upgrading",
          "Starting",
          "Stopping",
          "UpgradingNodeImageVersion",
          "Canceling",
          "Migrating");
  private static final Set<String> UPGRADING = Set.of("Upgrading", "UpgradingNodeImageVersion");

  public NodePoolView {
    Objects.requireNonNull(name, "pool name");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(minCount, "minCount");
    Objects.requireNonNull(maxCount, "maxCount");
    provisioningState = provisioningState == null ? "Succeeded" : provisioningState;
    vmSize = vmSize == null ? "" : vmSize;
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(kind, "kind");
    if (count < 0) {
      throw new IllegalArgumentException("pool " + name + " count " + count + " is negative");
    }
  }

  /** A running VMSS pool in Delete mode. */
  public NodePoolView(
      String name,
      PoolMode mode,
      int count,
      OptionalInt minCount,
      OptionalInt maxCount,
      String provisioningState,
      String vmSize,
      int maxPods,
      Optional<String> lastError,
      Optional<PoolProfile> profile) {
    this(
        name,
        mode,
        count,
        minCount,
        maxCount,
        provisioningState,
        vmSize,
        maxPods,
        lastError,
        profile,
        PoolKind.DEFAULT);
  }

  /** A pool whose nodes alone say what its new nodes look like. */
  public NodePoolView(
      String name,
      PoolMode mode,
      int count,
      OptionalInt minCount,
      OptionalInt maxCount,
      String provisioningState,
      String vmSize,
      int maxPods,
      Optional<String> lastError) {
    this(
        name,
        mode,
        count,
        minCount,
        maxCount,
        provisioningState,
        vmSize,
        maxPods,
        lastError,
        Optional.empty(),
        PoolKind.DEFAULT);
  }

  /** The same pool, of this kind. */
  public NodePoolView withKind(PoolKind k) {
    return new NodePoolView(
        name,
        mode,
        count,
        minCount,
        maxCount,
        provisioningState,
        vmSize,
        maxPods,
        lastError,
        profile,
        k);
  }

  /** Its last operation failed ({@code provisioningState: Failed}); AKS keeps its goal count. */
  public boolean failed() {
    return "Failed".equalsIgnoreCase(provisioningState);
  }

  /** An operation is running on the pool: issue no new write. */
  public boolean operationInProgress() {
    return BUSY.contains(provisioningState);
  }

  public boolean upgrading() {
    return UPGRADING.contains(provisioningState);
  }

  /** The size the pool is heading to: count, or minCount when the autoscaler must honour it. */
  public int targetSize() {
    return mode == PoolMode.AUTOSCALER ? Math.max(count, minCount.orElse(0)) : count;
  }

  /** The value aks-burst writes for this mode: count, minCount or capacity. */
  public int writtenValue() {
    return mode == PoolMode.AUTOSCALER ? minCount.orElse(0) : count;
  }
}
