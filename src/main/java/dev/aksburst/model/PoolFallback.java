package dev.aksburst.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * When a pool of an ordered {@code aksburst.dev/node-pool} list can not grow, so the next one is
 * sized instead: its last operation failed for capacity or quota ({@code AllocationFailed}, {@code
 * OverconstrainedAllocationRequest}, {@code ZonalAllocationFailed}, {@code SkuNotAvailable}, {@code
 * QuotaExceeded}, ...), within {@link #HOLD} of aks-burst's last write to it (or, when aks-burst
 * never wrote it, while it stays {@code Failed}); or it is an autoscaler pool whose minimum already
 * is its maximum; or a pool without a max of its own (manual agent pool, VMSS) that already has the
 * configured cap {@code AKSBURST_MAX_POOL_NODES} of nodes without aks-burst having grown it (a pool
 * aks-burst grew to the cap keeps holding the pods it took until it is restored). After the hold
 * the pool is tried again.
 */
public final class PoolFallback {
  /** How long a pool that failed for capacity is left alone (the failed-operation hold). */
  public static final Duration HOLD = Duration.ofMinutes(5);

  /** Azure error codes that mean "no capacity or quota for this pool now". */
  public static final Set<String> CAPACITY_CODES =
      Set.of(
          "AllocationFailed",
          "OverconstrainedAllocationRequest",
          "OverconstrainedZonalAllocationRequest",
          "ZonalAllocationFailed",
          "SkuNotAvailable",
          "QuotaExceeded",
          "OperationNotAllowed.QuotaExceeded");

  private PoolFallback() {}

  /**
   * {@link #cannotGrow(Optional, PoolState, Instant, OptionalInt)} with no configured cap known.
   */
  public static Optional<String> cannotGrow(
      Optional<NodePoolView> pool, PoolState state, Instant now) {
    return cannotGrow(pool, state, now, OptionalInt.empty());
  }

  /**
   * Why {@code pool} can not grow at {@code now}; empty when it can (or is unknown).
   *
   * @param maxPoolNodes {@code AKSBURST_MAX_POOL_NODES}, the cap of pools without a max of their
   *     own; empty when not known
   */
  public static Optional<String> cannotGrow(
      Optional<NodePoolView> pool, PoolState state, Instant now, OptionalInt maxPoolNodes) {
    if (pool.isEmpty()) {
      return Optional.empty();
    }
    NodePoolView p = pool.get();
    if (p.kind().stopped()) {
      return Optional.of("stopped (powerState Stopped); aks-burst does not start it");
    }
    Optional<String> error =
        p.lastError()
            .filter(PoolFallback::capacity)
            .or(() -> state.lastError().filter(PoolFallback::capacity));
    if (error.isPresent()) {
      boolean recent = state.lastScaleOut().map(t -> now.isBefore(t.plus(HOLD))).orElse(false);
      boolean failedUnwritten =
          state.lastScaleOut().isEmpty() && "Failed".equals(p.provisioningState());
      if (recent || failedUnwritten) {
        return error;
      }
    }
    if (p.mode() == PoolMode.AUTOSCALER
        && p.minCount().isPresent()
        && p.maxCount().isPresent()
        && p.minCount().getAsInt() >= p.maxCount().getAsInt()) {
      return Optional.of("at its maxCount " + p.maxCount().getAsInt());
    }
    if (p.mode() != PoolMode.AUTOSCALER
        && maxPoolNodes.isPresent()
        && p.targetSize() >= maxPoolNodes.getAsInt()
        && state.baseline().isEmpty()) {
      return Optional.of("at AKSBURST_MAX_POOL_NODES " + maxPoolNodes.getAsInt());
    }
    return Optional.empty();
  }

  /** The Azure code of an error summary {@code Code: message}. */
  static String code(String summary) {
    int colon = summary.indexOf(':');
    return (colon < 0 ? summary : summary.substring(0, colon)).trim();
  }

  private static boolean capacity(String summary) {
    return CAPACITY_CODES.contains(code(summary));
  }
}
