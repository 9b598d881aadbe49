package dev.aksburst.model;

/** How a VM node pool is grown. */
public enum PoolMode {
  /** AKS agent pool without autoscaler: write {@code count}. */
  MANUAL,
  /** AKS agent pool with the cluster autoscaler: raise {@code minCount}, never touch count. */
  AUTOSCALER,
  /** A plain VM scale set (not an AKS agent pool): write {@code sku.capacity}. */
  VMSS
}
