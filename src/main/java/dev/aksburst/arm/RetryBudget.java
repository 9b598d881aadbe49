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

  private final Duration length;
  private volatile long deadlineNanos;

  private RetryBudget(Duration length) {
    this.length = length;
    renew();
  }

  static RetryBudget of(Duration budget) {
    return new RetryBudget(budget);
  }

  /**
   * Starts the budget again from now. A long-running operation's poller keeps the context of the
   * write that began it; each later poll (one per reconcile, minutes apart) renews it first, so a
   * throttled poll gets its own retries instead of the write's long-spent budget.
   */
  void renew() {
    deadlineNanos = System.nanoTime() + length.toNanos();
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
