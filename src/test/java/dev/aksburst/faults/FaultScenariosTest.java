package dev.aksburst.faults;

import static dev.aksburst.faults.FaultWorld.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.faults.FaultyPorts.Arm;
import dev.aksburst.faults.FaultyPorts.Kube;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End-to-end fault scenarios on the simulated seed cluster (1 DS2_v2 node + the virtual node,
 * {@code nginx-vn} at 1 replica, max 30; 20 replicas need 7 nodes). Each scenario bursts to 20,
 * injects a fault, clears it, and checks the invariants: no acknowledged intent is lost, Ready pods
 * stay at or above the floor whenever capacity allows, replica and pool writes per hour stay
 * bounded, and the cluster converges (20 Ready, all on VMs, 7 nodes) once the fault clears.
 */
class FaultScenariosTest {
  /** A burst, its backfill and a scale-in need about a dozen replica writes; 20 is the ceiling. */
  static final int MAX_REPLICA_WRITES_PER_HOUR = 20;

  /**
   * Pool writes: after a refusal or a failed operation a pool is written at most once per 5 minutes
   * (the first retry may come sooner), so 13 in any hour.
   */
  static final int MAX_POOL_WRITES_PER_HOUR = 13;

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

  static final Predicate<Instant> ALWAYS = t -> true;

  static Predicate<Instant> outside(Instant from, Instant until) {
    return t -> t.isBefore(from) || !t.isBefore(until.plus(FaultWorld.SETTLE));
  }

  static void assertInvariants(String name, FaultWorld w, Predicate<Instant> capacityAllows) {
    FaultLedger.record(name, w);
    assertThat(w.lostIntents()).as(name + ": acknowledged intents lost").isEmpty();
    assertThat(w.undelivered()).as(name + ": deliveries never acknowledged").isZero();
    assertThat(w.floorViolations(capacityAllows)).as(name + ": Ready below the floor").isEmpty();
    assertThat(w.replicaWritesPerHour())
        .as(name + ": replica writes per hour")
        .isLessThanOrEqualTo(MAX_REPLICA_WRITES_PER_HOUR);
    assertThat(w.poolWritesPerHour())
        .as(name + ": pool writes per hour")
        .isLessThanOrEqualTo(MAX_POOL_WRITES_PER_HOUR);
  }

  static void assertConverged(String name, FaultWorld w, int replicas) {
    assertThat(w.sim.specReplicas(WEB)).as(name + ": spec replicas").isEqualTo(replicas);
    assertThat(w.sim.readyOnVm(WEB)).as(name + ": Ready on VMs").isEqualTo(replicas);
    assertThat(w.sim.activeOnVirtual(WEB)).as(name + ": pods left on ACI").isZero();
    assertThat(w.sim.poolNodeCount(SeedScenario.POOL)).as(name + ": pool nodes").isEqualTo(7);
  }

  @Test
  void noFault_baseline() {
    FaultWorld w = FaultWorld.seed();
    w.postBurst(20, Duration.ofHours(2), "baseline");
    w.run(Duration.ofMinutes(40));
    assertInvariants("baseline", w, ALWAYS);
    assertConverged("baseline", w, 20);
  }

  @Test
  void kubernetesApi500_afterTheBurstStarted() {
    FaultWorld w = FaultWorld.seed();
    w.postBurst(20, Duration.ofHours(2), "k8s-500");
    w.run(Duration.ofMinutes(2));
    w.faults.kube(Kube.SERVER_ERROR);
    w.run(Duration.ofMinutes(15));
    w.faults.kube(Kube.HEALTHY);
    w.run(Duration.ofMinutes(40));
    assertInvariants("kubernetes API 500 during a burst", w, ALWAYS);
    assertConverged("kubernetes API 500 during a burst", w, 20);
  }

