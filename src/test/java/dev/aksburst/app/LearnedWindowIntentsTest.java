package dev.aksburst.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.BurstState;
import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.LearnMode;
import dev.aksburst.model.LearnedWindow;
import dev.aksburst.model.PastBurst;
import dev.aksburst.model.WorkloadPolicy;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LearnedWindowIntentsTest {
  /** Monday 2026-01-12, 08:45 in Berlin (CET, UTC+1): inside the 7-minute lead of 08:52. */
  static final Instant LEAD = Instant.parse("2026-01-12T07:46:00Z");

  static final LearnedWindow WEEKDAYS =
      new LearnedWindow(
          "learned:weekdays@08:52",
          LearnedWindow.Pattern.WEEKDAYS,
          LearnedWindow.WEEKDAYS,
          LocalTime.of(8, 52),
          LocalTime.of(9, 45),
          "Europe/Berlin",
          20,
          Duration.ofMinutes(7),
          8,
          8,
          1.0,
          Instant.parse("2026-01-07T08:00:00Z"),
          Optional.empty(),
          "");

  static WorkloadView web(LearnMode mode, LearnedWindow... learned) {
    return Fixtures.workload("web")
        .policy(WorkloadPolicy.DEFAULTS.withLearn(mode))
        .state(BurstState.EMPTY.withLearned(List.of(learned)))
        .build();
  }

  @Test
  void underActADueLearnedWindowAsksForItsFloorWithItsLeadTime() {
    List<Intent> due = LearnedWindowIntents.due(web(LearnMode.ACT, WEEKDAYS), LEAD);
    assertThat(due).hasSize(1);
    Intent i = due.get(0);
    assertThat(i.source()).isEqualTo(IntentSource.LEARNED);
    assertThat(i.replicas()).isEqualTo(20);
    assertThat(i.from()).isEqualTo(Instant.parse("2026-01-12T07:52:00Z"));
    assertThat(i.until()).contains(Instant.parse("2026-01-12T08:45:00Z"));
    assertThat(i.leadTime()).contains(Duration.ofMinutes(7));
    assertThat(i.prewarmAt(LEAD)).isTrue();
    assertThat(i.activeAt(LEAD)).isFalse();
    assertThat(PastBurst.historyKey(i)).isEqualTo("learned:weekdays@08:52");
  }

  @Test
  void suggestOffDroppedAndNotDueAskForNothing() {
    assertThat(LearnedWindowIntents.due(web(LearnMode.SUGGEST, WEEKDAYS), LEAD)).isEmpty();
    assertThat(LearnedWindowIntents.due(web(LearnMode.OFF, WEEKDAYS), LEAD)).isEmpty();
    assertThat(
            LearnedWindowIntents.due(
                web(LearnMode.ACT, WEEKDAYS.droppedAt(LEAD.minusSeconds(60), "no surge")), LEAD))
        .isEmpty();
    assertThat(LearnedWindowIntents.due(web(LearnMode.ACT, WEEKDAYS), LEAD.minusSeconds(120)))
        .as("before the lead time")
        .isEmpty();
    Instant saturday = Instant.parse("2026-01-17T07:46:00Z");
    assertThat(LearnedWindowIntents.due(web(LearnMode.ACT, WEEKDAYS), saturday)).isEmpty();
  }

  @Test
  void aFloorAlreadyStoredIsNotAskedForAgain() {
    WorkloadView w = web(LearnMode.ACT, WEEKDAYS);
    Intent first = LearnedWindowIntents.due(w, LEAD).get(0);
    WorkloadView stored =
        Fixtures.WorkloadBuilder.from(w).state(w.state().withIntent(first)).build();
    assertThat(LearnedWindowIntents.due(stored, LEAD.plusSeconds(60))).isEmpty();
  }

  @Test
  void aHandEditedWindowWithABadZoneIsSkippedNotThrown() {
    LearnedWindow bad =
        new LearnedWindow(
            "learned:daily@08:52",
            LearnedWindow.Pattern.DAILY,
            java.util.EnumSet.allOf(java.time.DayOfWeek.class),
            LocalTime.of(8, 52),
            LocalTime.of(9, 45),
            "Mars/Olympus",
            20,
            Duration.ofMinutes(7),
            8,
            8,
            1.0,
            Instant.parse("2026-01-07T08:00:00Z"),
            Optional.empty(),
            "");
    assertThat(LearnedWindowIntents.due(web(LearnMode.ACT, bad, WEEKDAYS), LEAD)).hasSize(1);
  }
}
