package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.workload;
import static dev.aksburst.plan.PlanningSupport.actions;
import static dev.aksburst.plan.PlanningSupport.kinds;
import static dev.aksburst.plan.PlanningSupport.only;
import static dev.aksburst.plan.PlanningSupport.plan;
import static dev.aksburst.plan.PlanningSupport.replan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.Backfill;
import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.PodView;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A workload of 8: 3 on the full vm-0, 5 on the virtual node; vm-1 is Ready and empty (room for 3)
 * and a third node of the pool is still provisioning, so the pool is already sized for the burst.
 */
class BackfillPolicyTest {
  private static final Instant NOW = T0.plus(Duration.ofMinutes(30));
  private static final Bookkeeping BURSTING =
      Bookkeeping.EMPTY.withBaselineReplicas(OptionalInt.of(2)).withLastScaleUp(T0);

  private static Fixtures.WorkloadBuilder web() {
    return workload("web")
        .replicas(8)
        .pods(pods("vm", 3, "vm-0"))
        .addPods(pods("aci", 5, Fixtures.VIRTUAL_NODE))
        .bookkeeping(BURSTING)
        .intents(Fixtures.alert(Fixtures.ref("web"), 8, T0));
  }

  private static ClusterSnapshot world(WorkloadView w) {
    return world(w, PoolState.EMPTY.withBaseline(OptionalInt.of(1)));
  }

  private static ClusterSnapshot world(WorkloadView w, PoolState st) {
    return Fixtures.snapshot()
        .nodes(Fixtures.vmNode("vm-0"), Fixtures.vmNode("vm-1"), Fixtures.virtualNode())
        .pools(Fixtures.manualPool(3))
        .poolState(Fixtures.POOL, st)
        .workloads(w)
        .build();
  }

  @Test
  void startSurgesByWhatFitsOnReadyVms() {
    Plan p = plan(world(web().build()), NOW);

    assertThat(kinds(p)).containsExactly("SaveBookkeeping", "ScaleDeployment");
    Backfill b = only(p, Action.SaveBookkeeping.class).bookkeeping().backfill().orElseThrow();
    assertThat(b).isEqualTo(new Backfill(3, 8, 3, NOW));
    Action.ScaleDeployment surge = only(p, Action.ScaleDeployment.class);
    assertThat(surge.replicas()).isEqualTo(11);
    assertThat(surge.eventReason()).contains(EventReason.BACKFILL_SURGE);
    assertThat(surge.policy()).isEqualTo("BackfillPolicy");
  }

  @Test
  void surgeIsLimitedByMaxReplicas() {
    assertThat(
            only(plan(world(web().maxReplicas(9).build()), NOW), Action.ScaleDeployment.class)
                .replicas())
        .isEqualTo(9);
    assertThat(plan(world(web().maxReplicas(8).build()), NOW).actions()).isEmpty();
  }

  @Test
  void surgeIsLimitedByThePodsOnVirtualNodes() {
    WorkloadView w =
        web()
            .replicas(4)
            .pods(pods("vm", 3, "vm-0"))
            .addPods(pods("aci", 1, Fixtures.VIRTUAL_NODE))
            .intents(Fixtures.alert(Fixtures.ref("web"), 4, T0))
            .build();
    assertThat(only(plan(world(w), NOW), Action.ScaleDeployment.class).replicas()).isEqualTo(5);
  }

  /**
   * The decision that keeps pods on ACI within a binding quota (the split): the backfill moves only
   * the others. Here the decision keeps 3 of the 5, so 2 of vm-1's room of 3 are used.
   */
  @Test
  void surgeLeavesThePodsTheDecisionKeepsOnAci() {
    ClusterSnapshot s = world(web().build());
    PlanInputs in =
        new PlanInputs(s, PlanningSupport.storedIntents(s), PlannerConfig.DEFAULTS, NOW);
    WorkloadView w = s.workloads().get(0);
    Desire d = new DesiredReplicasPolicy(new ShedPolicy()).assess(w, in);
    CapacityDecision keep3 =
        new CapacityDecision(
            w.ref(),
            CapacityDecision.Route.VM,
            CapacityDecision.Cause.ACI_CORE_QUOTA,
            5,
            0,
            java.util.OptionalDouble.empty(),
            java.util.OptionalDouble.empty(),
            java.util.OptionalDouble.empty(),
            java.util.OptionalDouble.empty(),
            Duration.ofMinutes(30),
            "prior",
            "kept 3 pods on ACI (its core quota)",
            3);

    Proposal kept = new BackfillPolicy().plan(d, Optional.of(keep3), in);
    Proposal free = new BackfillPolicy().plan(d, Optional.empty(), in);

    assertThat(kept.actions())
        .filteredOn(Action.ScaleDeployment.class::isInstance)
        .singleElement()
        .satisfies(a -> assertThat(((Action.ScaleDeployment) a).replicas()).isEqualTo(10));
    assertThat(free.actions())
        .filteredOn(Action.ScaleDeployment.class::isInstance)
        .singleElement()
        .satisfies(a -> assertThat(((Action.ScaleDeployment) a).replicas()).isEqualTo(11));
  }

