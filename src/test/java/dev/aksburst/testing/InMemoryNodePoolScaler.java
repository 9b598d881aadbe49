package dev.aksburst.testing;

import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolMode;
import dev.aksburst.reconcile.NodePoolScaler;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@link NodePoolScaler} over the {@link InMemoryCluster}'s pools: a write takes effect at once
 * (count, minCount or capacity) unless an outcome was scripted with {@link #answerNext}. Every
 * write, accepted or not, is in the cluster's write log.
 */
public final class InMemoryNodePoolScaler implements NodePoolScaler {
  private final InMemoryCluster cluster;
  private final Deque<ScaleOutcome> scripted = new ArrayDeque<>();
  private int describes;

  InMemoryNodePoolScaler(InMemoryCluster cluster) {
    this.cluster = cluster;
  }

  public void answerNext(ScaleOutcome outcome) {
    scripted.add(outcome);
  }

  /** Every describe of the pools. */
  public int describes() {
    return describes;
  }

  @Override
  public List<NodePoolView> describe() {
    describes++;
    return List.copyOf(cluster.pools.values());
  }

  @Override
  public ScaleOutcome scale(NodePoolView pool, int target) {
    cluster.writes.add("pool " + pool.name() + "=" + target);
    if (!scripted.isEmpty()) {
      return scripted.poll();
    }
    NodePoolView v = cluster.pools.get(pool.name());
    if (v == null) {
      return new ScaleOutcome.Failed(
          "NotFound", "node pool " + pool.name() + " not found", "check the cluster id", false);
    }
    boolean autoscaler = v.mode() == PoolMode.AUTOSCALER;
    cluster.pools.put(
        v.name(),
        new NodePoolView(
            v.name(),
            v.mode(),
            autoscaler ? Math.max(v.count(), target) : target,
            autoscaler ? OptionalInt.of(target) : v.minCount(),
            v.maxCount(),
            "Succeeded",
            v.vmSize(),
            v.maxPods(),
            v.lastError()));
    return new ScaleOutcome.Started("Succeeded");
  }

  /** Deletes named machines of a MANUAL pool: its count drops by as many, at once. */
  @Override
  public ScaleOutcome deleteMachines(NodePoolView pool, List<String> machines) {
    cluster.writes.add("pool " + pool.name() + " delete " + machines);
    if (!scripted.isEmpty()) {
      return scripted.poll();
    }
    NodePoolView v = cluster.pools.get(pool.name());
    if (v == null || v.mode() != PoolMode.MANUAL) {
      return NodePoolScaler.notSupported(pool, "a pool that is no manual agent pool");
    }
    cluster.pools.put(
        v.name(),
        new NodePoolView(
            v.name(),
            v.mode(),
            v.count() - machines.size(),
            v.minCount(),
            v.maxCount(),
            "Succeeded",
            v.vmSize(),
            v.maxPods(),
            v.lastError()));
    return new ScaleOutcome.Started("Succeeded");
  }
}
