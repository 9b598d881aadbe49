package dev.aksburst.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a workload's VM capacity is obtained ({@code aksburst.dev/capacity}, cluster default {@code
 * AKSBURST_CAPACITY_MODE}). The VM-or-ACI decision is the same in both; only the lever differs.
 *
 * <ul>
 *   <li>{@link #NODE_POOL}: size an agent pool through ARM (the default);
 *   <li>{@link #PLACEHOLDERS}: no ARM write; a low-priority placeholder Deployment that does not
 *       tolerate the virtual nodes stands for the overflow on ACI, so that node auto-provisioning
 *       (Karpenter) or the cluster autoscaler provisions VM nodes for its Pending pods.
 * </ul>
 */
public enum CapacityMode {
  NODE_POOL("node-pool"),
  PLACEHOLDERS("placeholders");

  public static final CapacityMode DEFAULT = NODE_POOL;

  private final String wireName;

  CapacityMode(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(CapacityMode::wireName).toList();
  }

  public static Optional<CapacityMode> fromWire(String s) {
    return Arrays.stream(values()).filter(v -> v.wireName.equals(s)).findFirst();
  }
}
