package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolState;
import dev.aksburst.plan.PoolWritePolicy.Cause;
import dev.aksburst.plan.PoolWritePolicy.Hold;
import dev.aksburst.plan.PoolWritePolicy.Refusal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** When a node pool may be written, and how long a refused write holds the next. */
class PoolWritePolicyTest {
  private static final Duration BUSY = Duration.ofMinutes(1);
  private static final Duration FAILED = Duration.ofMinutes(5);
  private static final PoolWritePolicy POLICY = new PoolWritePolicy(BUSY, FAILED);
  private static final NodePoolView POOL = Fixtures.manualPool(2);

  private static NodePoolView failed(String error) {
    return new NodePoolView(
        POOL.name(),
        POOL.mode(),
        POOL.count(),
        POOL.minCount(),
        POOL.maxCount(),
        "Succeeded",
        POOL.vmSize(),
        POOL.maxPods(),
        Optional.of(error));
  }

  private static Optional<Hold> hold(NodePoolView pool, PoolState st, Instant now) {
    return POLICY.hold(pool, st, now);
  }

  @Test
  void thePlannerAndTheApplierShareTheDefaults() {
    assertThat(PlannerConfig.DEFAULTS.poolWrites()).isEqualTo(PoolWritePolicy.DEFAULTS);
    assertThat(PoolWritePolicy.DEFAULTS.busyHold()).isEqualTo(Duration.ofMinutes(1));
    assertThat(PoolWritePolicy.DEFAULTS.failedHold()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void aPoolWithNothingRecordedIsFreeToWrite() {
    assertThat(hold(POOL, PoolState.EMPTY, T0)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Updating", "Scaling", "Upgrading", "Creating", "Deleting"})
  void anOperationInProgressHoldsWithNoEndAndNamesTheState(String state) {
    Hold h = hold(Fixtures.withState(POOL, state), PoolState.EMPTY, T0).orElseThrow();
    assertThat(h.cause()).isEqualTo(Cause.POOL_BUSY);
    assertThat(h.until()).as("ends with the operation, not at a time").isEmpty();
    assertThat(h.message()).contains(POOL.name()).contains(state);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Succeeded", "Failed", "Canceled"})
  void aPoolWhoseOperationEndedIsNotBusy(String state) {
    assertThat(hold(Fixtures.withState(POOL, state), PoolState.EMPTY, T0)).isEmpty();
  }

  @Test
  void aFailedOperationHoldsForFailedHoldAfterOurLastWrite() {
    NodePoolView pool = failed("QuotaExceeded: not enough cores");
    PoolState wrote = PoolState.EMPTY.withLastScaleOut(T0);

    Hold h = hold(pool, wrote, T0.plus(FAILED).minusSeconds(1)).orElseThrow();
    assertThat(h.cause()).isEqualTo(Cause.FAILED_OPERATION);
    assertThat(h.until()).contains(T0.plus(FAILED));
    assertThat(h.message())
        .contains(POOL.name())
        .contains("QuotaExceeded")
        .contains(T0.plus(FAILED).toString());

    assertThat(hold(pool, wrote, T0.plus(FAILED))).as("at the end of the hold").isEmpty();
  }

  @Test
  void theFailedOperationHoldCountsFromTheLaterOfOurScaleOutAndScaleIn() {
    NodePoolView pool = failed("QuotaExceeded");
    Instant later = T0.plus(Duration.ofMinutes(3));
    PoolState outThenIn = PoolState.EMPTY.withLastScaleOut(T0).withLastScaleIn(later);
    PoolState inThenOut = PoolState.EMPTY.withLastScaleIn(T0).withLastScaleOut(later);
    for (PoolState st : new PoolState[] {outThenIn, inThenOut}) {
      assertThat(hold(pool, st, T0.plus(FAILED)).orElseThrow().until())
          .contains(later.plus(FAILED));
    }
    assertThat(hold(pool, PoolState.EMPTY.withLastScaleIn(T0), T0).orElseThrow().until())
        .as("a scale-in alone")
        .contains(T0.plus(FAILED));
  }

  @Test
  void aFailedOperationWeDidNotStartHoldsNothing() {
    assertThat(hold(failed("QuotaExceeded"), PoolState.EMPTY, T0))
        .as("no write of ours to repeat")
        .isEmpty();
  }

  @Test
  void aRecordedBackoffHoldsUntilRetryNotBeforeAndNamesTheError() {
    Instant until = T0.plusSeconds(90);
    PoolState st = PoolState.EMPTY.withError(Optional.of("429: throttled"), Optional.of(until));

    Hold h = hold(POOL, st, until.minusMillis(1)).orElseThrow();
    assertThat(h.cause()).isEqualTo(Cause.BACKOFF);
    assertThat(h.until()).contains(until);
    assertThat(h.message()).contains(POOL.name()).contains(until.toString()).contains("429");

    assertThat(hold(POOL, st, until)).isEmpty();
    assertThat(
            hold(POOL, PoolState.EMPTY.withError(Optional.empty(), Optional.of(until)), T0)
                .orElseThrow()
                .message())
        .contains("an error");
  }

  @Test
  void aBusyPoolHoldsBeforeAnyRecordedBackoff() {
    PoolState st =
        PoolState.EMPTY.withError(Optional.of("409: busy"), Optional.of(T0.plusSeconds(60)));
    assertThat(hold(Fixtures.withState(POOL, "Updating"), st, T0).orElseThrow().cause())
        .isEqualTo(Cause.POOL_BUSY);
    assertThat(
            hold(failed("QuotaExceeded"), st.withLastScaleOut(T0), T0.plusSeconds(1))
                .orElseThrow()
                .cause())
        .isEqualTo(Cause.FAILED_OPERATION);
  }

  @ParameterizedTest(name = "{0} retryAfter={1}s repeated={2} -> {3}s")
  @CsvSource({
    "BUSY,             , false, 60",
    "FAILED_RETRYABLE, , false, 60",
    "THROTTLED,      90, false, 90",
    "THROTTLED,        , false, 60",
    "FAILED,           , false, 300",
    "BUSY,             , true,  300",
    "FAILED_RETRYABLE, , true,  300",
    "THROTTLED,      90, true,  300",
    "THROTTLED,     600, true,  600",
    "THROTTLED,     600, false, 600",
    "FAILED,           , true,  300",
  })
  void aRefusedWriteHoldsTheNext(Refusal refusal, Long retryAfter, boolean repeated, long hold) {
    assertThat(
            POLICY.holdAfter(
                refusal, Optional.ofNullable(retryAfter).map(Duration::ofSeconds), repeated))
        .isEqualTo(Duration.ofSeconds(hold));
  }

  @Test
  void invalidHoldsAreRefusedWithWhatIsWrong() {
    assertThatThrownBy(() -> new PoolWritePolicy(Duration.ofMinutes(5), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("busyHold <= failedHold");
    assertThatThrownBy(() -> new PoolWritePolicy(Duration.ofSeconds(-1), Duration.ofMinutes(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(
            new PoolWritePolicy(Duration.ZERO, Duration.ZERO)
                .holdAfter(Refusal.BUSY, Optional.empty(), true))
        .isEqualTo(Duration.ZERO);
  }
}
