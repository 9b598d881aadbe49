package dev.aksburst.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a workload's overflow is carried ({@code aksburst.dev/strategy}).
 *
 * <ul>
 *   <li>{@link #COST}: VMs only when they cost less over the expected remaining burst, or when ACI
 *       capacity binds, or when the pod template can not run on ACI (the default);
 *   <li>{@link #VM_FIRST}: grow the VM pool in parallel and backfill, whatever the prices;
 *   <li>{@link #ACI_FIRST}: never grow the VM pool unless ACI capacity binds.
 * </ul>
 */
public enum BurstStrategy {
  COST("cost"),
  VM_FIRST("vm-first"),
  ACI_FIRST("aci-first");

  public static final BurstStrategy DEFAULT = COST;

  private final String wireName;

  BurstStrategy(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<BurstStrategy> fromWire(String s) {
    return Arrays.stream(values()).filter(v -> v.wireName.equals(s)).findFirst();
  }
}
