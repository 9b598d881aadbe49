package dev.aksburst.sim;

import dev.aksburst.model.NodePoolView;
import dev.aksburst.reconcile.NodePoolScaler;
import java.util.List;

/** The simulated cluster's agent pools, written like the AKS agentPools PUT (one at a time). */
final class SimNodePoolScaler implements NodePoolScaler {
  private final SimCluster sim;

  SimNodePoolScaler(SimCluster sim) {
    this.sim = sim;
  }

  @Override
  public List<NodePoolView> describe() {
    return sim.describePools();
  }

  @Override
  public ScaleOutcome scale(NodePoolView pool, int target) {
    return sim.scalePool(pool.name(), target);
  }

  @Override
  public ScaleOutcome deleteMachines(NodePoolView pool, List<String> machines) {
    return sim.deletePoolMachines(pool.name(), machines);
  }
}
