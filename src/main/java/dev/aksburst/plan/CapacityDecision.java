package dev.aksburst.plan;

import dev.aksburst.model.WorkloadRef;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Where a bursting workload's overflow is carried, decided every reconcile from the prices, the
 * expected remaining burst and ACI capacity.
 *
 * @param pods the workload's pods that are not on VMs (what the VM route would move)
 * @param newNodes nodes the pool would have to grow by for them
 * @param vmUsdPerHour what the new nodes cost an hour, when the pool's price is known
 * @param aciUsdPerHour what the pods the choice is about cost an hour on ACI, when ACI's prices are
 *     known: those off VMs minus those that fit room the pool already has or is provisioning (they
 *     go there on either route) and those no node of the pool can hold (ACI on either)
 * @param vmRouteUsd the VM route over the expected remaining burst: new nodes from the write on
 *     until the pool hold after the burst ends, plus ACI while they boot
 * @param aciRouteUsd keeping the pods on ACI for the expected remaining burst
 * @param aciKept on the VM route when ACI capacity binds and ACI is the cheaper home: the pods kept
 *     on ACI within the binding limit; the pool is sized for the rest only and the backfill leaves
 *     these on ACI (0 otherwise)
 */
public record CapacityDecision(
    WorkloadRef workload,
    Route route,
    Cause cause,
    int pods,
    int newNodes,
    OptionalDouble vmUsdPerHour,
    OptionalDouble aciUsdPerHour,
    OptionalDouble vmRouteUsd,
    OptionalDouble aciRouteUsd,
    Duration expectedRemaining,
    String expectedBasis,
    String reason,
    int aciKept) {
  /** {@code vm}: grow the pool and backfill; {@code aci}: keep the overflow on ACI. */
  public enum Route {
    VM("vm"),
    ACI("aci");

    private final String wireName;

    Route(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /** Why, as a closed set (tests and dashboards match on it, never on the sentence). */
  public enum Cause {
    VM_CHEAPER,
    ACI_CHEAPER,
    FITS_PAID_ROOM,
    VMS_CANNOT_HOLD,
    NOT_ACI_READY,
    MAX_VIRTUAL_PODS,
    ACI_CORE_QUOTA,
    ACI_GROUP_QUOTA,
    ACI_CREATE_RATE,
    STRATEGY_VM_FIRST,
    STRATEGY_ACI_FIRST,
    NO_PRICE
  }

  /** A decision that keeps no pod on ACI against the route. */
  public CapacityDecision(
      WorkloadRef workload,
      Route route,
      Cause cause,
      int pods,
      int newNodes,
      OptionalDouble vmUsdPerHour,
      OptionalDouble aciUsdPerHour,
      OptionalDouble vmRouteUsd,
      OptionalDouble aciRouteUsd,
      Duration expectedRemaining,
      String expectedBasis,
      String reason) {
    this(
        workload,
        route,
        cause,
        pods,
        newNodes,
        vmUsdPerHour,
        aciUsdPerHour,
        vmRouteUsd,
        aciRouteUsd,
        expectedRemaining,
        expectedBasis,
        reason,
        0);
  }

  public CapacityDecision {
    if (aciKept < 0 || aciKept > pods) {
      throw new IllegalArgumentException("aciKept must be in [0, pods]: " + aciKept);
    }
    Objects.requireNonNull(workload);
    Objects.requireNonNull(route);
    Objects.requireNonNull(cause);
    Objects.requireNonNull(vmUsdPerHour);
    Objects.requireNonNull(aciUsdPerHour);
    Objects.requireNonNull(vmRouteUsd);
    Objects.requireNonNull(aciRouteUsd);
    Objects.requireNonNull(expectedRemaining);
    Objects.requireNonNull(expectedBasis);
    Objects.requireNonNull(reason);
  }
}
