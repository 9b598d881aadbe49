package dev.aksburst.model;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A scheduled window in KEDA cron scaler terms: 5-field cron {@code start} and {@code end}, an IANA
 * {@code timezone}, the {@code replicas} to hold, and an optional {@code leadTime} that pre-warms
 * the VM pool before the window opens.
 */
public record Window(
    String start, String end, String timezone, int replicas, Optional<Duration> leadTime) {
  public Window {
    Objects.requireNonNull(start, "window start");
    Objects.requireNonNull(end, "window end");
    Objects.requireNonNull(timezone, "window timezone");
    Objects.requireNonNull(leadTime, "window leadTime");
    if (replicas < 0) {
      throw new IllegalArgumentException("window replicas must be >= 0");
    }
  }

  /** Stable key for the intent this window produces. */
  public String key() {
    return "window:" + start + "|" + end + "|" + timezone;
  }
}
