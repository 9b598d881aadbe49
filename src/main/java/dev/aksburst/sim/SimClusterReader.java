package dev.aksburst.sim;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.reconcile.ClusterReader;

/** Reads the simulated cluster's opted-in Deployments, their pods and every registered node. */
final class SimClusterReader implements ClusterReader {
  private final SimCluster sim;

  SimClusterReader(SimCluster sim) {
    this.sim = sim;
  }

  @Override
  public ClusterSnapshot read() {
    return sim.snapshot();
  }
}
