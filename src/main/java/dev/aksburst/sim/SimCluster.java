package dev.aksburst.sim;

import dev.aksburst.contract.Annotations;
import dev.aksburst.model.BurstState;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.DisruptionBudgetView;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PlaceholderTemplate;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.Resources;
import dev.aksburst.model.Taint;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.ClusterPorts;
import dev.aksburst.reconcile.NodePoolScaler.ScaleOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A simulated AKS cluster: VM node pools that grow and shrink like AKS agent pools, the virtual
 * node with ACI start latency and quota, kube-scheduler, the ReplicaSet controller, an optional HPA
 * and cluster autoscaler, a virtual clock and a cost meter. It is reached through the same ports as
 * a real cluster ({@link #ports()}), and directly (kubectl-like) by demos and tests.
 *
 * <p>Thread-safe: every operation holds the cluster's monitor, so a local host can serve HTTP while
 * a pacer advances the clock.
 */
public final class SimCluster {
  public static final String VIRTUAL_NODE_NAME = "virtual-node-aci-linux";
  public static final String AGENTPOOL_LABEL = Annotations.AGENT_POOL;
  public static final String ENABLED_LABEL = Annotations.ENABLED;
  public static final Taint VIRTUAL_NODE_TAINT = Annotations.VIRTUAL_NODE_TAINT;

  /** Labels of the AKS virtual node (see samples/kubernetes/virtual-node-aci-linux...yaml). */
  public static final Map<String, String> VIRTUAL_NODE_LABELS =
      Map.of(
          "alpha.service-controller.kubernetes.io/exclude-balancer",
          "true",
          "beta.kubernetes.io/os",
          "linux",
          "kubernetes.azure.com/managed",
          "false",
          "kubernetes.azure.com/role",
          "agent",
          "kubernetes.io/hostname",
          VIRTUAL_NODE_NAME,
          "kubernetes.io/role",
          "agent",
          "node-role.kubernetes.io/agent",
          "",
          "node.kubernetes.io/exclude-from-external-load-balancers",
          "true",
          Annotations.VIRTUAL_NODE_LABEL_KEY,
          Annotations.VIRTUAL_NODE_LABEL_VALUE);

  /** What the virtual node advertises: cpu 10k, memory 4Ti, pods 5k. Never real room. */
  public static final Resources VIRTUAL_NODE_ALLOCATABLE =
      Resources.of(10_000_000L, 4L * 1024 * 1024 * 1024 * 1024);

  public static final int VIRTUAL_NODE_MAX_PODS = 5000;
  static final Duration WARM_UP = Duration.ofMinutes(10);
  private final SimState state;
  private final SimScenario scenario;
  private final SimSettings settings;
  private final SimClock clock;
  private final Map<String, SimNode> nodes;
  private final Map<String, SimPod> pods;
  private final Map<WorkloadRef, SimDeployment> deployments;
  private final Map<String, PoolState> poolStates;
  private final Map<WorkloadRef, Integer> load;
  private final List<SimEvent> events;
  private final Map<String, DisruptionBudgetView> disruptionBudgets;
  private final ClusterPorts ports;
  private final SimCapacityFailures capacityFailures;
  private final SimCostMeter meter;
  private final SimAgentPools agentPools;
  private final SimClusterAutoscaler autoscaler;
  private final SimControllers controllers;
  private final SimSnapshots snapshots;
  private final SimWrites writes;
  private final SimPlaceholders placeholders;

  /** A stored BurstState with its version, for compare-and-swap. */
  record VersionedState(BurstState state, long version) {}

  private SimCluster(SimScenario scenario) {
    this.state = new SimState(scenario, scenario.start().minus(WARM_UP));
    this.scenario = scenario;
    this.settings = state.settings;
    this.clock = state.clock;
    this.nodes = state.nodes;
    this.pods = state.pods;
    this.deployments = state.deployments;
    this.poolStates = state.poolStates;
    this.load = state.load;
    this.events = state.events;
    this.disruptionBudgets = state.disruptionBudgets;
    this.capacityFailures = state.capacityFailures;
    this.meter = new SimCostMeter(state);
    this.agentPools = new SimAgentPools(state);
    this.autoscaler = new SimClusterAutoscaler(state, agentPools);
    this.controllers = new SimControllers(state, meter, agentPools, autoscaler);
    this.snapshots = new SimSnapshots(state);
    this.writes = new SimWrites(state);
    this.placeholders = new SimPlaceholders(state);
    Instant t0 = clock.instant();
    for (SimPoolSpec p : scenario.pools()) {
      agentPools.addPool(p, t0);
    }
    state.seed(t0);
    this.ports =
        new ClusterPorts(
            scenario.clusterId(),
            new SimClusterReader(this),
            new SimWorkloadWriter(this),
            new SimNodePoolScaler(this),
            new SimIntentStore(this),
            new SimPoolStateStore(this),
            new SimEventRecorder(this),
            new SimReconcileLock());
  }

  /**
   * Builds the cluster and runs a warm-up so that it starts at {@code scenario.start()} with every
   * initial node and pod Ready; the cost meter and Events start empty there.
   */
  public static SimCluster start(SimScenario scenario) {
    SimCluster sim = new SimCluster(scenario);
    sim.advance(WARM_UP);
    synchronized (sim) {
      sim.resetMeters();
    }
    return sim;
  }

  private void resetMeters() {
    meter.reset();
    events.clear();
  }

  // ---------------------------------------------------------------------------------------------
  // Time

  public SimClock clock() {
    return clock;
  }

  public Instant now() {
    return clock.instant();
  }

  public SimScenario scenario() {
    return scenario;
  }

  public SimSettings settings() {
    return settings;
  }

  /** Every port of this cluster, for a {@code Reconciler}. */
  public ClusterPorts ports() {
    return ports;
  }

  /** Moves virtual time forward by {@code d}, one tick at a time. */
  public synchronized void advance(Duration d) {
    Duration left = d;
    while (left.compareTo(settings.tick()) >= 0) {
      controllers.tick(settings.tick());
      left = left.minus(settings.tick());
    }
    if (!left.isZero()) {
      controllers.tick(left);
    }
  }

  /**
   * Moves virtual time forward to {@code target} (nothing when it is not later than now), so a
   * simulator can follow another clock: a paced clock in the local host, the wall clock in a
   * Functions host. Atomic: two threads catching up to the same instant step it once.
   */
  public synchronized void advanceTo(Instant target) {
    Duration behind = Duration.between(clock.instant(), target);
    if (behind.isNegative() || behind.isZero()) {
      return;
    }
    advance(behind);
  }

  // ---------------------------------------------------------------------------------------------
  // Node pools

  synchronized List<NodePoolView> describePools() {
    return agentPools.describePools();
  }

  /**
   * From now on, scale-outs of {@code pool} are accepted and then fail with {@code azureError}
   * ({@code Code: message}, e.g. {@code AllocationFailed: ...}): the pool reports {@code Failed}
   * and gets no node, as an AKS pool does when the region has no capacity for its size.
   */
  public synchronized void failScaleOuts(String pool, String azureError) {
    capacityFailures.fail(pool, azureError);
  }

  synchronized ScaleOutcome scalePool(String pool, int target) {
    return agentPools.scalePool(pool, target);
  }

  synchronized ScaleOutcome deletePoolMachines(String pool, List<String> machines) {
    return agentPools.deleteMachines(pool, machines);
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  synchronized ClusterSnapshot snapshot() {
    return snapshots.snapshot().withPlaceholders(placeholders.observe());
  }

  synchronized void writePlaceholders(WorkloadRef w, PlaceholderTemplate t, int replicas) {
    placeholders.write(w, t, replicas);
  }

  /** Nodes node auto-provisioning launched and consolidated, pods preempted (for stories). */
  public synchronized List<Integer> napFigures() {
    Optional<SimNodeAutoProvisioner> nap = controllers.nodeAutoProvisioner();
    return List.of(
        nap.map(SimNodeAutoProvisioner::launched).orElse(0),
        nap.map(SimNodeAutoProvisioner::consolidated).orElse(0),
        state.preempted);
  }

  /** Scales the virtual nodes v2 StatefulSet: new nodes Ready after the start delay. */
  synchronized void writeVirtualNodes(
      String namespace,
      String name,
      int replicas,
      OptionalInt recordBaseline,
      boolean forgetBaseline) {
    writes.writeVirtualNodes(namespace, name, replicas, recordBaseline, forgetBaseline);
  }

  // ---------------------------------------------------------------------------------------------
  // Writes through the ports

  synchronized void writeScale(WorkloadRef ref, int replicas) {
    writes.writeScale(ref, replicas);
  }

  synchronized void writeHpaMin(WorkloadRef ref, String hpaName, int min) {
    writes.writeHpaMin(ref, hpaName, min);
  }

  synchronized void writeDeletionCost(WorkloadRef ref, List<String> podNames, int cost) {
    writes.writeDeletionCost(ref, podNames, cost);
    state.karpenter.afterMark(state, podNames);
  }

  synchronized Map<String, OptionalInt> readDeletionCosts(WorkloadRef ref, List<String> pods) {
    return writes.readDeletionCosts(ref, pods);
  }

  /** Sets up (or reads) Karpenter's pod-deletion-cost controller, off until it manages a pool. */
  public synchronized <T> T karpenter(Function<SimKarpenterDeletionCost, T> setup) {
    return setup.apply(state.karpenter);
  }

  synchronized VersionedState readState(WorkloadRef ref) {
    return writes.readState(ref);
  }

  /** Stores {@code next} if the state is still at {@code version}; false on a conflict. */
  synchronized boolean compareAndSetState(WorkloadRef ref, long version, BurstState next) {
    return writes.compareAndSetState(ref, version, next);
  }

  synchronized Map<String, PoolState> poolStates() {
    return Map.copyOf(poolStates);
  }

  synchronized PoolState updatePoolState(String pool, UnaryOperator<PoolState> change) {
    return writes.updatePoolState(pool, change);
  }

  synchronized void recordEvent(WorkloadRef ref, String reason, String message, boolean warning) {
    writes.recordEvent(ref, reason, message, warning);
  }

  // ---------------------------------------------------------------------------------------------
  // kubectl-like access for operators, demos and tests

  /**
   * Adds a PodDisruptionBudget to what the reader observes, or replaces the one of the same
   * namespace and name. Its {@code disruptionsAllowed} stays as given: the simulator runs no
   * disruption controller and its pool scale-down does not wait for budgets.
   */
  public synchronized void addPodDisruptionBudget(DisruptionBudgetView budget) {
    disruptionBudgets.put(budget.qualifiedName(), budget);
  }

  /** The Deployment's annotations as they are now (hook for {@link Kubectl}). */
  synchronized Map<String, String> annotations(WorkloadRef ref) {
    return state.existing(ref).spec().annotations();
  }

  /** Replaces the Deployment's annotations; its policy is parsed from them on the next read. */
  synchronized void replaceAnnotations(WorkloadRef ref, Map<String, String> annotations) {
    writes.replaceAnnotations(ref, annotations);
  }

  /** Replaces the Deployment's HPA (hook for {@link Kubectl#patchHpa}); empty deletes it. */
  synchronized void replaceHpa(WorkloadRef ref, Optional<SimHpaSpec> hpa) {
    writes.replaceHpa(ref, hpa);
  }

  /** A new pod template (hook for {@link Kubectl#rolloutRestart}): a new ReplicaSet rolls in. */
  synchronized void restartRollout(WorkloadRef ref) {
    writes.restartRollout(ref);
  }

  /**
   * Deletes the Deployment, its state annotation with it; its pods terminate (hook for Kubectl).
   */
  synchronized void deleteDeployment(WorkloadRef ref) {
    writes.deleteDeployment(ref);
  }

  /** Creates a Deployment from a manifest: no state annotation (hook for {@link Kubectl#apply}). */
  synchronized void createDeployment(SimWorkloadSpec spec) {
    writes.createDeployment(spec);
  }

  public synchronized boolean hasDeployment(WorkloadRef ref) {
    return deployments.containsKey(ref);
  }

  /**
   * Turns a node NotReady (its kubelet stops reporting) or Ready again (hook for {@link Kubectl}).
   * Pods on it stay as they are: the simulator runs no taint-based eviction.
   */
  synchronized void setNodeReady(String name, boolean ready) {
    writes.setNodeReady(name, ready);
  }

  /** {@code kubectl scale deploy --replicas=n} (an operator's write, not the controller's). */
  public synchronized void scale(WorkloadRef ref, int replicas) {
    SimDeployment d = deployments.get(ref);
    if (d == null) {
      throw new IllegalArgumentException("no Deployment " + ref + " in the scenario");
    }
    deployments.put(ref, d.withReplicas(replicas));
  }

  /**
   * The replicas the workload's HPA metric asks for (the load); HPA-managed workloads follow it.
   */
  public synchronized void setLoad(WorkloadRef ref, int replicas) {
    if (!deployments.containsKey(ref)) {
      throw new IllegalArgumentException("no Deployment " + ref + " in the scenario");
    }
    load.put(ref, replicas);
  }

  public synchronized int specReplicas(WorkloadRef ref) {
    SimDeployment d = deployments.get(ref);
    if (d == null) {
      throw new IllegalArgumentException("no Deployment " + ref + " in the scenario");
    }
    return d.replicas();
  }

  public synchronized BurstState burstState(WorkloadRef ref) {
    return state.optedIn(ref).state();
  }

  /** The workload's pods (including terminating and failed ones), oldest first. */
  public synchronized List<SimPod> pods(WorkloadRef ref) {
    return pods.values().stream()
        .filter(p -> p.owner().equals(ref))
        .sorted(Comparator.comparing(SimPod::created).thenComparing(SimPod::name))
        .toList();
  }

  /** Nodes as {@code kubectl get nodes} shows them (registered ones). */
  public synchronized List<SimNode> nodes() {
    return state.registeredNodes(clock.instant());
  }

  public synchronized Optional<SimNode> node(String name) {
    return Optional.ofNullable(nodes.get(name));
  }

  public synchronized List<SimEvent> events() {
    return List.copyOf(events);
  }

  public synchronized List<SimEvent> events(WorkloadRef ref) {
    return events.stream().filter(e -> e.workload().equals(ref)).toList();
  }

  public synchronized int readyOnVm(WorkloadRef ref) {
    return (int)
        pods.values().stream()
            .filter(p -> p.owner().equals(ref) && p.ready() && !state.onVirtualNode(p))
            .count();
  }

  public synchronized int readyOnVirtual(WorkloadRef ref) {
    return (int)
        pods.values().stream()
            .filter(p -> p.owner().equals(ref) && p.ready() && state.onVirtualNode(p))
            .count();
  }

  /** Active pods not yet Ready (unscheduled, starting). */
  public synchronized int notReady(WorkloadRef ref) {
    return (int)
        pods.values().stream()
            .filter(p -> p.owner().equals(ref) && p.active() && !p.ready())
            .count();
  }

  /** Pods of the workload on the virtual node that are active (starting or running). */
  public synchronized int activeOnVirtual(WorkloadRef ref) {
    return (int)
        pods.values().stream()
            .filter(p -> p.owner().equals(ref) && p.active() && state.onVirtualNode(p))
            .count();
  }

  /** VM nodes of the pool, provisioning ones included, nodes being removed excluded. */
  public synchronized int poolNodeCount(String pool) {
    return state.poolCount(pool);
  }

  /**
   * VM nodes of every pool that exist and bill compute, including ones still booting or draining
   * (deallocated ones excluded).
   */
  public synchronized int vmNodeCount() {
    return (int) nodes.values().stream().filter(n -> !n.virtual() && !n.deallocated()).count();
  }

  public synchronized int readyVmNodes(String pool) {
    Instant now = clock.instant();
    return (int) state.poolNodes(pool).stream().filter(n -> n.ready(now) && !n.cordoned()).count();
  }

  /** The agent-pool writes ARM accepted, in order. */
  public synchronized List<SimPoolWrite> poolWrites() {
    return agentPools.writes();
  }

  public synchronized CostReport cost() {
    return meter.report();
  }
}
