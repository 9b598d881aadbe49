package dev.aksburst.local;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a timer trigger fires, as the Functions host reads its schedule: a 6-field NCRONTAB
 * expression ({@code {second} {minute} {hour} {day} {month} {day-of-week}}, UTC) or a {@code
 * hh:mm:ss} interval.
 */
final class TimerSchedule {
  private static final Pattern TIMESPAN = Pattern.compile("(\\d{1,2}):(\\d{2}):(\\d{2})");
  private static final CronParser SIX_FIELDS =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));

  private final String expression;
  private final ExecutionTime cron;
  private final Duration interval;

  private TimerSchedule(String expression, ExecutionTime cron, Duration interval) {
    this.expression = expression;
    this.cron = cron;
    this.interval = interval;
  }

  /**
   * @throws IllegalArgumentException naming the setting when the expression can not be read
   */
  static TimerSchedule parse(String setting, String expression) {
    Objects.requireNonNull(expression, setting);
    String e = expression.trim();
    Matcher m = TIMESPAN.matcher(e);
    if (m.matches()) {
      Duration d =
          Duration.ofHours(Long.parseLong(m.group(1)))
              .plusMinutes(Long.parseLong(m.group(2)))
              .plusSeconds(Long.parseLong(m.group(3)));
      if (d.isZero()) {
        throw new IllegalArgumentException(setting + "=\"" + e + "\": the interval must be > 0");
      }
      return new TimerSchedule(e, null, d);
    }
    try {
      return new TimerSchedule(e, ExecutionTime.forCron(SIX_FIELDS.parse(e)), null);
    } catch (IllegalArgumentException bad) {
      throw new IllegalArgumentException(
          setting
              + "=\""
              + e
              + "\" is not a 6-field NCRONTAB expression or hh:mm:ss interval: "
              + bad.getMessage(),
          bad);
    }
  }

  /** The first occurrence strictly after {@code t}. */
  Instant next(Instant t) {
    if (interval != null) {
      return t.plus(interval);
    }
    return cron.nextExecution(ZonedDateTime.ofInstant(t, ZoneOffset.UTC))
        .map(ZonedDateTime::toInstant)
        .orElseThrow(
            () -> new IllegalStateException("schedule \"" + expression + "\" never fires again"));
  }

  @Override
  public String toString() {
    return expression;
  }
}
