package dev.aksburst.arm;

import java.util.Objects;

/**
 * A plain VM scale set scaled as a node pool ({@code vmss} mode: nodes that are not an AKS agent
 * pool). Never point this at the VMSS that AKS manages for an agent pool: that is unsupported.
 *
 * @param name the pool name the planner and the nodes' pool label use
 * @param subscriptionId subscription of the scale set
 * @param resourceGroup its resource group
 * @param scaleSetName the scale set's name
 * @param maxPods pods per node the kubelets on it are configured with (VMSS does not know it)
 */
public record VmssPool(
    String name, String subscriptionId, String resourceGroup, String scaleSetName, int maxPods) {
  static final String PROVIDER = "Microsoft.Compute";
  static final String TYPE = "virtualMachineScaleSets";

  public VmssPool {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(resourceGroup, "resourceGroup");
    Objects.requireNonNull(scaleSetName, "scaleSetName");
    if (name.isBlank()) {
      throw new IllegalArgumentException("VMSS pool name is blank");
    }
    if (maxPods <= 0) {
      throw new IllegalArgumentException(
          "VMSS pool " + name + " maxPods " + maxPods + " must be positive");
    }
  }

  /**
   * Parses the scale set's resource id.
   *
   * @param setting the setting the id came from, named in the error
   */
  public static VmssPool parse(String name, String resourceId, int maxPods, String setting) {
    String[] parts = ArmResourceIds.split(resourceId, setting, PROVIDER, TYPE);
    return new VmssPool(name, parts[0], parts[1], parts[2], maxPods);
  }

  public String resourceId() {
    return "/subscriptions/"
        + subscriptionId
        + "/resourceGroups/"
        + resourceGroup
        + "/providers/"
        + PROVIDER
        + "/"
        + TYPE
        + "/"
        + scaleSetName;
  }
}
