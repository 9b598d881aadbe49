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
   * time + hold.
   *
   * @param replicasOverride {@code aksburst.replicas} from the custom properties
   * @param holdOverride {@code aksburst.hold} from the custom properties
   */
  public static Intent fromAlert(
      ParsedAlert alert,
      WorkloadView workload,
      OptionalInt replicasOverride,
      Optional<Duration> holdOverride) {
    WorkloadRef ref = workload.ref();
    int replicas =
        replicasOverride.isPresent()
            ? replicasOverride.getAsInt()
            : workload
                .policy()
                .burstOrDefault()
                .resolve(workload.baseline(), alert.metricValue(), alert.threshold());
    Duration hold = holdOverride.orElse(workload.policy().holdOrDefault());
    Optional<Instant> until;
    if (alert.condition() == ParsedAlert.Condition.RESOLVED) {
      until = Optional.of(alert.resolvedAt().orElseThrow().plus(hold));
    } else if (alert.neverResolves()) {
      until = Optional.of(alert.firedAt().plus(hold));
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
    Instant from = alert.firedAt();
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
        alert.notifiedAt());
  }

  /**
   * Records an alert intent. A Resolved notification closes the floor already stored under the id
   * (keeping its replicas) unless the stored version is newer; otherwise the newer version wins.
   */
  public static BurstState applyAlert(BurstState state, Intent alertIntent) {
    Optional<Intent> existing =
        state.intents().stream().filter(i -> i.id().equals(alertIntent.id())).findFirst();
    if (existing.isPresent() && alertIntent.until().isPresent()) {
      Intent e = existing.get();
      if (!alertIntent.observedAt().isAfter(e.observedAt())) {
        return state;
      }
      Instant until = alertIntent.until().get();
      return state.withIntent(
          e.withUntil(
              Optional.of(until.isBefore(e.from()) ? e.from() : until), alertIntent.observedAt()));
    }
    return state.withIntent(alertIntent);
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
