package dev.aksburst.sim;

import dev.aksburst.model.PoolState;
import dev.aksburst.reconcile.PoolStateStore;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Pool states of the simulated cluster, kept in memory under the cluster's monitor. */
final class SimPoolStateStore implements PoolStateStore {
  private final SimCluster sim;

  SimPoolStateStore(SimCluster sim) {
    this.sim = sim;
  }

  @Override
  public Map<String, PoolState> readAll() {
    return sim.poolStates();
  }

  @Override
  public PoolState update(String pool, UnaryOperator<PoolState> change) {
    return sim.updatePoolState(pool, change);
  }
}
