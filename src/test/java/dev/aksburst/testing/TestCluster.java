package dev.aksburst.testing;

import dev.aksburst.model.BurstState;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.Placement;
import dev.aksburst.model.PodView;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.Resources;
import dev.aksburst.model.WorkloadPolicy;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.Plan;
import dev.aksburst.plan.Planner;
import dev.aksburst.reconcile.ClusterPorts;
import dev.aksburst.reconcile.IntentStore;
import dev.aksburst.reconcile.NodePoolScaler;
import dev.aksburst.reconcile.ReconcileLock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory cluster behind every port: opted-in Deployments, the state annotation, pools and
 * pool states, and a record of every write. Enough to drive the trigger functions end to end.
 */
public final class TestCluster {
  public final String clusterId;
  public final Map<WorkloadRef, WorkloadView> workloads = new LinkedHashMap<>();
  public final Set<WorkloadRef> notOptedIn = new HashSet<>();
  public final Map<WorkloadRef, BurstState> states = new LinkedHashMap<>();
  public final Map<String, PoolState> poolStates = new LinkedHashMap<>();
  public final List<NodePoolView> pools = new ArrayList<>();
  public final List<NodeView> nodes = new ArrayList<>();
  public final List<String> writes = new ArrayList<>();
  public final List<String> events = new ArrayList<>();
  public int reads;

  /** When set, every cluster read throws it (an adapter bug, a client library surprise). */
  public RuntimeException readFailure;

  private final Instant observedAt;

  public TestCluster(String clusterId, Instant observedAt) {
    this.clusterId = clusterId;
    this.observedAt = observedAt;
  }

  public TestCluster add(WorkloadView w) {
    workloads.put(w.ref(), w);
    return this;
  }

  public static WorkloadView workload(String ns, String name, int replicas, WorkloadPolicy policy) {
    return workload(ns, name, replicas, policy, List.of());
  }

  public static WorkloadView workload(
      String ns, String name, int replicas, WorkloadPolicy policy, List<PodView> pods) {
    return new WorkloadView(
        WorkloadRef.of(ns, name),
        "1",
        replicas,
        replicas,
        false,
        Map.of("app", name),
        Resources.of(250, 256L << 20),
        Placement.NONE,
        Optional.empty(),
        policy,
        List.of(),
        List.of(),
        BurstState.EMPTY,
        pods);
  }

  public BurstState state(WorkloadRef ref) {
    return states.getOrDefault(ref, BurstState.EMPTY);
  }

  public ClusterPorts ports() {
    IntentStore intents =
        new IntentStore() {
          @Override
          public BurstState read(WorkloadRef w) {
            check(w);
            return state(w);
          }

          @Override
          public BurstState update(WorkloadRef w, java.util.function.UnaryOperator<BurstState> c) {
            check(w);
            BurstState next = c.apply(state(w));
            states.put(w, next);
            writes.add("state " + w);
            return next;
          }

          private void check(WorkloadRef w) {
            if (!workloads.containsKey(w)) {
              throw new IntentStore.NotOptedIn(w, notOptedIn.contains(w));
            }
          }
        };
    NodePoolScaler scaler =
        new NodePoolScaler() {
          @Override
          public List<NodePoolView> describe() {
            return List.copyOf(pools);
          }

          @Override
          public ScaleOutcome scale(NodePoolView pool, int target) {
            writes.add("pool " + pool.name() + "=" + target);
            return new ScaleOutcome.Started("Updating");
          }
        };
    return new ClusterPorts(
        clusterId,
        () -> {
          reads++;
          if (readFailure != null) {
            throw readFailure;
          }
          return new ClusterSnapshot(
              clusterId,
              observedAt,
              workloads.values().stream().map(w -> w.withState(state(w.ref()))).toList(),
              nodes,
              List.of(),
              List.of(),
              Map.of(),
              List.of());
        },
        new dev.aksburst.reconcile.WorkloadWriter() {
          @Override
          public void scale(WorkloadRef w, int replicas) {
            writes.add("scale " + w + "=" + replicas);
          }

          @Override
          public void setHpaMinReplicas(WorkloadRef w, String hpa, int min) {
            writes.add("hpa " + w + "=" + min);
          }

          @Override
          public void setDeletionCost(WorkloadRef w, List<String> pods, int cost) {
            writes.add("cost " + w + " " + pods + "=" + cost);
          }

          @Override
          public void scaleVirtualNodes(
              String namespace,
              String name,
              int replicas,
              java.util.OptionalInt recordBaseline,
              boolean forgetBaseline) {
            writes.add("virtual-nodes " + namespace + "/" + name + "=" + replicas);
          }
        },
        scaler,
        intents,
        new dev.aksburst.reconcile.PoolStateStore() {
          @Override
          public Map<String, PoolState> readAll() {
            return Map.copyOf(poolStates);
          }

          @Override
          public PoolState update(String pool, java.util.function.UnaryOperator<PoolState> c) {
            PoolState next = c.apply(poolStates.getOrDefault(pool, PoolState.EMPTY));
            poolStates.put(pool, next);
            return next;
          }
        },
        (w, reason, message, warning, ctx) -> events.add(reason + " " + w + ": " + message),
        holder -> Optional.of((ReconcileLock.Held) () -> {}));
  }

  /**
   * A minimal planner for trigger tests: raise each workload to its highest active floor. The real
   * planner is tested on its own; here only "a reconcile ran on what the trigger recorded" matters.
   */
  public static final Planner FLOOR_PLANNER =
      (ClusterSnapshot snapshot,
          List<Intent> intents,
          dev.aksburst.plan.PlannerConfig config,
          Instant now) -> {
        List<Action> actions = new ArrayList<>();
        for (WorkloadView w : snapshot.workloads()) {
          int floor =
              intents.stream()
                  .filter(i -> i.target().equals(w.ref()) && i.activeAt(now))
                  .mapToInt(Intent::replicas)
                  .max()
                  .orElse(0);
          if (floor > w.specReplicas()) {
            actions.add(
                new Action.ScaleDeployment(
                    w.ref(),
                    floor,
                    w.specReplicas(),
                    Optional.empty(),
                    "FloorPlanner",
                    "floor " + floor));
          }
        }
        return new Plan(actions, List.of());
      };
}
