package dev.aksburst.model;

/**
 * What kind of agent pool a pool is, beyond how it is sized (AKS agent pool properties).
 *
 * @param virtualMachines {@code type: VirtualMachines}: sized through {@code
 *     virtualMachinesProfile.scale.manual[{size, count}]}, not {@code count}
 * @param deallocate {@code scaleDownMode: Deallocate}: a scale-in stops and deallocates nodes,
 *     which stay registered (NotReady, tainted {@code node.cloudprovider.kubernetes.io/shutdown});
 *     a scale-out starts them before it creates new ones
 * @param stopped {@code powerState.code: Stopped}: the pool was stopped ({@code az aks nodepool
 *     stop}), has no running node and is never written by aks-burst
 */
public record PoolKind(boolean virtualMachines, boolean deallocate, boolean stopped) {
  /** A VMSS pool in Delete mode, running: what a pool is unless it says otherwise. */
  public static final PoolKind DEFAULT = new PoolKind(false, false, false);

  public PoolKind withVirtualMachines(boolean on) {
    return new PoolKind(on, deallocate, stopped);
  }

  public PoolKind withDeallocate(boolean on) {
    return new PoolKind(virtualMachines, on, stopped);
  }

  public PoolKind withStopped(boolean on) {
    return new PoolKind(virtualMachines, deallocate, on);
  }
}
