package dev.aksburst.reconcile;

import dev.aksburst.model.NodePoolView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One cluster's pools from several sources (AKS agent pools and plain VM scale sets): {@code
 * describe} concatenates them, {@code scale} goes to the source that described the pool. With no
 * source (Kubernetes credentials only, no Azure) there are no pools to size.
 */
public final class CompositeNodePoolScaler implements NodePoolScaler {
  private final List<NodePoolScaler> sources;

  public CompositeNodePoolScaler(List<NodePoolScaler> sources) {
    this.sources = List.copyOf(sources);
  }

  @Override
  public List<NodePoolView> describe() {
    List<NodePoolView> all = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < sources.size(); i++) {
      for (NodePoolView pool : sources.get(i).describe()) {
        Integer earlier = seen.putIfAbsent(pool.name(), i);
        if (earlier != null) {
          throw new IllegalStateException(
              "node pool name "
                  + pool.name()
                  + " is both an AKS agent pool and a configured VM scale set;"
                  + " rename the entry in AKSBURST_VMSS_POOLS");
        }
        all.add(pool);
      }
    }
    return all;
  }

  @Override
  public ScaleOutcome scale(NodePoolView pool, int target) {
    for (NodePoolScaler source : sources) {
      if (source.describe().stream().anyMatch(p -> p.name().equals(pool.name()))) {
        return source.scale(pool, target);
      }
    }
    return notFound(pool);
  }

  @Override
  public ScaleOutcome deleteMachines(NodePoolView pool, List<String> machines) {
    for (NodePoolScaler source : sources) {
      if (source.describe().stream().anyMatch(p -> p.name().equals(pool.name()))) {
        return source.deleteMachines(pool, machines);
      }
    }
    return notFound(pool);
  }

  private static ScaleOutcome notFound(NodePoolView pool) {
    return new ScaleOutcome.Failed(
        "PoolNotFound",
        "node pool " + pool.name() + " is not an agent pool of the cluster nor a configured VMSS",
        "check aksburst.dev/node-pool and AKSBURST_VMSS_POOLS",
        false);
  }
}
