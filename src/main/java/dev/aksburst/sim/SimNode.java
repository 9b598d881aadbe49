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

  /** The cloud node lifecycle controller's taint on a node whose VM is shut down (deallocated). */
  public static final Taint SHUTDOWN_TAINT =
      new Taint("node.cloudprovider.kubernetes.io/shutdown", "", "NoSchedule");

  /** The node lifecycle controller's taint on a node whose kubelet stopped posting. */
  public static final Taint UNREACHABLE_TAINT =
      new Taint("node.kubernetes.io/unreachable", "", "NoSchedule");

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

  /**
   * Its VM is deallocated ({@code scaleDownMode: Deallocate}): the Node stays registered, NotReady
   * and tainted, runs nothing and bills no compute.
   */
  public boolean deallocated() {
    return taints.contains(SHUTDOWN_TAINT);
  }

  /** The same node with its VM deallocated: NotReady until started, uncordoned. */
  SimNode deallocate() {
    List<Taint> t = new ArrayList<>(taints);
    t.remove(SHUTDOWN_TAINT);
    t.remove(UNREACHABLE_TAINT);
    t.add(SHUTDOWN_TAINT);
    t.add(UNREACHABLE_TAINT);
    return new SimNode(
        name,
        pool,
        vmSize,
        labels,
        t,
        virtual,
        allocatable,
        maxPods,
        daemonSetRequested,
        daemonSetPods,
        orderedAt,
        registeredAt,
        Instant.MAX,
        Optional.empty(),
        index);
  }

  /** The deallocated node started: billed from {@code now}, Ready at {@code readyAt}. */
  SimNode start(Instant now, Instant readyAt) {
    List<Taint> t = new ArrayList<>(taints);
    t.remove(SHUTDOWN_TAINT);
    t.remove(UNREACHABLE_TAINT);
    return new SimNode(
        name,
        pool,
        vmSize,
        labels,
        t,
        virtual,
        allocatable,
        maxPods,
        daemonSetRequested,
        daemonSetPods,
        now,
        registeredAt,
        readyAt,
        Optional.empty(),
        index);
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
