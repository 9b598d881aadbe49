package dev.aksburst.sim;

import dev.aksburst.model.Resources;
import dev.aksburst.model.Taint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A node of the simulated cluster, VM or virtual.
 *
 * @param pool the VM pool it belongs to; empty for the virtual node
 * @param orderedAt when the pool grew for it (billing starts)
 * @param registeredAt when the Node object appears (NotReady)
 * @param readyAt when it turns Ready
 * @param removeAt set once it is cordoned and drained for removal: gone at that instant
 * @param index position in its pool's VM scale set (newest has the highest)
 */
public record SimNode(
    String name,
    Optional<String> pool,
    String vmSize,
    Map<String, String> labels,
    List<Taint> taints,
    boolean virtual,
    Resources allocatable,
    int maxPods,
    Resources daemonSetRequested,
    int daemonSetPods,
    Instant orderedAt,
    Instant registeredAt,
    Instant readyAt,
    Optional<Instant> removeAt,
    int index) {
  public static final Taint NOT_READY_TAINT =
      new Taint("node.kubernetes.io/not-ready", "", "NoSchedule");
  public static final Taint UNSCHEDULABLE_TAINT =
      new Taint("node.kubernetes.io/unschedulable", "", "NoSchedule");

  public SimNode {
    Objects.requireNonNull(name);
    Objects.requireNonNull(pool);
    Objects.requireNonNull(vmSize);
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
    Objects.requireNonNull(allocatable);
    Objects.requireNonNull(daemonSetRequested);
    Objects.requireNonNull(orderedAt);
    Objects.requireNonNull(registeredAt);
    Objects.requireNonNull(readyAt);
    Objects.requireNonNull(removeAt);
  }

  /** The Node object exists in the API. */
  public boolean registered(Instant now) {
    return !now.isBefore(registeredAt);
  }

  public boolean ready(Instant now) {
    return !now.isBefore(readyAt);
  }

  /** Cordoned (picked for removal). */
  public boolean cordoned() {
    return removeAt.isPresent();
  }

  /** The taints the API shows now, including the node lifecycle controller's. */
  public List<Taint> taintsAt(Instant now) {
    List<Taint> all = new ArrayList<>(taints);
    if (!ready(now)) {
      all.add(NOT_READY_TAINT);
    }
    if (cordoned()) {
      all.add(UNSCHEDULABLE_TAINT);
    }
    return all;
  }

  /** The same node turning Ready at {@code at} ({@link Instant#MAX}: NotReady until told). */
  SimNode withReadyAt(Instant at) {
    return new SimNode(
        name,
        pool,
        vmSize,
        labels,
        taints,
        virtual,
        allocatable,
        maxPods,
        daemonSetRequested,
        daemonSetPods,
        orderedAt,
        registeredAt,
        at,
        removeAt,
        index);
  }

  SimNode cordon(Instant removeAt) {
    return new SimNode(
        name,
        pool,
        vmSize,
        labels,
        taints,
        virtual,
        allocatable,
        maxPods,
        daemonSetRequested,
        daemonSetPods,
        orderedAt,
        registeredAt,
        readyAt,
        Optional.of(removeAt),
        index);
  }
}
