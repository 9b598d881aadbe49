package dev.aksburst.plan;

import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a node pool may be written: not while an operation runs, not within {@code failedHold} of
 * our last write when that write's operation failed, not before the recorded {@code
 * retryNotBefore}; and how long a refused write holds the next one. The planner plans around these
 * holds and the applier enforces them, both through this one rule.
 *
 * @param busyHold after a 409 (another operation) or a retryable failure
 * @param failedHold after a failure that is not retryable, after a failed operation, and after any
 *     repeated refusal (a pool that keeps refusing gets at most one write per {@code failedHold},
 *     however short its Retry-After is)
 */
public record PoolWritePolicy(Duration busyHold, Duration failedHold) {
  public static final PoolWritePolicy DEFAULTS =
      new PoolWritePolicy(Duration.ofMinutes(1), Duration.ofMinutes(5));

  public PoolWritePolicy {
    Objects.requireNonNull(busyHold);
    Objects.requireNonNull(failedHold);
    if (busyHold.isNegative() || failedHold.compareTo(busyHold) < 0) {
      throw new IllegalArgumentException("need 0 <= busyHold <= failedHold");
    }
  }

  /** Why a pool write is held. */
  public enum Cause {
    /** An operation on the pool is running. */
    POOL_BUSY,
    /** Our last write's operation failed; the next waits {@code failedHold}. */
    FAILED_OPERATION,
    /** A refused write (409, 429, failure) holds writes until {@code retryNotBefore}. */
    BACKOFF
  }

  /** A held write: why, until when (empty while an operation runs), and the words for humans. */
  public record Hold(Cause cause, Optional<Instant> until, String message) {
    public Hold {
      Objects.requireNonNull(cause);
      Objects.requireNonNull(until);
      Objects.requireNonNull(message);
    }
  }

  /** How a pool write was refused by Azure. */
  public enum Refusal {
    BUSY,
    THROTTLED,
    FAILED_RETRYABLE,
    FAILED
  }

  /** Why no write to the pool may be issued at {@code now}, if any. */
  public Optional<Hold> hold(NodePoolView pool, PoolState st, Instant now) {
    if (pool.operationInProgress()) {
      return Optional.of(
          new Hold(
              Cause.POOL_BUSY,
              Optional.empty(),
              "node pool " + pool.name() + " is " + pool.provisioningState() + "; waiting for it"));
    }
    Optional<Instant> lastWrite =
        st.lastScaleOut().isPresent() && st.lastScaleIn().isPresent()
            ? Optional.of(
                st.lastScaleOut().get().isAfter(st.lastScaleIn().get())
                    ? st.lastScaleOut().get()
                    : st.lastScaleIn().get())
            : st.lastScaleOut().or(st::lastScaleIn);
    if (pool.lastError().isPresent()
        && lastWrite.isPresent()
        && now.isBefore(lastWrite.get().plus(failedHold))) {
      // ARM accepted our last write and its operation then failed (e.g. QuotaExceeded): writing
      // again every reconcile would only repeat the failure.
      Instant until = lastWrite.get().plus(failedHold);
      return Optional.of(
          new Hold(
              Cause.FAILED_OPERATION,
              Optional.of(until),
              "node pool "
                  + pool.name()
                  + "'s last operation failed ("
                  + pool.lastError().get()
                  + "); the next write waits until "
                  + until));
    }
    if (st.retryNotBefore().isPresent() && now.isBefore(st.retryNotBefore().get())) {
      return Optional.of(
          new Hold(
              Cause.BACKOFF,
              st.retryNotBefore(),
              "node pool "
                  + pool.name()
                  + " writes are held until "
                  + st.retryNotBefore().get()
                  + " after "
                  + st.lastError().orElse("an error")));
    }
    return Optional.empty();
  }

  /**
   * How long writes to a pool wait after Azure refused one.
   *
   * @param retryAfter the Retry-After of a 429
   * @param repeated the previous write was refused too (its error is still recorded)
   */
  public Duration holdAfter(Refusal refusal, Optional<Duration> retryAfter, boolean repeated) {
    Duration first =
        switch (refusal) {
          case BUSY, FAILED_RETRYABLE -> busyHold;
          case THROTTLED -> retryAfter.orElse(busyHold);
          case FAILED -> failedHold;
        };
    return repeated && first.compareTo(failedHold) < 0 ? failedHold : first;
  }
}
