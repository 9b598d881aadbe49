package dev.aksburst.sim;

import dev.aksburst.model.Resources;
import java.time.Duration;
import java.util.Objects;

/**
 * Node auto-provisioning (Karpenter, AKS NAP) of a simulated cluster: one NodePool that launches
 * nodes of one VM size for Pending pods and removes empty ones.
 *
 * @param nodePool the Karpenter NodePool's name (label {@code karpenter.sh/nodepool})
 * @param allocatable what one node offers pods
 * @param daemonSetRequested what the DaemonSets take on each node
 * @param provisioningDelay from the Pending pod to the node Ready (Karpenter on AKS: about 60–90 s)
 * @param consolidationDelay how long a node stays empty before it is removed ({@code
 *     consolidateAfter})
 */
public record SimNodeAutoProvisioning(
    String nodePool,
    String vmSize,
    Resources allocatable,
    int maxPods,
    Resources daemonSetRequested,
    int daemonSetPods,
    Duration provisioningDelay,
    Duration consolidationDelay) {
  /** The label Karpenter puts on the nodes it launches, naming their NodePool. */
  public static final String NODEPOOL_LABEL = "karpenter.sh/nodepool";

  public SimNodeAutoProvisioning {
    Objects.requireNonNull(nodePool, "nodePool");
    Objects.requireNonNull(vmSize, "vmSize");
    Objects.requireNonNull(allocatable, "allocatable");
    Objects.requireNonNull(daemonSetRequested, "daemonSetRequested");
    if (provisioningDelay.isNegative() || consolidationDelay.isNegative()) {
      throw new IllegalArgumentException("NAP delays must not be negative");
    }
    if (maxPods < 1) {
      throw new IllegalArgumentException("maxPods must be >= 1");
    }
  }

  /** NodePool {@code default} of Standard_DS2_v2 nodes (the seed's shape), Ready after 75 s. */
  public static SimNodeAutoProvisioning ds2v2() {
    return new SimNodeAutoProvisioning(
        "default",
        "Standard_DS2_v2",
        SeedScenario.DS2_V2_ALLOCATABLE,
        30,
        SeedScenario.DAEMONSET_REQUESTS,
        6,
        Duration.ofSeconds(75),
        Duration.ofMinutes(5));
  }

  public SimNodeAutoProvisioning withDelays(Duration provisioning, Duration consolidation) {
    return new SimNodeAutoProvisioning(
        nodePool,
        vmSize,
        allocatable,
        maxPods,
        daemonSetRequested,
        daemonSetPods,
        provisioning,
        consolidation);
  }
}