  @Test
  void kubernetesApi500_whenTheRequestArrives() {
    FaultWorld w = FaultWorld.seed();
    Instant start = w.sim.now();
    w.faults.kube(Kube.SERVER_ERROR);
    w.postBurst(20, Duration.ofHours(2), "k8s-500-first");
    w.fireAlert("cpu-high", 15);
    w.eventBurst("evt-500", 12);
    w.run(Duration.ofMinutes(10));
    assertThat(w.acknowledged()).as("nothing is acknowledged while the API answers 500").isEmpty();
    Instant cleared = w.sim.now();
    w.faults.kube(Kube.HEALTHY);
    w.run(Duration.ofMinutes(40));
    assertThat(w.acknowledged()).hasSize(3);
    assertInvariants("kubernetes API 500 at the request", w, outside(start, cleared));
    assertConverged("kubernetes API 500 at the request", w, 20);
  }

  @Test
  void kubernetesTimeouts_writesAppliedButUnanswered() {
    FaultWorld w = FaultWorld.seed();
    w.postBurst(20, Duration.ofHours(2), "k8s-timeout");
    w.run(Duration.ofMinutes(4));
    w.faults.kube(Kube.TIMEOUT);
    w.run(Duration.ofMinutes(15));
    w.faults.kube(Kube.HEALTHY);
    w.run(Duration.ofMinutes(40));
    assertInvariants("kubernetes API timeouts", w, ALWAYS);
    assertConverged("kubernetes API timeouts", w, 20);
  }

  @Test
  void armThrottlingStorm() {
    FaultWorld w = FaultWorld.seed();
    w.faults.arm(Arm.THROTTLED);
    w.postBurst(20, Duration.ofHours(2), "arm-429");
    w.run(Duration.ofMinutes(30));
    assertThat(w.sim.poolNodeCount(SeedScenario.POOL)).isEqualTo(1);
    w.faults.arm(Arm.HEALTHY);
    w.run(Duration.ofMinutes(40));
    assertInvariants("ARM 429 storm", w, ALWAYS);
    assertConverged("ARM 429 storm", w, 20);
  }

  @Test
  void armOperationInProgress() {
    FaultWorld w = FaultWorld.seed();
    w.faults.arm(Arm.BUSY);
    w.postBurst(20, Duration.ofHours(2), "arm-409");
    w.run(Duration.ofMinutes(30));
    w.faults.arm(Arm.HEALTHY);
    w.run(Duration.ofMinutes(40));
    assertInvariants("ARM 409 operation in progress", w, ALWAYS);
    assertConverged("ARM 409 operation in progress", w, 20);
  }

  @Test
  void longRunningOperationFailsWithQuotaExceeded() {
    FaultWorld w = FaultWorld.seed();
    w.faults.arm(Arm.LRO_QUOTA_EXCEEDED);
    w.postBurst(20, Duration.ofHours(3), "arm-quota");
    w.run(Duration.ofMinutes(60));
    assertThat(w.sim.events(WEB))
        .anyMatch(e -> e.reason().equals("NodePoolError") && e.message().contains("QuotaExceeded"));
    w.faults.arm(Arm.HEALTHY);
    w.run(Duration.ofMinutes(40));
    assertInvariants("ARM operation fails with QuotaExceeded", w, ALWAYS);
    assertConverged("ARM operation fails with QuotaExceeded", w, 20);
  }

  @Test
  void twentyConcurrentTriggersOnOneWorkloadWithStateConflicts() throws Exception {
    FaultWorld w = FaultWorld.seed();
    w.faults.conflictNextStateWrites(10);
    java.util.List<Runnable> triggers = new java.util.ArrayList<>();
    for (int i = 0; i < 7; i++) {
      int n = i;
      triggers.add(() -> w.postBurst(10 + n, Duration.ofHours(2), "concurrent-" + n));
      triggers.add(() -> w.fireAlert("rule-" + n, 12 + n));
      if (i < 6) {
        triggers.add(() -> w.eventBurst("evt-" + n, 14 + n));
      }
    }
    assertThat(triggers).hasSize(20);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(20);
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
    for (Runnable t : triggers) {
      done.add(
          pool.submit(
              () -> {
                go.await();
                t.run();
                return null;
              }));
    }
    go.countDown();
    for (java.util.concurrent.Future<?> f : done) {
      f.get(60, java.util.concurrent.TimeUnit.SECONDS);
    }
    pool.shutdown();
    w.run(Duration.ofMinutes(40));
    assertThat(w.acknowledged()).hasSize(20);
    assertThat(w.floor()).isEqualTo(19);
    assertInvariants("20 concurrent triggers with 409 conflicts", w, ALWAYS);
    assertConverged19(w);
  }

