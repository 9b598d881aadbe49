package dev.aksburst.model;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One pod of an opted-in workload.
 *
 * @param nodeName the node it is bound to; empty while unscheduled
 * @param deletionCost {@code controller.kubernetes.io/pod-deletion-cost}, if set
 * @param terminating it has a deletion timestamp
 * @param labels the pod's labels (template labels plus {@code pod-template-hash}); they include the
 *     workload's selector on a real cluster, but a view built from the selector alone may leave
 *     them empty: {@link #labelsWith} adds it back
 * @param nominatedNode while unscheduled, the node the scheduler nominated it to after preempting
 *     lower-priority pods there ({@code status.nominatedNodeName}): it is headed there and that
 *     node's room is held for it
 * @param managedDeletionCost the pod carries {@code karpenter.sh/managed-deletion-cost: "true"}:
 *     Karpenter's pod-deletion-cost controller owns its {@code deletionCost} and rewrites it (about
 *     every 60 s), so a mark aks-burst writes may not last until the ReplicaSet scales in
 */
public record PodView(
    String name,
    Optional<String> nodeName,
    PodPhase phase,
    boolean ready,
    Resources requests,
    OptionalInt deletionCost,
    Instant created,
    boolean terminating,
    Map<String, String> labels,
    Optional<String> nominatedNode,
    boolean managedDeletionCost) {
  public PodView {
    Objects.requireNonNull(name, "pod name");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(deletionCost, "deletionCost");
    Objects.requireNonNull(created, "created");
    labels = Map.copyOf(labels);
    Objects.requireNonNull(nominatedNode, "nominatedNode");
    nominatedNode = nodeName.isPresent() ? Optional.empty() : nominatedNode;
  }

  /** A pod whose deletion cost no one else manages. */
  public PodView(
      String name,
      Optional<String> nodeName,
      PodPhase phase,
      boolean ready,
      Resources requests,
      OptionalInt deletionCost,
      Instant created,
      boolean terminating,
      Map<String, String> labels,
      Optional<String> nominatedNode) {
    this(
        name,
        nodeName,
        phase,
        ready,
        requests,
        deletionCost,
        created,
        terminating,
        labels,
        nominatedNode,
        false);
  }

  /** A pod nominated to no node. */
  public PodView(
      String name,
      Optional<String> nodeName,
      PodPhase phase,
      boolean ready,
      Resources requests,
      OptionalInt deletionCost,
      Instant created,
      boolean terminating,
      Map<String, String> labels) {
    this(
        name,
        nodeName,
        phase,
        ready,
        requests,
        deletionCost,
        created,
        terminating,
        labels,
        Optional.empty());
  }

  public boolean scheduled() {
    return nodeName.isPresent();
  }

  /**
   * The pod's labels together with its workload's {@code selector}, which every pod of the workload
   * matches by construction (the pod's own value wins where both name a key).
   */
  public Map<String, String> labelsWith(Map<String, String> selector) {
    if (labels.keySet().containsAll(selector.keySet())) {
      return labels;
    }
    Map<String, String> all = new HashMap<>(selector);
    all.putAll(labels);
    return Map.copyOf(all);
  }

  /** Counts toward the workload: not terminating and not finished. */
  public boolean live() {
    return !terminating && phase != PodPhase.SUCCEEDED && phase != PodPhase.FAILED;
  }
}
