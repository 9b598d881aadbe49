package dev.aksburst.reconcile;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.EventReason;
import dev.aksburst.plan.Plan;
import dev.aksburst.plan.PlannerConfig;
import dev.aksburst.reconcile.ActionOutcome.Cause;
import dev.aksburst.reconcile.ActionOutcome.Status;
import dev.aksburst.reconcile.NodePoolScaler.ScaleOutcome;
import dev.aksburst.testing.InMemoryCluster;
import dev.aksburst.testing.InMemoryWorkloadWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The applier's rails, one at a time, over the in-memory ports: the apply mode, every refusal, the
 * write budget and the stale-plan guard. Each refusal is shown on both sides of its edge where it
 * has one.
 */
class ApplierTest {
  private final ReconcilerTest.TestClock clock = new ReconcilerTest.TestClock();
  private static final WorkloadRef WEB = ref("web");
  private static final WorkloadRef API = ref("api");

  private Applier applier(InMemoryCluster c, PlannerConfig config, ApplyMode mode) {
    return new Applier(c.ports(), clock, config, mode);
  }

  private Applier applier(InMemoryCluster c) {
    return applier(c, PlannerConfig.DEFAULTS, ApplyMode.WRITE);
  }

  /** What the reconciler observes: the Kubernetes side with the pools and their states. */
  private static ClusterSnapshot observed(InMemoryCluster c) {
    return c.observe().withPools(List.copyOf(c.pools.values()), Map.copyOf(c.poolStates));
  }

  private static List<ActionOutcome> apply(InMemoryCluster c, Applier a, Action... actions) {
    return apply(c, a, ReconcileContext.of("test"), actions);
  }

  private static List<ActionOutcome> apply(
      InMemoryCluster c, Applier a, ReconcileContext ctx, Action... actions) {
    return a.apply(
        new Plan(List.of(actions), List.of()), observed(c), ctx, LiveValues.of(c.ports()));
  }

  private static Action.ScaleDeployment scale(WorkloadRef w, int replicas, int from) {
    return new Action.ScaleDeployment(
        w, replicas, from, Optional.of(EventReason.BURST_STARTED), "TestPolicy", "test");
  }

  private static Action.SetHpaMinReplicas hpaMin(WorkloadRef w, int min, int from) {
    return new Action.SetHpaMinReplicas(
        w, w.name(), min, from, Optional.empty(), "TestPolicy", "test");
  }

  private static Action.ScaleNodePool grow(String pool, PoolMode mode, int size, int from) {
    return new Action.ScaleNodePool(
        pool,
        mode,
        size,
        from,
        OptionalInt.of(from),
        false,
        List.of(WEB),
        Optional.of(EventReason.NODE_POOL_SCALE_OUT),
        "TestPolicy",
        "test");
  }

  private static Action.ScaleNodePool deleteMachines(int from, List<String> machines) {
    return new Action.ScaleNodePool(
        Fixtures.POOL,
        PoolMode.MANUAL,
        from - machines.size(),
        from,
        OptionalInt.empty(),
        true,
        List.of(WEB),
        Optional.of(EventReason.NODE_POOL_SCALE_IN),
        "TestPolicy",
        "test",
        machines);
  }

  @Test
  void deletingNamedMachinesRestoresThePoolAndForgetsItsBaseline() {
    InMemoryCluster c =
        InMemoryCluster.seed(
            clock, workload("web").replicas(2).pods(pods("web", 2, "vm-2")).build());
    c.pools.put(Fixtures.POOL, Fixtures.manualPool(3));
    c.poolStates.put(Fixtures.POOL, Fixtures.poolBaseline(1).withLastScaleOut(T0));

    List<ActionOutcome> out = apply(c, applier(c), deleteMachines(3, List.of("vm-1", "vm-0")));

    assertThat(statuses(out)).containsExactly(Status.APPLIED);
    assertThat(c.writes("pool")).containsExactly("pool " + Fixtures.POOL + " delete [vm-1, vm-0]");
    assertThat(c.pools.get(Fixtures.POOL).count()).isEqualTo(1);
    PoolState st = c.poolStates.get(Fixtures.POOL);
    assertThat(st.baseline()).isEmpty();
    assertThat(st.lastScaleIn()).isPresent();
  }

