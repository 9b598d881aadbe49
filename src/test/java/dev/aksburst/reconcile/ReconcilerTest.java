package dev.aksburst.reconcile;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.EventReason;
import dev.aksburst.plan.Note;
import dev.aksburst.plan.Plan;
import dev.aksburst.plan.Planner;
import dev.aksburst.plan.PlannerConfig;
import dev.aksburst.plan.PoolWritePolicy;
import dev.aksburst.reconcile.ActionOutcome.Status;
import dev.aksburst.reconcile.NodePoolScaler.ScaleOutcome;
import dev.aksburst.testing.InMemoryCluster;
import dev.aksburst.testing.InMemoryWorkloadWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Observe → plan → apply over in-memory ports. */
class ReconcilerTest {
  /** A clock the test moves. */
  static final class TestClock extends Clock {
    private Instant now = T0;

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final TestClock clock = new TestClock();

  private static WorkloadView web(int floor) {
    return workload("web")
        .replicas(2)
        .pods(pods("web", 2, "vm-0"))
        .intents(alert(ref("web"), floor, T0))
        .build();
  }

  private Reconciler reconciler(InMemoryCluster c, Planner planner, boolean dryRun) {
    return new Reconciler(
        c.ports(),
        planner,
        PlannerConfig.DEFAULTS,
        clock,
        dryRun ? ApplyMode.DRY_RUN : ApplyMode.WRITE,
        Reconciler.Timing.waiting(Duration.ZERO),
        "test");
  }

  private Reconciler reconciler(InMemoryCluster c) {
    return reconciler(c, new BurstPlanner(), false);
  }

  private static List<Status> statuses(ReconcileResult r) {
    return r.outcomes().stream().map(ActionOutcome::status).toList();
  }

  @Test
  void observesPlansAndAppliesTheBurstThenHasNothingLeftToDo() {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    ReconcileResult r = reconciler(c).reconcile(ReconcileContext.of("alert", "c-1"));

    assertThat(r.status()).isEqualTo(ReconcileResult.Status.DONE);
    assertThat(statuses(r)).containsOnly(Status.APPLIED).hasSize(3);
    assertThat(c.workload("web").specReplicas()).isEqualTo(20);
    assertThat(c.workload("web").state().bookkeeping().baselineReplicas()).hasValue(2);
    assertThat(c.workload("web").state().lastPlan())
        .extracting(e -> e.action())
        .containsExactly("SaveBookkeeping", "ScaleDeployment", "ScaleNodePool");
    assertThat(c.pools.get(Fixtures.POOL).count()).isEqualTo(7);
    PoolState st = c.poolStates.get(Fixtures.POOL);
    assertThat(st.baseline()).hasValue(1);
    assertThat(st.lastScaleOut()).contains(T0);
    assertThat(c.eventReasons())
        .containsExactlyInAnyOrder(
            EventReason.BURST_STARTED,
            EventReason.NODE_POOL_SCALE_OUT,
            // PlannerConfig.DEFAULTS knows no price: the decision says so and takes the VM route.
            EventReason.CAPACITY_DECISION);
    assertThat(c.events.get(0).context().correlationId()).isEqualTo("c-1");
    assertThat(c.events.get(0).message())
        .as("the message carries no per-reconcile noise, so identical Events aggregate")
        .doesNotContain("c-1");

    clock.advance(Duration.ofSeconds(30));
    ReconcileResult again = reconciler(c).reconcile(ReconcileContext.of("timer"));
    assertThat(again.plan().actions()).isEmpty();
  }

  @Test
  void dryRunReturnsThePlanAndWritesNothing() {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    ReconcileResult r =
        reconciler(c).reconcile(ReconcileContext.of("http", "c-2").dryRun(List.of()));

    assertThat(r.status()).isEqualTo(ReconcileResult.Status.DRY_RUN);
    assertThat(r.plan().actions()).hasSize(3);
    assertThat(statuses(r)).containsOnly(Status.SKIPPED);
    assertThat(c.workload("web").specReplicas()).isEqualTo(2);
    assertThat(c.workload("web").state().bookkeeping()).isEqualTo(Bookkeeping.EMPTY);
    assertThat(c.pools.get(Fixtures.POOL).count()).isEqualTo(1);
    assertThat(c.poolStates).isEmpty();
    assertThat(c.events).isEmpty();
  }

