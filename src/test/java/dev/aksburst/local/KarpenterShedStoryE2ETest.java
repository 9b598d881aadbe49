package dev.aksburst.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.plan.EventReason;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimCluster;
import dev.aksburst.sim.SimEvent;
import dev.aksburst.sim.SimKarpenterDeletionCost;
import dev.aksburst.sim.SimPod;
import dev.aksburst.sim.SimPoolWrite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The seed story with Karpenter's pod-deletion-cost controller managing {@code agentpool}'s pods
 * (it rewrites their {@code controller.kubernetes.io/pod-deletion-cost} every 60 s): every scale-in
 * still removes the pods aks-burst marked (the ones on ACI at the backfills, those on the surplus
 * nodes at the final shed), or it is reported when the ReplicaSet deleted others.
 */
class KarpenterShedStoryE2ETest {
  /** What one run showed. */
  /**
   * @param summary the story's figures; null when it could not end ({@code unfinished} says why)
   * @param lowestAfterShed the fewest Ready pods from the final shed on
   */
  private record Run(
      DemoSummary summary,
      SimCluster sim,
      String baselineNode,
      List<String> vmReadyDrops,
      List<String> onBaselineAtShed,
      int lowestAfterShed,
      Optional<String> unfinished) {
    List<SimEvent> events(String reason) {
      return sim.events(SeedScenario.NGINX_VN).stream()
          .filter(e -> e.reason().equals(reason))
          .toList();
    }
  }

  /**
   * Runs the story; {@code atStart} sets Karpenter up (with the baseline node's name), {@code
   * atShed} runs once when the floor drops to the baseline.
   */
  private static Run run(
      java.util.function.BiConsumer<SimKarpenterDeletionCost, String> atStart,
      Consumer<SimKarpenterDeletionCost> atShed) {
    List<SimCluster> seen = new ArrayList<>();
    String[] baseline = {null};
    int[] vmReady = {-1};
    boolean[] shed = {false};
    List<String> drops = new ArrayList<>();
    List<String> onBaseline = new ArrayList<>();
    int[] lowestAfterShed = {Integer.MAX_VALUE};
    DemoSummary summary = null;
    Optional<String> unfinished = Optional.empty();
    try {
      summary =
          SeedDemo.run(
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              (sim, floor) -> {
                if (seen.isEmpty()) {
                  seen.add(sim);
                  baseline[0] =
                      sim.nodes().stream()
                          .filter(n -> !n.virtual())
                          .findFirst()
                          .orElseThrow()
                          .name();
                  sim.karpenter(
                      k -> {
                        atStart.accept(k, baseline[0]);
                        return k;
                      });
                }
                int onVm = sim.readyOnVm(SeedScenario.NGINX_VN);
                if (floor == SeedDemo.BURST) {
                  // while the floor holds, only pods on ACI may go: the VM pods never drop
                  if (vmReady[0] >= 0 && onVm < vmReady[0]) {
                    drops.add(sim.now() + ": " + vmReady[0] + " -> " + onVm);
                  }
                  vmReady[0] = onVm;
                }
                if (shed[0]) {
                  lowestAfterShed[0] =
                      Math.min(
                          lowestAfterShed[0], onVm + sim.readyOnVirtual(SeedScenario.NGINX_VN));
                }
                if (floor == SeedDemo.BASELINE && !shed[0]) {
                  shed[0] = true;
                  sim.pods(SeedScenario.NGINX_VN).stream()
                      .filter(p -> p.node().equals(Optional.of(baseline[0])))
                      .forEach(p -> onBaseline.add(p.name()));
                  sim.karpenter(
                      k -> {
                        atShed.accept(k);
                        return k;
                      });
                }
              },
              SeedScenario.scenario());
    } catch (IllegalStateException e) {
      unfinished = Optional.of(e.getMessage());
    }
    return new Run(
        summary, seen.get(0), baseline[0], drops, onBaseline, lowestAfterShed[0], unfinished);
  }

  private static void managesAgentpool(SimKarpenterDeletionCost k, OptionalInt base) {
    k.manage(Set.of(SeedScenario.POOL), base);
  }

  /** The pods left: both on the baseline node, both there since before the burst. */
  private static void backToTheBaselinePods(Run r) {
    List<SimPod> left = r.sim().pods(SeedScenario.NGINX_VN);
    assertThat(left).hasSize(SeedDemo.BASELINE);
    Instant burst = r.sim().scenario().start().plusSeconds(60);
    assertThat(left)
        .allSatisfy(
            p -> {
              assertThat(p.node()).contains(r.baselineNode());
              assertThat(p.created()).isBefore(burst);
            });
  }

