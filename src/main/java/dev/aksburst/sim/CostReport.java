package dev.aksburst.sim;

/**
 * What the simulated cluster has cost since its scenario started.
 *
 * @param vmNodeSeconds seconds of VM nodes, counted from the pool write until the node is gone (VMs
 *     are billed while they boot)
 * @param aciPodSeconds seconds of pods on the virtual node, from bind until gone (failed pods are
 *     not billed)
 * @param aciVcpuSeconds vCPU-seconds of those pods (their requests)
 * @param aciGbSeconds GB-seconds of memory of those pods
 * @param vmCost dollars for the VM nodes
 * @param aciCost dollars for ACI
 */
public record CostReport(
    double vmNodeSeconds,
    double aciPodSeconds,
    double aciVcpuSeconds,
    double aciGbSeconds,
    double vmCost,
    double aciCost) {
  public double total() {
    return vmCost + aciCost;
  }
}
