package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static dev.aksburst.plan.PlanningSupport.actions;
import static dev.aksburst.plan.PlanningSupport.only;
import static dev.aksburst.plan.PlanningSupport.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.PoolKind;
import dev.aksburst.model.PoolProfile;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.Resources;
import dev.aksburst.model.Taint;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the pool's own state changes what is room, what is coming and what is written: a {@code
 * scaleDownMode: Deallocate} pool holding deallocated nodes, a {@code Failed} pool short of its
 * goal count, a stopped pool, a pool scaled to zero. Each node of the fixtures holds 3 pods.
 */
class PoolStateSizingTest {
  static final Taint SHUTDOWN =
      new Taint("node.cloudprovider.kubernetes.io/shutdown", "", "NoSchedule");
  static final Taint UNREACHABLE = new Taint("node.kubernetes.io/unreachable", "", "NoSchedule");
  static final PoolKind DEALLOCATE = PoolKind.DEFAULT.withDeallocate(true);

  /** A deallocated node of the pool: NotReady, with the shutdown and unreachable taints. */
  static NodeView deallocated(String name, Instant created) {
    return Fixtures.tainted(
        Fixtures.tainted(
            Fixtures.notReady(Fixtures.vmNode(name, Fixtures.POOL, created)), SHUTDOWN),
        UNREACHABLE);
  }

  /**
   * A deallocated node being started: the shutdown taint gone, NotReady until its kubelet posts.
   */
  static NodeView starting(String name, Instant created) {
    return Fixtures.tainted(
        Fixtures.notReady(Fixtures.vmNode(name, Fixtures.POOL, created)), UNREACHABLE);
  }

  /** web with 3 pods on the full vm-0 and a floor of {@code floor}. */
  static WorkloadView web(int floor) {
    return workload("web")
        .replicas(3)
        .pods(pods("web", 3, "vm-0"))
        .intents(alert(ref("web"), floor, T0))
        .build();
  }

  static ClusterSnapshot world(NodePoolView pool, List<NodeView> more, WorkloadView w) {
    return world(pool, more, w, PoolState.EMPTY);
  }

  static ClusterSnapshot world(
      NodePoolView pool, List<NodeView> more, WorkloadView w, PoolState state) {
    List<NodeView> nodes =
        new ArrayList<>(List.of(Fixtures.vmNode("vm-0"), Fixtures.virtualNode()));
    nodes.addAll(more);
    return Fixtures.snapshot()
        .nodes(nodes)
        .pools(pool)
        .poolState(pool.name(), state)
        .workloads(w)
        .build();
  }