  @Test
  void globalDryRunAndHypotheticalIntentsWriteNothing() {
    InMemoryCluster c =
        InMemoryCluster.seed(
            clock, workload("web").replicas(2).pods(pods("web", 2, "vm-0")).build());
    ReconcileResult r =
        reconciler(c, new BurstPlanner(), true)
            .reconcile(
                ReconcileContext.of("http", "c-3").dryRun(List.of(alert(ref("web"), 10, T0))));

    assertThat(r.status()).isEqualTo(ReconcileResult.Status.DRY_RUN);
    assertThat(r.plan().actions())
        .filteredOn(a -> a instanceof Action.ScaleDeployment)
        .singleElement()
        .satisfies(a -> assertThat(((Action.ScaleDeployment) a).replicas()).isEqualTo(10));
    assertThat(c.workload("web").specReplicas()).isEqualTo(2);
    assertThat(c.workload("web").state().intents()).isEmpty();
  }

  @Test
  void aFailedWriteSkipsTheRestOfThatWorkloadsLaneAndARerunConverges() {
    Bookkeeping bursting =
        Bookkeeping.EMPTY.withBaselineReplicas(OptionalInt.of(2)).withLastScaleUp(T0);
    WorkloadView shedding =
        workload("web")
            .replicas(5)
            .pods(pods("web", 2, "vm-0"))
            .addPods(pods("aci", 3, Fixtures.VIRTUAL_NODE))
            .bookkeeping(bursting)
            .build();
    InMemoryCluster c =
        InMemoryCluster.seed(
            clock,
            shedding,
            workload("api")
                .replicas(1)
                .pods(pods("api", 1, "vm-0"))
                .intents(alert(ref("api"), 3, T0))
                .build());
    c.writer.failNext(
        InMemoryWorkloadWriter.Kind.DELETION_COST,
        ref("web"),
        new WriteFailure("409", "the object has been modified", true));
    clock.advance(Duration.ofHours(1));

    ReconcileResult r = reconciler(c).reconcile(ReconcileContext.of("timer"));

    assertThat(r.outcomes())
        .extracting(o -> o.action().kind() + " " + o.action().target() + " " + o.status())
        .containsExactly(
            "SaveBookkeeping default/api APPLIED",
            "ScaleDeployment default/api APPLIED",
            "ScaleNodePool pool/nodepool1 APPLIED",
            "MarkDeletionCost default/web FAILED",
            "ScaleDeployment default/web SKIPPED",
            "SaveBookkeeping default/web SKIPPED");
    assertThat(r.failedCount()).isEqualTo(1);
    assertThat(r.outcomes().get(3).code()).contains("409");
    assertThat(c.workload("web").specReplicas()).isEqualTo(5);
    assertThat(c.workload("api").specReplicas()).isEqualTo(3);

    clock.advance(Duration.ofSeconds(30));
    ReconcileResult rerun = reconciler(c).reconcile(ReconcileContext.of("timer"));
    assertThat(statuses(rerun)).containsOnly(Status.APPLIED);
    assertThat(c.workload("web").specReplicas()).isEqualTo(2);
    assertThat(c.workload("web").state().bookkeeping().baselineReplicas()).isEmpty();
    assertThat(c.workload("web").pods())
        .filteredOn(p -> p.name().startsWith("aci"))
        .allSatisfy(p -> assertThat(p.deletionCost()).hasValue(-1000));
    assertThat(reconciler(c).reconcile(ReconcileContext.of("timer")).plan().actions()).isEmpty();
  }

