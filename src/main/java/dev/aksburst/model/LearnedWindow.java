package dev.aksburst.model;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A window aks-burst learned from a workload's recurring surges, kept in the workload's state so
 * that it is announced once ({@code WindowLearned}) and dropped once ({@code WindowDropped}). It
 * acts, as a scheduled window with a lead time, only when the workload says {@code
 * aksburst.dev/learn: act}.
 *
 * @param key stable id given when it was first learned, e.g. {@code learned:weekdays@08:55}
 * @param pattern on which days it recurs
 * @param days the local days it opens on (all seven, Monday to Friday, or one)
 * @param start local opening time (the earliest start seen)
 * @param end local closing time (the latest end seen; before {@code start} when it closes the next
 *     day)
 * @param timezone IANA zone the times are local to
 * @param replicas the highest floor seen
 * @param leadTime how long before {@code start} the VM pool is pre-warmed
 * @param occurrences surges seen on the pattern's days
 * @param expected days of the pattern over the observed span
 * @param confidence {@code occurrences / (expected + surges off the pattern's days)}
 * @param learnedAt when it was first learned
 * @param droppedAt when it was dropped; a dropped window never acts
 * @param why how it was found, or why it was dropped
 */
public record LearnedWindow(
    String key,
    Pattern pattern,
    Set<DayOfWeek> days,
    LocalTime start,
    LocalTime end,
    String timezone,
    int replicas,
    Duration leadTime,
    int occurrences,
    int expected,
    double confidence,
    Instant learnedAt,
    Optional<Instant> droppedAt,
    String why) {

  /** On which days a surge recurs. */
  public enum Pattern {
    DAILY("daily"),
    WEEKDAYS("weekdays"),
    WEEKLY("weekly");

    private final String wireName;

    Pattern(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    public static Pattern fromWire(String s) {
      for (Pattern p : values()) {
        if (p.wireName.equals(s)) {
          return p;
        }
      }
      throw new IllegalArgumentException(
          "\"" + s + "\" is not a recurrence pattern (daily, weekdays, weekly)");
    }
  }

  public static final Set<DayOfWeek> WEEKDAYS =
      Set.copyOf(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY));

  public LearnedWindow {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(pattern, "pattern");
    days = Set.copyOf(days);
    if (days.isEmpty()) {
      throw new IllegalArgumentException("learned window " + key + " opens on no day");
    }
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(timezone, "timezone");
    Objects.requireNonNull(leadTime, "leadTime");
    Objects.requireNonNull(learnedAt, "learnedAt");
    Objects.requireNonNull(droppedAt, "droppedAt");
    Objects.requireNonNull(why, "why");
    if (replicas < 0 || occurrences < 0 || expected < 0 || leadTime.isNegative()) {
      throw new IllegalArgumentException("learned window " + key + ": negative figure");
    }
    if (!(confidence >= 0 && confidence <= 1)) {
      throw new IllegalArgumentException(
          "learned window " + key + ": confidence " + confidence + " is not in [0, 1]");
    }
  }

  public boolean dropped() {
    return droppedAt.isPresent();
  }

  /** Closes on the day after it opens. */
  public boolean overnight() {
    return !end.isAfter(start);
  }

  /** This window dropped at {@code at} for {@code reason}. */
  public LearnedWindow droppedAt(Instant at, String reason) {
    return new LearnedWindow(
        key,
        pattern,
        days,
        start,
        end,
        timezone,
        replicas,
        leadTime,
        occurrences,
        expected,
        confidence,
        learnedAt,
        Optional.of(at),
        reason);
  }

  /** The same window as a scheduled window (5-field cron in {@code timezone}). */
  public Window window() {
    Set<DayOfWeek> endDays =
        overnight() ? days.stream().map(d -> d.plus(1)).collect(Collectors.toSet()) : days;
    return new Window(
        cron(start, days), cron(end, endDays), timezone, replicas, Optional.of(leadTime));
  }

  /** "weekdays 08:55–09:40 Europe/Berlin, 24 replicas, lead 7 min". */
  public String describe() {
    String on =
        pattern == Pattern.WEEKLY
            ? "weekly on " + days.iterator().next().name().toLowerCase(Locale.ROOT)
            : pattern.wireName();
    return on
        + " "
        + start
        + "–"
        + end
        + " "
        + timezone
        + ", "
        + replicas
        + " replicas, lead "
        + leadTime.toMinutes()
        + " min";
  }

  private static String cron(LocalTime t, Set<DayOfWeek> days) {
    return t.getMinute() + " " + t.getHour() + " * * " + cronDays(days);
  }

  private static String cronDays(Set<DayOfWeek> days) {
    if (days.size() == 7) {
      return "*";
    }
    List<Integer> sorted = days.stream().map(d -> d.getValue() % 7).sorted().toList();
    boolean run = sorted.get(sorted.size() - 1) - sorted.get(0) == sorted.size() - 1;
    if (run && sorted.size() > 2) {
      return sorted.get(0) + "-" + sorted.get(sorted.size() - 1);
    }
    return sorted.stream().map(String::valueOf).collect(Collectors.joining(","));
  }
}
