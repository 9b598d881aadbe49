package dev.aksburst.intent;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.aksburst.model.Window;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates a scheduled window (KEDA cron scaler terms: 5-field {@code start} and {@code end}, an
 * IANA time zone) at an instant. Pure: the answer depends only on the window and {@code now}, never
 * on when a timer last ran, so a late timer ({@code IsPastDue}) or a daylight-saving change gives
 * the same occurrence. A start or end that falls in the hour a spring-forward change skips happens
 * at the first valid time after it (when the clocks jump), as cron daemons run the jobs of a
 * skipped hour, instead of being skipped that day.
 */
public final class WindowSchedule {
  private static final CronParser UNIX =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final Window window;
  private final ZoneId zone;
  private final ExecutionTime start;
  private final ExecutionTime end;

  /** One occurrence of the window: {@code [start, end)}. */
  public record Occurrence(Instant start, Instant end) {
    public Occurrence {
      Objects.requireNonNull(start);
      Objects.requireNonNull(end);
      if (!end.isAfter(start)) {
        throw new IllegalArgumentException("occurrence end " + end + " is not after " + start);
      }
    }

    public boolean contains(Instant t) {
      return !t.isBefore(start) && t.isBefore(end);
    }
  }

  /** Throws {@link IllegalArgumentException} naming the bad cron or time zone. */
  public WindowSchedule(Window window) {
    this.window = Objects.requireNonNull(window);
    try {
      this.zone = ZoneId.of(window.timezone());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "window " + window.key() + ": \"" + window.timezone() + "\" is not an IANA time zone", e);
    }
    this.start = ExecutionTime.forCron(parse(window.start(), "start"));
    this.end = ExecutionTime.forCron(parse(window.end(), "end"));
  }

  private Cron parse(String expr, String which) {
    try {
      return UNIX.parse(expr).validate();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "window "
              + window.key()
              + ": "
              + which
              + " \""
              + expr
              + "\" is not a 5-field cron expression: "
              + e.getMessage(),
          e);
    }
  }

  public Window window() {
    return window;
  }

  /**
   * The occurrence whose floor should be in force at {@code now}: the one that contains it, else
   * the next one when {@code now} is within its lead time. Empty otherwise.
   */
  public Optional<Occurrence> due(Instant now) {
    Optional<Occurrence> current = containing(now);
    if (current.isPresent()) {
      return current;
    }
    Duration lead = window.leadTime().orElse(Duration.ZERO);
    if (lead.isZero() || lead.isNegative()) {
      return Optional.empty();
    }
    ZonedDateTime at = now.atZone(zone);
    return earliest(start.nextExecution(at), skippedAfter(start, now))
        .filter(s -> !s.toInstant().minus(lead).isAfter(now))
        .flatMap(this::occurrenceFrom);
  }

  /** The occurrence that contains {@code now}: the latest start at or before it, if not ended. */
  public Optional<Occurrence> containing(Instant now) {
    // Cron works in whole minutes: the last start strictly before the next minute is the last
    // start at or before now.
    ZonedDateTime nextMinute = now.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    Optional<ZonedDateTime> last = start.lastExecution(nextMinute);
    Optional<ZonedDateTime> skipped = skippedBefore(start, nextMinute.toInstant());
    if (skipped.isPresent() && (last.isEmpty() || skipped.get().isAfter(last.get()))) {
      last = skipped;
    }
    return last.flatMap(this::occurrenceFrom).filter(o -> o.contains(now));
  }

  private Optional<Occurrence> occurrenceFrom(ZonedDateTime s) {
    return earliest(end.nextExecution(s), skippedAfter(end, s.toInstant()))
        .map(e -> new Occurrence(s.toInstant(), e.toInstant()));
  }

  private static Optional<ZonedDateTime> earliest(
      Optional<ZonedDateTime> a, Optional<ZonedDateTime> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return b.get().isBefore(a.get()) ? b : a;
  }

  /**
   * When the last skipped hour before {@code bound} ends, if {@code cron} fires inside it: the time
   * the skipped firing happens instead.
   */
  private Optional<ZonedDateTime> skippedBefore(ExecutionTime cron, Instant bound) {
    ZoneOffsetTransition t = zone.getRules().previousTransition(bound);
    for (int i = 0;
        t != null && i < 2;
        i++, t = zone.getRules().previousTransition(t.getInstant())) {
      if (t.isGap()) {
        return firesIn(cron, t) ? Optional.of(t.getInstant().atZone(zone)) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** As {@link #skippedBefore}, for the first skipped hour after {@code after}. */
  private Optional<ZonedDateTime> skippedAfter(ExecutionTime cron, Instant after) {
    ZoneOffsetTransition t = zone.getRules().nextTransition(after);
    for (int i = 0; t != null && i < 2; i++, t = zone.getRules().nextTransition(t.getInstant())) {
      if (t.isGap()) {
        return firesIn(cron, t) && t.getInstant().isAfter(after)
            ? Optional.of(t.getInstant().atZone(zone))
            : Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Whether {@code cron} would fire in the local times the gap {@code t} skips. */
  private static boolean firesIn(ExecutionTime cron, ZoneOffsetTransition t) {
    // In the offset before the change the skipped local times exist and cron can match them.
    ZonedDateTime justBefore = t.getDateTimeBefore().atZone(t.getOffsetBefore()).minusMinutes(1);
    return cron.nextExecution(justBefore)
        .filter(n -> n.toLocalDateTime().isBefore(t.getDateTimeAfter()))
        .isPresent();
  }
}
