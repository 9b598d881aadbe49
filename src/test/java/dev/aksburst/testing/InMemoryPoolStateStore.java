package dev.aksburst.testing;

import dev.aksburst.model.PoolState;
import dev.aksburst.reconcile.PoolStateStore;
import java.util.Map;
import java.util.function.UnaryOperator;

/** {@link PoolStateStore} over the {@link InMemoryCluster}'s pool states. */
public final class InMemoryPoolStateStore implements PoolStateStore {
  private final InMemoryCluster cluster;

  InMemoryPoolStateStore(InMemoryCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public Map<String, PoolState> readAll() {
    return Map.copyOf(cluster.poolStates);
  }

  @Override
  public PoolState update(String pool, UnaryOperator<PoolState> change) {
    PoolState next = change.apply(cluster.poolStates.getOrDefault(pool, PoolState.EMPTY));
    cluster.poolStates.put(pool, next);
    return next;
  }
}
