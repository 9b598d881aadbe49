package dev.aksburst.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.plan.EventReason;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimCluster;
import dev.aksburst.sim.SimEvent;
import dev.aksburst.sim.SimNode;
import dev.aksburst.sim.SimPoolWrite;
import dev.aksburst.sim.SimScenario;
import dev.aksburst.sim.SimSettings;
import dev.aksburst.sim.SimVirtualNodesV2;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The seed story (1 replica on the VM node, an alert to 20, back to 2) on each setup of today's
 * AKS: virtual nodes v2, a VirtualMachines agent pool, a pool whose scale-out fails for capacity
 * with a fallback pool, a Deallocate-mode pool holding deallocated nodes, node auto-provisioning
 * with placeholders instead of pool writes. On each it runs to the end: 20 Ready, never below the
 * floor, backfilled, back to 2 on the VM node and the pool back to its start; plus what is
 * particular to the setup.
 */
class SeedStorySetupsE2ETest {
  static final String FAILING_POOL = SimSetups.FAILING_POOL;
  static final String ALLOCATION_FAILED = SimSetups.ALLOCATION_FAILED;
  static final int DEALLOCATED = SimSetups.DEALLOCATED;

  /** What one run saw: the cluster at the end, its figures, and each VM node's first Ready. */
  record Run(
      String setup,
      SimCluster sim,
      DemoSummary summary,
      List<String> breaches,
      Set<String> initialNodes,
      Set<String> initiallyDeallocated,
      Map<String, Instant> firstReady) {}

