package dev.aksburst.sim;

import dev.aksburst.model.BurstState;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.WriteFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

/**
 * Writes to the simulated cluster: those of the ports (scale, HPA minimum, deletion cost, the state
 * annotation's compare-and-swap, pool states, Events, the virtual nodes v2 StatefulSet), answered
 * with the errors a real API server gives, and kubectl's hooks (annotations, HPA, rollout restart,
 * create and delete, node readiness). Callers hold the {@link SimCluster}'s monitor.
 */
final class SimWrites {
  private final SimState state;

  SimWrites(SimState state) {
    this.state = state;
  }

  /** Scales the virtual nodes v2 StatefulSet: new nodes Ready after the start delay. */
  void writeVirtualNodes(
      String namespace,
      String name,
      int replicas,
      OptionalInt recordBaseline,
      boolean forgetBaseline) {
    SimVirtualNodeSet v =
        state.virtualNodesV2.orElseThrow(
            () ->
                new WriteFailure(
                    "404", "StatefulSet " + namespace + "/" + name + " not found", false));
    int before = v.replicas();
    v.scale(namespace, name, replicas, recordBaseline, forgetBaseline);
    Instant now = state.clock.instant();
    for (int i = before; i < replicas; i++) {
      v.hosts().added(state, v, i, now);
    }
    for (int i = replicas; i < before; i++) {
      v.hosts().removed(state, i, now);
      SimNode n = state.nodes.get(SimVirtualNodesV2.nodeName(i));
      if (n != null) {
        state.nodes.put(n.name(), n.cordon(now));
      }
    }
  }

  void writeScale(WorkloadRef ref, int replicas) {
    SimDeployment d = state.deployments.get(ref);
    if (d == null) {
      throw new WriteFailure("404", "Deployment " + ref + " not found", false);
    }
    if (!d.optedIn()) {
      throw new WriteFailure(
          "403",
          "Deployment " + ref + " is not opted in (" + SimCluster.ENABLED_LABEL + ")",
          false);
    }
    state.deployments.put(ref, d.withReplicas(replicas));
  }

  void writeHpaMin(WorkloadRef ref, String hpaName, int min) {
    SimDeployment d = state.deployments.get(ref);
    if (d == null || d.spec().hpa().isEmpty() || !d.spec().hpa().get().name().equals(hpaName)) {
      throw new WriteFailure(
          "404",
          "HorizontalPodAutoscaler " + ref.namespace() + "/" + hpaName + " not found",
          false);
    }
    state.deployments.put(ref, d.withHpaMin(min));
  }

  /** The deletion cost of each named pod that still is a pod of {@code ref}. */
  java.util.Map<String, java.util.OptionalInt> readDeletionCosts(
      WorkloadRef ref, List<String> podNames) {
    java.util.Map<String, java.util.OptionalInt> costs = new java.util.LinkedHashMap<>();
    for (String name : podNames) {
      SimPod p = state.pods.get(name);
      if (p != null && p.owner().equals(ref)) {
        costs.put(name, p.deletionCost());
      }
    }
    return costs;
  }

  void writeDeletionCost(WorkloadRef ref, List<String> podNames, int cost) {
    List<String> missing = new ArrayList<>();
    for (String name : podNames) {
      SimPod p = state.pods.get(name);
      if (p == null || !p.owner().equals(ref)) {
        missing.add(name);
      } else {
        state.pods.put(name, p.withDeletionCost(cost));
      }
    }
    if (!missing.isEmpty()) {
      throw new WriteFailure(
          "404",
          "pods "
              + missing
              + " of "
              + ref
              + " no longer exist; the next reconcile sees the new set",
          true);
    }
  }

  SimCluster.VersionedState readState(WorkloadRef ref) {
    SimDeployment d = state.optedIn(ref);
    return new SimCluster.VersionedState(d.state(), d.stateVersion());
  }

  /** Stores {@code next} if the state is still at {@code version}; false on a conflict. */
  boolean compareAndSetState(WorkloadRef ref, long version, BurstState next) {
    SimDeployment d = state.optedIn(ref);
    if (d.stateVersion() != version) {
      return false;
    }
    state.deployments.put(ref, d.withState(next));
    return true;
  }

  PoolState updatePoolState(String pool, UnaryOperator<PoolState> change) {
    PoolState next = change.apply(state.poolStates.getOrDefault(pool, PoolState.EMPTY));
    state.poolStates.put(pool, next);
    return next;
  }

  void recordEvent(WorkloadRef ref, String reason, String message, boolean warning) {
    state.events.add(new SimEvent(state.clock.instant(), ref, warning, reason, message));
  }

  /** Replaces the Deployment's annotations; its policy is parsed from them on the next read. */
  void replaceAnnotations(WorkloadRef ref, Map<String, String> annotations) {
    SimDeployment d = state.existing(ref);
    SimWorkloadSpec s = d.spec();
    state.deployments.put(
        ref,
        d.withSpec(
            new SimWorkloadSpec(
                s.ref(),
                s.labels(),
                annotations,
                s.replicas(),
                s.requests(),
                s.placement(),
                s.hpa())));
  }

  /** Replaces the Deployment's HPA (hook for {@link Kubectl#patchHpa}); empty deletes it. */
  void replaceHpa(WorkloadRef ref, Optional<SimHpaSpec> hpa) {
    SimDeployment d = state.existing(ref);
    SimWorkloadSpec s = d.spec();
    state.deployments.put(
        ref,
        d.withSpec(
            new SimWorkloadSpec(
                s.ref(),
                s.labels(),
                s.annotations(),
                s.replicas(),
                s.requests(),
                s.placement(),
                hpa)));
    if (hpa.isPresent()) {
      state.load.putIfAbsent(ref, d.replicas());
    }
  }

  /** A new pod template (hook for {@link Kubectl#rolloutRestart}): a new ReplicaSet rolls in. */
  void restartRollout(WorkloadRef ref) {
    SimDeployment d = state.existing(ref);
    state.deployments.put(
        ref, d.withPodPrefix(SimDeployment.podPrefix(ref, d.resourceVersion() + 1)));
  }

  /**
   * Deletes the Deployment, its state annotation with it; its pods terminate (hook for Kubectl).
   */
  void deleteDeployment(WorkloadRef ref) {
    state.existing(ref);
    state.deployments.remove(ref);
    state.load.remove(ref);
    Instant now = state.clock.instant();
    for (SimPod p : List.copyOf(state.pods.values())) {
      if (p.owner().equals(ref)) {
        state.pods.put(p.name(), p.delete(now, "Deleted with its Deployment (garbage collection)"));
      }
    }
  }

  /** Creates a Deployment from a manifest: no state annotation (hook for {@link Kubectl#apply}). */
  void createDeployment(SimWorkloadSpec spec) {
    if (state.deployments.containsKey(spec.ref())) {
      throw new IllegalArgumentException("Deployment " + spec.ref() + " already exists");
    }
    state.deployments.put(spec.ref(), SimDeployment.created(spec));
    if (spec.hpa().isPresent()) {
      state.load.put(spec.ref(), spec.replicas());
    }
  }

  /**
   * Turns a node NotReady (its kubelet stops reporting) or Ready again (hook for {@link Kubectl}).
   * Pods on it stay as they are: the simulator runs no taint-based eviction.
   */
  void setNodeReady(String name, boolean ready) {
    SimNode n = state.nodes.get(name);
    if (n == null) {
      throw new IllegalArgumentException("no node " + name);
    }
    state.nodes.put(name, n.withReadyAt(ready ? state.clock.instant() : Instant.MAX));
  }
}
