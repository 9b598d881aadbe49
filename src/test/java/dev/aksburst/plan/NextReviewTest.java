package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.Backfill;
import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** When the next reconcile is due: one source at a time, then the earliest of several. */
class NextReviewTest {
  private static final PlannerConfig CONFIG = PlannerConfig.DEFAULTS;
  private static final Instant NOW = T0.plus(Duration.ofHours(2));

  private static Optional<Instant> next(ClusterSnapshot s, List<Intent> intents, Instant now) {
    return NextReview.at(s, intents, CONFIG, now, List.of());
  }

  private static ClusterSnapshot with(WorkloadView... ws) {
    return Fixtures.snapshot().pools(Fixtures.manualPool(1)).workloads(ws).build();
  }

  private static ClusterSnapshot withPoolState(PoolState st, NodePoolView pool) {
    return Fixtures.snapshot().pools(pool).poolState(Fixtures.POOL, st).build();
  }

  private static WorkloadView web(Bookkeeping bk) {
    return workload("web").bookkeeping(bk).build();
  }

  @Test
  void nothingPendingMeansNoTime() {
    assertThat(next(with(workload("web").build()), List.of(), NOW)).isEmpty();
    assertThat(next(with(), List.of(alert(ref("web"), 20, T0)), NOW))
        .as("an open alert that began in the past waits for nothing")
        .isEmpty();
  }

  @Test
  void aWindowIsDueWhenItPreWarmsThenWhenItOpensThenWhenItCloses() {
    Instant from = NOW.plus(Duration.ofHours(1));
    Instant until = from.plus(Duration.ofHours(2));
    Intent w = Fixtures.window(ref("web"), 10, from, until, Duration.ofMinutes(15));
    assertThat(next(with(), List.of(w), NOW)).contains(from.minus(Duration.ofMinutes(15)));
    assertThat(next(with(), List.of(w), from.minusSeconds(60))).contains(from);
    assertThat(next(with(), List.of(w), from)).contains(until);
    assertThat(next(with(), List.of(w), until))
        .as("then it may be pruned")
        .contains(until.plus(CONFIG.intentRetention()));
    assertThat(next(with(), List.of(w), until.plus(CONFIG.intentRetention()))).isEmpty();
  }

  @Test
  void aPoolGrownForABurstIsDuePoolHoldAfterTheLastIntentEnded() {
    Instant until = NOW.minusSeconds(30);
    Intent resolved = Fixtures.until(alert(ref("web"), 20, T0), until);
    ClusterSnapshot held =
        Fixtures.snapshot()
            .pools(Fixtures.manualPool(3))
            .poolState(Fixtures.POOL, Fixtures.poolBaseline(1).withLastScaleOut(T0))
            .build();
    assertThat(next(held, List.of(resolved), NOW)).contains(until.plus(CONFIG.poolHold()));

    assertThat(next(with(), List.of(resolved), NOW))
        .as("no pool holds a baseline: only the pruning is pending")
        .contains(until.plus(CONFIG.intentRetention()));

    ClusterSnapshot unheld = Fixtures.snapshot().pools(Fixtures.manualPool(1)).build();
    Action grow =
        new Action.ScaleNodePool(
            Fixtures.POOL,
            PoolMode.MANUAL,
            3,
            1,
            OptionalInt.of(1),
            false,
            List.of(ref("web")),
            Optional.empty(),
            "T",
            "t");
    assertThat(NextReview.at(unheld, List.of(resolved), CONFIG, NOW, List.of(grow)))
        .as("a pool this reconcile grew is held from now on")
        .contains(until.plus(CONFIG.poolHold()));
  }

  @Test
  void aWorkloadIsDueWhenItsCooldownBackfillTimeoutAndBackoffEnd() {
    Instant up = NOW.minusSeconds(60);
    assertThat(next(with(web(Bookkeeping.EMPTY.withLastScaleUp(up))), List.of(), NOW))
        .contains(up.plus(CONFIG.scaleInCooldown()));

    Instant started = NOW.minusSeconds(120);
    Bookkeeping surging =
        Bookkeeping.EMPTY.withBackfill(Optional.of(new Backfill(2, 4, 1, started)));
    assertThat(next(with(web(surging)), List.of(), NOW))
        .contains(started.plus(CONFIG.backfillTimeout()));

    Instant backoff = NOW.plusSeconds(200);
    Bookkeeping backingOff = Bookkeeping.EMPTY.withBackfillBackoffUntil(Optional.of(backoff));
    assertThat(next(with(web(backingOff)), List.of(), NOW)).contains(backoff);
  }

