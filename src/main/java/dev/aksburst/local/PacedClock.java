package dev.aksburst.local;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that starts at {@code origin} and runs {@code speed} times faster than real time ({@code
 * AKSBURST_SIM_SPEED}): at 60 a simulated minute passes every real second.
 */
final class PacedClock extends Clock {
  private final Instant origin;
  private final double speed;
  private final long startNanos;

  PacedClock(Instant origin, double speed) {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("speed must be a positive number: " + speed);
    }
    this.origin = origin;
    this.speed = speed;
    this.startNanos = System.nanoTime();
  }

  double speed() {
    return speed;
  }

  @Override
  public Instant instant() {
    double elapsed = (System.nanoTime() - startNanos) * speed;
    return origin.plus(Duration.ofNanos((long) elapsed));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException(
        "the paced clock is UTC only; convert the instant with atZone(" + zone + ") instead");
  }
}