  @Test
  void aRefusedDeleteOfNamedMachinesIsRecordedSoThePlannerHolds() {
    InMemoryCluster c =
        InMemoryCluster.seed(
            clock, workload("web").replicas(2).pods(pods("web", 2, "vm-2")).build());
    c.pools.put(Fixtures.POOL, Fixtures.manualPool(3));
    c.poolStates.put(Fixtures.POOL, Fixtures.poolBaseline(1).withLastScaleOut(T0));
    c.scaler.answerNext(
        new ScaleOutcome.Failed(
            PoolState.DELETE_MACHINES_REFUSED, "AKS refused (HTTP 400)", "keep it", false));

    List<ActionOutcome> out = apply(c, applier(c), deleteMachines(3, List.of("vm-1", "vm-0")));

    assertThat(statuses(out)).containsExactly(Status.FAILED);
    PoolState st = c.poolStates.get(Fixtures.POOL);
    assertThat(st.baseline()).hasValue(1);
    assertThat(st.lastError())
        .hasValueSatisfying(e -> assertThat(e).startsWith(PoolState.DELETE_MACHINES_REFUSED));
  }

  private static Action.SaveBookkeeping bookkeeping(WorkloadRef w) {
    return new Action.SaveBookkeeping(w, Bookkeeping.EMPTY.withLastScaleUp(T0), "TestPolicy", "t");
  }

  private static NodePoolView withError(NodePoolView p, String error) {
    return new NodePoolView(
        p.name(),
        p.mode(),
        p.count(),
        p.minCount(),
        p.maxCount(),
        p.provisioningState(),
        p.vmSize(),
        p.maxPods(),
        Optional.of(error));
  }

  private static List<Status> statuses(List<ActionOutcome> os) {
    return os.stream().map(ActionOutcome::status).toList();
  }

  // ---- apply mode

  @Test
  void aDryRunWritesNothingAndReportsEveryPlannedActionAsSkipped() {
    InMemoryCluster c =
        InMemoryCluster.seed(
            clock,
            workload("web")
                .replicas(2)
                .pods(pods("web", 2, "vm-0"))
                .intents(alert(WEB, 20, T0))
                .build());
    ClusterSnapshot s = observed(c);
    Plan plan = new BurstPlanner().plan(s, Reconciler.storedIntents(s), PlannerConfig.DEFAULTS, T0);
    assertThat(plan.actions()).as("the seed burst plans writes").hasSize(3);

    for (Applier a :
        List.of(
            applier(c, PlannerConfig.DEFAULTS, ApplyMode.DRY_RUN),
            applier(c, PlannerConfig.DEFAULTS, ApplyMode.WRITE))) {
      ReconcileContext ctx =
          a.mode(ReconcileContext.of("t")) == ApplyMode.DRY_RUN
              ? ReconcileContext.of("t")
              : ReconcileContext.of("t").dryRun(List.of());
      assertThat(a.mode(ctx)).isEqualTo(ApplyMode.DRY_RUN);

      List<ActionOutcome> out = a.apply(plan, s, ctx, LiveValues.of(c.ports()));

      assertThat(out).extracting(ActionOutcome::action).containsExactlyElementsOf(plan.actions());
      assertThat(out)
          .allSatisfy(
              o -> {
                assertThat(o.status()).isEqualTo(Status.SKIPPED);
                assertThat(o.cause()).contains(Cause.DRY_RUN);
                assertThat(o.code()).isEmpty();
              });
    }
    assertThat(c.workload("web").specReplicas()).isEqualTo(2);
    assertThat(c.workload("web").state().bookkeeping()).isEqualTo(Bookkeeping.EMPTY);
    assertThat(c.workload("web").state().lastPlan()).isEmpty();
    assertThat(c.writes("pool")).isEmpty();
    assertThat(c.poolStates).isEmpty();
    assertThat(c.events).isEmpty();
    assertThat(c.reader.reads() + c.scaler.describes())
        .as("a dry run reads no live value")
        .isZero();
  }

  @Test
  void aDryRunSpendsNoWriteBudget() {
    InMemoryCluster c = InMemoryCluster.seed(clock, workload("web").replicas(2).build());
    PlannerConfig oneAnHour = PlannerConfig.DEFAULTS.withWriteBudget(1);
    Applier dry = applier(c, oneAnHour, ApplyMode.WRITE);
    apply(c, dry, ReconcileContext.of("t").dryRun(List.of()), scale(WEB, 5, 2));
    assertThat(statuses(apply(c, dry, scale(WEB, 5, 2)))).containsExactly(Status.APPLIED);
  }

