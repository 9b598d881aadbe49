package dev.aksburst.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The simulator's virtual clock. Time only moves when {@link SimCluster#advance} steps it, so a
 * simulated hour takes as long as the computation does.
 */
public final class SimClock extends Clock {
  private volatile Instant now;

  public SimClock(Instant start) {
    this.now = start;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException(
        "the simulated clock is UTC only; convert the instant with atZone(" + zone + ") instead");
  }

  void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("the simulated clock can not go back: " + d);
    }
    now = now.plus(d);
  }
}
