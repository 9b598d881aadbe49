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
import java.util.Objects;
import java.util.Optional;

/**
 * Evaluates a scheduled window (KEDA cron scaler terms: 5-field {@code start} and {@code end}, an
 * IANA time zone) at an instant. Pure: the answer depends only on the window and {@code now}, never
 * on when a timer last ran, so a late timer ({@code IsPastDue}) or a daylight-saving change gives
 * the same occurrence.
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
    return start
        .nextExecution(at)
        .filter(s -> !s.toInstant().minus(lead).isAfter(now))
        .flatMap(this::occurrenceFrom);
  }

  /** The occurrence that contains {@code now}: the latest start at or before it, if not ended. */
  public Optional<Occurrence> containing(Instant now) {
    // Cron works in whole minutes: the last start strictly before the next minute is the last
    // start at or before now.
    ZonedDateTime nextMinute = now.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    return start
        .lastExecution(nextMinute)
        .flatMap(this::occurrenceFrom)
        .filter(o -> o.contains(now));
  }

  private Optional<Occurrence> occurrenceFrom(ZonedDateTime s) {
    return end.nextExecution(s).map(e -> new Occurrence(s.toInstant(), e.toInstant()));
  }
}
