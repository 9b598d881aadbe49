package dev.aksburst.reconcile;

import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;

/**
 * {@link NodePoolScaler} over the {@link InMemoryCluster}'s pools: a write takes effect at once
 * (count, minCount or capacity) unless an outcome was scripted with {@link #answerNext}.
 */
final class InMemoryNodePoolScaler implements NodePoolScaler {
  private final InMemoryCluster cluster;
  private final Deque<ScaleOutcome> scripted = new ArrayDeque<>();
  private final List<String> writes = new ArrayList<>();
  private int describes;

  InMemoryNodePoolScaler(InMemoryCluster cluster) {
    this.cluster = cluster;
  }

  void answerNext(ScaleOutcome outcome) {
    scripted.add(outcome);
  }

  /** Every accepted write, as {@code pool=size}. */
  List<String> writes() {
    return List.copyOf(writes);
  }

  /** Every describe of the pools. */
  int describes() {
    return describes;
  }

  @Override
  public List<NodePoolView> describe() {
    describes++;
    return List.copyOf(cluster.pools.values());
  }

  @Override
  public ScaleOutcome scale(NodePoolView pool, int target) {
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
    writes.add(v.name() + "=" + target);
    return new ScaleOutcome.Started("Succeeded");
  }
}