  @Test
  void noSurgeDuringARollout() {
    assertThat(plan(world(web().rolloutInProgress(true).build()), NOW).actions()).isEmpty();
  }

  @Test
  void noSurgeWhileThePoolRolls() {
    PoolState rolling =
        PoolState.EMPTY.withBaseline(OptionalInt.of(1)).withRollingSince(Optional.of(NOW));
    assertThat(plan(world(web().build(), rolling), NOW).actions()).isEmpty();
  }

  @Test
  void noSurgeWhilePodsAreUnscheduled() {
    assertThat(plan(world(web().addPods(List.of(Fixtures.pending("p"))).build()), NOW).actions())
        .extracting(Action::kind)
        .doesNotContain("ScaleDeployment");
  }

  @Test
  void backoffHoldsUntilItsInstant() {
    Bookkeeping backoff = BURSTING.withBackfillBackoffUntil(Optional.of(NOW.plusSeconds(1)));
    assertThat(plan(world(web().bookkeeping(backoff).build()), NOW).actions()).isEmpty();
    assertThat(plan(world(web().bookkeeping(backoff).build()), NOW.plusSeconds(1)).actions())
        .isNotEmpty();
  }

  private static Fixtures.WorkloadBuilder surging(List<PodView> surgePods) {
    Bookkeeping inFlight = BURSTING.withBackfill(Optional.of(new Backfill(3, 8, 3, NOW)));
    return web().replicas(11).addPods(surgePods).bookkeeping(inFlight);
  }

