package dev.aksburst.reconcile;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.VirtualNodeSet;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.EventReason;
import dev.aksburst.plan.Plan;
import dev.aksburst.plan.PlannerConfig;
import dev.aksburst.reconcile.ActionOutcome.Cause;
import dev.aksburst.reconcile.ActionOutcome.Status;
import dev.aksburst.testing.InMemoryCluster;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The applier writes the virtual nodes' StatefulSet only when it is the one named, within max. */
class VirtualNodeSetApplyTest {
  private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

  private InMemoryCluster cluster(int floor) {
    WorkloadView web =
        workload("web")
            .replicas(2)
            .pods(pods("web", 2, "vm-0"))
            .intents(alert(ref("web"), floor, T0))
            .build();
    InMemoryCluster c = new InMemoryCluster(clock);
    c.nodes.add(Fixtures.vmNode("vm-0"));
    c.nodes.add(Fixtures.virtualNodeV2(0));
    c.pools.put(Fixtures.POOL, Fixtures.manualPool(1));
    c.workloads.put(web.ref(), web);
    c.virtualNodeSet =
        Optional.of(new VirtualNodeSet("vn2", "virtualnode", 1, 1, OptionalInt.empty(), 5));
    return c;
  }

  private Reconciler reconciler(InMemoryCluster c, dev.aksburst.plan.Planner planner) {
    return new Reconciler(
        c.ports(),
        planner,
        PlannerConfig.DEFAULTS,
        clock,
        ApplyMode.WRITE,
        Reconciler.Timing.waiting(Duration.ZERO),
        "test");
  }

  @Test
  void aBurstBeyondTheV2NodesGrowsTheStatefulSetWithItsBaselineAndTellsTheDeployment() {
    InMemoryCluster c = cluster(500);
    ReconcileResult r = reconciler(c, new BurstPlanner()).reconcile(ReconcileContext.of("t", "1"));
    assertThat(r.outcomes())
        .filteredOn(o -> o.action() instanceof Action.ScaleVirtualNodes)
        .singleElement()
        .satisfies(o -> assertThat(o.status()).isEqualTo(Status.APPLIED));
    // 497 pods at 200 a node
    assertThat(c.virtualNodeSet.get().replicas()).isEqualTo(3);
    assertThat(c.virtualNodeSet.get().baseline()).hasValue(1);
    assertThat(c.eventReasons()).contains(EventReason.VIRTUAL_NODES_SCALE_OUT);
    assertThat(c.workload("web").state().lastPlan())
        .extracting(e -> e.action())
        .contains("ScaleVirtualNodes");
  }

  private static Action.ScaleVirtualNodes write(String name, int replicas) {
    return new Action.ScaleVirtualNodes(
        "vn2",
        name,
        replicas,
        1,
        OptionalInt.of(1),
        false,
        List.of(ref("web")),
        Optional.of(EventReason.VIRTUAL_NODES_SCALE_OUT),
        "test",
        "test");
  }

  @Test
  void anotherStatefulSetOrAboveItsMaxIsRefusedAndNothingIsWritten() {
    for (Action.ScaleVirtualNodes a : List.of(write("other", 2), write("virtualnode", 6))) {
      InMemoryCluster c = cluster(3);
      ReconcileResult r =
          reconciler(c, (s, i, cfg, now) -> new Plan(List.of(a), List.of()))
              .reconcile(ReconcileContext.of("t", "1"));
      assertThat(r.outcomes())
          .singleElement()
          .satisfies(
              o -> {
                assertThat(o.status()).isEqualTo(Status.REFUSED);
                assertThat(o.cause())
                    .contains(
                        a.name().equals("other")
                            ? Cause.VIRTUAL_NODE_SET_NOT_OBSERVED
                            : Cause.ABOVE_MAX_REPLICAS);
              });
      assertThat(c.virtualNodeSet.get().replicas()).isEqualTo(1);
      assertThat(c.eventReasons()).contains(EventReason.BURST_BLOCKED);
    }
  }
}
