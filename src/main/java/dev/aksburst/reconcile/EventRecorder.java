package dev.aksburst.reconcile;

import dev.aksburst.model.WorkloadRef;

/**
 * Records a Kubernetes Event on the Deployment so {@code kubectl describe deploy} tells the story.
 */
public interface EventRecorder {
  void record(WorkloadRef workload, String reason, String message, boolean warning);
}