  @Test
  void aBusyPoolHoldsWritesUntilRetryNotBeforeAndRecordsTheError() {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    c.scaler.answerNext(
        new ScaleOutcome.Busy("OperationNotAllowed", "Another agentpool operation is in progress"));

    ReconcileResult r = reconciler(c).reconcile(ReconcileContext.of("alert"));

    ActionOutcome pool = r.outcomes().get(2);
    assertThat(pool.status()).isEqualTo(Status.FAILED);
    assertThat(pool.code()).contains("OperationNotAllowed");
    PoolState st = c.poolStates.get(Fixtures.POOL);
    assertThat(st.retryNotBefore()).contains(T0.plus(Duration.ofMinutes(1)));
    assertThat(st.lastError())
        .hasValueSatisfying(e -> assertThat(e).contains("OperationNotAllowed"));
    assertThat(st.baseline()).hasValue(1);
    assertThat(c.eventReasons()).contains(EventReason.NODE_POOL_ERROR);
    assertThat(c.workload("web").specReplicas()).isEqualTo(20);

    clock.advance(Duration.ofSeconds(30));
    ReconcileResult held = reconciler(c).reconcile(ReconcileContext.of("timer"));
    assertThat(held.plan().actions()).isEmpty();
    assertThat(held.plan().notes()).anyMatch(n -> n.cause() == Note.Cause.POOL_WRITE_HELD);

    clock.advance(Duration.ofSeconds(30));
    ReconcileResult retried = reconciler(c).reconcile(ReconcileContext.of("timer"));
    assertThat(statuses(retried)).containsExactly(Status.APPLIED);
    assertThat(c.pools.get(Fixtures.POOL).count()).isEqualTo(7);
    assertThat(c.poolStates.get(Fixtures.POOL).retryNotBefore()).isEmpty();
  }

  @Test
  void aPoolThatKeepsRefusingIsWrittenAtMostOncePerFailedRetry() {
    // Regression (fault scenario "ARM 409 operation in progress"): a pool busy with someone
    // else's operation was written every minute for as long as it lasted.
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    c.scaler.answerNext(new ScaleOutcome.Busy("OperationNotAllowed", "upgrade in progress"));
    reconciler(c).reconcile(ReconcileContext.of("alert"));
    assertThat(c.poolStates.get(Fixtures.POOL).retryNotBefore())
        .contains(T0.plus(Duration.ofMinutes(1)));

    clock.advance(Duration.ofMinutes(1));
    c.scaler.answerNext(new ScaleOutcome.Busy("OperationNotAllowed", "upgrade in progress"));
    ReconcileResult again = reconciler(c).reconcile(ReconcileContext.of("timer"));
    assertThat(statuses(again)).containsExactly(Status.FAILED);
    assertThat(c.poolStates.get(Fixtures.POOL).retryNotBefore())
        .contains(T0.plus(Duration.ofMinutes(1)).plus(PoolWritePolicy.DEFAULTS.failedHold()));
  }

  @Test
  void throttlingWaitsForRetryAfter() {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    c.scaler.answerNext(new ScaleOutcome.Throttled(Duration.ofSeconds(90), "Too many requests"));
    reconciler(c).reconcile(ReconcileContext.of("alert"));

    assertThat(c.poolStates.get(Fixtures.POOL).retryNotBefore()).contains(T0.plusSeconds(90));
    assertThat(c.poolStates.get(Fixtures.POOL).lastError())
        .hasValueSatisfying(e -> assertThat(e).startsWith("429"));
    assertThat(c.eventReasons()).contains(EventReason.NODE_POOL_ERROR);
  }

  @Test
  void aFailedPoolWriteWaitsLongerWhenNotRetryable() {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    c.scaler.answerNext(
        new ScaleOutcome.Failed("QuotaExceeded", "not enough cores", "request more quota", false));
    ReconcileResult r = reconciler(c).reconcile(ReconcileContext.of("alert"));

    assertThat(r.outcomes().get(2).message()).contains("request more quota");
    assertThat(c.poolStates.get(Fixtures.POOL).retryNotBefore())
        .contains(T0.plus(Duration.ofMinutes(5)));
    assertThat(c.events)
        .filteredOn(e -> e.reason().equals(EventReason.NODE_POOL_ERROR))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("QuotaExceeded"));
  }

  @Test
  void aBusyLockAnswersLockBusyAndWritesNothing() {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    try (ReconcileLock.Held other = c.lock.tryAcquire("another-instance").orElseThrow()) {
      ReconcileResult r = reconciler(c).reconcile(ReconcileContext.of("alert"));
      assertThat(r.status()).isEqualTo(ReconcileResult.Status.LOCK_BUSY);
      assertThat(r.outcomes()).isEmpty();
      assertThat(c.workload("web").specReplicas()).isEqualTo(2);
    }
    assertThat(c.lock.holder()).isEmpty();
    assertThat(reconciler(c).reconcile(ReconcileContext.of("alert")).status())
        .isEqualTo(ReconcileResult.Status.DONE);
    assertThat(c.lock.holder()).isEmpty();
  }

