package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.workload;
import static dev.aksburst.plan.PlanningSupport.actions;
import static dev.aksburst.plan.PlanningSupport.kinds;
import static dev.aksburst.plan.PlanningSupport.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.PodView;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Shedding a workload whose VM pods carry Karpenter's deletion costs ({@code
 * karpenter.sh/managed-deletion-cost: "true"}): 3 pods on vm-0, 3 on vm-1, 3 on the virtual node,
 * lowered to the baseline 2.
 */
class KarpenterDeletionCostTest {
  private static final Instant NOW = T0.plus(Duration.ofHours(1));

  private static ClusterSnapshot world(UnaryOperator<PodView> vm0, UnaryOperator<PodView> vm1) {
    WorkloadView w =
        workload("web")
            .replicas(9)
            .pods(pods("base", 3, "vm-0").stream().map(vm0).toList())
            .addPods(pods("new", 3, "vm-1").stream().map(vm1).toList())
            .addPods(pods("aci", 3, Fixtures.VIRTUAL_NODE))
            .bookkeeping(
                Bookkeeping.EMPTY.withBaselineReplicas(OptionalInt.of(2)).withLastScaleUp(T0))
            .build();
    return Fixtures.snapshot()
        .nodes(
            Fixtures.vmNode("vm-0"),
            Fixtures.vmNode("vm-1", Fixtures.POOL, T0.plusSeconds(300)),
            Fixtures.virtualNode())
        .pools(Fixtures.manualPool(2))
        .poolState(Fixtures.POOL, Fixtures.poolBaseline(1))
        .workloads(w)
        .build();
  }

  private static UnaryOperator<PodView> karpenter(int rank) {
    return p -> Fixtures.managedCost(p, rank);
  }

  private static Action.MarkDeletionCost aciMark(Plan p) {
    return actions(p, Action.MarkDeletionCost.class).stream()
        .filter(m -> m.pods().contains("aci-0"))
        .findFirst()
        .orElseThrow();
  }

  @ParameterizedTest(
      name = "Karpenter ranks vm-0 {0}, vm-1 {1}: surplus vm-1 marked {3}, virtual {2}")
  @CsvSource({
    // its README: ranks from -len(nodes); above aks-burst's -1000 and -500, which stay
    "-2, -1, -1000, -500",
    // a base below -1000 (its alpha pull request used -1000): surplus below the kept node,
    // the virtual node below both
    "-2000, -1999, -2002, -2001",
    "-1000, -999, -1002, -1001",
    // a node it disrupts: nothing is lower, so the others can only tie
    "-2147483648, -1, -2147483648, -2147483648",
  })
  void podsOnVirtualNodesAreMarkedBelowKarpenterLowestRightBeforeTheScaleIn(
      int vm0Rank, int vm1Rank, int expected, int surplus) {
    Plan p = plan(world(karpenter(vm0Rank), karpenter(vm1Rank)), NOW);

    assertThat(kinds(p))
        .as("the marks come in the same plan, right before the scale-in")
        .containsExactly(
            "MarkDeletionCost", "MarkDeletionCost", "ScaleDeployment", "SaveBookkeeping");
    assertThat(aciMark(p).cost()).isEqualTo(expected);
    assertThat(aciMark(p).pods()).containsExactly("aci-0", "aci-1", "aci-2");
    assertThat(actions(p, Action.MarkDeletionCost.class))
        .filteredOn(m -> m.pods().contains("new-0"))
        .singleElement()
        .satisfies(m -> assertThat(m.cost()).isEqualTo(surplus));
    assertThat(p.notes())
        .filteredOn(n -> n.cause() == Note.Cause.DELETION_COST_MANAGED)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.reason()).isEqualTo(EventReason.DELETION_COST_MANAGED);
              assertThat(n.warning())
                  .as("a warning only when the pods can only tie")
                  .isEqualTo(expected == Integer.MIN_VALUE);
              assertThat(n.message()).contains("6 pods", "base-0=" + vm0Rank);
            });
  }

  @Test
  void withoutKarpenterNothingChanges() {
    Plan p = plan(world(UnaryOperator.identity(), UnaryOperator.identity()), NOW);
    assertThat(aciMark(p).cost()).isEqualTo(-1000);
    assertThat(p.notes()).noneMatch(n -> n.cause() == Note.Cause.DELETION_COST_MANAGED);
  }

  @Test
  void aUsersLowCostWithoutTheSentinelIsAlsoStayedBelowButNotReported() {
    Plan p = plan(world(pod -> Fixtures.withCost(pod, -5000), UnaryOperator.identity()), NOW);
    assertThat(aciMark(p).cost()).as("below the surplus mark -5001").isEqualTo(-5002);
    assertThat(p.notes()).noneMatch(n -> n.cause() == Note.Cause.DELETION_COST_MANAGED);
  }

  @Test
  void noScaleInNoNote() {
    // at the baseline: nothing is lowered, nothing is said
    WorkloadView w =
        workload("web")
            .replicas(2)
            .pods(pods("base", 2, "vm-0").stream().map(karpenter(-2)).toList())
            .build();
    Plan p =
        plan(
            Fixtures.snapshot()
                .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
                .pools(Fixtures.manualPool(1))
                .workloads(w)
                .build(),
            NOW);
    assertThat(p.actions()).isEmpty();
    assertThat(p.notes()).noneMatch(n -> n.cause() == Note.Cause.DELETION_COST_MANAGED);
  }
}
