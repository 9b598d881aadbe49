package dev.aksburst.sim;

import dev.aksburst.contract.Annotations;
import dev.aksburst.model.PlaceholderSet;
import dev.aksburst.model.PlaceholderTemplate;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.WriteFailure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Placeholder Deployments on the simulated cluster ({@code aksburst.dev/capacity: placeholders}):
 * written through the workload writer port, observed for the snapshot, and the pod priorities the
 * scheduler and its preemption use. The cluster knows the PriorityClasses of the deploy manifests
 * ({@code aks-burst-placeholder}, value -10); every other pod has priority 0. Callers hold the
 * {@link SimCluster}'s monitor.
 */
final class SimPlaceholders {
  /**
   * The PriorityClasses the simulated cluster has, as infra/k8s/rbac-placeholders.yaml creates
   * them.
   */
  static final Map<String, Integer> PRIORITY_CLASSES = Map.of("aks-burst-placeholder", -10);

  private final SimState state;

  SimPlaceholders(SimState state) {
    this.state = state;
  }

  /** Creates or replaces the workload's placeholder Deployment; 0 replicas deletes it. */
  void write(WorkloadRef workload, PlaceholderTemplate template, int replicas) {
    SimDeployment owner = state.deployments.get(workload);
    if (owner == null || !owner.optedIn()) {
      throw new WriteFailure(
          owner == null ? "404" : "403",
          "Deployment " + workload + " is not an opted-in Deployment",
          false);
    }
    WorkloadRef ref = WorkloadRef.of(workload.namespace(), template.name());
    SimDeployment existing = state.deployments.get(ref);
    if (existing != null && !isPlaceholder(existing)) {
      throw new WriteFailure(
          "409",
          "Deployment " + ref + " exists and is not aks-burst's placeholder: left alone",
          false);
    }
    Instant now = state.clock.instant();
    if (replicas == 0) {
      if (existing != null) {
        state.deployments.remove(ref);
        state.priorityClasses.remove(ref);
        for (SimPod p : List.copyOf(state.pods.values())) {
          if (p.owner().equals(ref)) {
            state.pods.put(p.name(), p.delete(now, "Deleted with its Deployment"));
          }
        }
      }
      return;
    }
    if (!PRIORITY_CLASSES.containsKey(template.priorityClass())) {
      throw new WriteFailure(
          "403",
          "pods of "
              + ref
              + " are forbidden: no PriorityClass with name "
              + template.priorityClass()
              + " was found",
          false);
    }
    SimWorkloadSpec spec =
        new SimWorkloadSpec(
            ref,
            Map.of(
                Annotations.MANAGED_BY,
                Annotations.MANAGED_BY_VALUE,
                Annotations.PLACEHOLDER_FOR,
                workload.name()),
            Map.of(),
            replicas,
            template.requests(),
            template.placement(),
            Optional.empty());
    state.deployments.put(
        ref,
        existing == null
            ? SimDeployment.created(spec)
            : existing.withSpec(spec).withReplicas(replicas));
    state.priorityClasses.put(ref, template.priorityClass());
  }

  /** The placeholder Deployments as a reader lists them. */
  List<PlaceholderSet> observe() {
    List<PlaceholderSet> sets = new ArrayList<>();
    for (SimDeployment d : state.deployments.values()) {
      if (!isPlaceholder(d)) {
        continue;
      }
      WorkloadRef ref = d.spec().ref();
      List<SimPod> live =
          state.pods.values().stream().filter(p -> p.owner().equals(ref) && p.active()).toList();
      sets.add(
          new PlaceholderSet(
              WorkloadRef.of(ref.namespace(), d.spec().labels().get(Annotations.PLACEHOLDER_FOR)),
              ref.name(),
              d.replicas(),
              (int) live.stream().filter(SimPod::ready).count(),
              live.stream().flatMap(p -> p.node().stream()).toList(),
              live.stream()
                  .filter(p -> p.node().isEmpty())
                  .map(SimPod::created)
                  .min(Instant::compareTo)));
    }
    return sets;
  }

  /** The pod's priority: its Deployment's PriorityClass value, else 0. */
  int priority(SimPod p) {
    String cls = state.priorityClasses.get(p.owner());
    return cls == null ? 0 : PRIORITY_CLASSES.getOrDefault(cls, 0);
  }

  static boolean isPlaceholder(SimDeployment d) {
    return Annotations.MANAGED_BY_VALUE.equals(d.spec().labels().get(Annotations.MANAGED_BY))
        && d.spec().labels().containsKey(Annotations.PLACEHOLDER_FOR);
  }
}
