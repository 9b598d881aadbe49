package dev.aksburst.reconcile;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.Intent;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.EventReason;
import dev.aksburst.plan.Planner;
import dev.aksburst.plan.PlannerConfig;
import dev.aksburst.reconcile.ActionOutcome.Cause;
import dev.aksburst.reconcile.ActionOutcome.Status;
import dev.aksburst.testing.InMemoryCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The rails the reconciler runs around the applier: coalescing of duplicate triggers, re-planning
 * after a stale plan, the write budget across reconciles, and when the next reconcile is due.
 */
class ReconcilerRailsTest {
  private static final Duration COALESCE = Duration.ofSeconds(10);

  private final ReconcilerTest.TestClock clock = new ReconcilerTest.TestClock();

  private static WorkloadView web(int floor) {
    return workload("web")
        .replicas(2)
        .pods(pods("web", 2, "vm-0"))
        .intents(alert(ref("web"), floor, T0))
        .build();
  }

  private Reconciler reconciler(
      InMemoryCluster c, Planner planner, PlannerConfig config, Reconciler.Timing timing) {
    return new Reconciler(c.ports(), planner, config, clock, ApplyMode.WRITE, timing, "test");
  }

  private Reconciler coalescing(InMemoryCluster c) {
    return reconciler(
        c,
        new BurstPlanner(),
        PlannerConfig.DEFAULTS,
        new Reconciler.Timing(Duration.ofSeconds(5), COALESCE));
  }

  /** A second alert rule on web, open since T0. */
  private static Intent otherAlert(int replicas) {
    Intent a = alert(ref("web"), replicas, T0);
    return new Intent(
        "alert:other-rule:default/web",
        a.source(),
        a.target(),
        replicas,
        a.from(),
        a.until(),
        "other-rule fired",
        a.leadTime(),
        a.observedAt());
  }

  private static List<Intent> stored(InMemoryCluster c, String workload) {
    return c.workload(workload).state().intents();
  }

  // ---- coalescing

  @Test
  void aTriggerWhoseIntentsTheLastReconcileSawAnswersCoalescedWithoutTheLockOrARead() {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    Reconciler r = coalescing(c);
    ReconcileResult first = r.reconcileFor(ReconcileContext.of("alert"), stored(c, "web"));
    assertThat(first.status()).isEqualTo(ReconcileResult.Status.DONE);
    int attempts = c.lock.attempts();
    int reads = c.reader.reads();

    clock.advance(COALESCE.minusMillis(1));
    ReconcileResult dup = r.reconcileFor(ReconcileContext.of("alert", "dup"), stored(c, "web"));

    assertThat(dup.status()).isEqualTo(ReconcileResult.Status.COALESCED);
    assertThat(dup)
        .isInstanceOfSatisfying(
            ReconcileResult.Coalesced.class, x -> assertThat(x.finishedAt()).isEqualTo(T0));
    assertThat(dup.context().correlationId()).isEqualTo("dup");
    assertThat(dup.nextReconcileAt()).isEqualTo(first.nextReconcileAt()).isPresent();
    assertThat(dup.outcomes()).isEmpty();
    assertThat(c.lock.attempts()).as("no Lease write").isEqualTo(attempts);
    assertThat(c.reader.reads()).as("no observe").isEqualTo(reads);
  }

  @Test
  void aTriggerReconcilesAgainOnceCoalesceWithinHasPassed() {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    Reconciler r = coalescing(c);
    r.reconcileFor(ReconcileContext.of("alert"), stored(c, "web"));
    clock.advance(COALESCE);
    assertThat(r.reconcileFor(ReconcileContext.of("alert"), stored(c, "web")).status())
        .isEqualTo(ReconcileResult.Status.DONE);
  }

  @Test
  void aTriggerWithAnIntentTheLastReconcileDidNotSeeReconciles() {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    Reconciler r = coalescing(c);
    r.reconcileFor(ReconcileContext.of("alert"), stored(c, "web"));
    clock.advance(Duration.ofSeconds(1));
    Intent raised = otherAlert(25);
    c.intents.update(ref("web"), st -> st.withIntent(raised));

    ReconcileResult r2 = r.reconcileFor(ReconcileContext.of("alert"), stored(c, "web"));

    assertThat(r2.status()).isEqualTo(ReconcileResult.Status.DONE);
    assertThat(c.workload("web").specReplicas()).isEqualTo(25);
  }

  @Test
  void aDryRunAndAPlainReconcileNeverCoalesce() {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    Reconciler r = coalescing(c);
    r.reconcileFor(ReconcileContext.of("alert"), stored(c, "web"));

    ReconcileResult dry =
        r.reconcileFor(ReconcileContext.of("http").dryRun(List.of()), stored(c, "web"));
    assertThat(dry.status()).isEqualTo(ReconcileResult.Status.DRY_RUN);
    assertThat(r.reconcile(ReconcileContext.of("timer")).status())
        .isEqualTo(ReconcileResult.Status.DONE);
    assertThat(r.reconcileFor(ReconcileContext.of("timer"), List.of()).status())
        .isEqualTo(ReconcileResult.Status.DONE);
  }

