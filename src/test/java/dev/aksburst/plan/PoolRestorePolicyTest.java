package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static dev.aksburst.plan.PlanningSupport.actions;
import static dev.aksburst.plan.PlanningSupport.only;
import static dev.aksburst.plan.PlanningSupport.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.Backfill;
import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.DisruptionBudgetView;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.PodView;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A pool grown 1 -> 3 at T0 for a burst that is over: 2 pods left on vm-0. */
class PoolRestorePolicyTest {
  private static final Duration HOLD = PlannerConfig.DEFAULTS.poolHold();
  private static final PoolState GROWN = Fixtures.poolBaseline(1).withLastScaleOut(T0);

  private static Fixtures.WorkloadBuilder web() {
    return workload("web").replicas(2).pods(pods("web", 2, "vm-0"));
  }

  private static ClusterSnapshot world(WorkloadView w, NodePoolView pool, PoolState st) {
    return Fixtures.snapshot()
        .nodes(
            Fixtures.vmNode("vm-0"),
            Fixtures.vmNode("vm-1"),
            Fixtures.vmNode("vm-2"),
            Fixtures.virtualNode())
        .pools(pool)
        .poolState(Fixtures.POOL, st)
        .workloads(w)
        .build();
  }

  /** A pool grown 1 -> 2 at T0 (vm-0, vm-1) holding {@code w}. */
  private static ClusterSnapshot poolOfTwo(WorkloadView w) {
    return Fixtures.snapshot()
        .nodes(Fixtures.vmNode("vm-0"), Fixtures.vmNode("vm-1"), Fixtures.virtualNode())
        .pools(Fixtures.manualPool(2))
        .poolState(Fixtures.POOL, GROWN)
        .workloads(w)
        .build();
  }

  private static ClusterSnapshot world(WorkloadView w) {
    return world(w, Fixtures.manualPool(3), GROWN);
  }

  @Test
  void restoresTheBaselineWhenTheHoldHasPassed() {
    assertThat(plan(world(web().build()), T0.plus(HOLD).minusSeconds(1)).actions()).isEmpty();
    Action.ScaleNodePool in =
        only(plan(world(web().build()), T0.plus(HOLD)), Action.ScaleNodePool.class);
    assertThat(in.size()).isEqualTo(1);
    assertThat(in.from()).isEqualTo(3);
    assertThat(in.restoresBaseline()).isTrue();
    assertThat(in.recordBaseline()).isEmpty();
    assertThat(in.eventReason()).contains(EventReason.NODE_POOL_SCALE_IN);
    assertThat(in.policy()).isEqualTo("PoolRestorePolicy");
  }

  @Test
  void theHoldCountsFromTheLastExpiredIntent() {
    Instant expired = T0.plus(Duration.ofMinutes(30));
    WorkloadView w =
        web().intents(Fixtures.until(Fixtures.alert(ref("web"), 20, T0), expired)).build();
    assertThat(plan(world(w), expired.plus(HOLD).minusSeconds(1)).actions()).isEmpty();
    assertThat(actions(plan(world(w), expired.plus(HOLD)), Action.ScaleNodePool.class)).hasSize(1);
  }

  @Test
  void autoscalerPoolRestoresItsMinCount() {
    Action.ScaleNodePool in =
        only(
            plan(world(web().build(), Fixtures.autoscalerPool(3, 3, 10), GROWN), T0.plus(HOLD)),
            Action.ScaleNodePool.class);
    assertThat(in.mode()).isEqualTo(PoolMode.AUTOSCALER);
    assertThat(in.size()).isEqualTo(1);
  }

