package dev.aksburst.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One finished alert floor, remembered so the next burst of the same alert rule and workload can be
 * expected to last about as long.
 *
 * @param key the alert intent's id (alert rule + workload)
 * @param length from the floor's start to its end (the resolve time plus the hold)
 * @param endedAt when the floor ended
 */
public record PastBurst(String key, Duration length, Instant endedAt) {
  public PastBurst {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(length, "length");
    Objects.requireNonNull(endedAt, "endedAt");
    if (length.isNegative()) {
      throw new IllegalArgumentException("past burst " + key + ": negative length " + length);
    }
  }

  /** The finished floor of an alert intent; empty for other sources and open floors. */
  static Optional<PastBurst> of(Intent i) {
    if (i.source() != IntentSource.ALERT || i.until().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new PastBurst(i.id(), Duration.between(i.from(), i.until().get()), i.until().get()));
  }
}
