package dev.aksburst.testing;

import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.EventRecorder;
import dev.aksburst.reconcile.ReconcileContext;

/** {@link EventRecorder} that keeps the Events in the {@link InMemoryCluster}. */
public final class InMemoryEventRecorder implements EventRecorder {
  private final InMemoryCluster cluster;

  InMemoryEventRecorder(InMemoryCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public void record(
      WorkloadRef workload,
      String reason,
      String message,
      boolean warning,
      ReconcileContext context) {
    cluster.events.add(
        new InMemoryCluster.RecordedEvent(workload, reason, message, warning, context));
  }
}