  @Test
  void atItsDocumentedRanksTheMarksStayBelowAndTheStoryRunsAsWithout() {
    Run r = run((k, node) -> managesAgentpool(k, OptionalInt.empty()), k -> {});

    assertThat(r.summary().lowestReadyBackfill()).isEqualTo(SeedDemo.BURST);
    assertThat(r.summary().lowestReadyShed()).isEqualTo(SeedDemo.BASELINE);
    assertThat(r.vmReadyDrops()).as("ACI pods went first at every backfill").isEmpty();
    assertThat(r.sim().karpenter(SimKarpenterDeletionCost::rewrites)).isPositive();
    backToTheBaselinePods(r);
    assertThat(r.events(EventReason.DELETION_COST_MANAGED))
        .singleElement()
        .satisfies(e -> assertThat(e.warning()).isFalse());
    assertThat(r.events(EventReason.SHED_NOT_AS_MARKED)).isEmpty();
    assertThat(r.events(EventReason.DELETION_COST_OVERWRITTEN)).isEmpty();
    assertThat(r.sim().poolNodeCount(SeedScenario.POOL)).isEqualTo(1);
  }

  @Test
  void ranksBelowAksBurstsCostsAndACycleBetweenMarkAndScaleInAreMetAndReported() {
    // ranks from -2000 (below the configured -1000 and -500); its cycle lands right after the
    // final shed's mark
    Run r =
        run(
            (k, node) -> managesAgentpool(k, OptionalInt.of(-2000)),
            SimKarpenterDeletionCost::rewriteAfterNextMark);

    assertThat(r.summary().lowestReadyBackfill()).isEqualTo(SeedDemo.BURST);
    assertThat(r.summary().lowestReadyShed()).isEqualTo(SeedDemo.BASELINE);
    assertThat(r.vmReadyDrops()).as("ACI pods went first at every backfill").isEmpty();
    backToTheBaselinePods(r);
    assertThat(r.events(EventReason.DELETION_COST_OVERWRITTEN))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.warning()).isTrue();
              assertThat(e.message()).contains("(marked -2000)").contains("marked once more");
            });
    assertThat(r.events(EventReason.SHED_NOT_AS_MARKED)).isEmpty();
  }

  @Test
  void aNodeKarpenterDisruptsTiesWithTheMarksAndTheShedIsReportedAsNotMarked() {
    Run r =
        run(
            (k, node) -> {
              managesAgentpool(k, OptionalInt.empty());
              k.disrupt(node);
            },
            k -> {});

    assertThat(r.vmReadyDrops()).as("ACI pods went first at every backfill").isEmpty();
    assertThat(r.events(EventReason.DELETION_COST_MANAGED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.warning()).isTrue();
              assertThat(e.message()).contains("-2147483648", "can only tie");
            });
    assertThat(r.events(EventReason.SHED_NOT_AS_MARKED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.warning()).isTrue();
              assertThat(e.message()).contains("to 2", "the ReplicaSet deleted", "stay");
              String deleted =
                  e.message()
                      .substring(e.message().indexOf("deleted"), e.message().indexOf("while"));
              assertThat(r.onBaselineAtShed()).isNotEmpty().allMatch(deleted::contains);
            });
    // the pods kept are on surplus nodes: a count write would drain every Ready pod at once, so
    // the restore deletes the empty nodes by name instead and the pool is back to 1 with Ready
    // never below the baseline
    assertThat(r.unfinished()).isEmpty();
    assertThat(r.lowestAfterShed()).isEqualTo(SeedDemo.BASELINE);
    assertThat(r.sim().specReplicas(SeedScenario.NGINX_VN)).isEqualTo(SeedDemo.BASELINE);
    assertThat(r.sim().readyOnVm(SeedScenario.NGINX_VN)).isEqualTo(SeedDemo.BASELINE);
    assertThat(r.sim().poolNodeCount(SeedScenario.POOL)).isEqualTo(1);
    SimPoolWrite deleted =
        r.sim().poolWrites().stream()
            .filter(w -> w.field().equals("deleteMachines"))
            .reduce((first, second) -> second)
            .orElseThrow();
    assertThat(deleted.to()).isEqualTo(1);
    assertThat(r.events(EventReason.NODE_POOL_SCALE_IN))
        .anySatisfy(
            e -> {
              assertThat(e.warning()).isFalse();
              assertThat(e.message())
                  .contains("deleting the empty machines [aks-", "agentPools/deleteMachines");
            });
  }
}
