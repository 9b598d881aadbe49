package dev.aksburst.sim;

import dev.aksburst.model.PodPhase;
import dev.aksburst.model.Resources;
import dev.aksburst.model.WorkloadRef;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A pod of a simulated Deployment.
 *
 * @param node the node it is bound to; empty while unscheduled
 * @param boundAt when it was bound
 * @param startsAt when its container is Ready (or when the provider fails it)
 * @param failsOnStart the provider will refuse it at {@code startsAt} (ACI quota)
 * @param readySince Ready since then
 * @param terminatingSince deleted at that instant; gone after the grace period
 * @param message the last scheduling or provider message (kubectl describe's last event)
 * @param managedDeletionCost Karpenter manages its deletion cost ({@code
 *     karpenter.sh/managed-deletion-cost: "true"}, {@link SimKarpenterDeletionCost})
 */
public record SimPod(
    String name,
    WorkloadRef owner,
    Resources requests,
    Instant created,
    Optional<String> node,
    Optional<Instant> boundAt,
    Optional<Instant> startsAt,
    boolean failsOnStart,
    PodPhase phase,
    Optional<Instant> readySince,
    OptionalInt deletionCost,
    Optional<Instant> terminatingSince,
    String message,
    boolean managedDeletionCost) {
  public SimPod {
    Objects.requireNonNull(name);
    Objects.requireNonNull(owner);
    Objects.requireNonNull(requests);
    Objects.requireNonNull(created);
    Objects.requireNonNull(node);
    Objects.requireNonNull(boundAt);
    Objects.requireNonNull(startsAt);
    Objects.requireNonNull(phase);
    Objects.requireNonNull(readySince);
    Objects.requireNonNull(deletionCost);
    Objects.requireNonNull(terminatingSince);
    message = message == null ? "" : message;
  }

  static SimPod newPod(String name, WorkloadRef owner, Resources requests, Instant now) {
    return new SimPod(
        name,
        owner,
        requests,
        now,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        false,
        PodPhase.PENDING,
        Optional.empty(),
        OptionalInt.empty(),
        Optional.empty(),
        "",
        false);
  }

  public boolean ready() {
    return readySince.isPresent() && terminatingSince.isEmpty() && phase == PodPhase.RUNNING;
  }

  public boolean terminating() {
    return terminatingSince.isPresent();
  }

  public boolean failed() {
    return phase == PodPhase.FAILED;
  }

  /** Counts toward its ReplicaSet: not terminating, not failed. */
  public boolean active() {
    return !terminating() && phase != PodPhase.FAILED && phase != PodPhase.SUCCEEDED;
  }

  /** Holds resources on its node (scheduler's view): bound and not finished. */
  public boolean holdsResources() {
    return node.isPresent() && phase != PodPhase.FAILED && phase != PodPhase.SUCCEEDED;
  }

  /** What {@code kubectl get pods} shows in STATUS. */
  public String status() {
    if (terminating()) {
      return "Terminating";
    }
    if (phase == PodPhase.FAILED) {
      return "ProviderFailed";
    }
    if (node.isEmpty()) {
      return "Pending";
    }
    if (readySince.isEmpty()) {
      return "ContainerCreating";
    }
    return "Running";
  }

  SimPod bind(String nodeName, Instant now, Instant startAt, boolean fails, String msg) {
    return new SimPod(
        name,
        owner,
        requests,
        created,
        Optional.of(nodeName),
        Optional.of(now),
        Optional.of(startAt),
        fails,
        PodPhase.PENDING,
        Optional.empty(),
        deletionCost,
        terminatingSince,
        msg,
        managedDeletionCost);
  }

  SimPod unschedulable(String msg) {
    return new SimPod(
        name,
        owner,
        requests,
        created,
        node,
        boundAt,
        startsAt,
        failsOnStart,
        phase,
        readySince,
        deletionCost,
        terminatingSince,
        msg,
        managedDeletionCost);
  }

  SimPod started(Instant at) {
    return new SimPod(
        name,
        owner,
        requests,
        created,
        node,
        boundAt,
        startsAt,
        false,
        PodPhase.RUNNING,
        Optional.of(at),
        deletionCost,
        terminatingSince,
        "Started",
        managedDeletionCost);
  }

  SimPod providerFailed(String msg) {
    return new SimPod(
        name,
        owner,
        requests,
        created,
        node,
        boundAt,
        startsAt,
        failsOnStart,
        PodPhase.FAILED,
        Optional.empty(),
        deletionCost,
        terminatingSince,
        msg,
        managedDeletionCost);
  }

  /** The pod with the deletion cost Karpenter's controller writes, and its sentinel. */
  SimPod withManagedDeletionCost(int cost) {
    return new SimPod(
        name,
        owner,
        requests,
        created,
        node,
        boundAt,
        startsAt,
        failsOnStart,
        phase,
        readySince,
        OptionalInt.of(cost),
        terminatingSince,
        message,
        true);
  }

  SimPod withDeletionCost(int cost) {
    return new SimPod(
        name,
        owner,
        requests,
        created,
        node,
        boundAt,
        startsAt,
        failsOnStart,
        phase,
        readySince,
        OptionalInt.of(cost),
        terminatingSince,
        message,
        managedDeletionCost);
  }

  SimPod delete(Instant now, String why) {
    if (terminating()) {
      return this;
    }
    return new SimPod(
        name,
        owner,
        requests,
        created,
        node,
        boundAt,
        startsAt,
        failsOnStart,
        phase,
        readySince,
        deletionCost,
        Optional.of(now),
        why,
        managedDeletionCost);
  }
}
