package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static dev.aksburst.plan.PlanningSupport.actions;
import static dev.aksburst.plan.PlanningSupport.kinds;
import static dev.aksburst.plan.PlanningSupport.noteReasons;
import static dev.aksburst.plan.PlanningSupport.only;
import static dev.aksburst.plan.PlanningSupport.plan;
import static dev.aksburst.plan.PlanningSupport.seed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.Backfill;
import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DesiredReplicasPolicyTest {
  private static final Bookkeeping BURSTING =
      Bookkeeping.EMPTY.withBaselineReplicas(OptionalInt.of(2)).withLastScaleUp(T0);

  private static Fixtures.WorkloadBuilder web() {
    return workload("web").replicas(2).pods(pods("web", 2, "vm-0"));
  }

  @Test
  void raiseRecordsTheBaselineFirstThenScales() {
    Plan p = plan(seed(web().intents(alert(ref("web"), 20, T0)).build()), T0);

    assertThat(kinds(p)).startsWith("SaveBookkeeping", "ScaleDeployment");
    Action.SaveBookkeeping record = (Action.SaveBookkeeping) p.actions().get(0);
    assertThat(record.bookkeeping().baselineReplicas()).hasValue(2);
    assertThat(record.bookkeeping().lastScaleUp()).contains(T0);
    Action.ScaleDeployment scale = (Action.ScaleDeployment) p.actions().get(1);
    assertThat(scale.replicas()).isEqualTo(20);
    assertThat(scale.fromReplicas()).isEqualTo(2);
    assertThat(scale.eventReason()).contains(EventReason.BURST_STARTED);
    assertThat(scale.policy()).isEqualTo("DesiredReplicasPolicy");
  }

  @Test
  void raiseDuringABurstKeepsTheBaselineAndRecordsNoNewStart() {
    WorkloadView w =
        web().replicas(20).bookkeeping(BURSTING).intents(alert(ref("web"), 25, T0)).build();
    Plan p = plan(seed(w), T0.plusSeconds(60));

    Action.SaveBookkeeping record = only(p, Action.SaveBookkeeping.class);
    assertThat(record.bookkeeping().baselineReplicas()).hasValue(2);
    assertThat(record.bookkeeping().lastScaleUp()).contains(T0.plusSeconds(60));
    Action.ScaleDeployment scale = only(p, Action.ScaleDeployment.class);
    assertThat(scale.replicas()).isEqualTo(25);
    assertThat(scale.eventReason()).isEmpty();
  }

  static Stream<Arguments> maxReplicasEdge() {
    return Stream.of(
        Arguments.of(20, 20, 20, false),
        Arguments.of(21, 20, 20, true),
        Arguments.of(19, 20, 19, false));
  }

  @ParameterizedTest(name = "floor {0}, max-replicas {1} -> {2}")
  @MethodSource("maxReplicasEdge")
  void maxReplicasCapsTheFloorWithANote(int floor, int max, int expected, boolean noted) {
    WorkloadView w = web().maxReplicas(max).intents(alert(ref("web"), floor, T0)).build();
    Plan p = plan(seed(w), T0);

    assertThat(only(p, Action.ScaleDeployment.class).replicas()).isEqualTo(expected);
    assertThat(p.notes().stream().anyMatch(n -> n.cause() == Note.Cause.ABOVE_MAX_REPLICAS))
        .isEqualTo(noted);
  }

  @Test
  void hpaWorkloadGetsItsMinRaisedNeverSpecReplicas() {
    WorkloadView w = web().hpa(2, 30, 2).intents(alert(ref("web"), 20, T0)).build();
    Plan p = plan(seed(w), T0);

    assertThat(actions(p, Action.ScaleDeployment.class)).isEmpty();
    Action.SetHpaMinReplicas set = only(p, Action.SetHpaMinReplicas.class);
    assertThat(set.minReplicas()).isEqualTo(20);
    assertThat(set.fromMinReplicas()).isEqualTo(2);
    assertThat(set.eventReason()).contains(EventReason.BURST_STARTED);
    Action.SaveBookkeeping record = only(p, Action.SaveBookkeeping.class);
    assertThat(record.bookkeeping().hpaBaselineMin()).hasValue(2);
    assertThat(record.bookkeeping().baselineReplicas()).isEmpty();
  }

  @Test
  void hpaMaxCapsTheFloorWithANote() {
    WorkloadView w = web().hpa(2, 10, 2).intents(alert(ref("web"), 20, T0)).build();
    Plan p = plan(seed(w), T0);

    assertThat(only(p, Action.SetHpaMinReplicas.class).minReplicas()).isEqualTo(10);
    assertThat(p.notes()).anyMatch(n -> n.cause() == Note.Cause.ABOVE_HPA_MAX);
  }

  @Test
  void hpaBurstEndsByRestoringItsMin() {
    WorkloadView w =
        web()
            .hpa(20, 30, 20)
            .bookkeeping(
                Bookkeeping.EMPTY.withHpaBaselineMin(OptionalInt.of(2)).withLastScaleUp(T0))
            .build();
    Plan p = plan(seed(w), T0.plus(Duration.ofHours(1)));

    Action.SetHpaMinReplicas set = only(p, Action.SetHpaMinReplicas.class);
    assertThat(set.minReplicas()).isEqualTo(2);
    assertThat(set.eventReason()).contains(EventReason.BURST_ENDED);
    assertThat(actions(p, Action.ScaleDeployment.class)).isEmpty();
    Action.SaveBookkeeping clear = actions(p, Action.SaveBookkeeping.class).get(0);
    assertThat(clear.bookkeeping().hpaBaselineMin()).isEmpty();
  }

  static Stream<Arguments> cooldownEdge() {
    Duration cooldown = PlannerConfig.DEFAULTS.scaleInCooldown();
    return Stream.of(
        Arguments.of(cooldown.minusSeconds(1), false),
        Arguments.of(cooldown, true),
        Arguments.of(cooldown.plusSeconds(1), true));
  }

  @ParameterizedTest(name = "{0} after the raise: lowers={1}")
  @MethodSource("cooldownEdge")
  void scaleInWaitsForTheCooldown(Duration sinceRaise, boolean lowers) {
    WorkloadView w = web().replicas(20).bookkeeping(BURSTING).build();
    Plan p = plan(seed(w), T0.plus(sinceRaise));

    assertThat(actions(p, Action.ScaleDeployment.class)).hasSize(lowers ? 1 : 0);
    if (!lowers) {
      assertThat(p.notes())
          .as("a cooldown hold resolves by itself: a Normal Event, not a Warning")
          .anyMatch(n -> n.cause() == Note.Cause.SCALE_IN_COOLDOWN && !n.warning());
    }
  }

  @Test
  void maxReplicasLoweredDuringTheCooldownIsWrittenAtOnce() {
    WorkloadView w =
        web()
            .replicas(20)
            .maxReplicas(12)
            .bookkeeping(BURSTING)
            .intents(alert(ref("web"), 20, T0))
            .build();
    Plan p = plan(seed(w), T0.plusSeconds(30));

    assertThat(only(p, Action.ScaleDeployment.class).replicas())
        .as("a hard cap is not a scale-in to be cooled down")
        .isEqualTo(12);
    WorkloadView underCap = web().replicas(12).bookkeeping(BURSTING).build();
    assertThat(actions(plan(seed(underCap), T0.plusSeconds(30)), Action.ScaleDeployment.class))
        .as("a scale-in below the cap still waits for the cooldown")
        .isEmpty();
  }

  @Test
  void scaleUpIsNeverDelayedByTheCooldown() {
    Bookkeeping justLowered = BURSTING.withLastScaleDown(T0);
    WorkloadView w =
        web().replicas(5).bookkeeping(justLowered).intents(alert(ref("web"), 20, T0)).build();
    Plan p = plan(seed(w), T0.plusSeconds(1));

    assertThat(only(p, Action.ScaleDeployment.class).replicas()).isEqualTo(20);
  }

  static Stream<Arguments> rollingEdge() {
    Duration limit = PlannerConfig.DEFAULTS.rollingPauseLimit();
    return Stream.of(
        Arguments.of(Duration.ofMinutes(5), false),
        Arguments.of(limit.minusSeconds(1), false),
        Arguments.of(limit, true));
  }

  @ParameterizedTest(name = "rolling since {0}: lowers={1}")
  @MethodSource("rollingEdge")
  void scaleInPausesWhileThePoolRollsUpToTheLimit(Duration rollingFor, boolean lowers) {
    Instant now = T0.plus(Duration.ofHours(5));
    WorkloadView w = web().replicas(20).bookkeeping(BURSTING).build();
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
            .pools(Fixtures.manualPool(1))
            .poolState(
                Fixtures.POOL, PoolState.EMPTY.withRollingSince(Optional.of(now.minus(rollingFor))))
            .workloads(w)
            .build();

    assertThat(actions(plan(s, now), Action.ScaleDeployment.class)).hasSize(lowers ? 1 : 0);
  }

  @Test
  void scaleInPausesWhileThePoolIsUpgrading() {
    WorkloadView w = web().replicas(20).bookkeeping(BURSTING).build();
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
            .pools(Fixtures.withState(Fixtures.manualPool(1), "Upgrading"))
            .workloads(w)
            .build();

    Plan p = plan(s, T0.plus(Duration.ofHours(1)));
    assertThat(p.actions()).isEmpty();
    assertThat(p.notes()).anyMatch(n -> n.cause() == Note.Cause.POOL_ROLLING);
  }

  @Test
  void partialScaleInShedsAndKeepsTheBaseline() {
    WorkloadView w =
        web().replicas(20).bookkeeping(BURSTING).intents(alert(ref("web"), 10, T0)).build();
    Plan p = plan(seed(w), T0.plus(Duration.ofHours(1)));

    Action.ScaleDeployment scale = only(p, Action.ScaleDeployment.class);
    assertThat(scale.replicas()).isEqualTo(10);
    assertThat(scale.eventReason()).contains(EventReason.SHED);
    Action.SaveBookkeeping after = only(p, Action.SaveBookkeeping.class);
    assertThat(after.bookkeeping().baselineReplicas()).hasValue(2);
    assertThat(after.bookkeeping().lastScaleDown()).contains(T0.plus(Duration.ofHours(1)));
  }

  @Test
  void burstOverAtTheBaselineForgetsIt() {
    WorkloadView w = web().replicas(2).bookkeeping(BURSTING).build();
    Plan p = plan(seed(w), T0.plus(Duration.ofHours(1)));

    assertThat(only(p, Action.SaveBookkeeping.class).bookkeeping().baselineReplicas()).isEmpty();
    assertThat(actions(p, Action.ScaleDeployment.class)).isEmpty();
  }

  static Stream<Arguments> maxVirtualEdge() {
    // VMs hold 3 of its pods now (2 placed + room for 1); the floor asks 20.
    return Stream.of(
        Arguments.of(17, 20, false), Arguments.of(16, 19, true), Arguments.of(5, 8, true));
  }

  @ParameterizedTest(name = "max-virtual-pods {0} -> {1}")
  @MethodSource("maxVirtualEdge")
  void maxVirtualPodsCapsTheRaiseButNotThePoolSizing(int maxVirtual, int expected, boolean noted) {
    WorkloadView w = web().maxVirtualPods(maxVirtual).intents(alert(ref("web"), 20, T0)).build();
    Plan p = plan(seed(w), T0);

    assertThat(only(p, Action.ScaleDeployment.class).replicas()).isEqualTo(expected);
    assertThat(p.notes().stream().anyMatch(n -> n.cause() == Note.Cause.MAX_VIRTUAL_PODS))
        .isEqualTo(noted);
    assertThat(only(p, Action.ScaleNodePool.class).size()).isEqualTo(7);
  }

  @Test
  void maxVirtualPodsRaisesFurtherAsNodesBecomeReady() {
    WorkloadView w =
        web()
            .replicas(8)
            .addPods(pods("aci", 5, Fixtures.VIRTUAL_NODE))
            .addPods(pods("more", 1, "vm-0"))
            .bookkeeping(BURSTING)
            .maxVirtualPods(5)
            .intents(alert(ref("web"), 20, T0))
            .build();
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(Fixtures.vmNode("vm-0"), Fixtures.vmNode("vm-1"), Fixtures.virtualNode())
            .pools(Fixtures.manualPool(2))
            .poolState(Fixtures.POOL, Fixtures.poolBaseline(1))
            .workloads(w)
            .build();

    // 3 on vm-0, room for 3 on the new vm-1: 6 on VMs + 5 virtual.
    assertThat(only(plan(s, T0.plusSeconds(60)), Action.ScaleDeployment.class).replicas())
        .isEqualTo(11);
  }

  @Test
  void aNewFloorDuringABackfillEndsTheSurgeAndScalesToIt() {
    Bookkeeping surging = BURSTING.withBackfill(Optional.of(new Backfill(3, 20, 3, T0)));
    WorkloadView w =
        web().replicas(23).bookkeeping(surging).intents(alert(ref("web"), 30, T0)).build();
    Plan p = plan(seed(w), T0.plusSeconds(30));

    assertThat(kinds(p)).startsWith("SaveBookkeeping", "ScaleDeployment");
    assertThat(((Action.SaveBookkeeping) p.actions().get(0)).bookkeeping().backfill()).isEmpty();
    Action.ScaleDeployment scale = (Action.ScaleDeployment) p.actions().get(1);
    assertThat(scale.replicas()).isEqualTo(30);
    assertThat(scale.fromReplicas()).isEqualTo(23);
    assertThat(actions(p, Action.ScaleDeployment.class)).hasSize(1);
    assertThat(noteReasons(p)).doesNotContain(EventReason.INVALID_ANNOTATION);
    assertThat(List.of(scale.reason())).allMatch(r -> r.contains("20 -> 30"));
  }

  static Stream<Arguments> scaledDuringASurge() {
    // floor 20, surge 20 -> 23 in flight; kubectl scale writes {0}
    return Stream.of(Arguments.of(8, 20, 8), Arguments.of(15, 20, 15), Arguments.of(40, 20, 40));
  }

  @ParameterizedTest(name = "kubectl scale to {0} during a surge: scale to {1} from {2}")
  @MethodSource("scaledDuringASurge")
  void aScaleDuringABackfillSurgeIsCorrectedFromWhatIsWritten(int written, int expected, int from) {
    Bookkeeping surging = BURSTING.withBackfill(Optional.of(new Backfill(3, 20, 3, T0)));
    WorkloadView w =
        web().replicas(written).bookkeeping(surging).intents(alert(ref("web"), 20, T0)).build();
    Plan p = plan(seed(w), T0.plus(Duration.ofMinutes(20)));

    Action.ScaleDeployment scale = only(p, Action.ScaleDeployment.class);
    assertThat(scale.replicas()).isEqualTo(expected);
    assertThat(scale.fromReplicas()).isEqualTo(from);
    assertThat(scale.policy()).isEqualTo("DesiredReplicasPolicy");
    assertThat(actions(p, Action.SaveBookkeeping.class))
        .allMatch(b -> b.bookkeeping().backfill().isEmpty());
  }
}
