package dev.aksburst.sim;

import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.EventRecorder;
import dev.aksburst.reconcile.ReconcileContext;

/** Records Events on simulated Deployments ({@link SimCluster#events(WorkloadRef)}). */
final class SimEventRecorder implements EventRecorder {
  private final SimCluster sim;

  SimEventRecorder(SimCluster sim) {
    this.sim = sim;
  }

  @Override
  public void record(
      WorkloadRef workload,
      String reason,
      String message,
      boolean warning,
      ReconcileContext context) {
    sim.recordEvent(workload, reason, message, warning);
  }
}
