package dev.aksburst.intent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.BurstState;
import dev.aksburst.model.Intent;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Alert notifications made into floors when the sender's clock is not the receiver's. */
class AlertIntentTest {
  static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
  static final Duration HOLD = Duration.ofMinutes(5);
  static final WorkloadView WEB = Fixtures.workload("web").build();

  static ParsedAlert fired(Instant firedAt) {
    return alert(ParsedAlert.Condition.FIRED, firedAt, Optional.empty());
  }

  static ParsedAlert resolved(Instant firedAt, Instant resolvedAt) {
    return alert(ParsedAlert.Condition.RESOLVED, firedAt, Optional.of(resolvedAt));
  }

  static ParsedAlert alert(ParsedAlert.Condition c, Instant firedAt, Optional<Instant> resolvedAt) {
    return new ParsedAlert(
        ParsedAlert.Schema.COMMON,
        "cpu-high",
        c,
        "Metric",
        firedAt,
        resolvedAt,
        List.of(),
        Map.of(),
        Map.of(),
        OptionalDouble.empty(),
        OptionalDouble.empty());
  }

  static Intent intent(ParsedAlert a, Instant receivedAt) {
    return IntentFactory.fromAlert(a, WEB, OptionalInt.of(20), Optional.of(HOLD), receivedAt);
  }

  static Intent only(BurstState s) {
    assertThat(s.intents()).hasSize(1);
    return s.intents().get(0);
  }

  @Test
  void aFiredStampedAheadOfTheReceiverStartsTheFloorOnReceipt() {
    Intent i = intent(fired(NOW.plus(Duration.ofMinutes(10))), NOW);
    assertThat(i.from()).isEqualTo(NOW);
    assertThat(i.activeAt(NOW)).isTrue();
    assertThat(i.observedAt())
        .as("the sender's own firedDateTime names the firing")
        .isEqualTo(NOW.plus(Duration.ofMinutes(10)));
  }

  @Test
  void aResolvedStampedAheadOfTheReceiverHoldsFromReceipt() {
    Intent i = intent(resolved(NOW.minus(Duration.ofMinutes(20)), NOW.plusSeconds(600)), NOW);
    assertThat(i.until()).contains(NOW.plus(HOLD));
  }

  @Test
  void aResolvedEarlierThanItsSkewedFiredStillClosesTheFloor() {
    Instant skewedFire = NOW.plus(Duration.ofMinutes(10));
    BurstState s = IntentFactory.applyAlert(BurstState.EMPTY, intent(fired(skewedFire), NOW));
    Instant resolvedAt = NOW.plus(Duration.ofMinutes(3));
    s = IntentFactory.applyAlert(s, intent(resolved(skewedFire, resolvedAt), resolvedAt));
    assertThat(only(s).from()).isEqualTo(NOW);
    assertThat(only(s).until()).contains(resolvedAt.plus(HOLD));
  }

  @Test
  void aFiredOfTheSameFiringNeverReopensTheClosedFloorWhateverItsTime() {
    Instant fire = NOW.plus(Duration.ofMinutes(10));
    BurstState s = IntentFactory.applyAlert(BurstState.EMPTY, intent(resolved(fire, NOW), NOW));
    Intent closed = only(s);
    s = IntentFactory.applyAlert(s, intent(fired(fire), NOW.plusSeconds(60)));
    assertThat(only(s)).isEqualTo(closed);
    s =
        IntentFactory.applyAlert(
            s, intent(resolved(fire, NOW.plusSeconds(90)), NOW.plusSeconds(90)));
    assertThat(only(s)).as("a repeated Resolved keeps the first close").isEqualTo(closed);
  }

  @Test
  void aLaterFiringReplacesTheClosedFloorAndAStaleOneChangesNothing() {
    Instant first = NOW.minus(Duration.ofMinutes(30));
    BurstState s =
        IntentFactory.applyAlert(
            BurstState.EMPTY, intent(resolved(first, NOW.minus(Duration.ofMinutes(20))), NOW));
    Intent again = intent(fired(NOW), NOW);
    s = IntentFactory.applyAlert(s, again);
    assertThat(only(s).until()).as("the new firing opens the floor").isEmpty();
    assertThat(only(s).from()).isEqualTo(NOW);

    BurstState stale =
        IntentFactory.applyAlert(
            s, intent(resolved(first, NOW.minus(Duration.ofMinutes(20))), NOW.plusSeconds(5)));
    assertThat(only(stale))
        .as("the old firing's Resolved does not close the new one")
        .isEqualTo(only(s));
  }
}
