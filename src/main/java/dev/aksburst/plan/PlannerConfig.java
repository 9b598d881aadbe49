package dev.aksburst.plan;

import dev.aksburst.model.CapacityMode;
import java.time.Duration;
import java.util.Objects;

/**
 * Cluster-wide knobs of the planner.
 *
 * @param maxPoolNodes cap for pools without a max of their own (manual agent pools, VMSS)
 * @param scaleInCooldown no scale-in of a workload sooner than this after it was raised
 * @param poolHold keep the extra VM nodes this long after the last burst ended before restoring the
 *     pool's baseline
 * @param backfillTimeout how long a backfill surge may wait for its pods to become Ready
 * @param backfillBackoff after a surge landed on virtual nodes, wait this long before the next
 * @param virtualDeletionCost the pod-deletion-cost given to pods on virtual nodes (lowest goes
 *     first); VM pods of surplus nodes get half of it
 * @param intentRetention expired intents are pruned from the state after this long
 * @param rollingPauseLimit a node-pool upgrade pause ends after this long even without the
 *     NodePoolRollingSucceeded/Failed event
 * @param economics prices, ACI limits and burst-length prior of the VM-or-ACI decision
 * @param poolWrites when a node pool may be written after a busy, failed or throttled write
 * @param writeBudget at most this many writes an hour to one workload, and to one pool
 * @param capacityMode how VM capacity is obtained for a workload without {@code
 *     aksburst.dev/capacity} ({@code AKSBURST_CAPACITY_MODE})
 * @param placeholderPriorityClass the PriorityClass of placeholder pods ({@code
 *     AKSBURST_PLACEHOLDER_PRIORITY_CLASS}), below every workload's
 */
public record PlannerConfig(
    int maxPoolNodes,
    Duration scaleInCooldown,
    Duration poolHold,
    Duration backfillTimeout,
    Duration backfillBackoff,
    int virtualDeletionCost,
    Duration intentRetention,
    Duration rollingPauseLimit,
    Economics economics,
    PoolWritePolicy poolWrites,
    int writeBudget,
    CapacityMode capacityMode,
    String placeholderPriorityClass) {
  /** The PriorityClass placeholder pods use unless {@code AKSBURST_PLACEHOLDER_PRIORITY_CLASS}. */
  public static final String DEFAULT_PLACEHOLDER_PRIORITY_CLASS = "aks-burst-placeholder";

  public static final PlannerConfig DEFAULTS =
      new PlannerConfig(
          10,
          Duration.ofMinutes(3),
          Duration.ofMinutes(10),
          Duration.ofMinutes(10),
          Duration.ofMinutes(5),
          -1000,
          Duration.ofHours(1),
          Duration.ofHours(3),
          Economics.UNPRICED,
          PoolWritePolicy.DEFAULTS,
          60,
          CapacityMode.DEFAULT,
          DEFAULT_PLACEHOLDER_PRIORITY_CLASS);

  public PlannerConfig {
    if (maxPoolNodes < 1) {
      throw new IllegalArgumentException("maxPoolNodes must be >= 1");
    }
    Objects.requireNonNull(scaleInCooldown);
    Objects.requireNonNull(poolHold);
    Objects.requireNonNull(backfillTimeout);
    Objects.requireNonNull(backfillBackoff);
    Objects.requireNonNull(intentRetention);
    Objects.requireNonNull(rollingPauseLimit);
    Objects.requireNonNull(economics);
    Objects.requireNonNull(poolWrites);
    if (writeBudget < 1) {
      throw new IllegalArgumentException("writeBudget must be >= 1 write an hour");
    }
    if (virtualDeletionCost >= 0) {
      throw new IllegalArgumentException("virtualDeletionCost must be negative");
    }
    Objects.requireNonNull(capacityMode);
    if (placeholderPriorityClass == null || placeholderPriorityClass.isBlank()) {
      throw new IllegalArgumentException("placeholderPriorityClass must name a PriorityClass");
    }
  }

  /** Knobs without a capacity mode: node pools, the default placeholder priority class. */
  public PlannerConfig(
      int maxPoolNodes,
      Duration scaleInCooldown,
      Duration poolHold,
      Duration backfillTimeout,
      Duration backfillBackoff,
      int virtualDeletionCost,
      Duration intentRetention,
      Duration rollingPauseLimit,
      Economics economics,
      PoolWritePolicy poolWrites,
      int writeBudget) {
    this(
        maxPoolNodes,
        scaleInCooldown,
        poolHold,
        backfillTimeout,
        backfillBackoff,
        virtualDeletionCost,
        intentRetention,
        rollingPauseLimit,
        economics,
        poolWrites,
        writeBudget,
        CapacityMode.DEFAULT,
        DEFAULT_PLACEHOLDER_PRIORITY_CLASS);
  }

  /** This cluster-wide capacity mode and placeholder priority class, the rest unchanged. */
  public PlannerConfig withCapacity(CapacityMode mode, String priorityClass) {
    return new PlannerConfig(
        maxPoolNodes,
        scaleInCooldown,
        poolHold,
        backfillTimeout,
        backfillBackoff,
        virtualDeletionCost,
        intentRetention,
        rollingPauseLimit,
        economics,
        poolWrites,
        writeBudget,
        mode,
        priorityClass);
  }

  public PlannerConfig withMaxPoolNodes(int n) {
    return new PlannerConfig(
        n,
        scaleInCooldown,
        poolHold,
        backfillTimeout,
        backfillBackoff,
        virtualDeletionCost,
        intentRetention,
        rollingPauseLimit,
        economics,
        poolWrites,
        writeBudget,
        capacityMode,
        placeholderPriorityClass);
  }

  /** These timings, the rest unchanged. */
  public PlannerConfig withTimings(
      Duration scaleInCooldown,
      Duration poolHold,
      Duration backfillTimeout,
      Duration backfillBackoff,
      Duration intentRetention,
      Duration rollingPauseLimit) {
    return new PlannerConfig(
        maxPoolNodes,
        scaleInCooldown,
        poolHold,
        backfillTimeout,
        backfillBackoff,
        virtualDeletionCost,
        intentRetention,
        rollingPauseLimit,
        economics,
        poolWrites,
        writeBudget,
        capacityMode,
        placeholderPriorityClass);
  }

  public PlannerConfig withEconomics(Economics e) {
    return new PlannerConfig(
        maxPoolNodes,
        scaleInCooldown,
        poolHold,
        backfillTimeout,
        backfillBackoff,
        virtualDeletionCost,
        intentRetention,
        rollingPauseLimit,
        e,
        poolWrites,
        writeBudget,
        capacityMode,
        placeholderPriorityClass);
  }

  public PlannerConfig withPoolWrites(PoolWritePolicy p) {
    return new PlannerConfig(
        maxPoolNodes,
        scaleInCooldown,
        poolHold,
        backfillTimeout,
        backfillBackoff,
        virtualDeletionCost,
        intentRetention,
        rollingPauseLimit,
        economics,
        p,
        writeBudget,
        capacityMode,
        placeholderPriorityClass);
  }

  public PlannerConfig withWriteBudget(int writesPerHour) {
    return new PlannerConfig(
        maxPoolNodes,
        scaleInCooldown,
        poolHold,
        backfillTimeout,
        backfillBackoff,
        virtualDeletionCost,
        intentRetention,
        rollingPauseLimit,
        economics,
        poolWrites,
        writesPerHour,
        capacityMode,
        placeholderPriorityClass);
  }
}
