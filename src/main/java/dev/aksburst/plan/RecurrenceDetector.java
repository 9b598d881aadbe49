package dev.aksburst.plan;

import dev.aksburst.model.IntentSource;
import dev.aksburst.model.LearnedWindow;
import dev.aksburst.model.LearnedWindow.Pattern;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Finds surges that recur at about the same local time on the same days: daily, on weekdays, or
 * weekly on one day. Pure and explainable: every recurrence carries the counts it was found from.
 *
 * <p>Only observed demand is evidence: alert, manual and event floors. A window's floor was asked
 * for by a schedule, and a learned window's floor by aks-burst itself; neither says that a surge
 * came.
 *
 * <p>How: each surge's start is taken in the workload's time zone (so a surge at 09:00 in Berlin
 * stays at 09:00 across a daylight-saving change). Starts within {@link Rules#tolerance()} of each
 * other by time of day form a cluster (the anchor with most neighbours first). For each cluster and
 * each pattern, over the days from the first surge to the last day whose slot has passed: {@code
 * occurrences} are the pattern's days with a surge, {@code expected} the pattern's days, {@code
 * off} the days with a surge the pattern does not have; confidence is {@code occurrences /
 * (expected + off)}. The best pattern wins (ties go to the one with fewer days: a wrong guess of
 * fewer days costs a reactive burst, one of more days costs pre-warms for nothing). The window
 * opens at the earliest start seen, closes at the median end, and holds the highest floor seen.
 */
final class RecurrenceDetector {
  private RecurrenceDetector() {}

  /**
   * @param minOccurrences a recurrence needs at least this many surges on its days
   * @param minConfidence and at least this confidence
   * @param tolerance starts this close by time of day are the same slot
   * @param missesToStop this many of the pattern's last days without a surge in a row mean it
   *     stopped
   */
  record Rules(int minOccurrences, double minConfidence, Duration tolerance, int missesToStop) {
    static final Rules DEFAULTS = new Rules(3, 0.8, Duration.ofMinutes(30), 2);

    Rules {
      if (minOccurrences < 2 || !(minConfidence > 0 && minConfidence <= 1) || missesToStop < 1) {
        throw new IllegalArgumentException(
            "recurrence rules need minOccurrences >= 2, 0 < minConfidence <= 1, missesToStop >= 1");
      }
      if (tolerance.isNegative() || tolerance.compareTo(Duration.ofHours(6)) > 0) {
        throw new IllegalArgumentException("recurrence tolerance must be within 0..6h");
      }
    }
  }

  /** One observed floor. */
  record Surge(Instant start, Instant end, int floor, IntentSource source) {
    Surge {
      Objects.requireNonNull(start);
      Objects.requireNonNull(end);
      Objects.requireNonNull(source);
      if (end.isBefore(start)) {
        throw new IllegalArgumentException("surge ends before it starts");
      }
    }

    boolean evidence() {
      return source == IntentSource.ALERT
          || source == IntentSource.MANUAL
          || source == IntentSource.EVENT;
    }
  }

  /**
   * A recurrence found in the surges.
   *
   * @param days the local days of the pattern
   * @param start earliest local start of its surges (whole minutes)
   * @param end median local end
   * @param replicas highest floor
   * @param surgeDates the local dates with a surge on the pattern's days
   * @param missed the pattern's days without a surge, oldest first
   * @param trailingMisses how many of the pattern's latest days in a row had no surge
   * @param confident enough occurrences and confidence, and not stopped
   * @param stopped the last {@link Rules#missesToStop()} days of the pattern had no surge
   */
  record Recurrence(
      Pattern pattern,
      Set<DayOfWeek> days,
      LocalTime start,
      LocalTime end,
      int replicas,
      int occurrences,
      int expected,
      int off,
      double confidence,
      List<LocalDate> surgeDates,
      List<LocalDate> missed,
      int trailingMisses,
      boolean confident,
      boolean stopped,
      Set<IntentSource> sources) {
    Recurrence {
      days = Set.copyOf(days);
      surgeDates = List.copyOf(surgeDates);
      missed = List.copyOf(missed);
      sources = Set.copyOf(sources);
    }

    /** "8 surges on 8 of 8 weekdays since 2025-04-07 (alert), from 08:52 Europe/Berlin: 100 %". */
    String explain(ZoneId zone) {
      String on =
          switch (pattern) {
            case DAILY -> "days";
            case WEEKDAYS -> "weekdays";
            case WEEKLY -> days.iterator().next().name().toLowerCase(Locale.ROOT) + "s";
          };
      return String.format(
          Locale.ROOT,
          "surges on %d of %d %s since %s%s (%s), starting from %s %s: confidence %.0f %%%s",
          occurrences,
          expected,
          on,
          surgeDates.isEmpty() ? "-" : surgeDates.get(0),
          off > 0 ? " and on " + off + " other days" : "",
          String.join(", ", sources.stream().map(IntentSource::wireName).sorted().toList()),
          start,
          zone.getId(),
          confidence * 100,
          missed.isEmpty() ? "" : "; none on " + missed);
    }

    /** "2025-04-17, 2025-04-18": the trailing misses that stopped it. */
    List<LocalDate> lastMisses() {
      return missed.subList(Math.max(0, missed.size() - trailingMisses), missed.size());
    }
  }

  /** The recurrences of the surges, earliest start first; confident or stopped ones only. */
  static List<Recurrence> detect(List<Surge> all, ZoneId zone, Instant now, Rules rules) {
    List<Local> remaining = new ArrayList<>();
    for (Surge s : all) {
      if (s.evidence() && !s.start().isAfter(now)) {
        remaining.add(new Local(s, s.start().atZone(zone), s.end().atZone(zone)));
      }
    }
    remaining.sort(Comparator.comparing(l -> l.surge.start()));
    long tol = rules.tolerance().toSeconds();
    List<Recurrence> found = new ArrayList<>();
    while (!remaining.isEmpty()) {
      Local anchor = null;
      int best = -1;
      for (Local a : remaining) {
        int n = 0;
        for (Local b : remaining) {
          if (distance(a.secondOfDay(), b.secondOfDay()) <= tol) {
            n++;
          }
        }
        if (n > best) {
          best = n;
          anchor = a;
        }
      }
      Local center = anchor;
      List<Local> members =
          remaining.stream()
              .filter(b -> distance(center.secondOfDay(), b.secondOfDay()) <= tol)
              .toList();
      remaining.removeAll(members);
      recurrence(members, center, zone, now, rules).ifPresent(found::add);
    }
    found.sort(Comparator.comparing(Recurrence::start));
    return List.copyOf(found);
  }

  private static Optional<Recurrence> recurrence(
      List<Local> members, Local center, ZoneId zone, Instant now, Rules rules) {
    // Each surge belongs to the date of its slot: times are shifted so that the anchor's time of
    // day is noon, and a cluster around midnight keeps one date per slot.
    long shift = center.secondOfDay() - NOON;
    TreeMap<LocalDate, List<Slotted>> byDate = new TreeMap<>();
    for (Local m : members) {
      LocalDateTime shifted = m.start.toLocalDateTime().minusSeconds(shift);
      byDate
          .computeIfAbsent(shifted.toLocalDate(), d -> new ArrayList<>())
          .add(new Slotted(m, shifted.toLocalDate(), shifted.toLocalTime().toSecondOfDay()));
    }
    if (byDate.size() < rules.minOccurrences()) {
      return Optional.empty();
    }
    LocalDateTime nowShifted = now.atZone(zone).toLocalDateTime().minusSeconds(shift);
    LocalDate lastDue =
        nowShifted.toLocalTime().toSecondOfDay() > NOON + rules.tolerance().toSeconds()
            ? nowShifted.toLocalDate()
            : nowShifted.toLocalDate().minusDays(1);
    if (lastDue.isBefore(byDate.lastKey())) {
      lastDue = byDate.lastKey();
    }
    Recurrence best = null;
    for (Candidate c : candidates(byDate.keySet())) {
      Recurrence r = score(c, byDate, lastDue, rules);
      if (best == null
          || rank(r) > rank(best) + 1e-9
          || (Math.abs(rank(r) - rank(best)) <= 1e-9 && r.days().size() < best.days().size())) {
        best = r;
      }
    }
    if (best == null || (!best.confident() && !best.stopped())) {
      return Optional.empty();
    }
    return Optional.of(best);
  }

  /** Patterns compete on confidence before their trailing misses, so a stop is seen as a stop. */
  private static double rank(Recurrence r) {
    int e = r.expected() - r.trailingMisses() + r.off();
    return e <= 0 ? 0 : r.occurrences() / (double) e;
  }

  private record Candidate(Pattern pattern, Set<DayOfWeek> days) {}

  private static List<Candidate> candidates(Set<LocalDate> dates) {
    List<Candidate> c = new ArrayList<>();
    c.add(new Candidate(Pattern.DAILY, EnumSet.allOf(DayOfWeek.class)));
    c.add(new Candidate(Pattern.WEEKDAYS, LearnedWindow.WEEKDAYS));
    new TreeSet<>(dates.stream().map(LocalDate::getDayOfWeek).toList())
        .forEach(d -> c.add(new Candidate(Pattern.WEEKLY, EnumSet.of(d))));
    return c;
  }

  private static Recurrence score(
      Candidate c, TreeMap<LocalDate, List<Slotted>> byDate, LocalDate lastDue, Rules rules) {
    int expected = 0;
    List<LocalDate> hits = new ArrayList<>();
    List<LocalDate> missed = new ArrayList<>();
    int trailing = 0;
    for (LocalDate d = byDate.firstKey(); !d.isAfter(lastDue); d = d.plusDays(1)) {
      if (!c.days().contains(d.getDayOfWeek())) {
        continue;
      }
      expected++;
      if (byDate.containsKey(d)) {
        hits.add(d);
        trailing = 0;
      } else {
        missed.add(d);
        trailing++;
      }
    }
    int off =
        (int) byDate.keySet().stream().filter(d -> !c.days().contains(d.getDayOfWeek())).count();
    double confidence = expected + off == 0 ? 0 : hits.size() / (double) (expected + off);
    List<Slotted> on = new ArrayList<>();
    for (LocalDate d : hits) {
      on.addAll(byDate.get(d));
    }
    LocalTime start = LocalTime.MIDNIGHT;
    LocalTime end = LocalTime.MIDNIGHT.plusMinutes(1);
    Set<DayOfWeek> days = c.days();
    int replicas = 0;
    Set<IntentSource> sources = EnumSet.noneOf(IntentSource.class);
    if (!on.isEmpty()) {
      Slotted earliest = on.stream().min(Comparator.comparingLong(Slotted::second)).orElseThrow();
      start = earliest.local().start.toLocalTime().withSecond(0).withNano(0);
      // A slot whose earliest start falls on the day before its date opens on the day before.
      long dayShift =
          java.time.temporal.ChronoUnit.DAYS.between(
              earliest.date(), earliest.local().start.toLocalDate());
      if (dayShift != 0 && days.size() < 7) {
        EnumSet<DayOfWeek> moved = EnumSet.noneOf(DayOfWeek.class);
        days.forEach(d -> moved.add(d.plus(dayShift)));
        days = moved;
      }
      List<Long> ends =
          on.stream()
              .map(l -> l.second() + Duration.between(l.local().start, l.local().end).toSeconds())
              .sorted()
              .toList();
      long medianEnd = ends.get((ends.size() - 1) / 2);
      long length =
          Math.max(60, Math.min(medianEnd - earliest.second(), Duration.ofHours(23).toSeconds()));
      end = start.plusSeconds(length).withSecond(0).withNano(0);
      if (end.equals(start)) {
        end = start.plusMinutes(1);
      }
      replicas = on.stream().mapToInt(l -> l.local().surge.floor()).max().orElse(0);
      on.forEach(l -> sources.add(l.local().surge.source()));
    }
    int before = expected - trailing + off;
    double confidenceBefore = before <= 0 ? 0 : hits.size() / (double) before;
    boolean enough = hits.size() >= rules.minOccurrences();
    boolean stopped =
        trailing >= rules.missesToStop() && enough && confidenceBefore >= rules.minConfidence();
    boolean confident =
        trailing < rules.missesToStop() && enough && confidence >= rules.minConfidence();
    return new Recurrence(
        c.pattern(),
        days,
        start,
        end,
        replicas,
        hits.size(),
        expected,
        off,
        confidence,
        hits,
        missed,
        trailing,
        confident,
        stopped,
        sources);
  }

  /** Circular distance between two times of day, in seconds. */
  private static long distance(long a, long b) {
    long d = Math.abs(a - b);
    return Math.min(d, 86_400 - d);
  }

  private static final long NOON = 43_200;

  private record Local(Surge surge, ZonedDateTime start, ZonedDateTime end) {
    long secondOfDay() {
      return start.toLocalTime().toSecondOfDay();
    }
  }

  /**
   * A surge with the date of its slot and its start in seconds of the shifted day (the anchor at
   * noon).
   */
  private record Slotted(Local local, LocalDate date, long second) {}
}
