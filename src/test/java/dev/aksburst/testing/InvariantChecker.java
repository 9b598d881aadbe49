package dev.aksburst.testing;

import dev.aksburst.model.Intent;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.ClusterPorts;
import dev.aksburst.reconcile.WorkloadWriter;
import dev.aksburst.sim.Kubectl;
import dev.aksburst.sim.SimCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The five invariants of a scenario on the simulator, checked each time {@link #check()} runs
 * (scenario tests call it every simulated 10 s) and at the end ({@link #assertSettled()}):
 *
 * <ol>
 *   <li>Ready pods are at or above the active floor once they reached it (a dip shorter than {@link
 *       Limits#settle()} is the time a reconcile and a pod start take after interference);
 *   <li>spec replicas at or below {@code aksburst.dev/max-replicas};
 *   <li>active pods on virtual nodes at or below {@code aksburst.dev/max-virtual-pods};
 *   <li>replica writes (spec.replicas or HPA minReplicas) by aks-burst in any hour at or below a
 *       budget;
 *   <li>at the end: baseline replicas, no pod on virtual nodes, the pool at its baseline.
 * </ol>
 *
 * Caps (2, 3) allow {@link Limits#reaction()}: an annotation changed just after a reconcile is read
 * by the next one. The first violation is kept, with its time and numbers, and {@link
 * #assertHeld()} fails with it.
 */
public final class InvariantChecker {
  /** What the scenario promises. */
  public record Limits(
      WorkloadRef workload,
      int baselineReplicas,
      String pool,
      int baselineNodes,
      int maxReplicaWritesPerHour,
      Duration settle,
      Duration reaction) {
    public static Limits of(
        WorkloadRef workload, int baselineReplicas, String pool, int baselineNodes) {
      return new Limits(
          workload,
          baselineReplicas,
          pool,
          baselineNodes,
          20,
          Duration.ofMinutes(3),
          Duration.ofSeconds(70));
    }

    public Limits withMaxReplicaWritesPerHour(int n) {
      return new Limits(workload, baselineReplicas, pool, baselineNodes, n, settle, reaction);
    }
  }

  private final SimCluster sim;
  private final Kubectl kubectl;
  private final Limits limits;
  private final List<Instant> replicaWrites = new ArrayList<>();
  private Optional<String> firstViolation = Optional.empty();
  private int checks;
  private int floor;
  private boolean floorReached;
  private Instant belowFloorSince;
  private Instant overMaxSince;
  private Instant overVirtualSince;
  private boolean watching;
  private OptionalInt lastSpec = OptionalInt.empty();

  public InvariantChecker(SimCluster sim, Limits limits) {
    this.sim = sim;
    this.kubectl = new Kubectl(sim);
    this.limits = limits;
  }

  public Limits limits() {
    return limits;
  }

  /**
   * The ports with a writer that records every replica write of the workload for invariant 4.
   * Without it (a story that builds its own app), each change of spec replicas seen by {@link
   * #check()} counts as one write: fewer than were made when two land between checks.
   */
  public ClusterPorts watch(ClusterPorts p) {
    watching = true;
    WorkloadWriter inner = p.writer();
    WorkloadWriter counting =
        new WorkloadWriter() {
          @Override
          public void scale(WorkloadRef workload, int replicas) {
            inner.scale(workload, replicas);
            recordWrite(workload);
          }

          @Override
          public void setHpaMinReplicas(WorkloadRef workload, String hpaName, int minReplicas) {
            inner.setHpaMinReplicas(workload, hpaName, minReplicas);
            recordWrite(workload);
          }

          @Override
          public void setDeletionCost(WorkloadRef workload, List<String> pods, int cost) {
            inner.setDeletionCost(workload, pods, cost);
          }

          @Override
          public java.util.Map<String, java.util.OptionalInt> deletionCosts(
              WorkloadRef workload, List<String> pods) {
            return inner.deletionCosts(workload, pods);
          }

          @Override
          public void scaleVirtualNodes(
              String namespace,
              String name,
              int replicas,
              java.util.OptionalInt recordBaseline,
              boolean forgetBaseline) {
            inner.scaleVirtualNodes(namespace, name, replicas, recordBaseline, forgetBaseline);
          }

          @Override
          public void writePlaceholders(
              WorkloadRef workload, dev.aksburst.model.PlaceholderTemplate template, int replicas) {
            inner.writePlaceholders(workload, template, replicas);
          }
        };
    return new ClusterPorts(
        p.clusterId(),
        p.reader(),
        counting,
        p.pools(),
        p.intents(),
        p.poolStates(),
        p.events(),
        p.lock());
  }

  private synchronized void recordWrite(WorkloadRef workload) {
    if (workload.equals(limits.workload())) {
      replicaWrites.add(sim.now());
    }
  }

  /** The floor every active intent asks for, capped by max-replicas, as stored on the cluster. */
  public int floor() {
    Instant now = sim.now();
    int f =
        sim.burstState(limits.workload()).intents().stream()
            .filter(i -> i.activeAt(now))
            .mapToInt(Intent::replicas)
            .max()
            .orElse(0);
    OptionalInt max = maxReplicas();
    return max.isPresent() ? Math.min(f, max.getAsInt()) : f;
  }

  private OptionalInt maxReplicas() {
    return intAnnotation("aksburst.dev/max-replicas");
  }

  private OptionalInt intAnnotation(String key) {
    String v = kubectl.annotations(limits.workload()).get(key);
    if (v == null) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(v.trim()));
    } catch (NumberFormatException invalid) {
      return OptionalInt.empty();
    }
  }

  /** Checks invariants 1 to 4 at the simulator's current time. */
  public synchronized void check() {
    checks++;
    Instant now = sim.now();
    WorkloadRef w = limits.workload();
    if (!sim.hasDeployment(w)) {
      // deleted (kubectl delete): no floor, no caps until it is created again
      floor = 0;
      floorReached = false;
      belowFloorSince = null;
      overMaxSince = null;
      overVirtualSince = null;
      return;
    }
    int ready = sim.readyOnVm(w) + sim.readyOnVirtual(w);
    int f = floor();
    if (f != floor) {
      if (f > floor) {
        floorReached = false;
      }
      floor = f;
      belowFloorSince = null;
    }
    if (floor > 0 && ready >= floor) {
      floorReached = true;
      belowFloorSince = null;
    } else if (floor > 0 && floorReached) {
      if (belowFloorSince == null) {
        belowFloorSince = now;
      }
      if (Duration.between(belowFloorSince, now).compareTo(limits.settle()) > 0) {
        violate(
            "Ready "
                + ready
                + " < active floor "
                + floor
                + " since "
                + belowFloorSince
                + " (spec replicas "
                + sim.specReplicas(w)
                + ")");
      }
    }
    int spec = sim.specReplicas(w);
    if (!watching && lastSpec.isPresent() && lastSpec.getAsInt() != spec) {
      replicaWrites.add(now);
    }
    lastSpec = OptionalInt.of(spec);
    OptionalInt max = maxReplicas();
    if (max.isPresent() && spec > max.getAsInt()) {
      overMaxSince = overMaxSince == null ? now : overMaxSince;
      if (Duration.between(overMaxSince, now).compareTo(limits.reaction()) > 0) {
        violate(
            "spec replicas "
                + spec
                + " > aksburst.dev/max-replicas="
                + max.getAsInt()
                + " since "
                + overMaxSince);
      }
    } else {
      overMaxSince = null;
    }
    int virtual = sim.activeOnVirtual(w);
    OptionalInt maxVirtual = intAnnotation("aksburst.dev/max-virtual-pods");
    if (maxVirtual.isPresent() && virtual > maxVirtual.getAsInt()) {
      overVirtualSince = overVirtualSince == null ? now : overVirtualSince;
      if (Duration.between(overVirtualSince, now).compareTo(limits.reaction()) > 0) {
        violate(
            virtual
                + " pods on virtual nodes > aksburst.dev/max-virtual-pods="
                + maxVirtual.getAsInt()
                + " since "
                + overVirtualSince);
      }
    } else {
      overVirtualSince = null;
    }
    int writes = writesInTheLastHour(now);
    if (writes > limits.maxReplicaWritesPerHour()) {
      violate(
          writes
              + " replica writes in the hour before, more than "
              + limits.maxReplicaWritesPerHour()
              + ": "
              + replicaWrites.stream()
                  .filter(t -> t.isAfter(now.minus(Duration.ofHours(1))))
                  .toList());
    }
  }

  private int writesInTheLastHour(Instant now) {
    Instant from = now.minus(Duration.ofHours(1));
    return (int) replicaWrites.stream().filter(t -> t.isAfter(from)).count();
  }

  private void violate(String what) {
    if (firstViolation.isEmpty()) {
      firstViolation = Optional.of("at " + sim.now() + ": " + what);
    }
  }

  public synchronized Optional<String> firstViolation() {
    return firstViolation;
  }

  /** The most replica writes in any 60-minute window so far. */
  public synchronized int maxReplicaWritesPerHour() {
    List<Instant> at = replicaWrites.stream().sorted().toList();
    int max = 0;
    for (int i = 0; i < at.size(); i++) {
      int j = i;
      while (j < at.size() && at.get(j).isBefore(at.get(i).plus(Duration.ofHours(1)))) {
        j++;
      }
      max = Math.max(max, j - i);
    }
    return max;
  }

  /** Fails with the first violation of invariants 1 to 4. */
  public synchronized void assertHeld() {
    if (checks == 0) {
      throw new AssertionError("the invariants were never checked: call check() as time passes");
    }
    if (firstViolation.isPresent()) {
      throw new AssertionError(limits.workload() + ": invariant violated " + firstViolation.get());
    }
  }

  /**
   * {@link #assertHeld()} and invariant 5: baseline replicas, nothing on ACI, the pool restored.
   */
  public synchronized void assertSettled() {
    assertHeld();
    WorkloadRef w = limits.workload();
    int spec = sim.specReplicas(w);
    int virtual = sim.activeOnVirtual(w);
    int nodes = sim.poolNodeCount(limits.pool());
    if (spec != limits.baselineReplicas() || virtual != 0 || nodes != limits.baselineNodes()) {
      throw new AssertionError(
          w
              + ": not settled at "
              + sim.now()
              + ": spec replicas "
              + spec
              + " (baseline "
              + limits.baselineReplicas()
              + "), "
              + virtual
              + " pods on virtual nodes (want 0), pool "
              + limits.pool()
              + " at "
              + nodes
              + " nodes (baseline "
              + limits.baselineNodes()
              + ")");
    }
  }
}