  @Test
  void holdsWhileAWorkloadStillNeedsTheNodes() {
    Instant later = T0.plus(Duration.ofHours(1));
    Bookkeeping bursting =
        Bookkeeping.EMPTY.withBaselineReplicas(OptionalInt.of(2)).withLastScaleUp(T0);
    assertThat(
            actions(
                plan(world(web().bookkeeping(bursting).build()), later),
                Action.ScaleNodePool.class))
        .isEmpty();
    assertThat(
            plan(world(web().addPods(pods("aci", 1, Fixtures.VIRTUAL_NODE)).build()), later)
                .actions())
        .noneMatch(a -> a instanceof Action.ScaleNodePool);
    Bookkeeping surging = Bookkeeping.EMPTY.withBackfill(Optional.of(new Backfill(1, 2, 2, later)));
    assertThat(plan(world(web().replicas(3).bookkeeping(surging).build()), later).actions())
        .noneMatch(a -> a instanceof Action.ScaleNodePool);
    WorkloadView prewarm =
        web()
            .intents(
                Fixtures.window(
                    ref("web"),
                    2,
                    later.plusSeconds(60),
                    later.plusSeconds(3600),
                    Duration.ofMinutes(5)))
            .build();
    assertThat(plan(world(prewarm), later).actions())
        .noneMatch(a -> a instanceof Action.ScaleNodePool);
  }

  @Test
  void holdsWhileThePoolIsBusyThrottledOrRolling() {
    Instant later = T0.plus(Duration.ofHours(1));
    assertThat(
            plan(
                    world(
                        web().build(),
                        Fixtures.withState(Fixtures.manualPool(3), "Updating"),
                        GROWN),
                    later)
                .actions())
        .isEmpty();
    PoolState throttled = GROWN.withError(Optional.of("429"), Optional.of(later.plusSeconds(1)));
    assertThat(plan(world(web().build(), Fixtures.manualPool(3), throttled), later).actions())
        .isEmpty();
    PoolState rolling = GROWN.withRollingSince(Optional.of(later.minusSeconds(60)));
    assertThat(plan(world(web().build(), Fixtures.manualPool(3), rolling), later).actions())
        .isEmpty();
  }

  @Test
  void holdsWhenWhatRunsThereNeedsEveryNode() {
    // 4 pods of web on a pool of 2: one node holds 3, so both nodes are needed.
    WorkloadView w =
        web().replicas(4).pods(pods("web", 3, "vm-0")).addPods(pods("more", 1, "vm-1")).build();
    ClusterSnapshot s = poolOfTwo(w);
    Plan p = plan(s, T0.plus(HOLD));
    assertThat(p.actions()).isEmpty();
    assertThat(p.notes())
        .anyMatch(
            n ->
                n.cause() == Note.Cause.POOL_STILL_NEEDED
                    && n.reason().equals(EventReason.NODE_POOL_SCALE_IN)
                    && n.message().contains("4 pods"));
  }

  // ---- A burst that settled below what the pool was grown for

  private static final Instant LOWERED = T0.plus(Duration.ofMinutes(20));

  /** web was raised 1 -> 20 at T0 and lowered to an alert floor of 2 at LOWERED; still bursting. */
  private static Fixtures.WorkloadBuilder settled() {
    return web()
        .intents(Fixtures.alert(ref("web"), 2, T0))
        .bookkeeping(
            Bookkeeping.EMPTY
                .withBaselineReplicas(OptionalInt.of(1))
                .withLastScaleUp(T0)
                .withLastScaleDown(LOWERED));
  }

  @Test
  void aSettledBurstBringsThePoolDownAHoldAfterItsLoweringWhileItsFloorStays() {
    assertThat(
            actions(
                plan(world(settled().build()), LOWERED.plus(HOLD).minusSeconds(1)),
                Action.ScaleNodePool.class))
        .as("the hold counts from the lowering, not from the scale-out")
        .isEmpty();
    Plan p = plan(world(settled().build()), LOWERED.plus(HOLD));
    Action.ScaleNodePool in = only(p, Action.ScaleNodePool.class);
    assertThat(in.size()).isEqualTo(1);
    assertThat(in.from()).isEqualTo(3);
    assertThat(in.restoresBaseline()).isTrue();
    assertThat(in.eventReason()).contains(EventReason.NODE_POOL_SCALE_IN);
    assertThat(in.reason()).contains("settled", "[default/web]", LOWERED.toString());
    assertThat(actions(p, Action.ScaleDeployment.class)).as("the floor of 2 stays").isEmpty();
  }

