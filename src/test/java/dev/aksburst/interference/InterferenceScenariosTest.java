package dev.aksburst.interference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.Placement;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimEvent;
import dev.aksburst.sim.SimScenario;
import dev.aksburst.sim.SimWorkloadSpec;
import dev.aksburst.testing.InvariantChecker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The world interferes with a burst on the simulated seed cluster (one DS2_v2 node, the virtual
 * node, {@code nginx-vn}): a human scales or annotates the Deployment, timers overlap, an HPA runs
 * above the floor. Each scenario checks the invariants every simulated 10 s and settles at the end.
 */
class InterferenceScenariosTest {
  static final Logger QUIET = Logger.getLogger("dev.aksburst");
  static Level before;

  @BeforeAll
  static void quiet() {
    before = QUIET.getLevel();
    QUIET.setLevel(Level.OFF);
  }

  @AfterAll
  static void loud() {
    QUIET.setLevel(before);
  }

  static SimScenario seedAt(int replicas) {
    return SeedScenario.scenario().withWorkloads(List.of(SeedScenario.workload(replicas)));
  }

  static InvariantChecker.Limits seedLimits(int baseline) {
    return InvariantChecker.Limits.of(SeedScenario.NGINX_VN, baseline, SeedScenario.POOL, 1);
  }

  static List<String> warnings(InterferenceWorld w) {
    return w.sim.events(w.workload()).stream()
        .filter(SimEvent::warning)
        .map(SimEvent::reason)
        .toList();
  }

  @Test
  void kubectlScaleDuringABackfillSurgeIsCorrectedAtTheNextReconcile() {
    InterferenceWorld w = new InterferenceWorld(seedAt(2), seedLimits(2));
    w.postBurst(20, Duration.ofMinutes(30));
    w.runUntil("backfill surge", w::surging, Duration.ofMinutes(15));

    w.kubectl.scale(w.workload(), 8);
    w.run(Duration.ofMinutes(3));
    assertThat(w.sim.specReplicas(w.workload()))
        .as("the floor of 20 is written again at the next reconcile")
        .isGreaterThanOrEqualTo(20);
    w.run(Duration.ofMinutes(75));

    w.invariants.assertSettled();
    assertThat(warnings(w)).as("no false 'surge landed on virtual nodes'").isEmpty();
  }

  static final WorkloadRef BATCH = WorkloadRef.of("virtualnode", "batch");

  /** A Deployment that is not opted in and cannot run on the virtual node (no toleration). */
  static SimWorkloadSpec vmOnly(int replicas) {
    return new SimWorkloadSpec(
        BATCH,
        Map.of("app", BATCH.name()),
        Map.of(),
        replicas,
        SeedScenario.POD_REQUESTS,
        Placement.NONE,
        Optional.empty());
  }

  @Test
  void thePoolShrinksToWhatHoldsTheBaselineAfterAnotherDeploymentGrew() {
    SimScenario scenario =
        SeedScenario.scenario().withWorkloads(List.of(SeedScenario.workload(1), vmOnly(1)));
    // nginx-vn 1 + batch 3 = 4 pods; one DS2_v2 node holds 3: the pool's new normal is 2 nodes.
    InterferenceWorld w =
        new InterferenceWorld(
            scenario, InvariantChecker.Limits.of(SeedScenario.NGINX_VN, 1, SeedScenario.POOL, 2));
    w.run(Duration.ofMinutes(3));
    assertThat(w.sim.poolNodeCount(SeedScenario.POOL))
        .as("no intent exists: nothing grows the pool")
        .isEqualTo(1);
    w.postBurst(20, Duration.ofMinutes(20));
    w.run(Duration.ofMinutes(5));
    w.kubectl.scale(BATCH, 3);
    w.run(Duration.ofMinutes(60));

    w.invariants.assertSettled();
    assertThat(w.sim.readyOnVm(BATCH)).isEqualTo(3);
  }

  @Test
  void withoutAnIntentABaselinePodOnAciGrowsNoPool() {
    // batch fills the one node first; nginx-vn's single baseline pod runs on the virtual node.
    SimScenario scenario =
        SeedScenario.scenario().withWorkloads(List.of(vmOnly(3), SeedScenario.workload(1)));
    InterferenceWorld w =
        new InterferenceWorld(
                scenario,
                InvariantChecker.Limits.of(SeedScenario.NGINX_VN, 1, SeedScenario.POOL, 1))
            .bothTimers();
    assertThat(w.sim.activeOnVirtual(w.workload())).isEqualTo(1);
    w.run(Duration.ofMinutes(30));

    assertThat(w.sim.poolNodeCount(SeedScenario.POOL))
        .as("the pool grows for bursts, not for a baseline the workload runs with on ACI")
        .isEqualTo(1);
    w.invariants.assertHeld();
  }

  @Test
  void theScheduleAndReconcileTimersInTheSameInstantStartNoBogusSurge() {
    // raise, surge, scale back, surge, scale back, lower: six replica writes for this burst.
    InterferenceWorld w =
        new InterferenceWorld(seedAt(2), seedLimits(2).withMaxReplicaWritesPerHour(6)).bothTimers();
    w.postBurst(20, Duration.ofMinutes(30));
    w.run(Duration.ofMinutes(80));

    w.invariants.assertSettled();
    assertThat(warnings(w)).as("no false 'surge landed on virtual nodes'").isEmpty();
  }
}