  @Test
  void theApplierRefusesToScaleAboveMaxReplicas() {
    WorkloadView capped = workload("web").replicas(2).maxReplicas(10).build();
    InMemoryCluster c = InMemoryCluster.seed(clock, capped);
    Planner reckless =
        (s, intents, config, now) ->
            new Plan(
                List.of(
                    new Action.ScaleDeployment(
                        ref("web"), 11, 2, Optional.empty(), "TestPolicy", "too far"),
                    new Action.SaveBookkeeping(
                        ref("web"), Bookkeeping.EMPTY.withLastScaleUp(now), "TestPolicy", "after")),
                List.of());

    ReconcileResult r = reconciler(c, reckless, false).reconcile(ReconcileContext.of("test"));

    assertThat(statuses(r)).containsExactly(Status.REFUSED, Status.SKIPPED);
    assertThat(r.outcomes().get(0).message()).contains("aksburst.dev/max-replicas=10");
    assertThat(c.workload("web").specReplicas()).isEqualTo(2);
    assertThat(c.eventReasons()).containsExactly(EventReason.BURST_BLOCKED);
  }

  @Test
  void theApplierRefusesToGrowAManualPoolAboveMaxPoolNodes() {
    InMemoryCluster c = InMemoryCluster.seed(clock, workload("web").replicas(2).build());
    int cap = PlannerConfig.DEFAULTS.maxPoolNodes();
    Planner reckless =
        (s, intents, config, now) ->
            new Plan(
                List.of(
                    new Action.ScaleNodePool(
                        Fixtures.POOL,
                        PoolMode.MANUAL,
                        cap + 1,
                        1,
                        OptionalInt.of(1),
                        false,
                        List.of(ref("web")),
                        Optional.empty(),
                        "TestPolicy",
                        "too far")),
                List.of());

    ReconcileResult r = reconciler(c, reckless, false).reconcile(ReconcileContext.of("test"));

    assertThat(statuses(r)).containsExactly(Status.REFUSED);
    assertThat(r.outcomes().get(0).message()).contains("AKSBURST_MAX_POOL_NODES=" + cap);
    assertThat(c.pools.get(Fixtures.POOL).count()).isEqualTo(1);
    assertThat(c.poolStates.getOrDefault(Fixtures.POOL, PoolState.EMPTY).baseline())
        .as("nothing recorded for a refused write")
        .isEmpty();
  }

  @Test
  void theApplierRefusesAnHpaMinAboveItsMax() {
    WorkloadView hpa = workload("web").replicas(2).hpa(2, 10, 2).build();
    InMemoryCluster c = InMemoryCluster.seed(clock, hpa);
    Planner reckless =
        (s, intents, config, now) ->
            new Plan(
                List.of(
                    new Action.SetHpaMinReplicas(
                        ref("web"), "web", 11, 2, Optional.empty(), "TestPolicy", "too far")),
                List.of());
    ReconcileResult r = reconciler(c, reckless, false).reconcile(ReconcileContext.of("test"));
    assertThat(statuses(r)).containsExactly(Status.REFUSED);
    assertThat(c.workload("web").hpa().orElseThrow().minReplicas()).isEqualTo(2);
  }

  @Test
  void anUnreadableClusterFailsTheReconcileAndReleasesTheLock() {
    InMemoryCluster c = InMemoryCluster.seed(clock, web(20));
    c.reader.failWith(new IllegalStateException("API server unreachable"));
    ReconcileResult r = reconciler(c).reconcile(ReconcileContext.of("timer"));
    assertThat(r.status()).isEqualTo(ReconcileResult.Status.FAILED);
    assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("API server unreachable"));
    assertThat(c.lock.holder()).isEmpty();
  }

  @Test
  void notesBecomeWarningEventsOnTheirWorkload() {
    WorkloadView w =
        workload("web")
            .replicas(2)
            .pods(pods("web", 2, "vm-0"))
            .policyProblems("aksburst.dev/max-replicas: \"x\" is not an integer")
            .build();
    InMemoryCluster c = InMemoryCluster.seed(clock, w);
    reconciler(c).reconcile(ReconcileContext.of("timer"));
    assertThat(c.events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.reason()).isEqualTo(EventReason.INVALID_ANNOTATION);
              assertThat(e.warning()).isTrue();
            });
  }
}