  static Stream<Arguments> unsettledBursts() {
    Bookkeeping raisedOnly =
        Bookkeeping.EMPTY.withBaselineReplicas(OptionalInt.of(1)).withLastScaleUp(T0);
    Bookkeeping loweredBeforeTheScaleOut =
        raisedOnly.withLastScaleDown(T0.minus(Duration.ofMinutes(1)));
    Bookkeeping backfilling =
        raisedOnly
            .withLastScaleDown(LOWERED)
            .withBackfill(Optional.of(new Backfill(1, 2, 2, LOWERED)));
    return Stream.of(
        Arguments.of(
            "never lowered since the pool grew",
            web().replicas(2).intents(Fixtures.alert(ref("web"), 2, T0)).bookkeeping(raisedOnly)),
        Arguments.of(
            "lowered before the pool grew", settled().bookkeeping(loweredBeforeTheScaleOut)),
        Arguments.of(
            "a pod still on ACI", settled().addPods(pods("aci", 1, Fixtures.VIRTUAL_NODE))),
        Arguments.of(
            "its floor asks for more", settled().intents(Fixtures.alert(ref("web"), 9, T0))),
        Arguments.of("a backfill runs", settled().replicas(3).bookkeeping(backfilling)));
  }

  @ParameterizedTest(name = "{0}: the pool keeps its nodes")
  @MethodSource("unsettledBursts")
  void aBurstThatStillNeedsThePoolKeepsItQuietly(String what, Fixtures.WorkloadBuilder w) {
    Plan p = plan(world(w.build()), LOWERED.plus(HOLD).plus(HOLD));
    assertThat(actions(p, Action.ScaleNodePool.class)).as(what).isEmpty();
    assertThat(p.notes()).as(what).noneMatch(n -> n.cause() == Note.Cause.POOL_STILL_NEEDED);
  }

  @Test
  void aSettledBurstThatNeedsEveryNodeIsNotReportedEveryReconcile() {
    // 4 pods of web on a pool of 2 (a node holds 3): both nodes are needed while the floor is 4.
    WorkloadView w =
        settled()
            .replicas(4)
            .intents(Fixtures.alert(ref("web"), 4, T0))
            .pods(pods("web", 3, "vm-0"))
            .addPods(pods("more", 1, "vm-1"))
            .build();
    ClusterSnapshot s = poolOfTwo(w);
    Plan p = plan(s, LOWERED.plus(HOLD));
    assertThat(p.actions()).noneMatch(a -> a instanceof Action.ScaleNodePool);
    assertThat(p.notes()).noneMatch(n -> n.cause() == Note.Cause.POOL_STILL_NEEDED);
  }

  // ---- A drain that would take every Ready pod of a workload

  @Test
  void aRestoreThatWouldDrainEveryReadyPodOfAWorkloadDeletesTheEmptyNodesByName() {
    // the ReplicaSet kept web's 2 pods on vm-2, the newest node, which a count write removes;
    // vm-0 and vm-1 are empty, so they are deleted by name and vm-2 stays
    WorkloadView w = web().pods(pods("web", 2, "vm-2")).build();
    Plan p = plan(world(w), T0.plus(HOLD));
    Action.ScaleNodePool in = only(p, Action.ScaleNodePool.class);
    assertThat(in.deletesMachines()).isTrue();
    assertThat(in.machines()).containsExactly("vm-1", "vm-0");
    assertThat(in.size()).as("the pool reaches its baseline").isEqualTo(1);
    assertThat(in.from()).isEqualTo(3);
    assertThat(in.restoresBaseline()).isTrue();
    assertThat(in.eventReason()).contains(EventReason.NODE_POOL_SCALE_IN);
    assertThat(in.reason()).contains("[vm-1, vm-0]", "deleteMachines", "restore pool");
    assertThat(p.notes()).noneMatch(n -> n.cause() == Note.Cause.DRAIN_BELOW_FLOOR);
  }

  @Test
  void onlyAsManyEmptyNodesAsBringThePoolToItsTargetAreDeletedNewestFirst() {
    // baseline 2 of 3: one node goes; vm-0 and vm-1 are empty, vm-1 is the later instance
    WorkloadView w = web().pods(pods("web", 2, "vm-2")).build();
    Plan p =
        plan(
            world(w, Fixtures.manualPool(3), Fixtures.poolBaseline(2).withLastScaleOut(T0)),
            T0.plus(HOLD));
    Action.ScaleNodePool in = only(p, Action.ScaleNodePool.class);
    assertThat(in.machines()).containsExactly("vm-1");
    assertThat(in.size()).isEqualTo(2);
  }

