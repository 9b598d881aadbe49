package dev.aksburst.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one duration grammar: what both former grammars took, and their union. */
class DurationsTest {
  @ParameterizedTest
  @CsvSource({
    // the short forms the annotations took
    "15m,PT15M",
    "90s,PT1M30S",
    "1h30m,PT1H30M",
    "0s,PT0S",
    "1h30m15s,PT1H30M15S",
    // the short forms payloads took: days, a blank before the unit, any case
    "1d,PT24H",
    "30 m,PT30M",
    "2H,PT2H",
    // both at once
    "2d12h,PT60H",
    "1d 6h,PT30H",
    // ISO-8601, either case, blanks around
    "PT15M,PT15M",
    "pt15m,PT15M",
    "P1D,PT24H",
    "' PT1H30M ',PT1H30M",
    "-PT5M,-PT5M"
  })
  void parses(String text, String iso) {
    assertThat(Durations.parse(text)).contains(Duration.parse(iso));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "15",
        "m",
        "15 minutes",
        "1.5h",
        "30m1h",
        "1h1h",
        "-15m",
        "P",
        "PT",
        "15x"
      })
  void refuses(String text) {
    assertThat(Durations.parse(text)).isEmpty();
  }

  @org.junit.jupiter.api.Test
  void refusesNull() {
    assertThat(Durations.parse(null)).isEmpty();
  }
}
