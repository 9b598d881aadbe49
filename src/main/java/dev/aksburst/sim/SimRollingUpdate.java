package dev.aksburst.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The Deployment controller's RollingUpdate strategy with the Kubernetes defaults ({@code maxSurge}
 * 25% rounded up, {@code maxUnavailable} 25% rounded down, at least one of them 1): pods of the new
 * template are created while the total stays within replicas + maxSurge, and pods of the old
 * template are deleted while the Ready pods stay at or above replicas - maxUnavailable. Pods of the
 * old template are those whose name does not start with the current ReplicaSet's prefix.
 */
final class SimRollingUpdate {
  private SimRollingUpdate() {}

  /**
   * What the controller does in one step: pods of the new template to create, old ones to delete.
   */
  record Step(int create, List<SimPod> delete) {
    Step {
      delete = List.copyOf(delete);
    }
  }

  static int maxSurge(int replicas) {
    return Math.max(1, (replicas + 3) / 4);
  }

  static int maxUnavailable(int replicas) {
    return replicas / 4;
  }

  /** Whether pods of another template than {@code prefix}'s are still active. */
  static boolean inProgress(List<SimPod> active, String prefix, int replicas) {
    long current = active.stream().filter(p -> isCurrent(p, prefix)).count();
    return current != active.size() || current < replicas;
  }

  static boolean isCurrent(SimPod p, String prefix) {
    return p.name().startsWith(prefix + "-");
  }

  /**
   * @param active the Deployment's active pods, both templates
   * @param prefix the current ReplicaSet's pod name prefix
   */
  static Step step(List<SimPod> active, String prefix, int replicas) {
    List<SimPod> current = active.stream().filter(p -> isCurrent(p, prefix)).toList();
    List<SimPod> old = active.stream().filter(p -> !isCurrent(p, prefix)).toList();
    int total = active.size();
    int create =
        Math.max(0, Math.min(replicas - current.size(), replicas + maxSurge(replicas) - total));
    List<SimPod> delete = new ArrayList<>();
    if (current.size() > replicas) {
      // scaled down during the rollout: the new ReplicaSet gives back its surplus
      delete.addAll(ReplicaSetRanking.victims(current, current.size() - replicas));
    }
    long ready =
        active.stream().filter(SimPod::ready).count()
            - delete.stream().filter(SimPod::ready).count();
    long minReady = replicas - maxUnavailable(replicas);
    // Old pods that are not Ready go first: they cost no availability.
    for (SimPod p : old.stream().sorted((x, y) -> Boolean.compare(x.ready(), y.ready())).toList()) {
      if (!p.ready()) {
        delete.add(p);
      } else if (ready - 1 >= minReady) {
        delete.add(p);
        ready--;
      }
    }
    return new Step(create, delete);
  }
}
