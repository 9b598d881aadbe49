package dev.aksburst.intent;

import dev.aksburst.model.BurstState;
import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.LearnedWindow;
import dev.aksburst.model.Window;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Makes {@link Intent}s from parsed triggers. Ids are stable keys, so a retried or duplicated
 * trigger re-writes the same intent: {@code alert:<rule>:<ns>/<name>}, {@code
 * manual:<ns>/<name>:<id>}, {@code event:<eventId>}, {@code window:<start>|<end>|<tz>@<start>}.
 */
public final class IntentFactory {
  private IntentFactory() {}

  /**
   * The floor an alert notification asks for on {@code workload}. Fired opens the floor (activity
   * log alerts, which never resolve, hold it for one hold period); Resolved closes it at resolve
   * time + hold. The sender's times are clamped to {@code receivedAt}: a {@code firedDateTime}
   * ahead of the receiver's clock starts the floor when the alert arrives, not later, and a {@code
   * resolvedDateTime} ahead of it does not stretch the hold. The version's {@link
   * Intent#observedAt()} is the sender's own {@code firedDateTime}, unclamped: it names the firing,
   * which the Fired, its retries and its Resolved all carry ({@link #applyAlert}).
   *
   * @param replicasOverride {@code aksburst.replicas} from the custom properties
   * @param holdOverride {@code aksburst.hold} from the custom properties
   * @param receivedAt when the notification reached aks-burst
   */
  public static Intent fromAlert(
      ParsedAlert alert,
      WorkloadView workload,
      OptionalInt replicasOverride,
      Optional<Duration> holdOverride,
      Instant receivedAt) {
    WorkloadRef ref = workload.ref();
    int replicas =
        replicasOverride.isPresent()
            ? replicasOverride.getAsInt()
            : workload
                .policy()
                .burstOrDefault()
                .resolve(workload.baseline(), alert.metricValue(), alert.threshold());
    Duration hold = holdOverride.orElse(workload.policy().holdOrDefault());
    Instant from = earlier(alert.firedAt(), receivedAt);
    Optional<Instant> until;
    if (alert.condition() == ParsedAlert.Condition.RESOLVED) {
      until = Optional.of(earlier(alert.resolvedAt().orElseThrow(), receivedAt).plus(hold));
    } else if (alert.neverResolves()) {
      until = Optional.of(from.plus(hold));
    } else {
      until = Optional.empty();
    }
    String reason =
        "alert "
            + alert.rule()
            + " "
            + (alert.condition() == ParsedAlert.Condition.FIRED ? "fired" : "resolved")
            + (alert.metricValue().isPresent()
                ? " (value " + alert.metricValue().getAsDouble()
                : "")
            + (alert.metricValue().isPresent() && alert.threshold().isPresent()
                ? ", threshold " + alert.threshold().getAsDouble()
                : "")
            + (alert.metricValue().isPresent() ? ")" : "");
    if (until.isPresent() && until.get().isBefore(from)) {
      until = Optional.of(from);
    }
    return new Intent(
        boundedId("alert:" + alert.rule() + ":" + ref),
        IntentSource.ALERT,
        ref,
        replicas,
        from,
        until,
        reason,
        Optional.empty(),
        alert.firedAt());
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isAfter(b) ? b : a;
  }

  /**
   * Records an alert intent, ordering the notifications of one firing by their condition, never by
   * comparing the sender's fire and resolve times (its clock may be skewed, and a retried Fired may
   * arrive after the Resolved). Versions of the same firing carry the same {@code firedDateTime}: a
   * Resolved closes the stored floor (keeping its replicas and start), a Fired never reopens a
   * closed one. A firing with a later {@code firedDateTime} is a new one and replaces the stored
   * floor; an earlier one is stale and changes nothing.
   */
  public static BurstState applyAlert(BurstState state, Intent alertIntent) {
    Optional<Intent> existing =
        state.intents().stream().filter(i -> i.id().equals(alertIntent.id())).findFirst();
    if (existing.isEmpty() || alertIntent.observedAt().isAfter(existing.get().observedAt())) {
      return state.withIntent(alertIntent);
    }
    Intent e = existing.get();
    boolean sameFiring = alertIntent.observedAt().equals(e.observedAt());
    if (!sameFiring || alertIntent.until().isEmpty() || e.until().isPresent()) {
      return state;
    }
    Instant until = alertIntent.until().get();
    return state
        .withoutIntents(List.of(e.id()))
        .withIntent(
            e.withUntil(Optional.of(until.isBefore(e.from()) ? e.from() : until), e.observedAt()));
  }

  /** A manual burst from {@code now} for the request's duration. */
  public static Intent fromBurstRequest(BurstRequest r, String generatedId, Instant now) {
    String id = "manual:" + r.target() + ":" + r.requestId().orElse(generatedId);
    return new Intent(
        boundedId(id),
        IntentSource.MANUAL,
        r.target(),
        r.replicas(),
        now,
        Optional.of(now.plus(r.duration())),
        r.reason().isEmpty() ? "manual burst" : r.reason(),
        Optional.empty(),
        now);
  }

  /**
   * A burst requested by an Event Grid event; starts at the event's time so a redelivery is the
   * same intent.
   */
  public static Intent fromBurstEvent(BurstRequest r, String eventId, Instant eventTime) {
    return new Intent(
        boundedId("event:" + eventId),
        IntentSource.EVENT,
        r.target(),
        r.replicas(),
        eventTime,
        Optional.of(eventTime.plus(r.duration())),
        r.reason().isEmpty() ? "burst requested by event " + eventId : r.reason(),
        Optional.empty(),
        eventTime);
  }

  /** The floor of one occurrence of a scheduled window. */
  public static Intent fromWindow(
      Window window, WorkloadRef target, WindowSchedule.Occurrence occurrence) {
    return new Intent(
        boundedId(window.key() + "@" + occurrence.start()),
        IntentSource.SCHEDULE,
        target,
        window.replicas(),
        occurrence.start(),
        Optional.of(occurrence.end()),
        "scheduled window " + window.start() + " .. " + window.end() + " " + window.timezone(),
        window.leadTime(),
        occurrence.start());
  }

  /**
   * The floor of one occurrence of a learned window that acts ({@code aksburst.dev/learn: act}):
   * source {@code learned}, id the learned window's key and the occurrence.
   */
  public static Intent fromLearnedWindow(
      LearnedWindow learned, WorkloadRef target, WindowSchedule.Occurrence occurrence) {
    Window window = learned.window();
    return new Intent(
        boundedId(learned.key() + "@" + occurrence.start()),
        IntentSource.LEARNED,
        target,
        window.replicas(),
        occurrence.start(),
        Optional.of(occurrence.end()),
        "learned window " + learned.describe(),
        window.leadTime(),
        occurrence.start());
  }

  /** Keeps ids within {@link Intent#MAX_ID_LENGTH}: long ones keep a prefix and a digest. */
  static String boundedId(String id) {
    if (id.length() <= Intent.MAX_ID_LENGTH) {
      return id;
    }
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
      String digest = HexFormat.of().formatHex(d, 0, 12);
      return id.substring(0, Intent.MAX_ID_LENGTH - digest.length() - 1) + "#" + digest;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK lacks SHA-256", e);
    }
  }
}
