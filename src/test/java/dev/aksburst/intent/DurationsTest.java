package dev.aksburst.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Durations in payloads: the one grammar of {@code contract.Durations}, errors naming the field.
 */
class DurationsTest {
  @ParameterizedTest
  @CsvSource({"30m, PT30M", "1h30m, PT1H30M", "1d, PT24H", "PT15M, PT15M", "45s, PT45S"})
  void theGrammarUsersWriteEverywhere(String text, Duration expected) {
    assertThat(Durations.parse(text, "data.duration")).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "", "15", "m15", "PT-5M", "-PT5M"})
  void anythingElseIsRefusedNamingTheFieldAndTheText(String text) {
    assertThatThrownBy(() -> Durations.parse(text, "data.duration"))
        .isInstanceOfSatisfying(
            InvalidPayload.class,
            e -> {
              assertThat(e.getMessage()).contains("data.duration").contains("\"" + text + "\"");
            });
  }

  @ParameterizedTest
  @CsvSource({"30s, false", "1m, true", "7d, true", "8d, false"})
  void boundedDurationsSayTheBounds(String text, boolean ok) {
    if (ok) {
      assertThat(
              Durations.parseBounded(text, "duration", Duration.ofMinutes(1), Duration.ofDays(7)))
          .isPositive();
    } else {
      assertThatThrownBy(
              () ->
                  Durations.parseBounded(
                      text, "duration", Duration.ofMinutes(1), Duration.ofDays(7)))
          .isInstanceOf(InvalidPayload.class)
          .hasMessageContaining("between PT1M and PT168H");
    }
  }
}
