package dev.aksburst.interference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.contract.Annotations;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimEvent;
import dev.aksburst.sim.SimHpaSpec;
import dev.aksburst.sim.SimScenario;
import dev.aksburst.sim.SimWorkloadSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The burst meets another controller or a changed cap: an HPA that already runs more pods than the
 * floor asks for, {@code aksburst.dev/max-replicas} lowered in the middle of a burst.
 */
class HpaAndCapScenariosTest {
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

  /** nginx-vn under HPA {@code nginx-vn} (2..30), at {@code load} replicas. */
  static SimScenario seedWithHpa(int load) {
    SimWorkloadSpec s = SeedScenario.workload(load);
    SimWorkloadSpec withHpa =
        new SimWorkloadSpec(
            s.ref(),
            s.labels(),
            s.annotations(),
            s.replicas(),
            s.requests(),
            s.placement(),
            Optional.of(new SimHpaSpec("nginx-vn", 2, 30)));
    return SeedScenario.scenario().withWorkloads(List.of(withHpa));
  }

  static List<SimEvent> warnings(InterferenceWorld w) {
    return w.sim.events(w.workload()).stream().filter(SimEvent::warning).toList();
  }

  @Test
  void aBackfillUnderAnHpaAboveTheFloorSurgesFromWhatRunsAndLandsOnVms() {
    // The HPA holds 12 for the load; the manual floor asks for 8: the 9 pods on ACI are backfilled.
    InterferenceWorld w =
        new InterferenceWorld(seedWithHpa(12), InterferenceScenariosTest.seedLimits(2));
    w.sim.setLoad(w.workload(), 12);
    w.run(Duration.ofMinutes(2));
    w.postBurst(8, Duration.ofMinutes(40));
    w.run(Duration.ofMinutes(30));
    assertThat(w.sim.activeOnVirtual(w.workload()))
        .as("the backfill moved the HPA's pods from ACI to the new VMs")
        .isZero();
    w.sim.setLoad(w.workload(), 2);
    w.run(Duration.ofMinutes(90));

    w.invariants.assertSettled();
    assertThat(warnings(w)).as("no false 'surge landed on virtual nodes'").isEmpty();
  }

  @Test
  void loweringMaxReplicasMidBurstIsObeyedAtTheNextReconcileEvenInASurge() {
    InterferenceWorld w =
        new InterferenceWorld(
            InterferenceScenariosTest.seedAt(2), InterferenceScenariosTest.seedLimits(2));
    w.postBurst(20, Duration.ofMinutes(30));
    w.runUntil("backfill surge", w::surging, Duration.ofMinutes(15));

    w.kubectl.annotate(w.workload(), Annotations.MAX_REPLICAS, "12");
    w.run(Duration.ofSeconds(70));
    assertThat(w.sim.specReplicas(w.workload()))
        .as("a hard cap is no scale-in to be cooled down")
        .isLessThanOrEqualTo(12);
    w.run(Duration.ofMinutes(90));

    w.invariants.assertSettled();
  }

  @Test
  void loweringMaxReplicasJustAfterTheRaiseIsObeyedWithinTheCooldown() {
    InterferenceWorld w =
        new InterferenceWorld(
            InterferenceScenariosTest.seedAt(2), InterferenceScenariosTest.seedLimits(2));
    w.postBurst(20, Duration.ofMinutes(30));
    w.run(Duration.ofSeconds(20));
    assertThat(w.sim.specReplicas(w.workload())).isEqualTo(20);

    w.kubectl.annotate(w.workload(), Annotations.MAX_REPLICAS, "12");
    w.run(Duration.ofSeconds(70));
    assertThat(w.sim.specReplicas(w.workload()))
        .as("the cap is written at the next reconcile, not after the 3-minute scale-in cooldown")
        .isLessThanOrEqualTo(12);
    w.run(Duration.ofMinutes(90));

    w.invariants.assertSettled();
  }
}
