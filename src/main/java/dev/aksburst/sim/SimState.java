package dev.aksburst.sim;

import dev.aksburst.model.DisruptionBudgetView;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.Resources;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.IntentStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * What a {@link SimCluster} holds: its pools, nodes, pods, Deployments, stored pool states, Events
 * and the lookups over them that its controllers, snapshots and writes share. Not thread-safe on
 * its own: every caller holds the {@link SimCluster}'s monitor.
 */
final class SimState {
  final SimScenario scenario;
  final SimSettings settings;
  final SimClock clock;
  final Random random;
  final Map<String, SimPoolRuntime> pools = new LinkedHashMap<>();
  final Map<String, SimNode> nodes = new LinkedHashMap<>();
  final Map<String, SimPod> pods = new LinkedHashMap<>();
  final Map<WorkloadRef, SimDeployment> deployments = new LinkedHashMap<>();
  final Map<String, PoolState> poolStates = new HashMap<>();
  final SimAciGate aci;

  /** The replicas each HPA's metric asks for. */
  final Map<WorkloadRef, Integer> load = new HashMap<>();

  final List<SimEvent> events = new ArrayList<>();
  final Map<String, DisruptionBudgetView> disruptionBudgets = new TreeMap<>();
  final Optional<SimVirtualNodeSet> virtualNodesV2;
  final SimCapacityFailures capacityFailures = new SimCapacityFailures();
  final SimKarpenterDeletionCost karpenter = new SimKarpenterDeletionCost();

  /** The PriorityClass of each Deployment that names one (placeholders); the rest have none. */
  final Map<WorkloadRef, String> priorityClasses = new HashMap<>();

  /** Pods evicted by scheduler preemption since the start. */
  int preempted;

  SimState(SimScenario scenario, Instant t0) {
    this.scenario = scenario;
    this.settings = scenario.settings();
    this.aci = new SimAciGate(settings.aciCoreQuota(), settings.aciLimits());
    this.clock = new SimClock(t0);
    this.random = new Random(settings.seed());
    this.virtualNodesV2 = scenario.virtualNodesV2().map(SimVirtualNodeSet::new);
  }

  /** Adds the scenario's virtual nodes and Deployments, as they are at {@code t0}. */
  void seed(Instant t0) {
    if (scenario.virtualNode()) {
      nodes.put(
          SimCluster.VIRTUAL_NODE_NAME,
          new SimNode(
              SimCluster.VIRTUAL_NODE_NAME,
              Optional.empty(),
              "",
              SimCluster.VIRTUAL_NODE_LABELS,
              List.of(SimCluster.VIRTUAL_NODE_TAINT),
              true,
              SimCluster.VIRTUAL_NODE_ALLOCATABLE,
              SimCluster.VIRTUAL_NODE_MAX_PODS,
              Resources.ZERO,
              0,
              t0,
              t0,
              t0,
              Optional.empty(),
              0));
    }
    virtualNodesV2.ifPresent(
        v -> {
          for (int i = 0; i < v.replicas(); i++) {
            SimNode n = v.node(i, t0.minus(scenario.virtualNodesV2().get().nodeStartDelay()));
            nodes.put(n.name(), n);
          }
        });
    for (SimWorkloadSpec w : scenario.workloads()) {
      deployments.put(w.ref(), SimDeployment.created(w));
      if (w.hpa().isPresent()) {
        // The HPA's metric asks for the initial replicas until setLoad says otherwise.
        load.put(w.ref(), w.replicas());
      }
    }
  }

  List<SimNode> registeredNodes(Instant now) {
    return nodes.values().stream().filter(n -> n.registered(now)).toList();
  }

  boolean onVirtualNode(SimPod p) {
    return p.node().map(nodes::get).map(SimNode::virtual).orElse(false);
  }

  /** What the pods bound to the node (and its DaemonSets) request. */
  Resources requestedOn(SimNode n) {
    Resources r = n.daemonSetRequested();
    for (SimPod p : pods.values()) {
      if (p.holdsResources() && p.node().equals(Optional.of(n.name()))) {
        r = r.plus(p.requests());
      }
    }
    return r;
  }

  List<SimNode> poolNodes(String pool) {
    return nodes.values().stream().filter(n -> n.pool().equals(Optional.of(pool))).toList();
  }

  Optional<String> poolOf(String node) {
    SimNode n = nodes.get(node);
    return n == null ? Optional.empty() : n.pool();
  }

  /** Nodes of the pool that are not being removed (provisioning ones included). */
  int poolCount(String pool) {
    return (int) poolNodes(pool).stream().filter(n -> !n.cordoned() && !n.deallocated()).count();
  }

  /** The Deployment; an IllegalArgumentException (an operator's mistake) when there is none. */
  SimDeployment existing(WorkloadRef ref) {
    SimDeployment d = deployments.get(ref);
    if (d == null) {
      throw new IllegalArgumentException("no Deployment " + ref + " in the scenario");
    }
    return d;
  }

  /** The opted-in Deployment; {@link IntentStore.NotOptedIn} otherwise. */
  SimDeployment optedIn(WorkloadRef ref) {
    SimDeployment d = deployments.get(ref);
    if (d == null || !d.optedIn()) {
      throw new IntentStore.NotOptedIn(ref, d != null);
    }
    return d;
  }
}