  @Test
  void theConfiguredModeIsDryRunForEveryContext() {
    InMemoryCluster c = InMemoryCluster.seed(clock);
    Applier dry = applier(c, PlannerConfig.DEFAULTS, ApplyMode.DRY_RUN);
    assertThat(dry.mode(ReconcileContext.of("timer"))).isEqualTo(ApplyMode.DRY_RUN);
    assertThat(applier(c).mode(ReconcileContext.of("timer"))).isEqualTo(ApplyMode.WRITE);
    assertThat(applier(c).mode(ReconcileContext.of("http").dryRun(List.of())))
        .isEqualTo(ApplyMode.DRY_RUN);
  }

  // ---- refusals: one row per rail

  /** A rail, the cluster that trips it, the action it refuses, and how the write looks after. */
  record Row(
      String name,
      Cause cause,
      Consumer<InMemoryCluster> setUp,
      Action action,
      Consumer<InMemoryCluster> unchanged) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> refusals() {
    Consumer<InMemoryCluster> nothing = c -> {};
    Consumer<InMemoryCluster> webAt2 =
        c -> assertThat(c.workload("web").specReplicas()).isEqualTo(2);
    Consumer<InMemoryCluster> hpaAt2 =
        c -> assertThat(c.workload("web").hpa().orElseThrow().minReplicas()).isEqualTo(2);
    Consumer<InMemoryCluster> poolUnwritten =
        c -> {
          assertThat(c.writes("pool")).isEmpty();
          assertThat(c.poolStates.getOrDefault(Fixtures.POOL, PoolState.EMPTY).baseline())
              .as("no baseline recorded for a refused write")
              .isEmpty();
        };
    Instant now = T0;
    return Stream.of(
            new Row(
                "a Deployment that is not opted in",
                Cause.NOT_OPTED_IN,
                nothing,
                scale(ref("ghost"), 5, 2),
                c -> assertThat(c.workloads).doesNotContainKey(ref("ghost"))),
            new Row(
                "replicas above aksburst.dev/max-replicas",
                Cause.ABOVE_MAX_REPLICAS,
                c -> c.workloads.put(WEB, workload("web").replicas(2).maxReplicas(10).build()),
                scale(WEB, 11, 2),
                webAt2),
            new Row(
                "an HPA write to a workload without HPA",
                Cause.NO_HPA,
                nothing,
                hpaMin(WEB, 5, 2),
                webAt2),
            new Row(
                "HPA minReplicas above its maxReplicas",
                Cause.ABOVE_HPA_MAX,
                c -> c.workloads.put(WEB, workload("web").replicas(2).hpa(2, 10, 2).build()),
                hpaMin(WEB, 11, 2),
                hpaAt2),
            new Row(
                "HPA minReplicas above aksburst.dev/max-replicas",
                Cause.ABOVE_MAX_REPLICAS,
                c ->
                    c.workloads.put(
                        WEB, workload("web").replicas(2).hpa(2, 50, 2).maxReplicas(10).build()),
                hpaMin(WEB, 11, 2),
                hpaAt2),
            new Row(
                "a pool that was not observed",
                Cause.POOL_NOT_OBSERVED,
                nothing,
                grow("ghostpool", PoolMode.MANUAL, 3, 1),
                poolUnwritten),
            new Row(
                "a pool with an operation running",
                Cause.POOL_BUSY,
                c ->
                    c.pools.put(
                        Fixtures.POOL, Fixtures.withState(Fixtures.manualPool(1), "Scaling")),
                grow(Fixtures.POOL, PoolMode.MANUAL, 3, 1),
                poolUnwritten),
            new Row(
                "a pool whose last operation failed, within failedHold of our write",
                Cause.FAILED_OPERATION_HOLD,
                c -> {
                  c.pools.put(
                      Fixtures.POOL, withError(Fixtures.manualPool(1), "QuotaExceeded: no cores"));
                  c.poolStates.put(
                      Fixtures.POOL, PoolState.EMPTY.withLastScaleOut(now.minusSeconds(60)));
                },
                grow(Fixtures.POOL, PoolMode.MANUAL, 3, 1),
                poolUnwritten),
            new Row(
                "a pool in backoff after a refused write",
                Cause.BACKOFF,
                c ->
                    c.poolStates.put(
                        Fixtures.POOL,
                        PoolState.EMPTY.withError(
                            Optional.of("429: throttled"), Optional.of(now.plusSeconds(30)))),
                grow(Fixtures.POOL, PoolMode.MANUAL, 3, 1),
                poolUnwritten),
            new Row(
                "an autoscaler minCount above the pool's maxCount",
                Cause.ABOVE_POOL_MAX_COUNT,
                c -> c.pools.put(Fixtures.POOL, Fixtures.autoscalerPool(1, 1, 5)),
                grow(Fixtures.POOL, PoolMode.AUTOSCALER, 6, 1),
                poolUnwritten),
            new Row(
                "a manual pool above AKSBURST_MAX_POOL_NODES",
                Cause.ABOVE_MAX_POOL_NODES,
                nothing,
                grow(Fixtures.POOL, PoolMode.MANUAL, PlannerConfig.DEFAULTS.maxPoolNodes() + 1, 1),
                poolUnwritten),
            new Row(
                "a virtual nodes v2 StatefulSet that was not read",
                Cause.VIRTUAL_NODE_SET_NOT_OBSERVED,
                nothing,
                new Action.ScaleVirtualNodes(
                    "vn2",
                    "virtualnode",
                    3,
                    1,
                    java.util.OptionalInt.of(1),
                    false,
                    List.of(WEB),
                    java.util.Optional.of(EventReason.VIRTUAL_NODES_SCALE_OUT),
                    "test",
                    "test"),
                c -> {
                  assertThat(c.virtualNodeSet).isEmpty();
                  assertThat(c.writes("virtual-nodes")).isEmpty();
                }))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusals")
  void everyRailRefusesItsWriteWithItsCauseAndAWarningAndStopsTheLane(Row row) {
    InMemoryCluster c =
        InMemoryCluster.seed(
            clock,
            workload("web").replicas(2).build(),
            workload("api").replicas(1).pods(pods("api", 1, "vm-0")).build());
    row.setUp().accept(c);
    WorkloadRef lane = row.action().workloads().get(0);

    Action next =
        row.action() instanceof Action.ScaleNodePool p
            ? grow(p.pool(), p.mode(), p.size(), p.from())
            : bookkeeping(lane);

    List<ActionOutcome> out = apply(c, applier(c), row.action(), next, scale(API, 3, 1));

    assertThat(out.get(0).status()).isEqualTo(Status.REFUSED);
    assertThat(out.get(0).cause()).contains(row.cause());
    assertThat(out.get(0).message()).isNotBlank();
    assertThat(out.get(1).status()).isEqualTo(Status.SKIPPED);
    assertThat(out.get(1).cause()).contains(Cause.EARLIER_ACTION_FAILED);
    assertThat(out.get(2).status()).as("another lane goes on").isEqualTo(Status.APPLIED);
    row.unchanged().accept(c);
    assertThat(c.events)
        .filteredOn(e -> e.reason().equals(EventReason.BURST_BLOCKED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.workload()).isEqualTo(lane);
              assertThat(e.warning()).isTrue();
              assertThat(e.message()).isEqualTo(out.get(0).message());
            });
  }

