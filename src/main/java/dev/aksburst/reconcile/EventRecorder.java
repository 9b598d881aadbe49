package dev.aksburst.reconcile;

import dev.aksburst.model.WorkloadRef;

/**
 * Records a Kubernetes Event on the Deployment so {@code kubectl describe deploy} tells the story.
 */
public interface EventRecorder {
  /**
   * @param message what happened, without per-reconcile noise, so identical Events aggregate
   * @param context the reconcile it happened in; adapters attach its trigger and correlation id to
   *     the Event (annotations) rather than to the message
   */
  void record(
      WorkloadRef workload,
      String reason,
      String message,
      boolean warning,
      ReconcileContext context);
}
