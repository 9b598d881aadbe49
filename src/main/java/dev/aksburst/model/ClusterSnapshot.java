package dev.aksburst.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
    Optional<List<DaemonSetView>> daemonSets) {
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
        daemonSets);
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
        daemonSets);
  }
}
