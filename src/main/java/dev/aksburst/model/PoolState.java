package dev.aksburst.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What aks-burst records about a pool (in the cluster, so it survives restarts).
 *
 * @param baseline the written value (count, minCount or capacity) before the first burst scale-out;
 *     empty when no burst holds the pool
 * @param lastScaleOut when aks-burst last grew the pool
 * @param lastScaleIn when aks-burst last restored it
 * @param rollingSince a node pool upgrade (NodePoolRollingStarted) is under way since then
 * @param lastError the last Azure error code and message, for status and Events
 * @param retryNotBefore after a 409/429 no write before this instant
 * @param lastBoot how long the pool's last growth took, from aks-burst's write to its last new node
 *     Ready, as last observed: the capacity decision and learned windows bill a boot with it after
 *     those nodes are gone
 */
public record PoolState(
    OptionalInt baseline,
    Optional<Instant> lastScaleOut,
    Optional<Instant> lastScaleIn,
    Optional<Instant> rollingSince,
    Optional<String> lastError,
    Optional<Instant> retryNotBefore,
    Optional<Duration> lastBoot) {
  /**
   * The error code a pool's last write carries when the pool's source would not delete named
   * machines (an API the cluster does not support, a 400/404 on {@code deleteMachines}, a plain
   * scale set): the planner then keeps the pool with its Warning instead of asking again.
   */
  public static final String DELETE_MACHINES_REFUSED = "DeleteMachinesRefused";

  public static final PoolState EMPTY =
      new PoolState(
          OptionalInt.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  public PoolState {
    Objects.requireNonNull(baseline);
    Objects.requireNonNull(lastScaleOut);
    Objects.requireNonNull(lastScaleIn);
    Objects.requireNonNull(rollingSince);
    Objects.requireNonNull(lastError);
    Objects.requireNonNull(retryNotBefore);
    Objects.requireNonNull(lastBoot);
  }

  /** A state with no boot observed. */
  public PoolState(
      OptionalInt baseline,
      Optional<Instant> lastScaleOut,
      Optional<Instant> lastScaleIn,
      Optional<Instant> rollingSince,
      Optional<String> lastError,
      Optional<Instant> retryNotBefore) {
    this(
        baseline,
        lastScaleOut,
        lastScaleIn,
        rollingSince,
        lastError,
        retryNotBefore,
        Optional.empty());
  }

  public PoolState withLastBoot(Duration boot) {
    return new PoolState(
        baseline,
        lastScaleOut,
        lastScaleIn,
        rollingSince,
        lastError,
        retryNotBefore,
        Optional.of(boot));
  }

  public PoolState withBaseline(OptionalInt b) {
    return new PoolState(
        b, lastScaleOut, lastScaleIn, rollingSince, lastError, retryNotBefore, lastBoot);
  }

  public PoolState withLastScaleOut(Instant t) {
    return new PoolState(
        baseline, Optional.of(t), lastScaleIn, rollingSince, lastError, retryNotBefore, lastBoot);
  }

  public PoolState withLastScaleIn(Instant t) {
    return new PoolState(
        baseline, lastScaleOut, Optional.of(t), rollingSince, lastError, retryNotBefore, lastBoot);
  }

  public PoolState withRollingSince(Optional<Instant> t) {
    return new PoolState(
        baseline, lastScaleOut, lastScaleIn, t, lastError, retryNotBefore, lastBoot);
  }

  public PoolState withError(Optional<String> error, Optional<Instant> notBefore) {
    return new PoolState(
        baseline, lastScaleOut, lastScaleIn, rollingSince, error, notBefore, lastBoot);
  }

  /**
   * A node pool upgrade event. Started: paused from {@code at} unless already paused. Ended:
   * resumed, unless the recorded pause began after this end (an older end delivered late).
   */
  public static PoolState rollingEvent(PoolState s, boolean started, Instant at) {
    if (started) {
      return s.rollingSince().isPresent() ? s : s.withRollingSince(Optional.of(at));
    }
    return s.rollingSince().filter(since -> since.isAfter(at)).isPresent()
        ? s
        : s.withRollingSince(Optional.empty());
  }

  /**
   * Whether backfill, shedding and pool restore pause for an upgrade at {@code now}: an upgrade
   * started and has not ended, for at most {@code limit} (a lost end event must not pause forever).
   */
  public boolean rollingPaused(Instant now, Duration limit) {
    return rollingSince.map(since -> now.isBefore(since.plus(limit))).orElse(false);
  }
}
