package dev.aksburst.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One finished demand floor, remembered so the next burst of the same alert rule and workload can
 * be expected to last about as long, and so recurring surges can be learned.
 *
 * @param key the intent's id (alert rule + workload); for a window occurrence the window's key
 *     without the occurrence, so one window is one key
 * @param length from the floor's start to its end (for an alert: the resolve time plus the hold)
 * @param endedAt when the floor ended
 * @param floor the floor's replicas (its peak: the last version of an intent wins); 0 when unknown
 *     (states written before it was kept)
 * @param source where the floor came from; states written before it was kept held only alerts
 */
public record PastBurst(
    String key, Duration length, Instant endedAt, int floor, IntentSource source) {
  public PastBurst {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(length, "length");
    Objects.requireNonNull(endedAt, "endedAt");
    Objects.requireNonNull(source, "source");
    if (length.isNegative()) {
      throw new IllegalArgumentException("past burst " + key + ": negative length " + length);
    }
    if (floor < 0) {
      throw new IllegalArgumentException("past burst " + key + ": negative floor " + floor);
    }
  }

  /** An alert floor of unknown height (the shape of the history before floors were kept). */
  public PastBurst(String key, Duration length, Instant endedAt) {
    this(key, length, endedAt, 0, IntentSource.ALERT);
  }

  /** When the floor began. */
  public Instant start() {
    return endedAt.minus(length);
  }

  /** The finished floor of an intent; empty for open floors. */
  static Optional<PastBurst> of(Intent i) {
    if (i.until().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new PastBurst(
            historyKey(i),
            Duration.between(i.from(), i.until().get()),
            i.until().get(),
            i.replicas(),
            i.source()));
  }

  /** The intent's id, without the occurrence for windows and learned windows. */
  public static String historyKey(Intent i) {
    if (i.source() == IntentSource.SCHEDULE || i.source() == IntentSource.LEARNED) {
      int at = i.id().lastIndexOf('@');
      return at > 0 ? i.id().substring(0, at) : i.id();
    }
    return i.id();
  }
}
