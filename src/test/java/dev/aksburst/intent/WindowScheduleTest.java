package dev.aksburst.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aksburst.model.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WindowScheduleTest {
  static WindowSchedule w(String start, String end, String tz) {
    return new WindowSchedule(new Window(start, end, tz, 5, Optional.empty()));
  }

  static Instant t(String s) {
    return Instant.parse(s);
  }

  @Test
  void windowAcrossTheSpringForwardInBerlinLastsTwoRealHours() {
    // 01:00-04:00 local on 2025-03-30; at 02:00 CET clocks jump to 03:00 CEST.
    WindowSchedule s = w("0 1 * * *", "0 4 * * *", "Europe/Berlin");
    WindowSchedule.Occurrence o =
        s.containing(t("2025-03-30T01:30:00Z")).orElseThrow(); // 03:30 CEST
    assertThat(o.start()).isEqualTo(t("2025-03-30T00:00:00Z"));
    assertThat(o.end()).isEqualTo(t("2025-03-30T02:00:00Z"));
    assertThat(s.containing(t("2025-03-30T02:00:00Z"))).isEmpty();
    assertThat(s.containing(t("2025-03-29T23:59:00Z"))).isEmpty();
  }

  @Test
  void windowAcrossTheFallBackInBerlinLastsFourRealHours() {
    WindowSchedule s = w("0 1 * * *", "0 4 * * *", "Europe/Berlin");
    WindowSchedule.Occurrence o = s.containing(t("2025-10-26T01:30:00Z")).orElseThrow();
    assertThat(o.start()).isEqualTo(t("2025-10-25T23:00:00Z"));
    assertThat(o.end()).isEqualTo(t("2025-10-26T03:00:00Z"));
    assertThat(Duration.between(o.start(), o.end())).isEqualTo(Duration.ofHours(4));
  }

  @Test
  void windowAcrossTheSpringForwardInNewYork() {
    // 2025-03-09: 02:00 EST jumps to 03:00 EDT. 00:30-05:00 local is 05:30Z-09:00Z.
    WindowSchedule s = w("30 0 * * *", "0 5 * * *", "America/New_York");
    WindowSchedule.Occurrence o = s.containing(t("2025-03-09T07:15:00Z")).orElseThrow();
    assertThat(o.start()).isEqualTo(t("2025-03-09T05:30:00Z"));
    assertThat(o.end()).isEqualTo(t("2025-03-09T09:00:00Z"));
  }

  @Test
  void aStartInTheSkippedHourRunsAtTheFirstValidTimeAfterIt() {
    // 2025-03-09 New York: 02:00 EST jumps to 03:00 EDT, so 02:30 does not exist that day.
    WindowSchedule s = w("30 2 * * *", "0 5 * * *", "America/New_York");
    WindowSchedule.Occurrence o = s.containing(t("2025-03-09T07:30:00Z")).orElseThrow();
    assertThat(o.start())
        .as("03:00 EDT, when the skipped hour ends")
        .isEqualTo(t("2025-03-09T07:00:00Z"));
    assertThat(o.end()).as("05:00 EDT").isEqualTo(t("2025-03-09T09:00:00Z"));
    assertThat(s.containing(t("2025-03-09T06:59:00Z"))).isEmpty();
    assertThat(s.containing(t("2025-03-09T09:00:00Z"))).isEmpty();
    // the days around it are untouched: 02:30 EST and 02:30 EDT
    assertThat(s.containing(t("2025-03-08T07:31:00Z")).orElseThrow().start())
        .isEqualTo(t("2025-03-08T07:30:00Z"));
    assertThat(s.containing(t("2025-03-10T06:31:00Z")).orElseThrow().start())
        .isEqualTo(t("2025-03-10T06:30:00Z"));
  }

  @Test
  void aLeadTimeBeforeAStartInTheSkippedHourPrewarmsForIt() {
    WindowSchedule s =
        new WindowSchedule(
            new Window(
                "30 2 * * *",
                "0 5 * * *",
                "America/New_York",
                5,
                Optional.of(Duration.ofMinutes(20))));
    WindowSchedule.Occurrence o = s.due(t("2025-03-09T06:45:00Z")).orElseThrow();
    assertThat(o.start()).isEqualTo(t("2025-03-09T07:00:00Z"));
    assertThat(s.due(t("2025-03-09T06:35:00Z"))).isEmpty();
  }

  @Test
  void aLateEvaluationFindsTheSameOccurrenceAsAPunctualOne() {
    WindowSchedule s = w("0 9 * * 1-5", "0 17 * * 1-5", "Europe/Berlin");
    Instant punctual = t("2025-06-02T07:00:00Z"); // Monday 09:00 CEST, exactly at the start
    Instant late = t("2025-06-02T11:59:59Z");
    assertThat(s.containing(punctual)).isEqualTo(s.containing(late));
    assertThat(s.containing(punctual).orElseThrow().start()).isEqualTo(punctual);
    assertThat(s.containing(t("2025-06-02T15:00:00Z"))).isEmpty(); // 17:00: ended
    assertThat(s.containing(t("2025-06-07T10:00:00Z"))).isEmpty(); // Saturday
  }

  @Test
  void overnightWindowsSpanMidnight() {
    WindowSchedule s = w("0 22 * * *", "0 6 * * *", "UTC");
    WindowSchedule.Occurrence o = s.containing(t("2025-06-03T02:00:00Z")).orElseThrow();
    assertThat(o.start()).isEqualTo(t("2025-06-02T22:00:00Z"));
    assertThat(o.end()).isEqualTo(t("2025-06-03T06:00:00Z"));
  }

  @Test
  void leadTimeMakesTheNextOccurrenceDueEarly() {
    WindowSchedule s =
        new WindowSchedule(
            new Window("0 9 * * *", "0 10 * * *", "UTC", 5, Optional.of(Duration.ofMinutes(20))));
    assertThat(s.due(t("2025-06-02T08:40:00Z")))
        .map(WindowSchedule.Occurrence::start)
        .contains(t("2025-06-02T09:00:00Z"));
    assertThat(s.due(t("2025-06-02T08:39:00Z"))).isEmpty();
    assertThat(w("0 9 * * *", "0 10 * * *", "UTC").due(t("2025-06-02T08:59:00Z"))).isEmpty();
  }

  @Test
  void badCronOrZoneIsNamed() {
    assertThatThrownBy(() -> w("0 9 * *", "0 10 * * *", "UTC"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("start \"0 9 * *\"");
    assertThatThrownBy(() -> w("0 9 * * *", "0 10 * * *", "Mars/Olympus"))
        .hasMessageContaining("Mars/Olympus");
  }
}
