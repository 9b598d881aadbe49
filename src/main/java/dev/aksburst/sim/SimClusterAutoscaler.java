package dev.aksburst.sim;

import dev.aksburst.model.PoolMode;
import dev.aksburst.model.Resources;
import dev.aksburst.model.Taint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The cluster autoscaler of pools in autoscaler mode: adds the nodes that Unschedulable pods need
 * (bin-packed onto fresh nodes of the pool, up to maxCount, at least minCount) and drains one node
 * that stayed under half used for the scale-down delay when its pods fit elsewhere. Callers hold
 * the {@link SimCluster}'s monitor.
 */
final class SimClusterAutoscaler {
  private static final Logger LOG = Logger.getLogger(SimCluster.class.getName());

  private final SimState state;
  private final SimAgentPools agentPools;
  private final Map<String, Instant> unneededSince = new HashMap<>();

  SimClusterAutoscaler(SimState state, SimAgentPools agentPools) {
    this.state = state;
    this.agentPools = agentPools;
  }

  /**
   * One scan: grow pools for Unschedulable pods and their minCount, or shrink one underused node.
   */
  void scan(Instant now) {
    for (SimPoolRuntime pool : List.copyOf(state.pools.values())) {
      if (pool.spec().mode() != PoolMode.AUTOSCALER) {
        continue;
      }
      String name = pool.spec().name();
      int count = state.poolCount(name);
      int min = pool.minCount().orElse(0);
      int max = pool.spec().maxCount().orElseThrow();
      int grow = Math.max(0, min - count) + nodesForUnschedulable(pool, now);
      int target = Math.min(max, count + grow);
      if (target > count) {
        agentPools.addNodes(
            name,
            target - count,
            now,
            now.plus(state.settings.nodeRegisterDelay()),
            now.plus(state.settings.nodeProvisioningDelay()));
        LOG.fine(() -> "cluster autoscaler grows " + name + " to " + target);
        continue;
      }
      scaleDownUnneeded(pool, count, min, now);
    }
  }

  /** Nodes the autoscaler adds for Unschedulable pods that a fresh node of the pool would take. */
  private int nodesForUnschedulable(SimPoolRuntime pool, Instant now) {
    SimPoolSpec spec = pool.spec();
    Resources perNode = spec.allocatable().minusFloored(spec.daemonSetRequested());
    int podsPerNodeCap = spec.maxPods() - spec.daemonSetPods();
    List<long[]> bins = new ArrayList<>();
    for (SimNode n : state.poolNodes(spec.name())) {
      if (!n.ready(now) && !n.cordoned()) {
        bins.add(new long[] {perNode.milliCpu(), perNode.memoryBytes(), podsPerNodeCap});
      }
    }
    int upcoming = bins.size();
    for (SimPod p : state.pods.values()) {
      if (!p.active() || p.node().isPresent() || !p.message().startsWith("0/")) {
        continue;
      }
      SimDeployment d = state.deployments.get(p.owner());
      if (d == null
          || !d.spec().placement().selects(SimAgentPools.poolLabels(spec, "probe"))
          || !tolerates(d.spec().placement(), spec.taints())
          || !p.requests().fitsIn(perNode)) {
        continue;
      }
      long[] bin = null;
      for (long[] b : bins) {
        if (b[0] >= p.requests().milliCpu() && b[1] >= p.requests().memoryBytes() && b[2] >= 1) {
          bin = b;
          break;
        }
      }
      if (bin == null) {
        bin = new long[] {perNode.milliCpu(), perNode.memoryBytes(), podsPerNodeCap};
        bins.add(bin);
      }
      bin[0] -= p.requests().milliCpu();
      bin[1] -= p.requests().memoryBytes();
      bin[2] -= 1;
    }
    return bins.size() - upcoming;
  }

  private static boolean tolerates(dev.aksburst.model.Placement placement, List<Taint> taints) {
    return placement.tolerates(taints);
  }

  private void scaleDownUnneeded(SimPoolRuntime pool, int count, int min, Instant now) {
    if (count <= min) {
      unneededSince.keySet().removeIf(n -> state.poolOf(n).equals(Optional.of(pool.spec().name())));
      return;
    }
    for (SimNode n : state.poolNodes(pool.spec().name())) {
      if (!n.ready(now) || n.cordoned()) {
        continue;
      }
      Resources used = state.requestedOn(n);
      double cpu = (double) used.milliCpu() / Math.max(1, n.allocatable().milliCpu());
      double mem = (double) used.memoryBytes() / Math.max(1, n.allocatable().memoryBytes());
      if (Math.max(cpu, mem) >= 0.5) {
        unneededSince.remove(n.name());
        continue;
      }
      Instant since = unneededSince.computeIfAbsent(n.name(), k -> now);
      if (!now.isBefore(since.plus(state.settings.autoscalerScaleDownUnneeded()))
          && podsFitElsewhere(n, now)) {
        agentPools.drain(n, now, "cluster autoscaler: node underused since " + since);
        unneededSince.remove(n.name());
        return;
      }
    }
  }

  private boolean podsFitElsewhere(SimNode leaving, Instant now) {
    List<SimNode> others =
        state.nodes.values().stream()
            .filter(o -> !o.virtual() && !o.name().equals(leaving.name()))
            .filter(o -> o.registered(now))
            .toList();
    List<SimPod> all = new ArrayList<>(state.pods.values());
    for (SimPod p : List.copyOf(state.pods.values())) {
      if (!p.node().equals(Optional.of(leaving.name())) || !p.active()) {
        continue;
      }
      SimDeployment d = state.deployments.get(p.owner());
      if (d == null) {
        return false; // a pod no Deployment owns (a virtual node v2's): the node stays
      }
      SimScheduler.Decision dec =
          SimScheduler.schedule(p.requests(), d.spec().placement(), p.owner(), others, all, now);
      if (dec.node().isEmpty()) {
        return false;
      }
      all.add(p.bind(dec.node().get(), now, now, false, ""));
    }
    return true;
  }
}
