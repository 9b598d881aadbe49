package dev.aksburst.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LearnedWindowTest {
  static LearnedWindow of(LearnedWindow.Pattern p, Set<DayOfWeek> days, String start, String end) {
    return new LearnedWindow(
        "learned:x",
        p,
        days,
        LocalTime.parse(start),
        LocalTime.parse(end),
        "Europe/Berlin",
        20,
        Duration.ofMinutes(7),
        5,
        5,
        1,
        Instant.parse("2025-04-14T06:00:00Z"),
        Optional.empty(),
        "");
  }

  @ParameterizedTest
  @CsvSource({
    "DAILY, 08:55, 09:40, 55 8 * * *, 40 9 * * *",
    "WEEKDAYS, 08:55, 09:40, 55 8 * * 1-5, 40 9 * * 1-5",
    "WEEKDAYS, 23:50, 00:30, 50 23 * * 1-5, 30 0 * * 2-6",
    "WEEKLY, 07:00, 08:00, 0 7 * * 0, 0 8 * * 0",
    "WEEKLY, 23:30, 00:15, 30 23 * * 0, 15 0 * * 1",
  })
  void isAScheduledWindowInCronTerms(
      LearnedWindow.Pattern p, String start, String end, String cronStart, String cronEnd) {
    Set<DayOfWeek> days =
        switch (p) {
          case DAILY -> EnumSet.allOf(DayOfWeek.class);
          case WEEKDAYS -> LearnedWindow.WEEKDAYS;
          case WEEKLY -> EnumSet.of(DayOfWeek.SUNDAY);
        };
    Window w = of(p, days, start, end).window();
    assertThat(w.start()).isEqualTo(cronStart);
    assertThat(w.end()).isEqualTo(cronEnd);
    assertThat(w.timezone()).isEqualTo("Europe/Berlin");
    assertThat(w.replicas()).isEqualTo(20);
    assertThat(w.leadTime()).contains(Duration.ofMinutes(7));
  }

  @Test
  void refusesAConfidenceOutsideZeroToOne() {
    assertThatThrownBy(
            () ->
                new LearnedWindow(
                    "k",
                    LearnedWindow.Pattern.DAILY,
                    EnumSet.allOf(DayOfWeek.class),
                    LocalTime.NOON,
                    LocalTime.MIDNIGHT,
                    "UTC",
                    1,
                    Duration.ZERO,
                    1,
                    1,
                    1.5,
                    Instant.EPOCH,
                    Optional.empty(),
                    ""))
        .hasMessageContaining("confidence 1.5");
  }
}
