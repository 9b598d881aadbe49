package dev.aksburst.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.IntentSource;
import dev.aksburst.model.LearnedWindow.Pattern;
import dev.aksburst.plan.RecurrenceDetector.Recurrence;
import dev.aksburst.plan.RecurrenceDetector.Rules;
import dev.aksburst.plan.RecurrenceDetector.Surge;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RecurrenceDetectorTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final ZoneId UTC = ZoneId.of("UTC");

  /** A Monday. */
  static final LocalDate MONDAY = LocalDate.parse("2025-04-07");

  /** A surge starting at local {@code at + offsetMinutes}, lasting {@code minutes}. */
  static Surge surge(LocalDateTime at, ZoneId zone, int minutes, int floor, IntentSource source) {
    Instant start = at.atZone(zone).toInstant();
    return new Surge(start, start.plus(Duration.ofMinutes(minutes)), floor, source);
  }

  static Surge alert(LocalDate day, LocalTime time, ZoneId zone, int minutes, int floor) {
    return surge(day.atTime(time), zone, minutes, floor, IntentSource.ALERT);
  }

  /** One alert per day of the span whose day passes {@code on}, at the time {@code time(i)}. */
  static List<Surge> series(
      LocalDate from, int days, EnumSet<DayOfWeek> on, ZoneId zone, IntFunction<LocalTime> time) {
    List<Surge> out = new ArrayList<>();
    for (int i = 0; i < days; i++) {
      LocalDate d = from.plusDays(i);
      if (on.contains(d.getDayOfWeek())) {
        out.add(alert(d, time.apply(i), zone, 40, 20));
      }
    }
    return out;
  }

  static final EnumSet<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);
  static final EnumSet<DayOfWeek> ALL = EnumSet.allOf(DayOfWeek.class);

  static Instant localNow(LocalDate d, String time, ZoneId zone) {
    return d.atTime(LocalTime.parse(time)).atZone(zone).toInstant();
  }

  static List<Recurrence> detect(List<Surge> s, ZoneId zone, Instant now) {
    return RecurrenceDetector.detect(s, zone, now, Rules.DEFAULTS);
  }

  record Row(
      String name,
      List<Surge> surges,
      ZoneId zone,
      Instant now,
      Pattern pattern,
      EnumSet<DayOfWeek> days,
      String start,
      int occurrences,
      int expected,
      double confidence) {}

  static Stream<Arguments> confident() {
    LocalTime nine = LocalTime.of(9, 0);
    // Europe/Berlin leaves CET for CEST on Sunday 2025-03-30: 09:00 local is 08:00 UTC before
    // and 07:00 UTC after.
    LocalDate dstMonday = LocalDate.parse("2025-03-24");
    int[] noise = {0, -4, 3, 6, -2, 1, -5, 4, 2, -3};
    List<Surge> noisy = new ArrayList<>();
    for (int i = 0, k = 0; i < 14; i++) {
      LocalDate d = MONDAY.plusDays(i);
      if (WEEKDAYS.contains(d.getDayOfWeek())) {
        noisy.add(alert(d, nine.plusMinutes(noise[k]), BERLIN, 40 + noise[k], 18 + (k % 4) * 2));
        k++;
      }
    }
    List<Surge> missedOne = series(MONDAY, 14, WEEKDAYS, BERLIN, i -> nine);
    missedOne.remove(6); // Tuesday of the second week
    return Stream.of(
            new Row(
                "weekdays for two weeks",
                series(MONDAY, 14, WEEKDAYS, BERLIN, i -> nine),
                BERLIN,
                localNow(MONDAY.plusDays(14), "08:00", BERLIN),
                Pattern.WEEKDAYS,
                WEEKDAYS,
                "09:00",
                10,
                10,
                1.0),
            new Row(
                "daily for ten days",
                series(MONDAY, 10, ALL, UTC, i -> LocalTime.of(2, 30)),
                UTC,
                localNow(MONDAY.plusDays(10), "01:00", UTC),
                Pattern.DAILY,
                ALL,
                "02:30",
                10,
                10,
                1.0),
            new Row(
                "weekly on Mondays for four weeks",
                series(MONDAY, 28, EnumSet.of(DayOfWeek.MONDAY), BERLIN, i -> LocalTime.of(7, 0)),
                BERLIN,
                localNow(MONDAY.plusDays(28), "06:00", BERLIN),
                Pattern.WEEKLY,
                EnumSet.of(DayOfWeek.MONDAY),
                "07:00",
                4,
                4,
                1.0),
            new Row(
                "weekdays across the spring DST change, in the workload's zone",
                series(dstMonday, 12, WEEKDAYS, BERLIN, i -> nine),
                BERLIN,
                localNow(dstMonday.plusDays(12), "08:00", BERLIN),
                Pattern.WEEKDAYS,
                WEEKDAYS,
                "09:00",
                10,
                10,
                1.0),
            new Row(
                "noise of up to 6 minutes in start and height",
                noisy,
                BERLIN,
                localNow(MONDAY.plusDays(14), "08:00", BERLIN),
                Pattern.WEEKDAYS,
                WEEKDAYS,
                "08:55",
                10,
                10,
                1.0),
            new Row(
                "a start drifting 3 minutes later every day",
                series(MONDAY, 14, WEEKDAYS, BERLIN, i -> nine.plusMinutes(3L * i)),
                BERLIN,
                localNow(MONDAY.plusDays(14), "08:00", BERLIN),
                Pattern.WEEKDAYS,
                WEEKDAYS,
                "09:00",
                10,
                10,
                1.0),
            new Row(
                "a missed occurrence in the middle",
                missedOne,
                BERLIN,
                localNow(MONDAY.plusDays(14), "08:00", BERLIN),
                Pattern.WEEKDAYS,
                WEEKDAYS,
                "09:00",
                9,
                10,
                0.9),
            new Row(
                "nightly around midnight, on both sides of it",
                nightly(),
                UTC,
                localNow(MONDAY.plusDays(8), "12:00", UTC),
                Pattern.DAILY,
                ALL,
                "23:57",
                8,
                8,
                1.0))
        .map(r -> Arguments.of(r.name(), r));
  }

  /** Eight nights, the surge at 23:57 the evening before or at 00:04, in turn. */
  static List<Surge> nightly() {
    List<Surge> out = new ArrayList<>();
    for (int i = 1; i <= 8; i++) {
      LocalDateTime at = MONDAY.plusDays(i).atStartOfDay().plusMinutes(i % 2 == 0 ? -3 : 4);
      out.add(surge(at, UTC, 30, 10, IntentSource.ALERT));
    }
    return out;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("confident")
  void findsTheRecurrence(String name, Row row) {
    List<Recurrence> found = detect(row.surges(), row.zone(), row.now());
    assertThat(found).hasSize(1);
    Recurrence r = found.get(0);
    assertThat(r.confident()).isTrue();
    assertThat(r.stopped()).isFalse();
    assertThat(r.pattern()).isEqualTo(row.pattern());
    assertThat(r.days()).isEqualTo(row.days());
    assertThat(r.start()).isEqualTo(LocalTime.parse(row.start()));
    assertThat(r.occurrences()).isEqualTo(row.occurrences());
    assertThat(r.expected()).isEqualTo(row.expected());
    assertThat(r.confidence())
        .isCloseTo(row.confidence(), org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void theSameDstSeriesInUtcIsTwoSlotsAnHourApart() {
    LocalDate dstMonday = LocalDate.parse("2025-03-24");
    List<Surge> s = series(dstMonday, 12, WEEKDAYS, BERLIN, i -> LocalTime.of(9, 0));
    List<Recurrence> found = detect(s, UTC, localNow(dstMonday.plusDays(12), "06:00", UTC));
    // In UTC the first week's slot (08:00) seems to stop when the clocks change and a new one
    // (07:00) begins: the workload's zone is what keeps them one.
    assertThat(found)
        .extracting(Recurrence::start)
        .containsExactly(LocalTime.of(7, 0), LocalTime.of(8, 0));
    assertThat(found.get(1).stopped()).isTrue();
    assertThat(found).allMatch(r -> r.occurrences() == 5);
  }

  @Test
  void noiseInHeightGivesTheHighestFloorAndTheMedianEnd() {
    List<Surge> s = new ArrayList<>();
    int[] floors = {18, 22, 20, 24, 19};
    int[] minutes = {30, 40, 50, 60, 70};
    for (int i = 0; i < 5; i++) {
      s.add(alert(MONDAY.plusDays(i), LocalTime.of(9, 0), BERLIN, minutes[i], floors[i]));
    }
    Recurrence r = detect(s, BERLIN, localNow(MONDAY.plusDays(7), "08:00", BERLIN)).get(0);
    assertThat(r.replicas()).isEqualTo(24);
    assertThat(r.end()).isEqualTo(LocalTime.of(9, 50));
  }

  @Test
  void twoMissedOccurrencesInARowStopIt() {
    List<Surge> s = series(MONDAY, 7, WEEKDAYS, BERLIN, i -> LocalTime.of(9, 0));
    // Monday and Tuesday of the second week came and went without a surge.
    Instant now = localNow(MONDAY.plusDays(8), "12:00", BERLIN);
    Recurrence r = detect(s, BERLIN, now).get(0);
    assertThat(r.stopped()).isTrue();
    assertThat(r.confident()).isFalse();
    assertThat(r.pattern()).isEqualTo(Pattern.WEEKDAYS);
    assertThat(r.lastMisses()).containsExactly(MONDAY.plusDays(7), MONDAY.plusDays(8));
  }

  @Test
  void oneMissedOccurrenceAtTheEndDoesNotStopIt() {
    List<Surge> s = series(MONDAY, 7, WEEKDAYS, BERLIN, i -> LocalTime.of(9, 0));
    Recurrence r = detect(s, BERLIN, localNow(MONDAY.plusDays(7), "12:00", BERLIN)).get(0);
    assertThat(r.confident()).isTrue();
    assertThat(r.trailingMisses()).isEqualTo(1);
  }

  @Test
  void todaysSlotIsNotAMissBeforeItHasPassed() {
    List<Surge> s = series(MONDAY, 7, WEEKDAYS, BERLIN, i -> LocalTime.of(9, 0));
    Recurrence r = detect(s, BERLIN, localNow(MONDAY.plusDays(7), "09:20", BERLIN)).get(0);
    assertThat(r.trailingMisses()).isZero();
    assertThat(r.expected()).isEqualTo(5);
  }

  @Test
  void tooFewOccurrencesAreNoRecurrence() {
    List<Surge> s = series(MONDAY, 2, ALL, BERLIN, i -> LocalTime.of(9, 0));
    assertThat(detect(s, BERLIN, localNow(MONDAY.plusDays(2), "08:00", BERLIN))).isEmpty();
  }

  @Test
  void windowAndLearnedFloorsAreNotEvidence() {
    List<Surge> s = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      LocalDateTime at = MONDAY.plusDays(i).atTime(9, 0);
      s.add(surge(at, BERLIN, 60, 20, i % 2 == 0 ? IntentSource.SCHEDULE : IntentSource.LEARNED));
    }
    assertThat(detect(s, BERLIN, localNow(MONDAY.plusDays(10), "08:00", BERLIN))).isEmpty();
  }

  @Test
  void twoRecurrencesOfOneWorkloadAreFoundApart() {
    List<Surge> s = new ArrayList<>(series(MONDAY, 14, WEEKDAYS, BERLIN, i -> LocalTime.of(9, 0)));
    s.addAll(series(MONDAY, 14, ALL, BERLIN, i -> LocalTime.of(2, 0)));
    List<Recurrence> found = detect(s, BERLIN, localNow(MONDAY.plusDays(14), "01:00", BERLIN));
    assertThat(found)
        .extracting(Recurrence::pattern)
        .containsExactly(Pattern.DAILY, Pattern.WEEKDAYS);
  }

  @Test
  void randomBurstsLearnNothing() {
    for (long seed = 1; seed <= 50; seed++) {
      Random r = new Random(seed);
      List<Surge> s = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        LocalDateTime at = MONDAY.atStartOfDay().plusMinutes(r.nextInt(14 * 24 * 60));
        s.add(surge(at, BERLIN, 20 + r.nextInt(60), 10 + r.nextInt(20), IntentSource.ALERT));
      }
      assertThat(detect(s, BERLIN, localNow(MONDAY.plusDays(14), "00:00", BERLIN)))
          .as("seed %d", seed)
          .noneMatch(Recurrence::confident);
    }
  }

  @Test
  void theExplanationNamesItsCounts() {
    List<Surge> s = series(MONDAY, 14, WEEKDAYS, BERLIN, i -> LocalTime.of(9, 0));
    Recurrence r = detect(s, BERLIN, localNow(MONDAY.plusDays(14), "08:00", BERLIN)).get(0);
    assertThat(r.explain(BERLIN)).contains("10 of 10 weekdays", "alert", "09:00 Europe/Berlin");
  }
}
