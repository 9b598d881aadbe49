package dev.aksburst.kube;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** Polls the API server until a condition holds; fails with what it saw last. */
final class Await {
  private Await() {}

  static <T> T until(
      String what, Duration within, Supplier<T> probe, java.util.function.Predicate<T> done) {
    Instant deadline = Instant.now().plus(within);
    T last = probe.get();
    while (!done.test(last)) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(
            "not within " + within.toSeconds() + " s: " + what + "; last seen: " + last);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
      last = probe.get();
    }
    return last;
  }
}
