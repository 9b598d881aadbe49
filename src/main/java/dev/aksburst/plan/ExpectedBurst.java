package dev.aksburst.plan;

import dev.aksburst.model.BurstState;
import dev.aksburst.model.Intent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How much longer a burst's floor is expected to last.
 *
 * <ul>
 *   <li>a floor with an end (a window, a manual burst with a duration, a resolved alert in its
 *       hold): exactly until that end;
 *   <li>an open floor: its expected length is the mean of the past lengths of the same intent id
 *       (alert rule + workload) kept in the state, or the prior when there are none. While it has
 *       lasted less than that, the rest of it; once it outlives it, as long again as it has lasted
 *       so far (a burst that has outlived what was expected says nothing more precise).
 * </ul>
 *
 * @param remaining expected time from now to the floor's end
 * @param basis how it was found, for Events and status: {@code known end}, {@code history of N},
 *     {@code prior}
 */
record ExpectedBurst(Duration remaining, String basis) {
  /**
   * Pods off VMs with no burst (the baseline does not fit the pool): they stay as long as the
   * baseline does, so they are weighed over a day, where boot and pool hold hardly count and the
   * hourly prices decide.
   */
  static final ExpectedBurst STEADY = new ExpectedBurst(Duration.ofDays(1), "no burst: a day");

  ExpectedBurst {
    Objects.requireNonNull(remaining);
    Objects.requireNonNull(basis);
  }

  static ExpectedBurst of(Intent floor, BurstState state, Duration prior, Instant now) {
    if (floor.until().isPresent()) {
      Duration left = Duration.between(now, floor.until().get());
      return new ExpectedBurst(left.isNegative() ? Duration.ZERO : left, "known end");
    }
    List<Duration> past = state.pastLengths(floor.id());
    Duration expected;
    String basis;
    if (past.isEmpty()) {
      expected = prior;
      basis = "prior";
    } else {
      long sum = 0;
      for (Duration d : past) {
        sum += d.toSeconds();
      }
      expected = Duration.ofSeconds(sum / past.size());
      basis = "history of " + past.size();
    }
    Duration elapsed = Duration.between(floor.from(), now);
    if (elapsed.isNegative()) {
      elapsed = Duration.ZERO;
    }
    Duration left = expected.minus(elapsed);
    if (left.compareTo(Duration.ZERO) <= 0) {
      return new ExpectedBurst(elapsed, basis + ", outlived");
    }
    return new ExpectedBurst(left, basis);
  }
}