  @Test
  void aRestoreThatWouldDrainEveryReadyPodWaitsWhenTooFewNodesAreEmpty() {
    // web's pods are on vm-1 and vm-2, the two nodes a count write removes; only vm-0 is empty
    WorkloadView w =
        web().pods(List.of(Fixtures.pod("web-0", "vm-1"), Fixtures.pod("web-1", "vm-2"))).build();
    Plan p = plan(world(w), T0.plus(HOLD));
    assertThat(actions(p, Action.ScaleNodePool.class)).isEmpty();
    assertThat(p.notes())
        .filteredOn(n -> n.cause() == Note.Cause.DRAIN_BELOW_FLOOR)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.warning()).isTrue();
              assertThat(n.reason()).isEqualTo(EventReason.NODE_POOL_SCALE_IN);
              assertThat(n.message())
                  .contains("[vm-1, vm-2]", "[web-0, web-1]", "default/web", "PodDisruptionBudget");
            });
  }

  @Test
  void aPoolWhoseDeleteMachinesWasRefusedWaitsWithTheWarning() {
    WorkloadView w = web().pods(pods("web", 2, "vm-2")).build();
    PoolState refused =
        GROWN.withError(
            Optional.of(PoolState.DELETE_MACHINES_REFUSED + ": AKS refused (HTTP 400)"),
            Optional.empty());
    Plan p = plan(world(w, Fixtures.manualPool(3), refused), T0.plus(HOLD));
    assertThat(actions(p, Action.ScaleNodePool.class)).isEmpty();
    assertThat(p.notes())
        .filteredOn(n -> n.cause() == Note.Cause.DRAIN_BELOW_FLOOR)
        .singleElement()
        .satisfies(
            n ->
                assertThat(n.message())
                    .contains("[vm-2]", "Deleting the empty nodes by name was refused"));
  }

  @Test
  void anAutoscalerPoolIsNeverAskedToDeleteMachines() {
    WorkloadView w = web().pods(pods("web", 2, "vm-2")).build();
    Action.ScaleNodePool in =
        only(
            plan(world(w, Fixtures.autoscalerPool(3, 3, 10), GROWN), T0.plus(HOLD)),
            Action.ScaleNodePool.class);
    assertThat(in.deletesMachines()).isFalse();
    assertThat(in.mode()).isEqualTo(PoolMode.AUTOSCALER);
  }

  @Test
  void aScaleNodePoolThatDeletesMachinesMustLowerThePoolByAsMany() {
    assertThatThrownBy(
            () ->
                new Action.ScaleNodePool(
                    "pool",
                    PoolMode.MANUAL,
                    1,
                    3,
                    OptionalInt.empty(),
                    true,
                    List.of(),
                    Optional.empty(),
                    "p",
                    "r",
                    List.of("vm-1")))
        .hasMessageContaining("does not lower it from 3 to 1");
    assertThatThrownBy(
            () ->
                new Action.ScaleNodePool(
                    "pool",
                    PoolMode.AUTOSCALER,
                    2,
                    3,
                    OptionalInt.empty(),
                    true,
                    List.of(),
                    Optional.empty(),
                    "p",
                    "r",
                    List.of("vm-1")))
        .hasMessageContaining("needs a MANUAL agent pool");
  }

  static Stream<Arguments> safeDrains() {
    return Stream.of(
        Arguments.of(
            "one pod stays Ready on the baseline node",
            web().pods(List.of(Fixtures.pod("web-0", "vm-0"), Fixtures.pod("web-1", "vm-2"))),
            new DisruptionBudgetView[0]),
        Arguments.of(
            "a budget that allows a disruption makes the drain gradual",
            web().pods(pods("web", 2, "vm-2")),
            new DisruptionBudgetView[] {Fixtures.budget("web-pdb", Map.of("app", "web"), 1)}));
  }

  @ParameterizedTest(name = "{0}: the pool is restored")
  @MethodSource("safeDrains")
  void aDrainThatLeavesAReadyPodOrIsGradualGoesAhead(
      String what, Fixtures.WorkloadBuilder w, DisruptionBudgetView[] budgets) {
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(
                Fixtures.vmNode("vm-0"),
                Fixtures.vmNode("vm-1"),
                Fixtures.vmNode("vm-2"),
                Fixtures.virtualNode())
            .pools(Fixtures.manualPool(3))
            .poolState(Fixtures.POOL, GROWN)
            .workloads(w.build())
            .disruptionBudgets(budgets)
            .build();
    assertThat(only(plan(s, T0.plus(HOLD)), Action.ScaleNodePool.class).size())
        .as(what)
        .isEqualTo(1);
  }

  static Stream<Arguments> partialRestores() {
    // pods on the pool (one node holds 3), pool size, baseline 1 -> restored size
    return Stream.of(
        Arguments.of(2, 3, 1), Arguments.of(4, 3, 2), Arguments.of(6, 3, 2), Arguments.of(4, 7, 2));
  }

  @ParameterizedTest(name = "{0} pods on a pool of {1}, baseline 1: restore to {2}")
  @MethodSource("partialRestores")
  void restoresTheSmallestSizeThatHoldsWhatRunsNow(int podCount, int size, int restored) {
    List<NodeView> nodes = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      nodes.add(Fixtures.vmNode("vm-" + i));
    }
    nodes.add(Fixtures.virtualNode());
    List<PodView> placed = new ArrayList<>();
    for (int i = 0; i < podCount; i++) {
      placed.add(Fixtures.pod("web-" + i, "vm-" + (i / 3)));
    }
    WorkloadView w = web().replicas(podCount).pods(placed).build();
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(nodes)
            .pools(Fixtures.manualPool(size))
            .poolState(Fixtures.POOL, GROWN)
            .workloads(w)
            .build();
    Action.ScaleNodePool restore = only(plan(s, T0.plus(HOLD)), Action.ScaleNodePool.class);
    assertThat(restore.size()).isEqualTo(restored);
    assertThat(restore.restoresBaseline()).as("the new size is the pool's normal").isTrue();
  }

  // ---- PodDisruptionBudgets: AKS drains the nodes a manual pool loses

  /** vm-0 is the baseline node; vm-1 and vm-2 came with the burst. web-1 is left on vm-2. */
  private static ClusterSnapshot drainWorld(
      NodePoolView pool, String lastNode, DisruptionBudgetView... budgets) {
    Map<String, String> labels = Map.of("app", "web", "tier", "front", "pod-template-hash", "5d8");
    WorkloadView w =
        workload("web")
            .replicas(2)
            .pods(
                List.of(
                    Fixtures.withLabels(Fixtures.pod("web-0", "vm-0"), labels),
                    Fixtures.withLabels(Fixtures.pod("web-1", lastNode), labels)))
            .build();
    return Fixtures.snapshot()
        .nodes(
            Fixtures.vmNode("vm-0", Fixtures.POOL, T0.minus(Duration.ofHours(1))),
            Fixtures.vmNode("vm-1", Fixtures.POOL, T0),
            Fixtures.vmNode("vm-2", Fixtures.POOL, T0),
            Fixtures.virtualNode())
        .pools(pool)
        .poolState(Fixtures.POOL, GROWN)
        .workloads(w)
        .disruptionBudgets(budgets)
        .build();
  }

  static Stream<Arguments> budgets() {
    Map<String, String> web = Map.of("app", "web");
    return Stream.of(
        Arguments.of("covers web, 0 allowed", Fixtures.budget("web-pdb", web, 0), true),
        Arguments.of("covers web, 1 allowed", Fixtures.budget("web-pdb", web, 1), false),
        Arguments.of(
            "selects another app, 0 allowed",
            Fixtures.budget("api-pdb", Map.of("app", "api"), 0),
            false),
        Arguments.of(
            "same labels in another namespace, 0 allowed",
            new DisruptionBudgetView("other", "web-pdb", web, true, 0),
            false),
        Arguments.of(
            "a template label outside the Deployment's selector, 0 allowed",
            Fixtures.budget("front-pdb", Map.of("tier", "front"), 0),
            true),
        Arguments.of(
            "one label of the selector right, one wrong, 0 allowed",
            Fixtures.budget("web-pdb", Map.of("app", "web", "tier", "back"), 0),
            false),
        Arguments.of(
            "empty selector: every pod of the namespace, 0 allowed",
            Fixtures.budget("all-pdb", Map.of(), 0),
            true),
        Arguments.of(
            "matchExpressions not evaluated, its matchLabels match, 0 allowed",
            new DisruptionBudgetView(Fixtures.NS, "expr-pdb", web, false, 0),
            true));
  }

  @ParameterizedTest(name = "{0}: held {2}")
  @MethodSource("budgets")
  void aManualPoolStaysWhileABudgetWouldStallTheDrain(
      String what, DisruptionBudgetView budget, boolean held) {
    Plan p = plan(drainWorld(Fixtures.manualPool(3), "vm-2", budget), T0.plus(HOLD));
    assertThat(actions(p, Action.ScaleNodePool.class)).as(what).hasSize(held ? 0 : 1);
    assertThat(p.notes().stream().filter(Note::warning))
        .as(what)
        .hasSize(held ? 1 : 0)
        .allSatisfy(
            n ->
                assertThat(n.message())
                    .contains(
                        "PDB " + budget.qualifiedName() + " allows 0 disruptions and covers"));
  }

  @Test
  void theWarningNamesTheBudgetThePodsTheNodesAndWhatToDo() {
    Plan p =
        plan(
            drainWorld(
                Fixtures.manualPool(3),
                "vm-2",
                Fixtures.budget("web-pdb", Map.of("app", "web"), 0),
                new DisruptionBudgetView(Fixtures.NS, "expr-pdb", Map.of(), false, 0)),
            T0.plus(HOLD));
    assertThat(p.actions()).isEmpty();
    Note n = p.notes().stream().filter(Note::warning).findFirst().orElseThrow();
    assertThat(n.workload()).contains(ref("web"));
    assertThat(n.cause()).isEqualTo(Note.Cause.DRAIN_WOULD_STALL);
    assertThat(n.reason()).isEqualTo(EventReason.NODE_POOL_SCALE_IN);
    assertThat(n.policy()).isEqualTo("PoolRestorePolicy");
    assertThat(n.message())
        .isEqualTo(
            "keeping node pool nodepool1 at 3 instead of its baseline 1:"
                + " PDB default/expr-pdb allows 0 disruptions and covers [web-1] on surplus nodes"
                + " [vm-2] (its selector's matchExpressions are not evaluated: it may cover fewer"
                + " pods);"
                + " PDB default/web-pdb allows 0 disruptions and covers [web-1] on surplus nodes"
                + " [vm-2];"
                + " AKS's drain of surplus nodes would stall; the pool stays at 3 until it allows"
                + " one (more Ready pods than minAvailable, or a larger maxUnavailable). Only pods"
                + " of opted-in Deployments were checked: pods of other workloads on those nodes"
                + " are not in the snapshot.");
  }

  @Test
  void onlyPodsOnTheSurplusNodesCount() {
    DisruptionBudgetView none = Fixtures.budget("web-pdb", Map.of("app", "web"), 0);
    // both pods on vm-0, the oldest node, which the pool keeps
    assertThat(
            actions(
                plan(drainWorld(Fixtures.manualPool(3), "vm-0", none), T0.plus(HOLD)),
                Action.ScaleNodePool.class))
        .hasSize(1);
    assertThat(
            actions(
                plan(drainWorld(Fixtures.manualPool(3), "vm-1", none), T0.plus(HOLD)),
                Action.ScaleNodePool.class))
        .isEmpty();
  }

  @Test
  void onlyAManualPoolIsDrainedByItsScaleIn() {
    DisruptionBudgetView none = Fixtures.budget("web-pdb", Map.of("app", "web"), 0);
    // an autoscaler pool's minCount drops; the cluster autoscaler later honours the budget itself
    Action.ScaleNodePool in =
        only(
            plan(drainWorld(Fixtures.autoscalerPool(3, 3, 10), "vm-2", none), T0.plus(HOLD)),
            Action.ScaleNodePool.class);
    assertThat(in.mode()).isEqualTo(PoolMode.AUTOSCALER);
    assertThat(in.size()).isEqualTo(1);
  }
}