  @Test
  void theReplicaCapsLetAWorkloadAboveItsCapComeDown() {
    InMemoryCluster c =
        InMemoryCluster.seed(clock, workload("web").replicas(14).maxReplicas(10).build());
    assertThat(statuses(apply(c, applier(c), scale(WEB, 12, 14))))
        .as("lower, though still above the cap")
        .containsExactly(Status.APPLIED);
    assertThat(statuses(apply(c, applier(c), scale(WEB, 10, 12)))).containsExactly(Status.APPLIED);
    assertThat(statuses(apply(c, applier(c), scale(WEB, 11, 10)))).containsExactly(Status.REFUSED);

    c.workloads.put(WEB, workload("web").replicas(14).hpa(14, 20, 14).maxReplicas(10).build());
    assertThat(statuses(apply(c, applier(c), hpaMin(WEB, 12, 14)))).containsExactly(Status.APPLIED);
    assertThat(statuses(apply(c, applier(c), hpaMin(WEB, 20, 12))))
        .as("at the HPA's max but above max-replicas")
        .containsExactly(Status.REFUSED);
  }

  @Test
  void thePoolCapsApplyToGrowingOnly() {
    InMemoryCluster c = InMemoryCluster.seed(clock, workload("web").replicas(2).build());
    int cap = PlannerConfig.DEFAULTS.maxPoolNodes();
    c.pools.put(Fixtures.POOL, Fixtures.manualPool(cap + 3));
    assertThat(
            statuses(apply(c, applier(c), grow(Fixtures.POOL, PoolMode.MANUAL, cap + 1, cap + 3))))
        .as("shrinking towards the cap")
        .containsExactly(Status.APPLIED);
    assertThat(statuses(apply(c, applier(c), grow(Fixtures.POOL, PoolMode.MANUAL, cap, cap + 1))))
        .containsExactly(Status.APPLIED);

    c.pools.put(Fixtures.POOL, Fixtures.autoscalerPool(1, 1, 5));
    assertThat(statuses(apply(c, applier(c), grow(Fixtures.POOL, PoolMode.AUTOSCALER, 5, 1))))
        .as("minCount at maxCount")
        .containsExactly(Status.APPLIED);
  }

