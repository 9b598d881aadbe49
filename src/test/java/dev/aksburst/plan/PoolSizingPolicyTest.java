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
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeSelectorRequirement;
import dev.aksburst.model.NodeSelectorTerm;
import dev.aksburst.model.Placement;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.Resources;
import dev.aksburst.model.Taint;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PoolSizingPolicyTest {
  /** 2 replicas on vm-0 (room for 1 more) and a floor of {@code floor}. */
  private static WorkloadView web(int floor) {
    return workload("web")
        .replicas(2)
        .pods(pods("web", 2, "vm-0"))
        .intents(alert(ref("web"), floor, T0))
        .build();
  }

  private static ClusterSnapshot world(NodePoolView pool, WorkloadView... ws) {
    return Fixtures.snapshot()
        .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
        .pools(pool)
        .workloads(ws)
        .build();
  }

  @Test
  void aBaselinePodOnTheVirtualNodeGrowsNoPoolWithoutABurst() {
    // web runs its baseline of 4 on ACI (more than vm-0 holds), no intent.
    WorkloadView calm =
        workload("web").replicas(4).pods(pods("web", 4, Fixtures.VIRTUAL_NODE)).build();
    Plan p = plan(world(Fixtures.manualPool(1), calm), T0);
    assertThat(actions(p, Action.ScaleNodePool.class)).isEmpty();

    WorkloadView bursting =
        workload("web")
            .replicas(4)
            .pods(pods("web", 4, Fixtures.VIRTUAL_NODE))
            .intents(alert(ref("web"), 4, T0))
            .build();
    assertThat(
            actions(plan(world(Fixtures.manualPool(1), bursting), T0), Action.ScaleNodePool.class))
        .as("the same pod during a burst is sized for")
        .isNotEmpty();
  }

  @ParameterizedTest
  @EnumSource(PoolMode.class)
  void writesTheModesOwnValue(PoolMode mode) {
    NodePoolView pool =
        mode == PoolMode.AUTOSCALER
            ? Fixtures.autoscalerPool(1, 1, 10)
            : Fixtures.pool(Fixtures.POOL, mode, 1);
    Action.ScaleNodePool out = only(plan(world(pool, web(20)), T0), Action.ScaleNodePool.class);

    assertThat(out.mode()).isEqualTo(mode);
    assertThat(out.size()).isEqualTo(7);
    assertThat(out.from()).isEqualTo(1);
    assertThat(out.recordBaseline()).hasValue(1);
    assertThat(out.restoresBaseline()).isFalse();
    assertThat(out.eventReason()).contains(EventReason.NODE_POOL_SCALE_OUT);
    assertThat(out.workloads()).containsExactly(ref("web"));
    assertThat(out.policy()).isEqualTo("PoolSizingPolicy");
  }

  @Test
  void aPodNominatedToAVmIsHeadedThereAndHoldsItsRoom() {
    // vm-0 holds two web pods and the room of a third, nominated there: 18 wanted, 3 on or headed
    // to vm-0, 15 more need 5 new nodes (counting the nominated pod again would ask for 6).
    WorkloadView w =
        workload("web")
            .replicas(3)
            .pods(pods("web", 2, "vm-0"))
            .addPods(List.of(Fixtures.nominated("web-n", "vm-0")))
            .intents(alert(ref("web"), 18, T0))
            .build();
    ClusterSnapshot s = world(Fixtures.manualPool(1), w);
    assertThat(s.node("vm-0").orElseThrow().podCount()).isEqualTo(3);

    Action.ScaleNodePool out = only(plan(s, T0), Action.ScaleNodePool.class);

    assertThat(out.size()).isEqualTo(6);
  }

  @Test
  void aciOrSpotAffinityIsNotSizedOnAnOrdinaryPoolAndDoesNotThrow() {
    // Two required terms: the virtual node, or a Spot node. vm-0 and new agentpool nodes are
    // neither, so no scale-out; the planner says why instead of throwing.
    Placement aciOrSpot =
        new Placement(
            Fixtures.TOLERATES_VIRTUAL.tolerations(),
            Map.of(),
            List.of(
                NodeSelectorTerm.of(NodeSelectorRequirement.in("type", "virtual-kubelet")),
                NodeSelectorTerm.of(
                    NodeSelectorRequirement.in("kubernetes.azure.com/scalesetpriority", "spot"))),
            List.of());
    WorkloadView w =
        workload("web")
            .replicas(2)
            .placement(aciOrSpot)
            .pods(pods("web", 2, Fixtures.VIRTUAL_NODE))
            .intents(alert(ref("web"), 20, T0))
            .build();
    Plan plan = plan(world(Fixtures.manualPool(1), w), T0);
    assertThat(actions(plan, Action.ScaleNodePool.class)).isEmpty();
    assertThat(noteReasons(plan)).contains(EventReason.BURST_BLOCKED);
  }

  @Test
  void autoscalerPoolRaisesMinCountFromItsCurrentCount() {
    // The autoscaler already runs 3 nodes (2 not observed yet) with minCount 1.
    Action.ScaleNodePool out =
        only(
            plan(world(Fixtures.autoscalerPool(3, 1, 10), web(20)), T0),
            Action.ScaleNodePool.class);
    assertThat(out.from()).isEqualTo(1);
    assertThat(out.size()).isEqualTo(7);
  }

  @Test
  void twoWorkloadsSharingAPoolAreSummed() {
    WorkloadView api =
        workload("api")
            .replicas(1)
            .pods(pods("api", 1, "vm-0"))
            .intents(alert(ref("api"), 7, T0))
            .build();
    // web: 18 missing, api: 6 missing; 1 fits on vm-0, 23 need 8 new nodes.
    Action.ScaleNodePool out =
        only(plan(world(Fixtures.manualPool(1), web(20), api), T0), Action.ScaleNodePool.class);
    assertThat(out.size()).isEqualTo(9);
    assertThat(out.workloads()).containsExactly(ref("api"), ref("web"));
  }

  @Test
  void provisioningAndNotReadyNodesCountAsRoom() {
    // count 4: vm-0 Ready, vm-1 observed NotReady, 2 not observed: 9 slots coming.
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(
                Fixtures.vmNode("vm-0"),
                Fixtures.notReady(Fixtures.vmNode("vm-1")),
                Fixtures.virtualNode())
            .pools(Fixtures.manualPool(4))
            .workloads(web(12))
            .build();
    assertThat(actions(plan(s, T0), Action.ScaleNodePool.class)).isEmpty();
    ClusterSnapshot more =
        Fixtures.snapshot()
            .nodes(
                Fixtures.vmNode("vm-0"),
                Fixtures.notReady(Fixtures.vmNode("vm-1")),
                Fixtures.virtualNode())
            .pools(Fixtures.manualPool(4))
            .workloads(web(13))
            .build();
    assertThat(only(plan(more, T0), Action.ScaleNodePool.class).size()).isEqualTo(5);
  }

  @Test
  void daemonSetOverheadShrinksTheShape() {
    // 200m of DaemonSets leaves 1400m: 2 pods per node; 17 pods -> 9 new nodes.
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(
                Fixtures.withDaemonSets(Fixtures.vmNode("vm-0"), Resources.of(200, 0), 2),
                Fixtures.virtualNode())
            .pools(Fixtures.manualPool(1))
            .workloads(
                workload("web")
                    .replicas(1)
                    .pods(pods("web", 1, "vm-0"))
                    .intents(alert(ref("web"), 19, T0))
                    .build())
            .build();
    assertThat(
            only(
                    plan(s, T0, PlannerConfig.DEFAULTS.withMaxPoolNodes(20)),
                    Action.ScaleNodePool.class)
                .size())
        .isEqualTo(10);
  }

  @Test
  void autoscalerPoolIsCappedAtItsMaxCount() {
    Plan exact = plan(world(Fixtures.autoscalerPool(1, 1, 7), web(20)), T0);
    assertThat(only(exact, Action.ScaleNodePool.class).size()).isEqualTo(7);
    assertThat(noteReasons(exact)).doesNotContain(EventReason.BURST_BLOCKED);

    Plan capped = plan(world(Fixtures.autoscalerPool(1, 1, 6), web(20)), T0);
    assertThat(only(capped, Action.ScaleNodePool.class).size()).isEqualTo(6);
    assertThat(capped.notes())
        .anyMatch(n -> n.cause() == Note.Cause.POOL_AT_CAP && n.message().contains("capped at 6"));
  }

  @Test
  void manualPoolIsCappedAtMaxPoolNodes() {
    Plan exact =
        plan(
            world(Fixtures.manualPool(1), web(20)), T0, PlannerConfig.DEFAULTS.withMaxPoolNodes(7));
    assertThat(only(exact, Action.ScaleNodePool.class).size()).isEqualTo(7);
    assertThat(noteReasons(exact)).doesNotContain(EventReason.BURST_BLOCKED);

    Plan capped =
        plan(
            world(Fixtures.manualPool(1), web(20)), T0, PlannerConfig.DEFAULTS.withMaxPoolNodes(6));
    assertThat(only(capped, Action.ScaleNodePool.class).size()).isEqualTo(6);
    assertThat(capped.notes()).anyMatch(n -> n.cause() == Note.Cause.POOL_AT_CAP);
  }

  @Test
  void noWriteWhileAnOperationRuns() {
    Plan p = plan(world(Fixtures.withState(Fixtures.manualPool(1), "Scaling"), web(20)), T0);
    assertThat(actions(p, Action.ScaleNodePool.class)).isEmpty();
    assertThat(only(p, Action.ScaleDeployment.class).replicas()).isEqualTo(20);
    assertThat(p.notes()).anyMatch(n -> n.cause() == Note.Cause.POOL_WRITE_HELD);
  }

  @Test
  void noWriteBeforeRetryNotBefore() {
    PoolState throttled =
        PoolState.EMPTY.withError(Optional.of("429: throttled"), Optional.of(T0.plusSeconds(1)));
    ClusterSnapshot held =
        Fixtures.snapshot()
            .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
            .pools(Fixtures.manualPool(1))
            .poolState(Fixtures.POOL, throttled)
            .workloads(web(20))
            .build();
    assertThat(actions(plan(held, T0), Action.ScaleNodePool.class)).isEmpty();
    assertThat(plan(held, T0).notes()).anyMatch(n -> n.cause() == Note.Cause.POOL_WRITE_HELD);
    assertThat(actions(plan(held, T0.plusSeconds(1)), Action.ScaleNodePool.class)).hasSize(1);
  }

  @Test
  void aPoolWhoseLastOperationFailedIsWrittenAgainOnlyAfterTheHold() {
    // Regression (fault scenario "LRO fails with QuotaExceeded"): ARM accepted the PUT, the
    // operation failed, and every reconcile wrote the pool again: 60 PUTs an hour.
    NodePoolView failed =
        new NodePoolView(
            Fixtures.POOL,
            PoolMode.MANUAL,
            1,
            OptionalInt.empty(),
            OptionalInt.empty(),
            "Failed",
            "",
            30,
            Optional.of("QuotaExceeded: not enough cores"));
    ClusterSnapshot afterAFailedWrite =
        Fixtures.snapshot()
            .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
            .pools(failed)
            .poolState(Fixtures.POOL, PoolState.EMPTY.withLastScaleOut(T0.minusSeconds(60)))
            .workloads(web(20))
            .build();
    Plan held = plan(afterAFailedWrite, T0);
    assertThat(actions(held, Action.ScaleNodePool.class)).isEmpty();
    assertThat(held.notes()).anyMatch(n -> n.cause() == Note.Cause.POOL_WRITE_HELD);
    assertThat(actions(plan(afterAFailedWrite, T0.plusSeconds(240)), Action.ScaleNodePool.class))
        .hasSize(1);
  }

  @Test
  void aRecordedBaselineIsNotRecordedAgain() {
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
            .pools(Fixtures.manualPool(2))
            .poolState(Fixtures.POOL, Fixtures.poolBaseline(1))
            .workloads(web(20))
            .build();
    Action.ScaleNodePool out = only(plan(s, T0), Action.ScaleNodePool.class);
    assertThat(out.recordBaseline()).isEmpty();
    assertThat(out.size()).isEqualTo(7);
  }

  @Test
  void anUnknownPoolAmongSeveralAsksForTheAnnotation() {
    WorkloadView w = workload("web").replicas(0).intents(alert(ref("web"), 5, T0)).build();
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
            .pools(Fixtures.manualPool(1), Fixtures.pool("other", PoolMode.MANUAL, 1))
            .workloads(w)
            .build();
    Plan p = plan(s, T0);
    assertThat(actions(p, Action.ScaleNodePool.class)).isEmpty();
    assertThat(only(p, Action.ScaleDeployment.class).replicas()).isEqualTo(5);
    assertThat(p.notes()).anyMatch(n -> n.cause() == Note.Cause.POOL_UNKNOWN);
  }

  @Test
  void theOnlyPoolIsChosenForAWorkloadWithoutPods() {
    // vm-0 is empty: 3 fit there, 3 need one new node.
    WorkloadView w = workload("web").replicas(0).intents(alert(ref("web"), 6, T0)).build();
    assertThat(only(plan(world(Fixtures.manualPool(1), w), T0), Action.ScaleNodePool.class).size())
        .isEqualTo(2);
  }

  @Test
  void aNamedPoolThatWasNotObservedStillRaisesReplicas() {
    WorkloadView w =
        workload("web")
            .replicas(2)
            .pods(pods("web", 2, "vm-0"))
            .nodePool("gpu")
            .intents(alert(ref("web"), 20, T0))
            .build();
    Plan p = plan(world(Fixtures.manualPool(1), w), T0);
    assertThat(actions(p, Action.ScaleNodePool.class)).isEmpty();
    assertThat(only(p, Action.ScaleDeployment.class).replicas()).isEqualTo(20);
    assertThat(p.notes())
        .anyMatch(
            n ->
                n.cause() == Note.Cause.POOL_NOT_OBSERVED && n.message().contains("node pool gpu"));
  }

  @Test
  void aPoolWithoutNodesOfAnUnknownVmSizeCanNotBeSized() {
    NodePoolView pool = Fixtures.manualPool(0);
    NodePoolView unknownSize =
        new NodePoolView(
            pool.name(),
            pool.mode(),
            0,
            pool.minCount(),
            pool.maxCount(),
            "Succeeded",
            "Standard_Imaginary_v9",
            30,
            Optional.empty());
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(Fixtures.virtualNode())
            .pools(unknownSize)
            .workloads(workload("web").replicas(0).intents(alert(ref("web"), 4, T0)).build())
            .build();
    Plan p = plan(s, T0);
    assertThat(actions(p, Action.ScaleNodePool.class)).isEmpty();
    assertThat(p.notes()).anyMatch(n -> n.cause() == Note.Cause.POOL_SHAPE_UNKNOWN);
  }

  @Test
  void podsThePoolDoesNotAdmitAreReportedNotSized() {
    Taint gpu = new Taint("sku", "gpu", "NoSchedule");
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(Fixtures.tainted(Fixtures.vmNode("vm-0"), gpu), Fixtures.virtualNode())
            .pools(Fixtures.manualPool(1))
            .workloads(workload("web").replicas(0).intents(alert(ref("web"), 4, T0)).build())
            .build();
    Plan p = plan(s, T0);
    assertThat(actions(p, Action.ScaleNodePool.class)).isEmpty();
    assertThat(p.notes())
        .anyMatch(n -> n.cause() == Note.Cause.UNPLACEABLE && n.message().startsWith("4 pods"));
  }

  @Test
  void aPrewarmingWindowSizesThePoolBeforeReplicasRise() {
    WorkloadRef web = ref("web");
    WorkloadView w =
        workload("web")
            .replicas(2)
            .pods(pods("web", 2, "vm-0"))
            .intents(
                Fixtures.window(
                    web,
                    20,
                    T0.plus(Duration.ofMinutes(10)),
                    T0.plus(Duration.ofHours(1)),
                    Duration.ofMinutes(15)))
            .build();
    Plan p = plan(world(Fixtures.manualPool(1), w), T0);
    assertThat(kinds(p)).containsExactly("ScaleNodePool");
    assertThat(only(p, Action.ScaleNodePool.class).size()).isEqualTo(7);
  }

  @Test
  void aPoolErrorIsReported() {
    NodePoolView failed =
        new NodePoolView(
            Fixtures.POOL,
            PoolMode.MANUAL,
            1,
            OptionalInt.empty(),
            OptionalInt.empty(),
            "Failed",
            "",
            30,
            Optional.of("QuotaExceeded: not enough cores"));
    Plan p = plan(world(failed, web(2)), T0);
    assertThat(p.notes())
        .anyMatch(
            n ->
                n.cause() == Note.Cause.POOL_ERROR
                    && n.reason().equals(EventReason.NODE_POOL_ERROR)
                    && n.message().contains("QuotaExceeded"));
    assertThat(p.actions()).isEmpty();
    assertThat(List.of(p.notes().get(0).workload())).containsExactly(Optional.of(ref("web")));
  }
}
