package dev.aksburst.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimerScheduleTest {
  private static final Instant T = Instant.parse("2025-04-15T18:00:30Z");

  @Test
  void everyMinuteNcrontabFiresAtTheNextWholeMinute() {
    TimerSchedule s = TimerSchedule.parse("AKSBURST_RECONCILE_SCHEDULE", "0 */1 * * * *");
    assertThat(s.next(T)).isEqualTo(Instant.parse("2025-04-15T18:01:00Z"));
    assertThat(s.next(Instant.parse("2025-04-15T18:01:00Z")))
        .isEqualTo(Instant.parse("2025-04-15T18:02:00Z"));
  }

  @Test
  void everyFiveMinutesAtSecondThirty() {
    TimerSchedule s = TimerSchedule.parse("X", "30 */5 * * * *");
    assertThat(s.next(T)).isEqualTo(Instant.parse("2025-04-15T18:05:30Z"));
  }

  @Test
  void timespanIsAnInterval() {
    TimerSchedule s = TimerSchedule.parse("X", "00:00:30");
    assertThat(s.next(T)).isEqualTo(Instant.parse("2025-04-15T18:01:00Z"));
  }

  @Test
  void invalidSchedulesNameTheSetting() {
    assertThatThrownBy(() -> TimerSchedule.parse("AKSBURST_WINDOWS_SCHEDULE", "every minute"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AKSBURST_WINDOWS_SCHEDULE=\"every minute\"");
    assertThatThrownBy(() -> TimerSchedule.parse("X", "00:00:00"))
        .hasMessageContaining("must be > 0");
  }
}
