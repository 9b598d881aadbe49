package dev.aksburst.plan;

import dev.aksburst.model.NodeView;
import dev.aksburst.model.PodView;
import dev.aksburst.model.WorkloadView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Before replicas are lowered, marks the pods the ReplicaSet should delete first: pods on virtual
 * nodes (the lowest deletion cost), then pods on the pool's surplus VM nodes (those beyond its
 * recorded baseline, newest first) at half that cost, so the pool can shrink afterwards. In
 * capacity mode placeholders the VM nodes outside the workload's pool take that place.
 */
final class ShedPolicy {
  static final String NAME = ShedPolicy.class.getSimpleName();

  List<Action> marks(WorkloadView w, PlanInputs in) {
    int virtualCost = in.config().virtualDeletionCost();
    int surplusCost = virtualCost / 2;
    List<Action> actions = new ArrayList<>();
    List<String> virtual = unmarked(in.virtualPods(w), virtualCost);
    if (!virtual.isEmpty()) {
      actions.add(
          new Action.MarkDeletionCost(
              w.ref(),
              virtual,
              virtualCost,
              Optional.empty(),
              NAME,
              "shed "
                  + virtual.size()
                  + " pods on virtual nodes first: deletion cost "
                  + virtualCost));
    }
    Set<String> surplus = surplusNodes(w, in);
    if (!surplus.isEmpty()) {
      List<PodView> onSurplus =
          in.vmPods(w).stream().filter(p -> surplus.contains(p.nodeName().orElse(""))).toList();
      List<String> pods = unmarked(onSurplus, surplusCost);
      if (!pods.isEmpty()) {
        actions.add(
            new Action.MarkDeletionCost(
                w.ref(),
                pods,
                surplusCost,
                Optional.empty(),
                NAME,
                "shed "
                    + pods.size()
                    + " pods on "
                    + surplus.size()
                    + " surplus VM nodes next: deletion cost "
                    + surplusCost));
      }
    }
    return actions;
  }

  /**
   * Names of the surplus VM nodes of the workload's pool ({@link PlanInputs#surplusNodes}); in
   * capacity mode placeholders, the VM nodes outside that pool (those node auto-provisioning added:
   * emptied first, they are consolidated without evicting what stays).
   */
  private static Set<String> surplusNodes(WorkloadView w, PlanInputs in) {
    Optional<String> pool = in.poolChoice(w.ref()).name();
    if (PlaceholderPolicy.applies(w, in)) {
      return in.snapshot().nodes().stream()
          .filter(n -> !n.virtual())
          .filter(n -> n.pool().isEmpty() || pool.isPresent() && !n.pool().equals(pool))
          .map(NodeView::name)
          .collect(Collectors.toSet());
    }
    return pool.map(in::surplusNodes).orElse(List.of()).stream()
        .map(NodeView::name)
        .collect(Collectors.toSet());
  }

  /** Names of pods whose deletion cost is not already at or below {@code cost}, sorted. */
  static List<String> unmarked(List<PodView> pods, int cost) {
    return pods.stream()
        .filter(p -> p.deletionCost().isEmpty() || p.deletionCost().getAsInt() > cost)
        .map(PodView::name)
        .sorted()
        .toList();
  }
}
