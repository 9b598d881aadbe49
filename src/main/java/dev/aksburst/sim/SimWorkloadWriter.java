package dev.aksburst.sim;

import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.WorkloadWriter;
import java.util.List;

/** Scales simulated Deployments, writes their HPA minimum and marks pod deletion costs. */
final class SimWorkloadWriter implements WorkloadWriter {
  private final SimCluster sim;

  SimWorkloadWriter(SimCluster sim) {
    this.sim = sim;
  }

  @Override
  public void scale(WorkloadRef workload, int replicas) {
    sim.writeScale(workload, replicas);
  }

  @Override
  public void setHpaMinReplicas(WorkloadRef workload, String hpaName, int minReplicas) {
    sim.writeHpaMin(workload, hpaName, minReplicas);
  }

  @Override
  public void scaleVirtualNodes(
      String namespace,
      String name,
      int replicas,
      java.util.OptionalInt recordBaseline,
      boolean forgetBaseline) {
    sim.writeVirtualNodes(namespace, name, replicas, recordBaseline, forgetBaseline);
  }

  @Override
  public void writePlaceholders(
      WorkloadRef workload, dev.aksburst.model.PlaceholderTemplate template, int replicas) {
    sim.writePlaceholders(workload, template, replicas);
  }

  @Override
  public void setDeletionCost(WorkloadRef workload, List<String> pods, int cost) {
    sim.writeDeletionCost(workload, pods, cost);
  }

  @Override
  public java.util.Map<String, java.util.OptionalInt> deletionCosts(
      WorkloadRef workload, List<String> pods) {
    return sim.readDeletionCosts(workload, pods);
  }
}