  @Test
  void poolHoldsEndWhenTheirTimeIsUp() {
    InMemoryCluster c = InMemoryCluster.seed(clock, workload("web").replicas(2).build());
    c.pools.put(Fixtures.POOL, withError(Fixtures.manualPool(1), "QuotaExceeded: no cores"));
    c.poolStates.put(
        Fixtures.POOL,
        PoolState.EMPTY.withLastScaleOut(
            T0.minus(PlannerConfig.DEFAULTS.poolWrites().failedHold())));
    assertThat(statuses(apply(c, applier(c), grow(Fixtures.POOL, PoolMode.MANUAL, 3, 1))))
        .as("failedHold after our last write has passed")
        .containsExactly(Status.APPLIED);

    InMemoryCluster d = InMemoryCluster.seed(clock, workload("web").replicas(2).build());
    d.poolStates.put(
        Fixtures.POOL, PoolState.EMPTY.withError(Optional.of("409: busy"), Optional.of(T0)));
    assertThat(statuses(apply(d, applier(d), grow(Fixtures.POOL, PoolMode.MANUAL, 3, 1))))
        .as("at retryNotBefore")
        .containsExactly(Status.APPLIED);
  }

  @Test
  void writesThatNoRailGuardsAreApplied() {
    InMemoryCluster c =
        InMemoryCluster.seed(
            clock, workload("web").replicas(2).pods(pods("web", 2, "vm-0")).build());
    List<ActionOutcome> out =
        apply(
            c,
            applier(c, PlannerConfig.DEFAULTS.withWriteBudget(1), ApplyMode.WRITE),
            new Action.MarkDeletionCost(WEB, List.of("web-0"), -5, Optional.empty(), "T", "t"),
            new Action.MarkDeletionCost(WEB, List.of("web-1"), -5, Optional.empty(), "T", "t"),
            bookkeeping(WEB),
            bookkeeping(WEB));
    assertThat(statuses(out))
        .as("deletion costs and bookkeeping are not budgeted")
        .containsOnly(Status.APPLIED);
  }

  // ---- the write budget

  @Test
  void theWriteBudgetRefusesTheWriteAfterTheCapPerWorkloadAndCountsEachWorkloadApart() {
    InMemoryCluster c =
        InMemoryCluster.seed(
            clock, workload("web").replicas(2).build(), workload("api").replicas(1).build());
    Applier a = applier(c, PlannerConfig.DEFAULTS.withWriteBudget(3), ApplyMode.WRITE);
    for (int i = 0; i < 3; i++) {
      int from = c.workload("web").specReplicas();
      assertThat(statuses(apply(c, a, scale(WEB, from + 1, from)))).containsExactly(Status.APPLIED);
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(c.workload("web").specReplicas()).isEqualTo(5);

    List<ActionOutcome> capped = apply(c, a, scale(WEB, 6, 5), bookkeeping(WEB), scale(API, 2, 1));

    assertThat(statuses(capped)).containsExactly(Status.REFUSED, Status.SKIPPED, Status.APPLIED);
    assertThat(capped.get(0).cause()).contains(Cause.WRITE_BUDGET);
    assertThat(capped.get(0).message()).contains("3 writes in the last hour");
    assertThat(c.workload("web").specReplicas()).as("nothing written").isEqualTo(5);
    assertThat(c.workload("web").state().bookkeeping())
        .as("nor what depends on it")
        .isEqualTo(Bookkeeping.EMPTY);
    assertThat(c.workload("api").specReplicas()).isEqualTo(2);
    assertThat(c.events)
        .filteredOn(e -> e.reason().equals(EventReason.BURST_BLOCKED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.workload()).isEqualTo(WEB);
              assertThat(e.warning()).isTrue();
            });

    // An hour after the first write, one write fits again; the refused one is planned again.
    clock.advance(Duration.ofMinutes(57));
    assertThat(statuses(apply(c, a, scale(WEB, 6, 5)))).containsExactly(Status.APPLIED);
    assertThat(statuses(apply(c, a, scale(WEB, 7, 6)))).containsExactly(Status.REFUSED);
  }

