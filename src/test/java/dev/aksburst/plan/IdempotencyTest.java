package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static dev.aksburst.plan.PlanningSupport.plan;
import static dev.aksburst.plan.PlanningSupport.replan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.Backfill;
import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.PoolMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Applying a plan's writes (pods do not move) and planning again gives no action. A completed
 * backfill is the one exception by nature: its effect is the ReplicaSet deleting the virtual pods.
 */
class IdempotencyTest {
  private static final Instant LATER = T0.plus(Duration.ofHours(1));
  private static final Bookkeeping BURSTING =
      Bookkeeping.EMPTY.withBaselineReplicas(OptionalInt.of(2)).withLastScaleUp(T0);

  static Stream<Arguments> snapshots() {
    return Stream.of(
        Arguments.of(
            "seed burst",
            PlanningSupport.seed(
                workload("web")
                    .pods(pods("web", 2, "vm-0"))
                    .intents(alert(ref("web"), 20, T0))
                    .build()),
            T0),
        Arguments.of(
            "HPA burst",
            PlanningSupport.seed(
                workload("web")
                    .hpa(2, 40, 2)
                    .pods(pods("web", 2, "vm-0"))
                    .intents(alert(ref("web"), 20, T0))
                    .build()),
            T0),
        Arguments.of(
            "two workloads sharing an autoscaler pool",
            Fixtures.snapshot()
                .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
                .pools(Fixtures.autoscalerPool(1, 1, 10))
                .workloads(
                    workload("web")
                        .pods(pods("web", 2, "vm-0"))
                        .intents(alert(ref("web"), 9, T0))
                        .build(),
                    workload("api")
                        .replicas(1)
                        .pods(pods("api", 1, "vm-0"))
                        .intents(alert(ref("api"), 5, T0))
                        .build())
                .build(),
            T0),
        Arguments.of(
            "VMSS pool with max-virtual-pods",
            Fixtures.snapshot()
                .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
                .pools(Fixtures.pool(Fixtures.POOL, PoolMode.VMSS, 1))
                .workloads(
                    workload("web")
                        .pods(pods("web", 2, "vm-0"))
                        .maxVirtualPods(4)
                        .intents(alert(ref("web"), 20, T0))
                        .build())
                .build(),
            T0),
        Arguments.of(
            "shed after the burst",
            Fixtures.snapshot()
                .nodes(
                    Fixtures.vmNode("vm-0"),
                    Fixtures.vmNode("vm-1", Fixtures.POOL, T0.plusSeconds(60)),
                    Fixtures.virtualNode())
                .pools(Fixtures.manualPool(2))
                .poolState(Fixtures.POOL, Fixtures.poolBaseline(1).withLastScaleOut(T0))
                .workloads(
                    workload("web")
                        .replicas(8)
                        .pods(pods("web", 3, "vm-0"))
                        .addPods(pods("new", 3, "vm-1"))
                        .addPods(pods("aci", 2, Fixtures.VIRTUAL_NODE))
                        .bookkeeping(BURSTING)
                        .build())
                .build(),
            LATER),
        Arguments.of(
            "pool restore",
            Fixtures.snapshot()
                .nodes(Fixtures.vmNode("vm-0"), Fixtures.vmNode("vm-1"), Fixtures.virtualNode())
                .pools(Fixtures.manualPool(2))
                .poolState(Fixtures.POOL, Fixtures.poolBaseline(1).withLastScaleOut(T0))
                .workloads(workload("web").pods(pods("web", 2, "vm-0")).build())
                .build(),
            LATER),
        Arguments.of(
            "backfill start",
            Fixtures.snapshot()
                .nodes(Fixtures.vmNode("vm-0"), Fixtures.vmNode("vm-1"), Fixtures.virtualNode())
                .pools(Fixtures.manualPool(2))
                .workloads(
                    workload("web")
                        .replicas(5)
                        .pods(pods("web", 3, "vm-0"))
                        .addPods(pods("aci", 2, Fixtures.VIRTUAL_NODE))
                        .bookkeeping(BURSTING)
                        .intents(alert(ref("web"), 5, T0))
                        .build())
                .build(),
            LATER),
        Arguments.of(
            "surge landed on virtual nodes",
            Fixtures.snapshot()
                .nodes(Fixtures.vmNode("vm-0"), Fixtures.vmNode("vm-1"), Fixtures.virtualNode())
                .pools(Fixtures.manualPool(2))
                .workloads(
                    workload("web")
                        .replicas(7)
                        .pods(pods("web", 3, "vm-0"))
                        .addPods(pods("aci", 4, Fixtures.VIRTUAL_NODE))
                        .bookkeeping(BURSTING.withBackfill(Optional.of(new Backfill(2, 5, 3, T0))))
                        .intents(alert(ref("web"), 5, T0))
                        .build())
                .build(),
            LATER),
        Arguments.of(
            "prune and forget the baseline",
            PlanningSupport.seed(
                workload("web")
                    .pods(pods("web", 2, "vm-0"))
                    .bookkeeping(BURSTING)
                    .intents(Fixtures.until(alert(ref("web"), 20, T0), T0.plusSeconds(60)))
                    .build()),
            T0.plus(Duration.ofHours(3))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("snapshots")
  void planningAgainAfterTheWritesDoesNothing(String name, ClusterSnapshot s, Instant now) {
    assertThat(plan(s, now).actions()).as("the first plan acts").isNotEmpty();
    assertThat(replan(s, now, PlannerConfig.DEFAULTS).actions()).isEmpty();
  }

  @Test
  void planIsDeterministic() {
    ClusterSnapshot s = (ClusterSnapshot) snapshots().toList().get(2).get()[1];
    assertThat(plan(s, T0)).isEqualTo(plan(s, T0));
  }
}
