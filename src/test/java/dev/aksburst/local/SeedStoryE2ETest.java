package dev.aksburst.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.plan.EventReason;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimCluster;
import dev.aksburst.sim.SimPod;
import dev.aksburst.testing.InvariantChecker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The seed story end to end on the simulator, through AlertFunction and the ReconcileFunction
 * timer: checked every simulated second, and at the end.
 */
class SeedStoryE2ETest {
  private static final String VIRTUAL = SimCluster.VIRTUAL_NODE_NAME;

  @Test
  void readyNeverDropsBelowTheFloorAndEverythingReturnsToTheBaseline() {
    List<String> breaches = new ArrayList<>();
    AtomicReference<SimCluster> last = new AtomicReference<>();
    AtomicReference<InvariantChecker> checker = new AtomicReference<>();
    int[] secondsChecked = {0};
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    DemoSummary summary =
        SeedDemo.run(
            new PrintStream(buf, true, StandardCharsets.UTF_8),
            (sim, floor) -> {
              if (last.get() != sim) {
                checker.set(
                    new InvariantChecker(
                        sim,
                        InvariantChecker.Limits.of(
                            SeedScenario.NGINX_VN, SeedDemo.BASELINE, SeedScenario.POOL, 1)));
              }
              last.set(sim);
              if (Duration.between(SeedScenario.START, sim.now()).toSeconds() % 10 == 0) {
                checker.get().check();
              }
              if (floor > 0) {
                secondsChecked[0]++;
                int ready =
                    sim.readyOnVm(SeedScenario.NGINX_VN)
                        + sim.readyOnVirtual(SeedScenario.NGINX_VN);
                if (ready < floor) {
                  breaches.add(sim.now() + ": " + ready + " ready < floor " + floor);
                }
              }
            });
    SimCluster sim = last.get();

    assertThat(breaches).isEmpty();
    checker.get().assertSettled();
    assertThat(checker.get().maxReplicaWritesPerHour())
        .as("raise, then a surge and its scale-back per backfill round, then the lowering")
        .isBetween(4, 12);
    assertThat(secondsChecked[0])
        .as("seconds of backfill, hold and shed checked")
        .isGreaterThan(1200);
    assertThat(summary.lowestReadyBackfill()).isEqualTo(SeedDemo.BURST);
    assertThat(summary.lowestReadyShed()).isEqualTo(SeedDemo.BASELINE);

    List<SimPod> pods = sim.pods(SeedScenario.NGINX_VN);
    assertThat(pods).hasSize(SeedDemo.BASELINE);
    assertThat(pods).allSatisfy(p -> assertThat(p.ready()).isTrue());
    assertThat(pods)
        .allSatisfy(p -> assertThat(p.node()).isPresent().isNotEqualTo(Optional.of(VIRTUAL)));
    assertThat(sim.readyOnVirtual(SeedScenario.NGINX_VN)).isZero();
    assertThat(sim.poolNodeCount(SeedScenario.POOL)).isEqualTo(1);
    assertThat(sim.vmNodeCount()).isEqualTo(1);
    assertThat(sim.specReplicas(SeedScenario.NGINX_VN)).isEqualTo(SeedDemo.BASELINE);

    // Every reconcile of the burst states its VM-or-ACI decision (vm-first on the seed).
    assertThat(summary.events()).contains(EventReason.CAPACITY_DECISION);
    List<String> events =
        summary.events().stream().filter(e -> !e.equals(EventReason.CAPACITY_DECISION)).toList();
    assertThat(events)
        .startsWith(EventReason.BURST_STARTED, EventReason.NODE_POOL_SCALE_OUT)
        .endsWith(EventReason.BURST_ENDED, EventReason.NODE_POOL_SCALE_IN);
    List<String> backfill = events.subList(2, events.size() - 2);
    assertThat(backfill).isNotEmpty().hasSize(backfill.size() / 2 * 2);
    for (int i = 0; i < backfill.size(); i += 2) {
      assertThat(backfill.subList(i, i + 2))
          .containsExactly(EventReason.BACKFILL_SURGE, EventReason.BACKFILLED);
    }

    assertThat(summary.timeTo20Ready().toSeconds()).isBetween(30L, 120L);
    assertThat(summary.peakNodes()).isEqualTo(7);
    assertThat(summary.aciPodMinutes()).isPositive();
    assertThat(summary.wall().toSeconds()).as("wall time of the story").isLessThan(30);
  }

  @Test
  void theSummaryReplaysTheStoryWithTheDefaultStrategyAndShowsBoth() {
    DemoSummary summary =
        SeedDemo.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    StrategyReplay.Outcome seed = summary.seedRun();
    StrategyReplay.Outcome dflt = summary.defaultRun();

    assertThat(seed.strategy()).isEqualTo("vm-first");
    assertThat(dflt.strategy()).isEqualTo("cost");
    assertThat(seed.decided()).isEqualTo("VMs: strategy vm-first");
    // at the simulator's prices 17-18 small pods cost less on ACI than 6 new DS2_v2 nodes
    assertThat(dflt.decided()).isEqualTo("ACI: ACI costs less");
    assertThat(dflt.peakNodes()).isEqualTo(1);
    assertThat(dflt.cost().total()).isLessThan(seed.cost().total());
    assertThat(dflt.timeTo20Ready()).isPresent();
    assertThat(dflt.timeTo20Ready().get().toSeconds()).isBetween(30L, 120L);
    // the status's sums of the burst agree with the simulator's meter (which also bills the
    // baseline node the whole run, 0.146 $/h)
    double baselineNode = 0.146 * summary.simulated().toSeconds() / 3600.0;
    assertThat(seed.money()).isPresent();
    assertThat(seed.money().get().spentUsd())
        .isCloseTo(
            seed.cost().total() - baselineNode, org.assertj.core.api.Assertions.within(0.03));
    assertThat(dflt.money().get().spentUsd())
        .isCloseTo(
            dflt.cost().total() - baselineNode, org.assertj.core.api.Assertions.within(0.03));
    // vm-first cost more than keeping the burst on ACI; the cost strategy saved against VMs only
    assertThat(seed.money().get().savedVsAciOnlyUsd()).isNegative();
    assertThat(dflt.money().get().savedVsVmOnlyUsd()).isPositive();
    assertThat(summary.render())
        .contains("The same story, two strategies")
        .contains("ACI: ACI costs less")
        .contains("status: saved vs VMs only");
  }

  @Test
  void mainRunsTheDemoAndPrintsTheSummary() {
    PrintStream original = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      Main.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(out)
        .contains("Azure Monitor: alert nginx-vn-cpu-high Fired -> POST /api/alerts")
        .contains("kubectl scale deploy/nginx-vn -n virtualnode --replicas=2")
        .contains("NAME", "READY", "STATUS", "NODE")
        .contains("BurstStarted", "NodePoolScaleOut", "Backfilled", "BurstEnded", "NodePoolScaleIn")
        .contains("Summary")
        .contains("time to 20 ready:")
        .contains("ACI pod-minutes:")
        .contains("peak VM nodes:                    7")
        .contains("lowest ready during backfill:     20 (floor 20)")
        .contains("lowest ready during shed:         2 (floor 2)")
        .contains("cost:")
        .doesNotContain("INFO");
  }
}
