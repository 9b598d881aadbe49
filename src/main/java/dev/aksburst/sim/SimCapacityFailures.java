package dev.aksburst.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Pools of the simulated cluster whose scale-outs fail for capacity or quota after ARM accepted
 * them ({@code AllocationFailed}, {@code QuotaExceeded}...): the pool then reports {@code Failed}
 * with the error, and keeps the goal count it was asked for while its nodes never came (as AKS
 * does), until a later operation on it succeeds.
 */
final class SimCapacityFailures {
  private final Map<String, String> failing = new HashMap<>();
  private final Map<String, String> failed = new HashMap<>();
  private final Map<String, Integer> goals = new HashMap<>();

  void fail(String pool, String azureError) {
    if (azureError.indexOf(':') <= 0) {
      throw new IllegalArgumentException(
          "an Azure error is \"Code: message\", e.g. AllocationFailed: no capacity; got "
              + azureError);
    }
    failing.put(pool, azureError);
  }

  /** Whether a write of {@code target} nodes fails; if so, the pool now reports the error. */
  boolean failsScaleOut(String pool, int target, int count) {
    String error = failing.get(pool);
    if (error == null || target <= count) {
      return false;
    }
    failed.put(pool, error);
    goals.put(pool, target);
    return true;
  }

  /** A later operation succeeded: the pool is no longer Failed. */
  void succeeded(String pool) {
    failed.remove(pool);
    goals.remove(pool);
  }

  /** The count a Failed pool keeps: the goal of its failed scale-out. */
  java.util.OptionalInt goal(String pool) {
    Integer g = goals.get(pool);
    return g == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(g);
  }

  Optional<String> lastError(String pool) {
    return Optional.ofNullable(failed.get(pool));
  }
}
