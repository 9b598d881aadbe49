package dev.aksburst.sim;

import java.time.Duration;

/**
 * The simulated cluster's cost meter: VM node-seconds priced per pool and VM size, ACI pod-, vCPU-
 * and GiB-seconds of the container groups that hold resources. Callers hold the {@link
 * SimCluster}'s monitor.
 */
final class SimCostMeter {
  private static final double GIB = 1024.0 * 1024 * 1024;

  private final SimState state;
  private double vmNodeSeconds;
  private double aciPodSeconds;
  private double aciVcpuSeconds;
  private double aciGbSeconds;
  private double vmCost;

  SimCostMeter(SimState state) {
    this.state = state;
  }

  /** Bills {@code dt} of what runs now. */
  void accrue(Duration dt) {
    double s = dt.toNanos() / 1e9;
    for (SimNode n : state.nodes.values()) {
      if (!n.virtual() && !n.deallocated()) {
        vmNodeSeconds += s;
        vmCost += s / 3600 * state.settings.prices().nodeHourly(n.pool(), n.vmSize());
      }
    }
    for (SimPod p : state.pods.values()) {
      if (state.onVirtualNode(p) && p.holdsResources() && !p.failsOnStart()) {
        aciPodSeconds += s;
        aciVcpuSeconds += p.requests().milliCpu() / 1000.0 * s;
        aciGbSeconds += p.requests().memoryBytes() / GIB * s;
      }
    }
  }

  void reset() {
    vmNodeSeconds = 0;
    aciPodSeconds = 0;
    aciVcpuSeconds = 0;
    aciGbSeconds = 0;
    vmCost = 0;
  }

  CostReport report() {
    double aciCost =
        aciVcpuSeconds * state.settings.prices().aciVcpuSecond()
            + aciGbSeconds * state.settings.prices().aciGbSecond();
    return new CostReport(
        vmNodeSeconds, aciPodSeconds, aciVcpuSeconds, aciGbSeconds, vmCost, aciCost);
  }
}
