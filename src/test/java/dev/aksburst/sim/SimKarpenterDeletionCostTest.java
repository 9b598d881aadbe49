package dev.aksburst.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aksburst.model.PodView;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Karpenter's pod-deletion-cost controller in the simulator, on the seed's cluster. */
class SimKarpenterDeletionCostTest {
  private static final WorkloadRef W = SeedScenario.NGINX_VN;

  /** agentpool at 3 Ready nodes, nginx-vn at 12 replicas: some on VMs, the rest on ACI. */
  private static SimCluster cluster() {
    SimCluster sim = SimCluster.start(SeedScenario.scenario());
    sim.ports().pools().scale(sim.ports().pools().describe().get(0), 3);
    sim.advance(Duration.ofMinutes(4));
    sim.scale(W, 12);
    sim.advance(Duration.ofMinutes(2));
    return sim;
  }

  private static Map<String, PodView> pods(SimCluster sim) {
    WorkloadView w = sim.ports().reader().read().workload(W).orElseThrow();
    return w.pods().stream().collect(Collectors.toMap(PodView::name, p -> p));
  }

  private static List<PodView> onVm(SimCluster sim) {
    return pods(sim).values().stream()
        .filter(p -> p.nodeName().filter(n -> !n.equals(SimCluster.VIRTUAL_NODE_NAME)).isPresent())
        .toList();
  }

  @Test
  void ranksTheNodesItManagesAndNeverTouchesTheVirtualNode() {
    SimCluster sim = cluster();
    sim.karpenter(
        k -> {
          k.manage(Set.of(SeedScenario.POOL), OptionalInt.empty());
          return k;
        });
    sim.advance(Duration.ofSeconds(1));

    List<PodView> vm = onVm(sim);
    assertThat(vm).isNotEmpty().allMatch(PodView::managedDeletionCost);
    assertThat(vm)
        .extracting(p -> p.deletionCost().getAsInt())
        .as("ranks from -len(nodes) = -3")
        .allMatch(c -> c >= -3 && c <= -1);
    assertThat(pods(sim).values())
        .filteredOn(p -> p.nodeName().equals(java.util.Optional.of(SimCluster.VIRTUAL_NODE_NAME)))
        .isNotEmpty()
        .allMatch(p -> !p.managedDeletionCost() && p.deletionCost().isEmpty());
    assertThat(sim.karpenter(SimKarpenterDeletionCost::rewrites)).isEqualTo(vm.size());
  }

  @Test
  void aMarkOnAManagedPodIsRewrittenAtTheNextCycleAndAUsersCostIsLeftAlone() {
    SimCluster sim = cluster();
    String users = onVm(sim).get(0).name();
    sim.ports().writer().setDeletionCost(W, List.of(users), 7);
    sim.karpenter(
        k -> {
          k.manage(Set.of(SeedScenario.POOL), OptionalInt.of(-2000));
          return k;
        });
    sim.advance(Duration.ofSeconds(1));
    String managed =
        onVm(sim).stream().filter(PodView::managedDeletionCost).findFirst().orElseThrow().name();
    int rank = pods(sim).get(managed).deletionCost().getAsInt();
    assertThat(rank).isBetween(-2000, -1998);

    sim.ports().writer().setDeletionCost(W, List.of(managed), -500);
    sim.advance(Duration.ofSeconds(58));
    assertThat(pods(sim).get(managed).deletionCost()).as("until its next cycle").hasValue(-500);
    sim.advance(SimKarpenterDeletionCost.PERIOD);
    assertThat(pods(sim).get(managed).deletionCost()).hasValue(rank);
    assertThat(pods(sim).get(users).deletionCost()).as("the user's value").hasValue(7);
    assertThat(pods(sim).get(users).managedDeletionCost()).isFalse();
  }

  @Test
  void aDisruptedNodesPodsGetTheLowestInt32AndTheRaceRewritesTheNextMarkAtOnce() {
    SimCluster sim = cluster();
    String node = onVm(sim).get(0).nodeName().orElseThrow();
    sim.karpenter(
        k -> {
          k.manage(Set.of(SeedScenario.POOL), OptionalInt.empty());
          k.disrupt(node);
          k.rewriteAfterNextMark();
          return k;
        });
    sim.advance(Duration.ofSeconds(1));
    assertThat(onVm(sim))
        .filteredOn(p -> p.nodeName().orElseThrow().equals(node))
        .isNotEmpty()
        .allSatisfy(p -> assertThat(p.deletionCost()).hasValue(Integer.MIN_VALUE));

    PodView other =
        onVm(sim).stream().filter(p -> !p.nodeName().orElseThrow().equals(node)).findFirst().get();
    sim.ports().writer().setDeletionCost(W, List.of(other.name()), -500);
    assertThat(sim.ports().writer().deletionCosts(W, List.of(other.name())))
        .as("its cycle landed right after the mark")
        .containsEntry(other.name(), other.deletionCost());
    sim.ports().writer().setDeletionCost(W, List.of(other.name()), -500);
    assertThat(sim.ports().writer().deletionCosts(W, List.of(other.name(), "gone")))
        .as("only once; a pod that is not the workload's is left out")
        .containsExactly(Map.entry(other.name(), OptionalInt.of(-500)));
  }

  @Test
  void itNeedsAPoolToManage() {
    SimCluster sim = SimCluster.start(SeedScenario.scenario());
    assertThatThrownBy(
            () ->
                sim.karpenter(
                    k -> {
                      k.manage(Set.of(), OptionalInt.empty());
                      return k;
                    }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one pool");
  }
}
