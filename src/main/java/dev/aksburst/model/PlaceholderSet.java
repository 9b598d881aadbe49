package dev.aksburst.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A placeholder Deployment aks-burst keeps for a workload's overflow on ACI ({@code
 * aksburst.dev/capacity: placeholders}), as observed.
 *
 * @param workload the workload it holds VM room for
 * @param name the Deployment's name ({@code <workload>-aksburst-placeholder})
 * @param replicas its {@code spec.replicas}
 * @param readyReplicas its pods Ready
 * @param runningOn the node of each of its live, bound pods (one entry per pod): the room they hold
 * @param oldestPending when its oldest pod still waiting for a node was created, if any waits
 */
public record PlaceholderSet(
    WorkloadRef workload,
    String name,
    int replicas,
    int readyReplicas,
    List<String> runningOn,
    Optional<Instant> oldestPending) {
  /** The name of a workload's placeholder Deployment, in the workload's namespace. */
  public static String nameFor(WorkloadRef workload) {
    return workload.name() + "-aksburst-placeholder";
  }

  public PlaceholderSet {
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(name, "name");
    if (replicas < 0 || readyReplicas < 0) {
      throw new IllegalArgumentException(name + ": replica counts must be >= 0");
    }
    runningOn = List.copyOf(runningOn);
    Objects.requireNonNull(oldestPending, "oldestPending");
  }

  /** A placeholder Deployment none of whose pods waits for a node. */
  public PlaceholderSet(
      WorkloadRef workload, String name, int replicas, int readyReplicas, List<String> runningOn) {
    this(workload, name, replicas, readyReplicas, runningOn, Optional.empty());
  }
}
