package dev.aksburst.sim;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a simulated cluster starts with.
 *
 * @param virtualNode whether the AKS virtual node add-on is enabled ({@code
 *     virtual-node-aci-linux})
 * @param start the virtual time the scenario starts at (after a warm-up that leaves every initial
 *     pod Ready)
 */
public record SimScenario(
    String clusterId,
    Instant start,
    List<SimPoolSpec> pools,
    boolean virtualNode,
    List<SimWorkloadSpec> workloads,
    SimSettings settings) {
  public SimScenario {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(start, "start");
    pools = List.copyOf(pools);
    workloads = List.copyOf(workloads);
    Objects.requireNonNull(settings, "settings");
    if (pools.stream().map(SimPoolSpec::name).distinct().count() != pools.size()) {
      throw new IllegalArgumentException("pool names must be unique: " + pools);
    }
    if (workloads.stream().map(SimWorkloadSpec::ref).distinct().count() != workloads.size()) {
      throw new IllegalArgumentException("workloads must be unique");
    }
  }

  public SimScenario withSettings(SimSettings s) {
    return new SimScenario(clusterId, start, pools, virtualNode, workloads, s);
  }

  public SimScenario withWorkloads(List<SimWorkloadSpec> w) {
    return new SimScenario(clusterId, start, pools, virtualNode, w, settings);
  }

  public SimScenario withPools(List<SimPoolSpec> p) {
    return new SimScenario(clusterId, start, p, virtualNode, workloads, settings);
  }

  public SimScenario withVirtualNode(boolean enabled) {
    return new SimScenario(clusterId, start, pools, enabled, workloads, settings);
  }
}