  @Test
  void theWriteBudgetCountsPoolsApartFromWorkloadsAndHpasApart() {
    InMemoryCluster c =
        InMemoryCluster.seed(
            clock,
            workload("web").replicas(2).build(),
            workload("api").replicas(2).hpa(2, 20, 2).build());
    Applier a = applier(c, PlannerConfig.DEFAULTS.withWriteBudget(1), ApplyMode.WRITE);
    assertThat(
            statuses(
                apply(
                    c,
                    a,
                    scale(WEB, 3, 2),
                    hpaMin(API, 3, 2),
                    grow(Fixtures.POOL, PoolMode.MANUAL, 2, 1))))
        .containsOnly(Status.APPLIED);

    List<ActionOutcome> second =
        apply(
            c, a, scale(WEB, 4, 3), hpaMin(API, 4, 3), grow(Fixtures.POOL, PoolMode.MANUAL, 3, 2));
    assertThat(second)
        .allSatisfy(
            o -> {
              assertThat(o.status()).isEqualTo(Status.REFUSED);
              assertThat(o.cause()).contains(Cause.WRITE_BUDGET);
            });
    assertThat(c.pools.get(Fixtures.POOL).count()).isEqualTo(2);
    assertThat(c.writes("pool")).containsExactly("pool " + Fixtures.POOL + "=2");
  }

  @Test
  void aWriteThatFailedStillCountsAgainstTheBudgetButARefusedOneDoesNot() {
    InMemoryCluster c =
        InMemoryCluster.seed(clock, workload("web").replicas(2).maxReplicas(10).build());
    Applier a = applier(c, PlannerConfig.DEFAULTS.withWriteBudget(1), ApplyMode.WRITE);
    assertThat(statuses(apply(c, a, scale(WEB, 11, 2)))).containsExactly(Status.REFUSED);
    c.writer.failNext(
        InMemoryWorkloadWriter.Kind.SCALE, WEB, new WriteFailure("500", "boom", true));
    assertThat(statuses(apply(c, a, scale(WEB, 5, 2)))).containsExactly(Status.FAILED);
    List<ActionOutcome> after = apply(c, a, scale(WEB, 5, 2));
    assertThat(after.get(0).cause()).contains(Cause.WRITE_BUDGET);
  }

  // ---- the stale-plan guard

  @Test
  void aWriteWhoseFromIsNoLongerLiveIsSkippedAndWritesNothing() {
    InMemoryCluster c =
        InMemoryCluster.seed(
            clock, workload("web").replicas(2).build(), workload("api").replicas(1).build());
    ClusterSnapshot planned = observed(c);
    // kubectl scale between the observe and the write.
    c.workloads.put(WEB, workload("web").replicas(5).build());

    List<ActionOutcome> out =
        applier(c)
            .apply(
                new Plan(List.of(bookkeeping(WEB), scale(WEB, 20, 2), scale(API, 3, 1)), List.of()),
                planned,
                ReconcileContext.of("t"),
                LiveValues.of(c.ports()));

    assertThat(statuses(out)).containsExactly(Status.SKIPPED, Status.SKIPPED, Status.APPLIED);
    assertThat(out.get(0).cause())
        .as("the bookkeeping before the write is derived from the same stale value")
        .contains(Cause.STALE_PLAN);
    assertThat(out.get(0).message()).contains("planned from 2 but is 5");
    assertThat(out.get(1).cause()).contains(Cause.STALE_PLAN);
    assertThat(c.workload("web").specReplicas()).as("the user's value stands").isEqualTo(5);
    assertThat(c.workload("web").state().bookkeeping()).isEqualTo(Bookkeeping.EMPTY);
    assertThat(c.workload("api").specReplicas()).isEqualTo(3);
    assertThat(c.events)
        .as("a stale plan is re-planned, not reported")
        .noneMatch(e -> e.workload().equals(WEB));
    assertThat(c.reader.reads()).as("the live workloads are read once per apply").isEqualTo(1);
  }

