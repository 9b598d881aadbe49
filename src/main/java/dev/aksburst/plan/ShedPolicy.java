package dev.aksburst.plan;

import dev.aksburst.model.NodeView;
import dev.aksburst.model.PodView;
import dev.aksburst.model.WorkloadView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Before replicas are lowered, marks the pods the ReplicaSet should delete first: pods on virtual
 * nodes (the lowest deletion cost), then pods on the pool's surplus VM nodes (those beyond its
 * recorded baseline, newest first) at half that cost, so the pool can shrink afterwards.
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

  /** The pool's nodes beyond its recorded baseline count, newest first. */
  private static Set<String> surplusNodes(WorkloadView w, PlanInputs in) {
    Optional<String> pool = in.poolChoice(w.ref()).name();
    if (pool.isEmpty()) {
      return Set.of();
    }
    OptionalInt baseline = in.snapshot().poolState(pool.get()).baseline();
    if (baseline.isEmpty()) {
      return Set.of();
    }
    List<NodeView> nodes = in.poolNodes(pool.get());
    int surplus = nodes.size() - baseline.getAsInt();
    if (surplus <= 0) {
      return Set.of();
    }
    return nodes.stream()
        .sorted(Comparator.comparing(NodeView::created).reversed().thenComparing(NodeView::name))
        .limit(surplus)
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
