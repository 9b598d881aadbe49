package dev.aksburst.plan;

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
    int writeBudget) {
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
          60);

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
        writeBudget);
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
        writeBudget);
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
        writeBudget);
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
        writeBudget);
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
        writesPerHour);
  }
}