  @Test
  void theGuardComparesPoolsAndHpasWithTheirLiveWrittenValue() {
    InMemoryCluster c =
        InMemoryCluster.seed(clock, workload("web").replicas(2).hpa(2, 20, 2).build());
    ClusterSnapshot planned = observed(c);
    c.pools.put(Fixtures.POOL, Fixtures.manualPool(3));
    c.workloads.put(WEB, workload("web").replicas(4).hpa(4, 20, 4).build());

    List<ActionOutcome> out =
        applier(c)
            .apply(
                new Plan(
                    List.of(hpaMin(WEB, 10, 2), grow(Fixtures.POOL, PoolMode.MANUAL, 4, 1)),
                    List.of()),
                planned,
                ReconcileContext.of("t"),
                LiveValues.of(c.ports()));

    assertThat(out)
        .allSatisfy(o -> assertThat(o.cause()).contains(Cause.STALE_PLAN))
        .extracting(ActionOutcome::status)
        .containsOnly(Status.SKIPPED);
    assertThat(c.writes("pool")).isEmpty();
    assertThat(c.poolStates).as("no baseline recorded for a skipped write").isEmpty();
    assertThat(c.workload("web").hpa().orElseThrow().minReplicas()).isEqualTo(4);
    assertThat(c.scaler.describes()).isEqualTo(1);
  }

  @Test
  void aStaleWriteSpendsNoBudget() {
    InMemoryCluster c = InMemoryCluster.seed(clock, workload("web").replicas(2).build());
    Applier a = applier(c, PlannerConfig.DEFAULTS.withWriteBudget(1), ApplyMode.WRITE);
    ClusterSnapshot planned = observed(c);
    c.workloads.put(WEB, workload("web").replicas(5).build());
    a.apply(
        new Plan(List.of(scale(WEB, 20, 2)), List.of()),
        planned,
        ReconcileContext.of("t"),
        LiveValues.of(c.ports()));
    assertThat(statuses(apply(c, a, scale(WEB, 20, 5)))).containsExactly(Status.APPLIED);
  }

  @Test
  void aPlanThatWritesTheSameValueTwiceIsCheckedAgainstItsOwnWrite() {
    InMemoryCluster c = InMemoryCluster.seed(clock, workload("web").replicas(2).build());
    List<ActionOutcome> out = apply(c, applier(c), scale(WEB, 6, 2), scale(WEB, 4, 6));
    assertThat(statuses(out)).containsExactly(Status.APPLIED, Status.APPLIED);
    assertThat(c.workload("web").specReplicas()).isEqualTo(4);
    assertThat(c.reader.reads()).isEqualTo(1);
  }

  @Test
  void anUnreadableLiveValueLetsTheWriteGoAheadOnTheObservedOne() {
    InMemoryCluster c = InMemoryCluster.seed(clock, workload("web").replicas(2).build());
    ClusterSnapshot planned = observed(c);
    c.reader.failWith(new IllegalStateException("API server unreachable"));
    List<ActionOutcome> out =
        applier(c)
            .apply(
                new Plan(List.of(scale(WEB, 5, 2)), List.of()),
                planned,
                ReconcileContext.of("t"),
                LiveValues.of(c.ports()));
    assertThat(statuses(out)).containsExactly(Status.APPLIED);
    assertThat(c.workload("web").specReplicas()).isEqualTo(5);
  }

  @Test
  void causesCoverEveryRefusalBranch() {
    // The table above names every cause a refusal can carry; a new one needs a row.
    List<Cause> refusalCauses = refusals().map(a -> ((Row) a.get()[0]).cause()).distinct().toList();
    List<Cause> others = List.of(Cause.DRY_RUN, Cause.EARLIER_ACTION_FAILED, Cause.STALE_PLAN);
    assertThat(Arrays.stream(Cause.values()).filter(x -> !others.contains(x)))
        .containsExactlyInAnyOrderElementsOf(
            Stream.concat(refusalCauses.stream(), Stream.of(Cause.WRITE_BUDGET)).toList());
  }
}
