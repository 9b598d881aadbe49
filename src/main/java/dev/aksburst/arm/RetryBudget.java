package dev.aksburst.arm;

import com.azure.core.util.Context;
import java.time.Duration;

/**
 * How long one invocation (a describe or a scale) may spend waiting out {@code Retry-After}. ARM
 * throttling can ask for minutes; a Function must answer in seconds, so a wait that does not fit is
 * returned to the caller instead of slept.
 */
final class RetryBudget {
  static final String CONTEXT_KEY = "aksburst.retryBudget";

  private final long deadlineNanos;

  private RetryBudget(long deadlineNanos) {
    this.deadlineNanos = deadlineNanos;
  }

  static RetryBudget of(Duration budget) {
    return new RetryBudget(System.nanoTime() + budget.toNanos());
  }

  Duration remaining() {
    return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
  }

  boolean allows(Duration wait) {
    return wait.compareTo(remaining()) <= 0;
  }

  /** A request context carrying this budget to {@link BoundedRetryPolicy}. */
  Context context() {
    return new Context(CONTEXT_KEY, this);
  }
}
