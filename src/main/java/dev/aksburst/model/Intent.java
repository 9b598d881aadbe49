package dev.aksburst.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A demand floor: "keep at least {@code replicas} of {@code target} from {@code from} until {@code
 * until}". The id is a stable key (alert rule + target, window, event id...), so a retried or
 * duplicated trigger re-writes the same intent.
 *
 * @param until empty while open (an alert that has not resolved)
 * @param leadTime pre-warm the VM pool this long before {@code from} (scheduled windows)
 * @param observedAt the source's own time of this version (alert fired/resolved time, event time);
 *     when two versions of one id meet, the later one wins, so out-of-order delivery is harmless
 */
public record Intent(
    String id,
    IntentSource source,
    WorkloadRef target,
    int replicas,
    Instant from,
    Optional<Instant> until,
    String reason,
    Optional<Duration> leadTime,
    Instant observedAt) {
  public static final int MAX_ID_LENGTH = 253;

  public Intent {
    Objects.requireNonNull(id, "intent id");
    if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
      throw new IllegalArgumentException("intent id must be 1.." + MAX_ID_LENGTH + " characters");
    }
    Objects.requireNonNull(source, "intent source");
    Objects.requireNonNull(target, "intent target");
    if (replicas < 0) {
      throw new IllegalArgumentException("intent " + id + ": replicas " + replicas + " < 0");
    }
    Objects.requireNonNull(from, "intent from");
    Objects.requireNonNull(until, "intent until");
    reason = reason == null ? "" : reason;
    Objects.requireNonNull(leadTime, "intent leadTime");
    Objects.requireNonNull(observedAt, "intent observedAt");
    if (until.isPresent() && until.get().isBefore(from)) {
      throw new IllegalArgumentException("intent " + id + ": until is before from");
    }
  }

  /** In force at {@code now}: from <= now < until. */
  public boolean activeAt(Instant now) {
    return !now.isBefore(from) && until.map(now::isBefore).orElse(true);
  }

  /** The VM pool should already be sized for it at {@code now} (lead time before opening). */
  public boolean prewarmAt(Instant now) {
    Instant start = leadTime.map(from::minus).orElse(from);
    return !now.isBefore(start) && until.map(now::isBefore).orElse(true);
  }

  public boolean expiredAt(Instant now) {
    return until.map(u -> !now.isBefore(u)).orElse(false);
  }

  public Intent withUntil(Optional<Instant> newUntil, Instant newObservedAt) {
    return new Intent(
        id, source, target, replicas, from, newUntil, reason, leadTime, newObservedAt);
  }

  /** Of two versions of the same intent, the one the source said last. */
  public static Intent newer(Intent a, Intent b) {
    return b.observedAt.isAfter(a.observedAt) ? b : a;
  }
}