  @Test
  void waitsWhileTheSurgeIsNotReadyUntilTheTimeout() {
    List<PodView> notReady = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      notReady.add(Fixtures.notReadyPod("new-" + i, "vm-1"));
    }
    Duration timeout = PlannerConfig.DEFAULTS.backfillTimeout();
    assertThat(plan(world(surging(notReady).build()), NOW.plus(timeout).minusSeconds(1)).actions())
        .isEmpty();
    Plan timedOut = plan(world(surging(notReady).build()), NOW.plus(timeout));
    assertThat(only(timedOut, Action.ScaleDeployment.class).replicas()).isEqualTo(8);
  }

  @Test
  void completionMarksVirtualPodsAndScalesBack() {
    Plan p = plan(world(surging(pods("new", 3, "vm-1")).build()), NOW.plusSeconds(90));

    assertThat(kinds(p)).containsExactly("MarkDeletionCost", "ScaleDeployment", "SaveBookkeeping");
    Action.MarkDeletionCost mark = only(p, Action.MarkDeletionCost.class);
    assertThat(mark.pods()).containsExactly("aci-0", "aci-1", "aci-2", "aci-3", "aci-4");
    assertThat(mark.cost()).isEqualTo(PlannerConfig.DEFAULTS.virtualDeletionCost());
    Action.ScaleDeployment back = only(p, Action.ScaleDeployment.class);
    assertThat(back.replicas()).isEqualTo(8);
    assertThat(back.eventReason()).contains(EventReason.BACKFILLED);
    assertThat(back.reason()).startsWith("moved 3 pods from virtual nodes to VMs");
    assertThat(only(p, Action.SaveBookkeeping.class).bookkeeping().backfill()).isEmpty();
  }

  @Test
  void completionGoesBelowTheCheapestVmPod() {
    List<PodView> vm = new ArrayList<>(pods("new", 3, "vm-1"));
    vm.set(0, Fixtures.withCost(vm.get(0), -2000));
    Plan p = plan(world(surging(vm).build()), NOW.plusSeconds(90));
    assertThat(only(p, Action.MarkDeletionCost.class).cost()).isEqualTo(-2001);
  }

  @Test
  void aSurgeThatLandedOnVirtualNodesBacksOff() {
    Instant now = NOW.plusSeconds(90);
    ClusterSnapshot s = world(surging(pods("new", 3, Fixtures.VIRTUAL_NODE)).build());
    Plan p = plan(s, now);

    assertThat(kinds(p)).containsExactly("MarkDeletionCost", "ScaleDeployment", "SaveBookkeeping");
    assertThat(only(p, Action.MarkDeletionCost.class).pods()).hasSize(8);
    assertThat(only(p, Action.ScaleDeployment.class).replicas()).isEqualTo(8);
    Bookkeeping after = only(p, Action.SaveBookkeeping.class).bookkeeping();
    assertThat(after.backfill()).isEmpty();
    assertThat(after.backfillBackoffUntil())
        .contains(now.plus(PlannerConfig.DEFAULTS.backfillBackoff()));
    assertThat(p.notes()).anyMatch(n -> n.reason().equals(EventReason.BURST_BLOCKED));
    assertThat(replan(s, now, PlannerConfig.DEFAULTS).actions()).isEmpty();
  }

  @Test
  void hpaWorkloadSurgesThroughItsMin() {
    WorkloadView w =
        web()
            .hpa(8, 30, 8)
            .bookkeeping(
                Bookkeeping.EMPTY.withHpaBaselineMin(OptionalInt.of(2)).withLastScaleUp(T0))
            .build();
    Plan p = plan(world(w), NOW);
    assertThat(actions(p, Action.ScaleDeployment.class)).isEmpty();
    assertThat(only(p, Action.SetHpaMinReplicas.class).minReplicas()).isEqualTo(11);
  }

  static Stream<Arguments> overwrittenSurges() {
    // written replicas while a surge 8 -> 11 is in flight, with a floor of 8
    return Stream.of(Arguments.of(8, true), Arguments.of(11, false));
  }

  @ParameterizedTest(name = "surge 8 -> 11 overwritten with {0}: forgotten {1}")
  @MethodSource("overwrittenSurges")
  void aSurgeSomeoneOverwroteIsForgottenWithoutABackoff(int written, boolean forgotten) {
    Bookkeeping inFlight = BURSTING.withBackfill(Optional.of(new Backfill(3, 8, 3, NOW)));
    WorkloadView w = web().replicas(written).bookkeeping(inFlight).build();
    Plan p = plan(world(w), NOW.plusSeconds(60));

    if (forgotten) {
      assertThat(kinds(p)).containsExactly("SaveBookkeeping");
      Bookkeeping saved = only(p, Action.SaveBookkeeping.class).bookkeeping();
      assertThat(saved.backfill()).isEmpty();
      assertThat(saved.backfillBackoffUntil()).isEmpty();
      assertThat(p.notes())
          .as("no 'landed on virtual nodes' and no backoff; only the capacity decision is said")
          .allSatisfy(n -> assertThat(n.reason()).isEqualTo(EventReason.CAPACITY_DECISION));
    } else {
      assertThat(p.actions()).as("the surge is still what is written: wait for it").isEmpty();
    }
  }

  @Test
  void noSurgeWhileAScaleDownIsNotCarriedOutYet() {
    // Backfilled 11 -> 8 an instant ago: the ReplicaSet has not deleted the 3 marked pods yet.
    WorkloadView w = web().addPods(pods("old", 3, "vm-1")).build();
    assertThat(plan(world(w), NOW).actions()).isEmpty();
    assertThat(only(plan(world(web().build()), NOW), Action.ScaleDeployment.class).replicas())
        .as("the same workload without the pods being deleted surges")
        .isEqualTo(11);
  }

  @Test
  void anHpaRunningAboveTheFloorIsSurgedFromWhatItRuns() {
    // Floor 8 is the HPA's minReplicas, but the HPA runs 10 for its load: 3 on vm-0, 7 on ACI.
    WorkloadView w =
        web()
            .replicas(10)
            .hpa(8, 30, 10)
            .pods(pods("vm", 3, "vm-0"))
            .addPods(pods("aci", 7, Fixtures.VIRTUAL_NODE))
            .bookkeeping(
                Bookkeeping.EMPTY.withHpaBaselineMin(OptionalInt.of(2)).withLastScaleUp(T0))
            .build();
    Plan p = plan(world(w), NOW);

    assertThat(only(p, Action.SetHpaMinReplicas.class).minReplicas())
        .as("10 running + 3 that fit on vm-1, not 8 + 3 (which creates no pod)")
        .isEqualTo(13);
    Backfill b = only(p, Action.SaveBookkeeping.class).bookkeeping().backfill().orElseThrow();
    assertThat(b).isEqualTo(new Backfill(5, 8, 3, NOW));
  }

  @Test
  void anHpaRunningAtItsMaxIsNotSurged() {
    WorkloadView w =
        web()
            .replicas(10)
            .hpa(8, 10, 10)
            .pods(pods("vm", 3, "vm-0"))
            .addPods(pods("aci", 7, Fixtures.VIRTUAL_NODE))
            .bookkeeping(
                Bookkeeping.EMPTY.withHpaBaselineMin(OptionalInt.of(2)).withLastScaleUp(T0))
            .build();
    assertThat(actions(plan(world(w), NOW), Action.SetHpaMinReplicas.class)).isEmpty();
  }

  @Test
  void maxReplicasLoweredBelowASurgeEndsItAtOnceWithoutABackoff() {
    List<PodView> notReady = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      notReady.add(Fixtures.notReadyPod("new-" + i, "vm-1"));
    }
    Plan p = plan(world(surging(notReady).maxReplicas(10).build()), NOW.plusSeconds(30));

    assertThat(only(p, Action.ScaleDeployment.class).replicas()).isEqualTo(8);
    Bookkeeping after = only(p, Action.SaveBookkeeping.class).bookkeeping();
    assertThat(after.backfill()).isEmpty();
    assertThat(after.backfillBackoffUntil()).isEmpty();
    assertThat(p.notes()).noneMatch(n -> n.reason().equals(EventReason.BURST_BLOCKED));
  }
}