  static Stream<Arguments> setups() {
    return Stream.of(
        Arguments.of(
            "virtual nodes v2",
            SimSetups.of("v2"),
            (Consumer<Run>) SeedStorySetupsE2ETest::onVirtualNodesV2),
        Arguments.of(
            "VirtualMachines pool",
            SimSetups.of("virtual-machines"),
            (Consumer<Run>) SeedStorySetupsE2ETest::onVirtualMachinesPool),
        Arguments.of(
            "capacity-failing pool",
            SimSetups.of("capacity-failing"),
            (Consumer<Run>) SeedStorySetupsE2ETest::onCapacityFailingPool),
        Arguments.of(
            "Deallocate pool",
            SimSetups.of("deallocate"),
            (Consumer<Run>) SeedStorySetupsE2ETest::onDeallocatePool),
        Arguments.of(
            "node auto-provisioning",
            SimSetups.of("nap"),
            (Consumer<Run>) SeedStorySetupsE2ETest::onNodeAutoProvisioning));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("setups")
  void theSeedStoryRunsToTheEnd(String setup, SimScenario scenario, Consumer<Run> particular) {
    Run run = run(setup, scenario);
    SimCluster sim = run.sim();
    DemoSummary summary = run.summary();

    assertThat(summary.timeTo20Ready()).as("20 Ready").isPositive();
    assertThat(run.breaches()).as("never below the floor").isEmpty();
    assertThat(summary.lowestReadyBackfill()).as("backfilled at 20").isEqualTo(SeedDemo.BURST);
    assertThat(summary.lowestReadyShed()).isEqualTo(SeedDemo.BASELINE);
    assertThat(sim.specReplicas(SeedScenario.NGINX_VN)).isEqualTo(SeedDemo.BASELINE);
    assertThat(sim.readyOnVm(SeedScenario.NGINX_VN)).isEqualTo(SeedDemo.BASELINE);
    assertThat(sim.readyOnVirtual(SeedScenario.NGINX_VN)).isZero();
    assertThat(sim.poolNodeCount(SeedScenario.POOL)).as("the pool back to its start").isEqualTo(1);
    assertThat(summary.events())
        .contains(EventReason.BURST_STARTED, EventReason.BACKFILLED, EventReason.BURST_ENDED);
    assertThat(sim.vmNodeCount()).as("one VM node bills at the end").isEqualTo(1);
    particular.accept(run);
  }

  /** The seed's pool was grown to 7 for the burst, then restored to 1. */
  static void grownAndRestored(Run run) {
    assertThat(
            run.sim().poolWrites().stream()
                .filter(w -> w.pool().equals(SeedScenario.POOL))
                .map(SimPoolWrite::to)
                .toList())
        .as("grown for the burst, then restored")
        .contains(7)
        .endsWith(1);
  }

  static Run run(String setup, SimScenario scenario) {
    List<String> breaches = new ArrayList<>();
    AtomicReference<SimCluster> last = new AtomicReference<>();
    Set<String> initial = new TreeSet<>();
    Set<String> deallocated = new TreeSet<>();
    Map<String, Instant> firstReady = new LinkedHashMap<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    DemoSummary summary =
        SeedDemo.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            (sim, floor) -> {
              if (last.get() == null) {
                for (SimNode n : sim.nodes()) {
                  if (!n.virtual()) {
                    initial.add(n.name());
                    if (n.deallocated()) {
                      deallocated.add(n.name());
                    }
                  }
                }
              }
              last.set(sim);
              for (SimNode n : sim.nodes()) {
                if (!n.virtual() && n.ready(sim.now())) {
                  firstReady.putIfAbsent(n.name(), sim.now());
                }
              }
              int ready =
                  sim.readyOnVm(SeedScenario.NGINX_VN) + sim.readyOnVirtual(SeedScenario.NGINX_VN);
              if (floor > 2 && ready < floor) {
                breaches.add(sim.now() + ": " + ready + " ready < floor " + floor);
              }
            },
            scenario);
    try {
      // The story as the demo tells it, for whoever reads a failure.
      java.nio.file.Path dir = java.nio.file.Path.of("target", "seed-story-setups");
      java.nio.file.Files.createDirectories(dir);
      java.nio.file.Files.write(dir.resolve(setup.replace(' ', '-') + ".txt"), out.toByteArray());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new Run(setup, last.get(), summary, breaches, initial, deallocated, firstReady);
  }

  static void onVirtualNodesV2(Run run) {
    grownAndRestored(run);
    assertThat(run.sim().node(SimCluster.VIRTUAL_NODE_NAME)).as("no add-on node").isEmpty();
    assertThat(run.sim().node(SimVirtualNodesV2.nodeName(0))).isPresent();
    assertThat(run.summary().aciPodMinutes()).as("the burst ran on the v2 node").isPositive();
  }

  static void onVirtualMachinesPool(Run run) {
    grownAndRestored(run);
    List<SimPoolWrite> writes = run.sim().poolWrites();
    assertThat(writes)
        .isNotEmpty()
        .allSatisfy(
            w ->
                assertThat(w.field())
                    .isEqualTo("virtualMachinesProfile.scale.manual[Standard_DS2_v2].count"));
    assertThat(run.firstReady().keySet())
        .as("VirtualMachines pool nodes are VMs, not scale set instances")
        .allSatisfy(n -> assertThat(n).contains("-vms").doesNotContain("-vmss"));
    assertThat(run.sim().events(SeedScenario.NGINX_VN))
        .filteredOn(e -> e.reason().equals(EventReason.NODE_POOL_SCALE_OUT))
        .isNotEmpty();
  }

  static void onCapacityFailingPool(Run run) {
    grownAndRestored(run);
    SimCluster sim = run.sim();
    List<SimPoolWrite> writes = sim.poolWrites();
    assertThat(writes.get(0).pool())
        .as("the first pool listed is tried first")
        .isEqualTo(FAILING_POOL);
    assertThat(sim.poolNodeCount(FAILING_POOL)).isZero();
    assertThat(writes.stream().filter(w -> w.pool().equals(FAILING_POOL)).toList())
        .as("the failed pool kept its goal of 6 until it was returned to its start, 0")
        .extracting(SimPoolWrite::from, SimPoolWrite::to)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, 6), org.assertj.core.groups.Tuple.tuple(6, 0));
    assertThat(
            sim.ports().pools().describe().stream()
                .filter(p -> p.name().equals(FAILING_POOL))
                .findFirst()
                .orElseThrow()
                .provisioningState())
        .as("no longer Failed once the write back to 0 succeeded")
        .isEqualTo("Succeeded");
    List<SimEvent> events = sim.events(SeedScenario.NGINX_VN);
    Instant failedWrite =
        writes.stream()
            .filter(w -> w.pool().equals(FAILING_POOL))
            .map(SimPoolWrite::at)
            .findFirst()
            .orElseThrow();
    SimEvent error =
        events.stream()
            .filter(e -> e.reason().equals(EventReason.NODE_POOL_ERROR))
            .filter(e -> e.message().contains("AllocationFailed"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no NodePoolError with the Azure code"));
    SimPoolWrite fallback =
        writes.stream()
            .filter(w -> w.pool().equals(SeedScenario.POOL) && w.to() > w.from())
            .findFirst()
            .orElseThrow();
    assertThat(fallback.at())
        .as("the fallback grows at the reconcile after the failure, in the same one as the Event")
        .isAfter(failedWrite)
        .isEqualTo(error.at());
    assertThat(events)
        .filteredOn(e -> e.reason().equals(EventReason.NODE_POOL_SCALE_OUT))
        .filteredOn(e -> e.at().equals(fallback.at()))
        .singleElement()
        .satisfies(e -> assertThat(e.message()).contains("pool " + SeedScenario.POOL));
  }

  static void onNodeAutoProvisioning(Run run) {
    assertThat(run.sim().poolWrites()).as("not one agent-pool write").isEmpty();
    List<Integer> nap = run.sim().napFigures();
    assertThat(nap.get(0)).as("node auto-provisioning launched the burst's nodes").isPositive();
    assertThat(nap.get(1)).as("and consolidated them after").isEqualTo(nap.get(0));
    assertThat(run.sim().ports().reader().read().placeholders()).as("placeholders gone").isEmpty();
    assertThat(run.summary().events()).contains(EventReason.PLACEHOLDERS_SCALED);
  }

  static void onDeallocatePool(Run run) {
    grownAndRestored(run);
    SimCluster sim = run.sim();
    Instant grew =
        sim.poolWrites().stream()
            .filter(w -> w.pool().equals(SeedScenario.POOL) && w.to() > w.from())
            .map(SimPoolWrite::at)
            .findFirst()
            .orElseThrow();
    Set<String> started = new TreeSet<>();
    List<Duration> startedReady = new ArrayList<>();
    List<Duration> newReady = new ArrayList<>();
    run.firstReady()
        .forEach(
            (node, at) -> {
              if (run.initiallyDeallocated().contains(node)) {
                started.add(node);
                startedReady.add(Duration.between(grew, at));
              } else if (!run.initialNodes().contains(node)) {
                newReady.add(Duration.between(grew, at));
              }
            });
    assertThat(run.initiallyDeallocated()).hasSize(DEALLOCATED);
    assertThat(started)
        .as("the deallocated nodes were started")
        .isEqualTo(run.initiallyDeallocated());
    assertThat(newReady).as("20 replicas need 7 nodes: 3 started, 3 new").hasSize(3);
    Duration slowestStarted = startedReady.stream().max(Duration::compareTo).orElseThrow();
    Duration fastestNew = newReady.stream().min(Duration::compareTo).orElseThrow();
    System.out.println(
        "Deallocate pool: started nodes Ready "
            + startedReady
            + " after the write, new nodes "
            + newReady);
    assertThat(slowestStarted).isLessThan(fastestNew);
    assertThat(slowestStarted)
        .isLessThanOrEqualTo(SimSettings.DEFAULTS.deallocatedStartDelay().plusSeconds(1));
    assertThat(sim.nodes().stream().filter(SimNode::deallocated).count())
        .as("the scale-in deallocated the burst's 6 nodes instead of deleting them")
        .isEqualTo(6);
    assertThat(sim.vmNodeCount()).as("one node bills compute").isEqualTo(1);
  }
}