  private static void assertConverged19(FaultWorld w) {
    assertThat(w.sim.specReplicas(WEB)).isEqualTo(19);
    assertThat(w.sim.readyOnVm(WEB)).isEqualTo(19);
    assertThat(w.sim.activeOnVirtual(WEB)).isZero();
  }

  @Test
  void aciQuotaRefusesMostPods() {
    FaultWorld w = new FaultWorld(SeedScenario.scenario(SimSettings.DEFAULTS.withAciCoreQuota(2)));
    Instant start = w.sim.now();
    w.postBurst(20, Duration.ofHours(2), "aci-quota");
    w.run(Duration.ofMinutes(45));
    assertInvariants("ACI core quota", w, t -> !t.isBefore(start.plus(Duration.ofMinutes(10))));
    assertConverged("ACI core quota", w, 20);
  }

  @Test
  void aciProviderFailsEveryPod() {
    FaultWorld w = new FaultWorld(SeedScenario.scenario(SimSettings.DEFAULTS.withAciCoreQuota(0)));
    Instant start = w.sim.now();
    w.postBurst(20, Duration.ofHours(2), "aci-down");
    w.run(Duration.ofMinutes(45));
    assertInvariants(
        "ACI fails every pod", w, t -> !t.isBefore(start.plus(Duration.ofMinutes(10))));
    assertConverged("ACI fails every pod", w, 20);
  }

  @Test
  void newVmNodesNeverBecomeReady() {
    SimSettings never =
        SimSettings.DEFAULTS.withNodeProvisioningDelay(
            Duration.ofSeconds(150), Duration.ofDays(30));
    FaultWorld w = new FaultWorld(SeedScenario.scenario(never));
    w.postBurst(20, Duration.ofHours(1), "vm-never-ready");
    w.run(Duration.ofMinutes(100));
    assertInvariants("VM nodes never Ready", w, ALWAYS);
    // ACI carried the whole burst; no backfill moved pods onto nodes that never came; scale-in
    // after the burst shed the ACI pods and kept the VM one.
    assertThat(w.samples().get(50).ready()).isEqualTo(20);
    assertThat(w.sim.specReplicas(WEB)).isEqualTo(1);
    assertThat(w.sim.readyOnVm(WEB)).isEqualTo(1);
    assertThat(w.sim.activeOnVirtual(WEB)).isZero();
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "stops before write {0} of the burst")
  @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8})
  void processStopsBetweenTwoActionsOfTheBurst(int writes) {
    FaultWorld w = FaultWorld.seed();
    w.faults.stopAfterWrites(writes);
    w.postBurst(20, Duration.ofHours(2), "stop-" + writes);
    w.run(Duration.ofMinutes(40));
    assertThat(w.restarts()).as("the stop happened").isEqualTo(1);
    assertInvariants("process stops before write " + writes + " of the burst", w, ALWAYS);
    assertConverged("process stops before write " + writes + " of the burst", w, 20);
  }

  @org.junit.jupiter.params.ParameterizedTest(name = "stops before write {0} of the wind-down")
  @org.junit.jupiter.params.provider.ValueSource(ints = {0, 1, 2})
  void processStopsBetweenTwoActionsOfTheWindDown(int writes) {
    FaultWorld w = FaultWorld.seed();
    w.postBurst(20, Duration.ofMinutes(20), "winddown-" + writes);
    w.run(Duration.ofMinutes(20));
    w.faults.stopAfterWrites(writes);
    w.run(Duration.ofMinutes(60));
    assertThat(w.restarts()).as("the stop happened").isEqualTo(1);
    assertInvariants("process stops before write " + writes + " of the wind-down", w, ALWAYS);
    assertThat(w.sim.specReplicas(WEB)).isEqualTo(1);
    assertThat(w.sim.readyOnVm(WEB)).isEqualTo(1);
    assertThat(w.sim.poolNodeCount(SeedScenario.POOL)).isEqualTo(1);
  }
}
