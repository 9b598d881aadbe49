package dev.aksburst.model;

import java.util.Objects;

/**
 * A DaemonSet as a new node sees it: the pod it would put there and where its pods may run.
 *
 * @param podRequests requests of one of its pods, as the scheduler counts them
 * @param placement its template's tolerations and node selection (the DaemonSet controller adds
 *     tolerations only for the transient node conditions, which a new node does not have)
 */
public record DaemonSetView(
    String namespace, String name, Resources podRequests, Placement placement) {
  public DaemonSetView {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(podRequests, "podRequests");
    Objects.requireNonNull(placement, "placement");
  }

  /** Its controller would run a pod on a node with these labels and taints. */
  public boolean runsOn(java.util.Map<String, String> labels, java.util.List<Taint> taints) {
    return placement.tolerates(taints) && placement.selects(labels);
  }
}
