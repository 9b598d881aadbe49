package dev.aksburst.plan;

import dev.aksburst.model.NodeView;
import dev.aksburst.model.Resources;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Room for workload pods on one new, empty node of a pool: allocatable minus DaemonSet requests,
 * max pods minus DaemonSet pods. {@code template} supplies the labels and taints a new node gets.
 */
record PoolShape(Resources room, int pods, NodeView template) {
  PoolShape {
    Objects.requireNonNull(room);
    Objects.requireNonNull(template);
  }

  /** An empty bin of this shape. */
  Packer.Bin emptyBin(String label) {
    return new Packer.Bin(label, null, template.labels(), template.taints(), room, pods);
  }

  /** Learns the shape from a pool's observed VM nodes; the pool's own maxPods wins when set. */
  static PoolShape learn(List<NodeView> poolNodes, int poolMaxPods) {
    if (poolNodes.isEmpty()) {
      throw new IllegalArgumentException("a pool shape needs at least one node to learn from");
    }
    long cpu = Long.MAX_VALUE;
    long mem = Long.MAX_VALUE;
    int nodeMaxPods = Integer.MAX_VALUE;
    Resources ds = Resources.ZERO;
    int dsPods = 0;
    for (NodeView n : poolNodes) {
      cpu = Math.min(cpu, n.allocatable().milliCpu());
      mem = Math.min(mem, n.allocatable().memoryBytes());
      nodeMaxPods = Math.min(nodeMaxPods, n.maxPods());
      ds = ds.max(n.daemonSetRequested());
      dsPods = Math.max(dsPods, n.daemonSetPods());
    }
    int maxPods = poolMaxPods > 0 ? poolMaxPods : nodeMaxPods;
    return new PoolShape(
        Resources.of(cpu, mem).minusFloored(ds), Math.max(0, maxPods - dsPods), poolNodes.get(0));
  }

  Map<String, String> labels() {
    return template.labels();
  }

  @Override
  public String toString() {
    return room + ", " + pods + " pods";
  }
}
