package dev.aksburst.arm;

import java.util.Objects;

/**
 * The ARM resource id of one AKS cluster ({@code AKSBURST_CLUSTER_ID}, one entry of its list).
 *
 * @param subscriptionId the subscription the cluster is in
 * @param resourceGroup its resource group
 * @param name the managed cluster's name
 */
public record ClusterId(String subscriptionId, String resourceGroup, String name) {
  public static final String SETTING = "AKSBURST_CLUSTER_ID";
  static final String PROVIDER = "Microsoft.ContainerService";
  static final String TYPE = "managedClusters";

  public ClusterId {
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(resourceGroup, "resourceGroup");
    Objects.requireNonNull(name, "name");
  }

  /** Parses one id; the error names {@value #SETTING} and shows the expected shape. */
  public static ClusterId parse(String value) {
    String[] parts = ArmResourceIds.split(value, SETTING, PROVIDER, TYPE);
    return new ClusterId(parts[0], parts[1], parts[2]);
  }

  /** Whether {@code value} is a managed cluster ARM id {@link #parse} accepts. */
  public static boolean isArmId(String value) {
    try {
      parse(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** The canonical id, as ARM spells it. */
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
        + name;
  }

  @Override
  public String toString() {
    return resourceId();
  }
}
