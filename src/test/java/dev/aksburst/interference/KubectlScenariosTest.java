package dev.aksburst.interference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.EventReason;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimEvent;
import dev.aksburst.sim.SimSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Humans change the Deployment itself mid-burst: a rollout (a new ReplicaSet rolls in), a delete
 * and a recreate from the manifest. Played through {@link dev.aksburst.sim.Kubectl}.
 */
class KubectlScenariosTest {
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

  static boolean rolling(InterferenceWorld w) {
    return w.sim.ports().reader().read().workloads().stream()
        .filter(v -> v.ref().equals(w.workload()))
        .anyMatch(WorkloadView::rolloutInProgress);
  }

  @Test
  void aRolloutDuringABackfillSurgeIsNeverBackfilledAndTheBurstStillSettles() {
    // A readiness probe of 90 s on VMs: rolling 30 pods takes several reconciles.
    InterferenceWorld w =
        new InterferenceWorld(
            InterferenceScenariosTest.seedAt(2)
                .withSettings(SimSettings.DEFAULTS.withVmPodStartDelay(Duration.ofSeconds(90))),
            InterferenceScenariosTest.seedLimits(2));
    w.postBurst(20, Duration.ofMinutes(30));
    w.runUntil("backfill surge", w::surging, Duration.ofMinutes(15));
    w.kubectl.rolloutRestart(w.workload());
    List<Instant> rollingAt = new ArrayList<>();
    for (int i = 0; i < 6 * 100; i++) {
      if (rolling(w)) {
        rollingAt.add(w.sim.now());
      }
      w.step();
    }

    assertThat(Duration.between(rollingAt.get(0), rollingAt.get(rollingAt.size() - 1)))
        .as("the simulator plays the rollout across reconciles")
        .isGreaterThan(Duration.ofMinutes(2));
    List<Instant> surges =
        w.sim.events(w.workload()).stream()
            .filter(e -> e.reason().equals(EventReason.BACKFILL_SURGE))
            .map(SimEvent::at)
            .toList();
    assertThat(surges).as("backfilled after the rollout").isNotEmpty();
    Instant rolloutStart = rollingAt.get(0);
    Instant rolloutEnd = rollingAt.get(rollingAt.size() - 1);
    assertThat(surges)
        .as("never a backfill surge during the rollout")
        .allMatch(t -> !t.isAfter(rolloutStart) || t.isAfter(rolloutEnd));
    w.invariants.assertSettled();
    assertThat(rolling(w)).as("the rollout finished").isFalse();
  }

  @Test
  void aDeploymentDeletedAndRecreatedMidBurstLosesItsFloorAndThePoolIsRestored() {
    InterferenceWorld w =
        new InterferenceWorld(
            InterferenceScenariosTest.seedAt(2), InterferenceScenariosTest.seedLimits(2));
    w.postBurst(20, Duration.ofMinutes(30));
    w.run(Duration.ofMinutes(8));
    assertThat(w.sim.poolNodeCount(SeedScenario.POOL)).isGreaterThan(1);

    w.kubectl.delete(w.workload());
    w.run(Duration.ofMinutes(1));
    assertThat(w.sim.pods(w.workload())).as("its pods went with it").isEmpty();
    w.kubectl.create(SeedScenario.workload(2));
    assertThat(w.sim.burstState(w.workload()).intents())
        .as("the floor lived in the Deployment's state annotation")
        .isEmpty();
    w.run(Duration.ofMinutes(60));

    w.invariants.assertSettled();
  }
}
