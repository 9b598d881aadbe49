package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.ref;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.BurstState;
import dev.aksburst.model.Intent;
import dev.aksburst.model.PastBurst;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpectedBurstTest {
  static final Duration PRIOR = Duration.ofMinutes(30);

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // case, known end (min, -1 = open), past lengths (min, ';'), elapsed (min), remaining, basis
    "known end, 40, '', 10, 30, known end",
    "known end passed, 5, '', 10, 0, known end",
    "prior, -1, '', 10, 20, prior",
    "prior outlived, -1, '', 45, 45, 'prior, outlived'",
    "history mean, -1, 60;120, 30, 60, history of 2",
    "history outlived, -1, 10;20, 20, 20, 'history of 2, outlived'",
  })
  void remaining(String name, int end, String past, int elapsed, int remaining, String basis) {
    Intent open = alert(ref("web"), 20, T0);
    Intent floor = end >= 0 ? Fixtures.until(open, T0.plus(Duration.ofMinutes(end))) : open;
    BurstState st = BurstState.EMPTY;
    if (!past.isBlank()) {
      List<PastBurst> h =
          java.util.Arrays.stream(past.split(";"))
              .map(m -> new PastBurst(open.id(), Duration.ofMinutes(Long.parseLong(m)), T0))
              .toList();
      st = st.withHistory(h);
    }
    ExpectedBurst e = ExpectedBurst.of(floor, st, PRIOR, T0.plus(Duration.ofMinutes(elapsed)));
    assertThat(e.remaining()).isEqualTo(Duration.ofMinutes(remaining));
    assertThat(e.basis()).isEqualTo(basis);
  }
}
