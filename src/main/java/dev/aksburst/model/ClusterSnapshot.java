package dev.aksburst.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Everything one reconcile observed about one cluster.
 *
 * @param clusterId the cluster's ARM id (or a local name)
 * @param workloads opted-in Deployments
 * @param nodes every node, VM and virtual
 * @param disruptionBudgets PodDisruptionBudgets of the watched namespaces
 * @param pools the VM node pools (from ARM), may be empty when ARM is not configured
 * @param poolStates what aks-burst recorded per pool
 * @param problems what could not be observed (reported, not fatal)
 * @param daemonSets every DaemonSet of the cluster, when they could be listed: what a new node will
 *     run; empty when not observed (then the pool's nodes tell)
 * @param virtualNodeSet the StatefulSet of the virtual nodes v2 aks-burst may scale, when the
 *     operator named one and it was read
 * @param placeholders the placeholder Deployments aks-burst keeps ({@code aksburst.dev/capacity:
 *     placeholders}), as observed
 * @param maxPoolNodes the configured cap of pools without a max of their own (manual agent pools,
 *     VMSS: {@code AKSBURST_MAX_POOL_NODES}); the reconciler and the planner set it from their
 *     config ({@link #withMaxPoolNodes}), empty when not known
 */
public record ClusterSnapshot(
    String clusterId,
    Instant observedAt,
    List<WorkloadView> workloads,
    List<NodeView> nodes,
    List<DisruptionBudgetView> disruptionBudgets,
    List<NodePoolView> pools,
    Map<String, PoolState> poolStates,
    List<String> problems,
    Optional<List<DaemonSetView>> daemonSets,
    Optional<VirtualNodeSet> virtualNodeSet,
    List<PlaceholderSet> placeholders,
    OptionalInt maxPoolNodes) {
  public ClusterSnapshot {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(observedAt, "observedAt");
    workloads = List.copyOf(workloads);
    nodes = List.copyOf(nodes);
    disruptionBudgets = List.copyOf(disruptionBudgets);
    pools = List.copyOf(pools);
    poolStates = Map.copyOf(poolStates);
    problems = List.copyOf(problems);
    daemonSets = daemonSets.map(List::copyOf);
    Objects.requireNonNull(virtualNodeSet, "virtualNodeSet");
    placeholders = List.copyOf(placeholders);
    Objects.requireNonNull(maxPoolNodes, "maxPoolNodes");
  }

  /** A snapshot whose pool cap is not known (yet). */
  public ClusterSnapshot(
      String clusterId,
      Instant observedAt,
      List<WorkloadView> workloads,
      List<NodeView> nodes,
      List<DisruptionBudgetView> disruptionBudgets,
      List<NodePoolView> pools,
      Map<String, PoolState> poolStates,
      List<String> problems,
      Optional<List<DaemonSetView>> daemonSets,
      Optional<VirtualNodeSet> virtualNodeSet,
      List<PlaceholderSet> placeholders) {
    this(
        clusterId,
        observedAt,
        workloads,
        nodes,
        disruptionBudgets,
        pools,
        poolStates,
        problems,
        daemonSets,
        virtualNodeSet,
        placeholders,
        OptionalInt.empty());
  }

  /** A snapshot without placeholder Deployments. */
  public ClusterSnapshot(
      String clusterId,
      Instant observedAt,
      List<WorkloadView> workloads,
      List<NodeView> nodes,
      List<DisruptionBudgetView> disruptionBudgets,
      List<NodePoolView> pools,
      Map<String, PoolState> poolStates,
      List<String> problems,
      Optional<List<DaemonSetView>> daemonSets,
      Optional<VirtualNodeSet> virtualNodeSet) {
    this(
        clusterId,
        observedAt,
        workloads,
        nodes,
        disruptionBudgets,
        pools,
        poolStates,
        problems,
        daemonSets,
        virtualNodeSet,
        List.of());
  }

  /** A snapshot without a virtual-node StatefulSet to scale. */
  public ClusterSnapshot(
      String clusterId,
      Instant observedAt,
      List<WorkloadView> workloads,
      List<NodeView> nodes,
      List<DisruptionBudgetView> disruptionBudgets,
      List<NodePoolView> pools,
      Map<String, PoolState> poolStates,
      List<String> problems,
      Optional<List<DaemonSetView>> daemonSets) {
    this(
        clusterId,
        observedAt,
        workloads,
        nodes,
        disruptionBudgets,
        pools,
        poolStates,
        problems,
        daemonSets,
        Optional.empty());
  }

  /** A snapshot in which DaemonSets were not observed. */
  public ClusterSnapshot(
      String clusterId,
      Instant observedAt,
      List<WorkloadView> workloads,
      List<NodeView> nodes,
      List<DisruptionBudgetView> disruptionBudgets,
      List<NodePoolView> pools,
      Map<String, PoolState> poolStates,
      List<String> problems) {
    this(
        clusterId,
        observedAt,
        workloads,
        nodes,
        disruptionBudgets,
        pools,
        poolStates,
        problems,
        Optional.empty());
  }

  public Optional<WorkloadView> workload(WorkloadRef ref) {
    return workloads.stream().filter(w -> w.ref().equals(ref)).findFirst();
  }

  public Optional<NodeView> node(String name) {
    return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
  }

  public Map<String, NodeView> nodesByName() {
    return nodes.stream().collect(Collectors.toMap(NodeView::name, Function.identity()));
  }

  public Optional<NodePoolView> pool(String name) {
    return pools.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  public PoolState poolState(String name) {
    return poolStates.getOrDefault(name, PoolState.EMPTY);
  }

  public ClusterSnapshot withVirtualNodeSet(Optional<VirtualNodeSet> set) {
    return new ClusterSnapshot(
        clusterId,
        observedAt,
        workloads,
        nodes,
        disruptionBudgets,
        pools,
        poolStates,
        problems,
        daemonSets,
        set,
        placeholders,
        maxPoolNodes);
  }

  public ClusterSnapshot withPlaceholders(List<PlaceholderSet> sets) {
    return new ClusterSnapshot(
        clusterId,
        observedAt,
        workloads,
        nodes,
        disruptionBudgets,
        pools,
        poolStates,
        problems,
        daemonSets,
        virtualNodeSet,
        sets,
        maxPoolNodes);
  }

  /** This snapshot with the configured cap of pools without a max of their own. */
  public ClusterSnapshot withMaxPoolNodes(int cap) {
    return new ClusterSnapshot(
        clusterId,
        observedAt,
        workloads,
        nodes,
        disruptionBudgets,
        pools,
        poolStates,
        problems,
        daemonSets,
        virtualNodeSet,
        placeholders,
        OptionalInt.of(cap));
  }

  /** The workload's placeholder Deployment, if one was observed. */
  public Optional<PlaceholderSet> placeholders(WorkloadRef workload) {
    return placeholders.stream().filter(p -> p.workload().equals(workload)).findFirst();
  }

  /** How many more pods the virtual nodes can take (bounded on virtual nodes v2). */
  public VirtualNodeRoom virtualNodeRoom() {
    return VirtualNodeRoom.of(nodes);
  }

  /** Some live pod of the workload runs on a VM node of {@code pool}. */
  private boolean runsOn(WorkloadView w, String pool) {
    return w.pods().stream()
        .filter(PodView::live)
        .anyMatch(
            p ->
                p.nodeName()
                    .flatMap(this::node)
                    .filter(n -> !n.virtual())
                    .flatMap(NodeView::pool)
                    .map(pool::equals)
                    .orElse(false));
  }

  /** The pod is bound to a virtual node. */
  public boolean onVirtualNode(PodView pod) {
    return pod.nodeName().flatMap(this::node).map(NodeView::virtual).orElse(false);
  }

  public ClusterSnapshot withPools(List<NodePoolView> newPools, Map<String, PoolState> states) {
    return new ClusterSnapshot(
        clusterId,
        observedAt,
        workloads,
        nodes,
        disruptionBudgets,
        newPools,
        states,
        problems,
        daemonSets,
        virtualNodeSet,
        placeholders,
        maxPoolNodes);
  }

  public ClusterSnapshot withWorkloads(List<WorkloadView> newWorkloads) {
    return new ClusterSnapshot(
        clusterId,
        observedAt,
        newWorkloads,
        nodes,
        disruptionBudgets,
        pools,
        poolStates,
        problems,
        daemonSets,
        virtualNodeSet,
        placeholders,
        maxPoolNodes);
  }

  /**
   * The VM pool that backfills a workload, and how it was chosen.
   *
   * @param how {@code aksburst.dev/node-pool}, {@code aksburst.dev/node-pool fallback}, the pool
   *     its pods run on, the only node pool, none
   * @param passedOver pools earlier in the workload's {@code aksburst.dev/node-pool} list that can
   *     not grow now, each with why ({@link PoolFallback})
   */
  public record PoolChoice(Optional<String> name, String how, List<String> passedOver) {
    public PoolChoice {
      Objects.requireNonNull(name);
      Objects.requireNonNull(how);
      passedOver = List.copyOf(passedOver);
    }

    public PoolChoice(Optional<String> name, String how) {
      this(name, how, List.of());
    }
  }

  /**
   * The pool a workload uses: its {@code aksburst.dev/node-pool} (of an ordered list, the first
   * that can grow: {@link PoolFallback}), else the pool most of its live VM pods run on (ties: the
   * smallest name), else the only node pool. Planner and status both ask here.
   */
  public PoolChoice poolChoice(WorkloadView w) {
    List<String> listed = w.policy().nodePools();
    if (listed.size() > 1) {
      // A later pool that aks-burst grew for this workload (baseline recorded, its pods there)
      // stays its pool until it is restored: shedding and the restore follow the pods.
      for (String name : listed.subList(1, listed.size())) {
        if (poolState(name).baseline().isPresent()
            && runsOn(w, name)
            && PoolFallback.cannotGrow(pool(name), poolState(name), observedAt, maxPoolNodes)
                .isEmpty()) {
          return new PoolChoice(
              Optional.of(name), "aksburst.dev/node-pool fallback, holding the nodes it grew");
        }
      }
      List<String> passedOver = new java.util.ArrayList<>();
      for (String name : listed) {
        Optional<String> why =
            PoolFallback.cannotGrow(pool(name), poolState(name), observedAt, maxPoolNodes);
        if (why.isEmpty()) {
          return new PoolChoice(
              Optional.of(name),
              passedOver.isEmpty() ? "aksburst.dev/node-pool" : "aksburst.dev/node-pool fallback",
              passedOver);
        }
        passedOver.add(name + " (" + why.get() + ")");
      }
      return new PoolChoice(
          Optional.of(listed.get(0)), "aksburst.dev/node-pool, none can grow now", passedOver);
    }
    if (w.policy().nodePool().isPresent()) {
      return new PoolChoice(w.policy().nodePool(), "aksburst.dev/node-pool");
    }
    Map<String, Integer> counts = new java.util.TreeMap<>();
    for (PodView p : w.pods()) {
      if (!p.live()) {
        continue;
      }
      p.nodeName()
          .flatMap(this::node)
          .filter(n -> !n.virtual())
          .flatMap(NodeView::pool)
          .ifPresent(pool -> counts.merge(pool, 1, Integer::sum));
    }
    Optional<String> common =
        counts.entrySet().stream()
            .max(
                java.util.Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                    .thenComparing(Map.Entry::getKey, java.util.Comparator.reverseOrder()))
            .map(Map.Entry::getKey);
    if (common.isPresent()) {
      return new PoolChoice(common, "the pool its pods run on");
    }
    if (pools.size() == 1) {
      return new PoolChoice(Optional.of(pools.get(0).name()), "the only node pool");
    }
    return new PoolChoice(Optional.empty(), "none");
  }
}