  @Test
  void aPoolIsDueWhenItsBackoffHoldAndUpgradePauseEnd() {
    NodePoolView pool = Fixtures.manualPool(3);
    Instant retry = NOW.plusSeconds(45);
    assertThat(
            next(
                withPoolState(
                    PoolState.EMPTY.withError(Optional.of("429: slow down"), Optional.of(retry)),
                    pool),
                List.of(),
                NOW))
        .contains(retry);

    Instant out = NOW.minusSeconds(60);
    assertThat(next(withPoolState(PoolState.EMPTY.withLastScaleOut(out), pool), List.of(), NOW))
        .contains(out.plus(CONFIG.poolHold()));

    Instant rolling = NOW.minusSeconds(600);
    assertThat(
            next(
                withPoolState(PoolState.EMPTY.withRollingSince(Optional.of(rolling)), pool),
                List.of(),
                NOW))
        .contains(rolling.plus(CONFIG.rollingPauseLimit()));
  }

  @Test
  void aFailedPoolOperationIsDueWhenItsWriteHoldEndsAndOnlyThen() {
    Instant out = NOW.minusSeconds(60);
    NodePoolView failed =
        new NodePoolView(
            Fixtures.POOL,
            PoolMode.MANUAL,
            3,
            OptionalInt.empty(),
            OptionalInt.empty(),
            "Failed",
            "Standard_D2s_v3",
            30,
            Optional.of("QuotaExceeded: no cores"));
    assertThat(next(withPoolState(PoolState.EMPTY.withLastScaleOut(out), failed), List.of(), NOW))
        .as("the failed-operation hold ends before the pool hold")
        .contains(out.plus(CONFIG.poolWrites().failedHold()));

    Instant in = NOW.minusSeconds(60);
    assertThat(
            next(
                withPoolState(PoolState.EMPTY.withLastScaleIn(in), Fixtures.manualPool(1)),
                List.of(),
                NOW))
        .as("a scale-in whose operation did not fail holds nothing")
        .isEmpty();
  }

  @Test
  void theWritesOfThisReconcileStartTheirCooldownAndHoldNow() {
    Action scale = new Action.ScaleDeployment(ref("web"), 20, 2, Optional.empty(), "T", "t");
    Action hpa = new Action.SetHpaMinReplicas(ref("web"), "web", 20, 2, Optional.empty(), "T", "t");
    Action cost =
        new Action.MarkDeletionCost(ref("web"), List.of("p"), -1, Optional.empty(), "T", "t");
    ClusterSnapshot s = with(workload("web").build());
    assertThat(NextReview.at(s, List.of(), CONFIG, NOW, List.of(scale)))
        .contains(NOW.plus(CONFIG.scaleInCooldown()));
    assertThat(NextReview.at(s, List.of(), CONFIG, NOW, List.of(hpa)))
        .contains(NOW.plus(CONFIG.scaleInCooldown()));
    assertThat(NextReview.at(s, List.of(), CONFIG, NOW, List.of(cost))).isEmpty();
  }

  @Test
  void theEarliestPendingInstantWinsAndPastOnesAreIgnored() {
    Instant up = NOW.minus(CONFIG.scaleInCooldown());
    Instant soon = NOW.plusSeconds(10);
    ClusterSnapshot s =
        Fixtures.snapshot()
            .pools(Fixtures.manualPool(3))
            .workloads(web(Bookkeeping.EMPTY.withLastScaleUp(up)))
            .poolState(
                Fixtures.POOL,
                PoolState.EMPTY
                    .withLastScaleOut(NOW.minusSeconds(1))
                    .withError(Optional.of("409"), Optional.of(soon)))
            .build();
    assertThat(next(s, List.of(alert(ref("web"), 20, NOW.plusSeconds(20))), NOW)).contains(soon);
  }
}
