package dev.aksburst.sim;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a simulated cluster starts with.
 *
 * @param virtualNode whether the AKS virtual node add-on is enabled ({@code
 *     virtual-node-aci-linux})
 * @param virtualNodesV2 virtual nodes v2 (the StatefulSet of {@code virtualnode-N} nodes), if any
 * @param nodeAutoProvisioning node auto-provisioning (Karpenter) adding VM nodes for Pending pods,
 *     if any
 * @param start the virtual time the scenario starts at (after a warm-up that leaves every initial
 *     pod Ready)
 */
public record SimScenario(
    String clusterId,
    Instant start,
    List<SimPoolSpec> pools,
    boolean virtualNode,
    List<SimWorkloadSpec> workloads,
    SimSettings settings,
    java.util.Optional<SimVirtualNodesV2> virtualNodesV2,
    java.util.Optional<SimNodeAutoProvisioning> nodeAutoProvisioning) {
  public SimScenario {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(start, "start");
    pools = List.copyOf(pools);
    workloads = List.copyOf(workloads);
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(virtualNodesV2, "virtualNodesV2");
    Objects.requireNonNull(nodeAutoProvisioning, "nodeAutoProvisioning");
    if (pools.stream().map(SimPoolSpec::name).distinct().count() != pools.size()) {
      throw new IllegalArgumentException("pool names must be unique: " + pools);
    }
    if (workloads.stream().map(SimWorkloadSpec::ref).distinct().count() != workloads.size()) {
      throw new IllegalArgumentException("workloads must be unique");
    }
  }

  /** A scenario without node auto-provisioning. */
  public SimScenario(
      String clusterId,
      Instant start,
      List<SimPoolSpec> pools,
      boolean virtualNode,
      List<SimWorkloadSpec> workloads,
      SimSettings settings,
      java.util.Optional<SimVirtualNodesV2> virtualNodesV2) {
    this(
        clusterId,
        start,
        pools,
        virtualNode,
        workloads,
        settings,
        virtualNodesV2,
        java.util.Optional.empty());
  }

  /** The same cluster with node auto-provisioning (Karpenter) adding VM nodes. */
  public SimScenario withNodeAutoProvisioning(SimNodeAutoProvisioning nap) {
    return new SimScenario(
        clusterId,
        start,
        pools,
        virtualNode,
        workloads,
        settings,
        virtualNodesV2,
        java.util.Optional.of(nap));
  }

  /** A scenario with the add-on's virtual node or none, and no virtual nodes v2. */
  public SimScenario(
      String clusterId,
      Instant start,
      List<SimPoolSpec> pools,
      boolean virtualNode,
      List<SimWorkloadSpec> workloads,
      SimSettings settings) {
    this(clusterId, start, pools, virtualNode, workloads, settings, java.util.Optional.empty());
  }

  /** The same cluster with virtual nodes v2 instead of the add-on's virtual node. */
  public SimScenario withVirtualNodesV2(SimVirtualNodesV2 v2) {
    return new SimScenario(
        clusterId,
        start,
        pools,
        false,
        workloads,
        settings,
        java.util.Optional.of(v2),
        nodeAutoProvisioning);
  }

  public SimScenario withSettings(SimSettings s) {
    return new SimScenario(
        clusterId, start, pools, virtualNode, workloads, s, virtualNodesV2, nodeAutoProvisioning);
  }

  public SimScenario withWorkloads(List<SimWorkloadSpec> w) {
    return new SimScenario(
        clusterId, start, pools, virtualNode, w, settings, virtualNodesV2, nodeAutoProvisioning);
  }

  public SimScenario withPools(List<SimPoolSpec> p) {
    return new SimScenario(
        clusterId,
        start,
        p,
        virtualNode,
        workloads,
        settings,
        virtualNodesV2,
        nodeAutoProvisioning);
  }

  /** The same cluster whose pools are agent pools of {@code type: VirtualMachines}. */
  public SimScenario withVirtualMachinesPool() {
    return withPools(pools.stream().map(SimPoolSpec::asVirtualMachines).toList());
  }

  /**
   * The same cluster whose first pool is in {@code scaleDownMode: Deallocate} and holds {@code n}
   * deallocated nodes beyond its count.
   */
  public SimScenario withDeallocatePool(int n) {
    List<SimPoolSpec> p = new java.util.ArrayList<>(pools);
    p.set(0, p.get(0).withDeallocated(n));
    return withPools(p);
  }

  /**
   * The same cluster with one more pool {@code name}, shaped as the first and empty, whose every
   * scale-out fails with {@code azureError} after ARM accepted it; every workload lists it first in
   * {@code aksburst.dev/node-pool}, its own pool next (the fallback).
   */
  public SimScenario withCapacityFailingPool(String name, String azureError) {
    List<SimPoolSpec> p = new java.util.ArrayList<>();
    p.add(pools.get(0).named(name, 0).failingScaleOuts(azureError));
    p.addAll(pools);
    List<SimWorkloadSpec> w = new java.util.ArrayList<>();
    for (SimWorkloadSpec s : workloads) {
      java.util.Map<String, String> a = new java.util.HashMap<>(s.annotations());
      String own = a.getOrDefault(dev.aksburst.contract.Annotations.NODE_POOL, pools.get(0).name());
      a.put(dev.aksburst.contract.Annotations.NODE_POOL, name + ", " + own);
      w.add(
          new SimWorkloadSpec(
              s.ref(), s.labels(), a, s.replicas(), s.requests(), s.placement(), s.hpa()));
    }
    return withPools(p).withWorkloads(w);
  }

  public SimScenario withVirtualNode(boolean enabled) {
    return new SimScenario(
        clusterId,
        start,
        pools,
        enabled,
        workloads,
        settings,
        virtualNodesV2,
        nodeAutoProvisioning);
  }
}
