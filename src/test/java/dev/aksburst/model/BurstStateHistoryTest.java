package dev.aksburst.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BurstStateHistoryTest {
  static final WorkloadRef WEB = WorkloadRef.of("shop", "web");
  static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
  static final String KEY = "alert:cpu-high:shop/web";

  static Intent alert(Instant from, Optional<Instant> until) {
    return new Intent(
        KEY, IntentSource.ALERT, WEB, 20, from, until, "", Optional.empty(), until.orElse(from));
  }

  @Test
  void aPrunedAlertFloorIsRemembered() {
    BurstState s =
        BurstState.EMPTY
            .withIntent(alert(T0, Optional.of(T0.plusSeconds(1500))))
            .withoutIntents(List.of(KEY));
    assertThat(s.intents()).isEmpty();
    assertThat(s.pastLengths(KEY)).containsExactly(Duration.ofMinutes(25));
  }

  @Test
  void aNewOccurrenceOfTheSameAlertRemembersTheFinishedOne() {
    BurstState s =
        BurstState.EMPTY
            .withIntent(alert(T0, Optional.of(T0.plusSeconds(600))))
            .withIntent(alert(T0.plusSeconds(3600), Optional.empty()));
    assertThat(s.pastLengths(KEY)).containsExactly(Duration.ofMinutes(10));
    assertThat(s.intents()).hasSize(1);
  }

  @Test
  void openFloorsAreNotRemembered() {
    BurstState s =
        BurstState.EMPTY.withIntent(alert(T0, Optional.empty())).withoutIntents(List.of(KEY));
    assertThat(s.history()).isEmpty();
  }

  @Test
  void finishedFloorsOfEverySourceAreRememberedWithTheirStartFloorAndSource() {
    Intent manual =
        new Intent(
            "manual:x",
            IntentSource.MANUAL,
            WEB,
            5,
            T0,
            Optional.of(T0.plusSeconds(60)),
            "",
            Optional.empty(),
            T0);
    Intent window =
        new Intent(
            "window:0 9 * * *|0 10 * * *|UTC@" + T0,
            IntentSource.SCHEDULE,
            WEB,
            12,
            T0,
            Optional.of(T0.plusSeconds(3600)),
            "",
            Optional.empty(),
            T0);
    BurstState s =
        BurstState.EMPTY
            .withIntent(manual)
            .withIntent(window)
            .withoutIntents(List.of("manual:x", window.id()));
    assertThat(s.history())
        .containsExactly(
            new PastBurst(
                "manual:x", Duration.ofMinutes(1), T0.plusSeconds(60), 5, IntentSource.MANUAL),
            new PastBurst(
                "window:0 9 * * *|0 10 * * *|UTC",
                Duration.ofHours(1),
                T0.plusSeconds(3600),
                12,
                IntentSource.SCHEDULE));
    assertThat(s.history().get(1).start()).isEqualTo(T0);
  }

  @Test
  void theSameEndIsRememberedOnce() {
    BurstState s =
        BurstState.EMPTY
            .withIntent(alert(T0, Optional.of(T0.plusSeconds(600))))
            .withoutIntents(List.of(KEY))
            .withIntent(alert(T0, Optional.of(T0.plusSeconds(600))))
            .withoutIntents(List.of(KEY));
    assertThat(s.history()).hasSize(1);
  }

  @Test
  void historyIsBoundedPerKeyAndInAllKeepingTheNewest() {
    List<PastBurst> many = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      many.add(new PastBurst(KEY, Duration.ofMinutes(i), T0.plusSeconds(i)));
    }
    for (int i = 0; i < 40; i++) {
      many.add(new PastBurst("alert:r" + i + ":shop/web", Duration.ofMinutes(1), T0));
    }
    BurstState s = BurstState.EMPTY.withHistory(many);
    assertThat(s.history()).hasSize(BurstState.MAX_HISTORY);
    BurstState one = BurstState.EMPTY.withHistory(many.subList(0, 20));
    assertThat(one.pastLengths(KEY)).hasSize(BurstState.MAX_HISTORY_PER_KEY);
    assertThat(one.pastLengths(KEY).get(BurstState.MAX_HISTORY_PER_KEY - 1))
        .isEqualTo(Duration.ofMinutes(19));
  }
}
