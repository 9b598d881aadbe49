package dev.aksburst.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aksburst.app.WorkloadStatus;
import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.BurstState;
import dev.aksburst.model.LearnMode;
import dev.aksburst.model.LearnedWindow;
import dev.aksburst.model.WorkloadPolicy;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Status shows each learned window with its figures, how it was found, and whether it acts. */
class LearnedWindowStatusTest {
  static final Instant AT = Instant.parse("2026-01-12T05:00:00Z");

  static LearnedWindow window(boolean dropped) {
    return new LearnedWindow(
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
        AT,
        dropped ? Optional.of(AT.plusSeconds(86_400)) : Optional.empty(),
        dropped ? "no surge came on 2026-01-12 and 2026-01-13" : "surges on 8 of 8 weekdays");
  }

  @ParameterizedTest
  @CsvSource({
    "SUGGEST,false,proposed",
    "ACT,false,acting",
    "ACT,true,dropped",
    "SUGGEST,true,dropped"
  })
  void aLearnedWindowIsProposedActingOrDropped(LearnMode mode, boolean dropped, String state) {
    WorkloadView w =
        Fixtures.workload("web")
            .policy(WorkloadPolicy.DEFAULTS.withLearn(mode))
            .state(BurstState.EMPTY.withLearned(List.of(window(dropped))))
            .build();
    WorkloadStatus s =
        WorkloadStatus.of(Fixtures.snapshot().workloads(w).build(), w, AT.plusSeconds(60));
    JsonNode l = Answers.status(s).get("learnedWindows").get(0);
    assertThat(l.get("state").asText()).isEqualTo(state);
    assertThat(l.get("key").asText()).isEqualTo("learned:weekdays@08:52");
    assertThat(l.get("pattern").asText()).isEqualTo("weekdays");
    assertThat(l.get("days").asText()).isEqualTo("mon,tue,wed,thu,fri");
    assertThat(l.get("start").asText()).isEqualTo("08:52");
    assertThat(l.get("replicas").asInt()).isEqualTo(20);
    assertThat(l.get("confidence").asDouble()).isEqualTo(1.0);
    assertThat(l.get("window").get("start").asText()).isEqualTo("52 8 * * 1-5");
    assertThat(l.get("window").get("leadTime").asText()).isEqualTo("PT7M");
    assertThat(l.get("droppedAt").isNull()).isEqualTo(!dropped);
  }
}