  @Test
  void aDryRunIsNotWhatALaterTriggerCoalescesWith() {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    Reconciler r = coalescing(c);
    r.reconcileFor(ReconcileContext.of("http").dryRun(List.of()), stored(c, "web"));
    ReconcileResult real = r.reconcileFor(ReconcileContext.of("alert"), stored(c, "web"));
    assertThat(real.status()).isEqualTo(ReconcileResult.Status.DONE);
    assertThat(c.workload("web").specReplicas()).isEqualTo(20);
  }

  @Test
  void noCoalescingMeansEveryTriggerReconcilesEvenAtTheSameInstant() {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    Reconciler r =
        reconciler(
            c,
            new BurstPlanner(),
            PlannerConfig.DEFAULTS,
            Reconciler.Timing.waiting(Duration.ZERO));
    r.reconcileFor(ReconcileContext.of("alert"), stored(c, "web"));
    assertThat(r.reconcileFor(ReconcileContext.of("alert"), stored(c, "web")).status())
        .as("the clock did not move")
        .isEqualTo(ReconcileResult.Status.DONE);
  }

  @Test
  void aHundredDuplicateAlertsSixteenAtATimeCostOneLockAttemptAndOneReconcile() throws Exception {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    Reconciler r = coalescing(c);
    List<Intent> recorded = stored(c, "web");
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<ReconcileResult> results = new ArrayList<>();
    try {
      List<Future<ReconcileResult>> fs = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        fs.add(pool.submit(() -> r.reconcileFor(ReconcileContext.of("alert"), recorded)));
      }
      for (Future<ReconcileResult> f : fs) {
        results.add(f.get());
      }
    } finally {
      pool.shutdownNow();
    }
    Map<ReconcileResult.Status, Long> counts =
        results.stream()
            .collect(Collectors.groupingBy(ReconcileResult::status, Collectors.counting()));
    assertThat(counts)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(ReconcileResult.Status.DONE, 1L, ReconcileResult.Status.COALESCED, 99L));
    assertThat(c.lock.attempts()).isEqualTo(1);
    assertThat(c.reader.reads()).as("one observe, one stale-plan read").isEqualTo(2);
    assertThat(c.workload("web").specReplicas()).isEqualTo(20);
  }

  // ---- the stale-plan guard across the reconcile

  @Test
  void aClusterThatChangedBetweenPlanAndWriteIsReplannedFromTheNewValue() {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    AtomicBoolean once = new AtomicBoolean();
    BurstPlanner real = new BurstPlanner();
    Planner meanwhile =
        (s, intents, config, now) -> {
          if (once.compareAndSet(false, true)) {
            // kubectl scale while the first plan is being made
            c.workloads.put(
                ref("web"), Fixtures.WorkloadBuilder.from(c.workload("web")).replicas(7).build());
          }
          return real.plan(s, intents, config, now);
        };
    Reconciler r =
        reconciler(c, meanwhile, PlannerConfig.DEFAULTS, Reconciler.Timing.waiting(Duration.ZERO));

    ReconcileResult result = r.reconcile(ReconcileContext.of("alert"));

    assertThat(result.status()).isEqualTo(ReconcileResult.Status.DONE);
    List<ActionOutcome> scales =
        result.outcomes().stream()
            .filter(o -> o.action() instanceof Action.ScaleDeployment)
            .toList();
    assertThat(scales)
        .extracting(o -> o.status() + " " + ((Action.ScaleDeployment) o.action()).fromReplicas())
        .containsExactly("SKIPPED 2", "APPLIED 7");
    assertThat(scales.get(0).cause()).contains(Cause.STALE_PLAN);
    assertThat(c.workload("web").specReplicas()).isEqualTo(20);
    assertThat(c.workload("web").state().bookkeeping().baselineReplicas())
        .as("the baseline is what the user set meanwhile")
        .hasValue(7);
    assertThat(result.plan().actions())
        .as("the answer shows the plan that was applied")
        .allSatisfy(a -> assertThat(result.outcomes()).anyMatch(o -> o.action().equals(a)));
  }

  @Test
  void aClusterThatKeepsChangingIsReplannedOnceThenLeftToTheNextReconcile() {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    BurstPlanner real = new BurstPlanner();
    int[] plans = {0};
    Planner flapping =
        (s, intents, config, now) -> {
          plans[0]++;
          c.workloads.put(
              ref("web"),
              Fixtures.WorkloadBuilder.from(c.workload("web")).replicas(3 + plans[0]).build());
          return real.plan(s, intents, config, now);
        };
    Reconciler r =
        reconciler(c, flapping, PlannerConfig.DEFAULTS, Reconciler.Timing.waiting(Duration.ZERO));

    ReconcileResult result = r.reconcile(ReconcileContext.of("alert"));

    assertThat(plans[0]).isEqualTo(2);
    assertThat(result.outcomes())
        .filteredOn(o -> o.action() instanceof Action.ScaleDeployment)
        .extracting(ActionOutcome::cause)
        .containsExactly(Optional.of(Cause.STALE_PLAN), Optional.of(Cause.STALE_PLAN));
    assertThat(c.workload("web").state().bookkeeping().baselineReplicas())
        .as("no baseline from a stale value")
        .isEmpty();
    assertThat(c.workload("web").specReplicas()).as("never written").isEqualTo(5);
  }

  @Test
  void theStalePlanGuardReadsTheClusterOnceMoreOnlyWhenThereIsSomethingToWrite() {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    Reconciler r = coalescing(c);
    r.reconcile(ReconcileContext.of("alert"));
    assertThat(c.reader.reads()).isEqualTo(2);
    assertThat(c.scaler.describes())
        .as("observe, and the guard before the pool write")
        .isEqualTo(2);
    clock.advance(Duration.ofSeconds(30));
    r.reconcile(ReconcileContext.of("timer"));
    assertThat(c.reader.reads()).as("nothing to write: observed once").isEqualTo(3);
    assertThat(c.scaler.describes()).isEqualTo(3);
  }

  // ---- the write budget across reconciles

  @Test
  void aWorkloadAtItsWriteBudgetIsBlockedWithAWarningAndWrittenAgainWhenTheHourHasPassed() {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(4));
    Reconciler r =
        reconciler(
            c,
            new BurstPlanner(),
            PlannerConfig.DEFAULTS.withWriteBudget(1),
            Reconciler.Timing.waiting(Duration.ZERO));
    r.reconcile(ReconcileContext.of("alert"));
    assertThat(c.workload("web").specReplicas()).isEqualTo(4);

    clock.advance(Duration.ofMinutes(1));
    c.intents.update(ref("web"), st -> st.withIntent(otherAlert(8)));
    ReconcileResult blocked = r.reconcile(ReconcileContext.of("alert"));

    assertThat(blocked.outcomes())
        .filteredOn(o -> o.status() == Status.REFUSED)
        .extracting(o -> o.action().target(), ActionOutcome::cause)
        .as("the workload and its pool have each had their write this hour")
        .containsExactly(
            tuple("default/web", Optional.of(Cause.WRITE_BUDGET)),
            tuple("pool/nodepool1", Optional.of(Cause.WRITE_BUDGET)));
    assertThat(c.workload("web").specReplicas()).isEqualTo(4);
    assertThat(c.events)
        .filteredOn(e -> e.reason().equals(EventReason.BURST_BLOCKED))
        .hasSize(2)
        .allSatisfy(
            e -> {
              assertThat(e.warning()).isTrue();
              assertThat(e.workload()).isEqualTo(ref("web"));
            });
    assertThat(c.workload("web").state().intents())
        .as("the intent is kept for when the budget allows")
        .extracting(Intent::replicas)
        .containsExactly(4, 8);

    clock.advance(Duration.ofMinutes(59));
    r.reconcile(ReconcileContext.of("timer"));
    assertThat(c.workload("web").specReplicas()).isEqualTo(8);
  }

  // ---- nextReconcileAt

  @Test
  void aReconcileThatScaledSaysWhenItsCooldownAndPoolHoldEnd() {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    ReconcileResult r = coalescing(c).reconcile(ReconcileContext.of("alert"));
    assertThat(r.nextReconcileAt())
        .as("the scale-in cooldown the write started")
        .contains(T0.plus(PlannerConfig.DEFAULTS.scaleInCooldown()));
  }

  @Test
  void aReconcileWithNothingPendingHasNoNextReconcileAt() {
    InMemoryCluster c =
        InMemoryCluster.seed(
            clock, workload("web").replicas(2).pods(pods("web", 2, "vm-0")).build());
    ReconcileResult r = coalescing(c).reconcile(ReconcileContext.of("timer"));
    assertThat(r.plan().actions()).isEmpty();
    assertThat(r.nextReconcileAt()).isEmpty();
  }

  @Test
  void aDryRunSaysWhenTheNextReviewWouldBeWithoutTheWritesItDidNotMake() {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    ReconcileResult r = coalescing(c).reconcile(ReconcileContext.of("http").dryRun(List.of()));
    assertThat(r.status()).isEqualTo(ReconcileResult.Status.DRY_RUN);
    assertThat(r.nextReconcileAt()).isEmpty();
  }
}
