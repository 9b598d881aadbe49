package dev.aksburst.reconcile;

import dev.aksburst.model.PlaceholderTemplate;
import dev.aksburst.model.WorkloadRef;
import java.util.List;

/** Writes to opted-in workloads. Every method throws {@link WriteFailure} on failure. */
public interface WorkloadWriter {
  /** Sets spec.replicas (scale subresource). Refuses a Deployment that is not opted in. */
  void scale(WorkloadRef workload, int replicas);

  /** Sets the HPA's minReplicas. */
  void setHpaMinReplicas(WorkloadRef workload, String hpaName, int minReplicas);

  /** Sets {@code controller.kubernetes.io/pod-deletion-cost} on the pods (merge patch each). */
  void setDeletionCost(WorkloadRef workload, List<String> pods, int cost);

  /**
   * The {@code controller.kubernetes.io/pod-deletion-cost} each named pod has now (empty when it
   * has none); a pod that is no longer the workload's is left out. Read right before a scale-in, to
   * see whether marks made in the same apply were rewritten (Karpenter).
   */
  java.util.Map<String, java.util.OptionalInt> deletionCosts(
      WorkloadRef workload, List<String> pods);

  /**
   * Sets {@code spec.replicas} of the virtual nodes v2 StatefulSet the operator named, and in the
   * same write records aks-burst's baseline on it ({@code recordBaseline}) or forgets it ({@code
   * forgetBaseline}). Refuses any other StatefulSet.
   */
  void scaleVirtualNodes(
      String namespace,
      String name,
      int replicas,
      java.util.OptionalInt recordBaseline,
      boolean forgetBaseline);

  /**
   * Creates or replaces the workload's placeholder Deployment ({@code template.name()} in the
   * workload's namespace, labelled as aks-burst's and as the workload's placeholders) with {@code
   * replicas} pods; {@code replicas} 0 deletes it (absent is fine). Refuses a workload that is not
   * opted in, and never touches a Deployment of that name that aks-burst did not create.
   */
  void writePlaceholders(WorkloadRef workload, PlaceholderTemplate template, int replicas);
}
