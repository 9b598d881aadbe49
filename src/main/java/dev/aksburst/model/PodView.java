package dev.aksburst.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One pod of an opted-in workload.
 *
 * @param nodeName the node it is bound to; empty while unscheduled
 * @param deletionCost {@code controller.kubernetes.io/pod-deletion-cost}, if set
 * @param terminating it has a deletion timestamp
 */
public record PodView(
    String name,
    Optional<String> nodeName,
    PodPhase phase,
    boolean ready,
    Resources requests,
    OptionalInt deletionCost,
    Instant created,
    boolean terminating) {
  public PodView {
    Objects.requireNonNull(name, "pod name");
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(deletionCost, "deletionCost");
    Objects.requireNonNull(created, "created");
  }

  public boolean scheduled() {
    return nodeName.isPresent();
  }

  /** Counts toward the workload: not terminating and not finished. */
  public boolean live() {
    return !terminating && phase != PodPhase.SUCCEEDED && phase != PodPhase.FAILED;
  }
}