  static List<NodeView> deallocatedNodes(int n, Instant created) {
    List<NodeView> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      out.add(deallocated("vm-" + i, created));
    }
    return out;
  }

  // ---- scaleDownMode: Deallocate

  /**
   * The example: a pool at 1 with 6 deallocated nodes and 17 pods needing room. Deallocated
   * nodes are neither room nor coming, however young they are, so the count grows to 1 + 17/3.
   */
  @ParameterizedTest
  @ValueSource(longs = {5, 3 * 24 * 60})
  void aPoolAtOneWithSixDeallocatedNodesGrowsForSeventeenPods(long minutesOld) {
    NodePoolView pool = Fixtures.manualPool(1).withKind(DEALLOCATE);
    ClusterSnapshot s =
        world(pool, deallocatedNodes(6, T0.minus(Duration.ofMinutes(minutesOld))), web(20));

    Action.ScaleNodePool out = only(plan(s, T0), Action.ScaleNodePool.class);

    assertThat(out.from()).isEqualTo(1);
    assertThat(out.size()).isEqualTo(7);
  }

  @Test
  void withoutTheShutdownTaintANotReadyNodeBeyondTheCountOfADeallocatePoolIsDeallocated() {
    NodePoolView pool = Fixtures.manualPool(1).withKind(DEALLOCATE);
    List<NodeView> untainted = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      untainted.add(starting("vm-" + i, T0.minus(Duration.ofMinutes(5))));
    }

    Action.ScaleNodePool out =
        only(plan(world(pool, untainted, web(20)), T0), Action.ScaleNodePool.class);

    assertThat(out.size()).isEqualTo(7);
  }

  @Test
  void deallocatedNodesTheCountCoversAreComingOnceAndNotWrittenForAgain() {
    // The count is 7 now: first the six still carry the shutdown taint, then they are starting
    // (taint gone, NotReady, created days ago). Either way six nodes are coming: no new write.
    NodePoolView pool = Fixtures.manualPool(7).withKind(DEALLOCATE);
    Instant old = T0.minus(Duration.ofDays(3));
    List<NodeView> started = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      started.add(starting("vm-" + i, old));
    }

    assertThat(
            actions(
                plan(world(pool, deallocatedNodes(6, old), web(20)), T0),
                Action.ScaleNodePool.class))
        .isEmpty();
    assertThat(actions(plan(world(pool, started, web(20)), T0), Action.ScaleNodePool.class))
        .isEmpty();
    assertThat(
            actions(
                plan(world(Fixtures.manualPool(7), started, web(20)), T0),
                Action.ScaleNodePool.class))
        .as("in a Delete pool the same old NotReady nodes are broken, not coming")
        .isNotEmpty();
  }

  @Test
  void aDeallocatedNodeIsNeverTheTemplateOfANewNode() {
    // No Ready node: the deallocated one (bigger, tainted) says nothing about the new node, which
    // comes from the pool's VM size.
    NodeView big =
        Fixtures.tainted(
            Fixtures.tainted(
                Fixtures.notReady(
                    new NodeView(
                        "vm-1",
                        Map.of("kubernetes.azure.com/agentpool", Fixtures.POOL),
                        List.of(),
                        Optional.of(Fixtures.POOL),
                        false,
                        true,
                        false,
                        Resources.of(64_000, 256L * 1024 * Fixtures.MI),
                        250,
                        Resources.ZERO,
                        0,
                        Resources.ZERO,
                        0,
                        T0.minus(Duration.ofDays(3)))),
                SHUTDOWN),
            UNREACHABLE);
    NodePoolView pool =
        new NodePoolView(
            Fixtures.POOL,
            dev.aksburst.model.PoolMode.MANUAL,
            0,
            OptionalInt.empty(),
            OptionalInt.empty(),
            "Succeeded",
            "Standard_D4s_v5",
            30,
            Optional.empty(),
            Optional.empty(),
            DEALLOCATE);
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(big, Fixtures.virtualNode())
            .pools(pool)
            .workloads(
                workload("web")
                    .replicas(1)
                    .pods(pods("web", 1, Fixtures.VIRTUAL_NODE))
                    .intents(alert(ref("web"), 20, T0))
                    .build())
            .build();
    PlanInputs in = new PlanInputs(s, PlanningSupport.storedIntents(s), PlannerConfig.DEFAULTS, T0);

    PoolShape shape = in.shape(Fixtures.POOL).orElseThrow();

    assertThat(shape.source()).isEqualTo("from Standard_D4s_v5 at 30 pods");
    assertThat(shape.taints()).isEmpty();
    assertThat(in.deallocatedNodes(Fixtures.POOL)).containsExactly(big);
    assertThat(in.provisioningNodes(pool)).isZero();
    Action.ScaleNodePool out = only(plan(s, T0), Action.ScaleNodePool.class);
    assertThat(out.size())
        .as("20 pods, 7 a D4s_v5 (one of the deallocated node would do)")
        .isEqualTo(3);
  }

  @Test
  void theObservedBootOfADeallocatePoolCountsTheNodesItStarted() {
    // Written 2 minutes ago; vm-1 (a Node object 3 days old) was started and is Ready since 1
    // minute.
    Instant wrote = T0.minus(Duration.ofMinutes(2));
    NodeView started =
        new NodeView(
            "vm-1",
            Map.of("kubernetes.azure.com/agentpool", Fixtures.POOL),
            List.of(),
            Optional.of(Fixtures.POOL),
            false,
            true,
            false,
            Fixtures.VM_ALLOCATABLE,
            30,
            Resources.ZERO,
            0,
            Resources.ZERO,
            0,
            T0.minus(Duration.ofDays(3)),
            Optional.of(T0.minus(Duration.ofMinutes(1))));
    ClusterSnapshot s =
        world(
            Fixtures.manualPool(2).withKind(DEALLOCATE),
            List.of(started),
            web(6),
            PoolState.EMPTY.withLastScaleOut(wrote));
    PlanInputs in = new PlanInputs(s, PlanningSupport.storedIntents(s), PlannerConfig.DEFAULTS, T0);

    assertThat(LearnPolicy.observedBoot(s.workloads().get(0), in)).hasValue(Duration.ofMinutes(1));
  }

  // ---- provisioningState: Failed

  @Test
  void aFailedPoolShortOfItsGoalCountIsWrittenAgainForWhatIsStillMissing() {
    // Goal 6, three nodes exist (full), the write failed for capacity: 9 pods need 3 more nodes.
    // The three missing nodes are not coming: the pool is PUT again at 6.
    NodePoolView pool =
        Fixtures.failed(Fixtures.manualPool(6), "AllocationFailed: no capacity for this size");
    List<NodeView> full = List.of(Fixtures.vmNode("vm-1"), Fixtures.vmNode("vm-2"));
    WorkloadView w =
        workload("web")
            .replicas(9)
            .pods(pods("web", 3, "vm-0"))
            .addPods(pods("web-b", 3, "vm-1"))
            .addPods(pods("web-c", 3, "vm-2"))
            .intents(alert(ref("web"), 18, T0))
            .build();
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(Fixtures.vmNode("vm-0"), full.get(0), full.get(1), Fixtures.virtualNode())
            .pools(pool)
            .workloads(w)
            .build();

    Action.ScaleNodePool out = only(plan(s, T0), Action.ScaleNodePool.class);

    assertThat(out.from()).isEqualTo(6);
    assertThat(out.size()).isEqualTo(6);
    assertThat(out.eventReason()).contains(EventReason.NODE_POOL_SCALE_OUT);

    ClusterSnapshot more =
        Fixtures.snapshot()
            .nodes(Fixtures.vmNode("vm-0"), full.get(0), full.get(1), Fixtures.virtualNode())
            .pools(pool)
            .workloads(
                workload("web")
                    .replicas(9)
                    .pods(pods("web", 3, "vm-0"))
                    .addPods(pods("web-b", 3, "vm-1"))
                    .addPods(pods("web-c", 3, "vm-2"))
                    .intents(alert(ref("web"), 24, T0))
                    .build())
            .build();
    assertThat(only(plan(more, T0), Action.ScaleNodePool.class).size())
        .as("15 pods: 5 nodes beyond the 3 that exist")
        .isEqualTo(8);
  }

  @Test
  void aFailedPoolWrittenWithinItsHoldWaitsAndSaysSo() {
    NodePoolView pool = Fixtures.failed(Fixtures.manualPool(4), "AllocationFailed: no capacity");
    PoolState wroteJustNow = PoolState.EMPTY.withLastScaleOut(T0.minusSeconds(60));

    Plan p = plan(world(pool, List.of(), web(12), wroteJustNow), T0);

    assertThat(actions(p, Action.ScaleNodePool.class)).isEmpty();
    assertThat(p.notes()).anyMatch(n -> n.cause() == Note.Cause.POOL_WRITE_HELD);
  }

  @Test
  void aFailedPoolWhoseNodesHoldTheBurstIsNotWritten() {
    NodePoolView pool = Fixtures.failed(Fixtures.manualPool(4), "AllocationFailed: no capacity");
    WorkloadView w =
        workload("web")
            .replicas(2)
            .pods(pods("web", 2, "vm-0"))
            .intents(alert(ref("web"), 3, T0))
            .build();

    assertThat(actions(plan(world(pool, List.of(), w), T0), Action.ScaleNodePool.class)).isEmpty();
  }

  // ---- powerState: Stopped, and a pool at zero

  @Test
  void aStoppedPoolIsNeverWrittenAndTheNoteSaysItIsStopped() {
    NodePoolView pool =
        Fixtures.pool(Fixtures.POOL, dev.aksburst.model.PoolMode.MANUAL, 0)
            .withKind(PoolKind.DEFAULT.withStopped(true));
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(Fixtures.virtualNode())
            .pools(pool)
            .workloads(
                workload("web")
                    .replicas(3)
                    .pods(pods("web", 3, Fixtures.VIRTUAL_NODE))
                    .intents(alert(ref("web"), 10, T0))
                    .build())
            .build();

    Plan p = plan(s, T0);

    assertThat(actions(p, Action.ScaleNodePool.class)).isEmpty();
    assertThat(p.notes())
        .filteredOn(n -> n.cause() == Note.Cause.POOL_STOPPED)
        .singleElement()
        .satisfies(n -> assertThat(n.reason()).isEqualTo(EventReason.BURST_BLOCKED));
    assertThat(p.notes()).noneMatch(n -> n.cause() == Note.Cause.POOL_SHAPE_UNKNOWN);
  }

  @Test
  void aStoppedPoolAboveItsBaselineIsNotRestored() {
    NodePoolView pool = Fixtures.manualPool(3).withKind(PoolKind.DEFAULT.withStopped(true));
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(Fixtures.virtualNode())
            .pools(pool)
            .poolState(Fixtures.POOL, Fixtures.poolBaseline(1))
            .workloads(
                workload("web").replicas(1).pods(pods("web", 1, Fixtures.VIRTUAL_NODE)).build())
            .build();

    assertThat(actions(plan(s, T0.plus(Duration.ofHours(2))), Action.ScaleNodePool.class))
        .isEmpty();
  }

  @Test
  void aUserPoolScaledToZeroIsSizedFromItsAgentPoolProfile() {
    PoolProfile profile = new PoolProfile(Map.of("team", "shop"), List.of(), List.of(), false, 128);
    NodePoolView pool = Fixtures.profiledPool(0, "Standard_D4s_v5", profile);
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(Fixtures.virtualNode())
            .pools(pool)
            .workloads(
                workload("web")
                    .replicas(2)
                    .pods(pods("web", 2, Fixtures.VIRTUAL_NODE))
                    .intents(alert(ref("web"), 14, T0))
                    .build())
            .build();

    Plan p = plan(s, T0);

    Action.ScaleNodePool out = only(p, Action.ScaleNodePool.class);
    // A D4s_v5 at 30 pods has 3860m: 7 pods of 500m a node, 14 pods on 2 nodes.
    assertThat(out.from()).isZero();
    assertThat(out.size()).isEqualTo(2);
    assertThat(p.notes()).noneMatch(n -> n.cause() == Note.Cause.POOL_SHAPE_UNKNOWN);
  }
}
