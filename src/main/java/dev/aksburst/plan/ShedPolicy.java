package dev.aksburst.plan;

import dev.aksburst.model.NodeView;
import dev.aksburst.model.PodView;
import dev.aksburst.model.WorkloadView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Before replicas are lowered, marks the pods the ReplicaSet should delete first: pods on virtual
 * nodes (the lowest deletion cost, below every VM pod's), then pods on the pool's surplus VM nodes
 * (those beyond its recorded baseline, newest first) at half the configured cost (or below the
 * other VM pods' costs), so the pool can shrink afterwards ({@link #costs}).
 *
 * <p>Karpenter's pod-deletion-cost controller may own the deletion cost of the workload's VM pods
 * ({@code karpenter.sh/managed-deletion-cost: "true"}): it writes negative ranks, as low as {@code
 * -2147483648} for a node it is disrupting, and rewrites them about every 60 s. The marks are made
 * in the same apply as the scale-in (the applier checks them again right before it), and the pods
 * on virtual nodes are marked below Karpenter's lowest value; a note says so, as a warning when
 * nothing is below it. In capacity mode placeholders the VM nodes outside the workload's pool take
 * the surplus nodes' place.
 */
final class ShedPolicy {
  static final String NAME = ShedPolicy.class.getSimpleName();

  List<Action> marks(WorkloadView w, PlanInputs in) {
    Costs costs = costs(w, in);
    int virtualCost = costs.virtual();
    int surplusCost = costs.surplus();
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
      List<PodView> onSurplus = onSurplus(w, in, surplus);
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
   * Says, when the workload is lowered and Karpenter manages deletion costs of its pods, which pods
   * those are and the cost the pods on virtual nodes get: a warning when a VM pod already has the
   * lowest int32 ({@code -2147483648}), so the pods on virtual nodes can only tie with it and may
   * not go first.
   */
  List<Note> notes(WorkloadView w, PlanInputs in) {
    List<String> managed =
        in.live(w).stream()
            .filter(PodView::managedDeletionCost)
            .map(p -> p.name() + "=" + p.deletionCost().stream().boxed().findFirst().orElse(0))
            .sorted()
            .toList();
    Set<String> surplus = surplusNodes(w, in);
    List<PodView> onSurplus = onSurplus(w, in, surplus);
    boolean virtual = !in.virtualPods(w).isEmpty();
    if (managed.isEmpty() || (!virtual && onSurplus.isEmpty())) {
      return List.of();
    }
    Costs costs = costs(w, in);
    OptionalInt min = OptionalInt.of(Integer.MIN_VALUE);
    boolean virtualTie =
        virtual
            && costs.virtual() == Integer.MIN_VALUE
            && in.vmPods(w).stream().anyMatch(p -> p.deletionCost().equals(min));
    boolean surplusTie =
        !onSurplus.isEmpty()
            && costs.surplus() == Integer.MIN_VALUE
            && in.vmPods(w).stream()
                .filter(p -> !surplus.contains(p.nodeName().orElse("")))
                .anyMatch(p -> p.deletionCost().equals(min));
    boolean tie = virtualTie || surplusTie;
    String marks =
        (virtual ? "the pods on virtual nodes are marked " + costs.virtual() : "")
            + (virtual && !onSurplus.isEmpty() ? ", " : "")
            + (onSurplus.isEmpty()
                ? ""
                : "the pods on " + surplus.size() + " surplus VM nodes " + costs.surplus());
    String message =
        "Karpenter manages the deletion cost of "
            + managed.size()
            + " pods of "
            + w.ref()
            + " ("
            + String.join(", ", managed.subList(0, Math.min(MAX_NAMED, managed.size())))
            + (managed.size() > MAX_NAMED ? ", ..." : "")
            + "; karpenter.sh/managed-deletion-cost): "
            + (tie
                ? "a pod they must go before already has the lowest deletion cost -2147483648 (a"
                    + " node Karpenter disrupts), so "
                    + marks
                    + " can only tie with it and may not go first"
                : marks + ", below its values, right before replicas are lowered");
    return List.of(
        new Note(
            Optional.of(w.ref()),
            Note.Cause.DELETION_COST_MANAGED,
            EventReason.DELETION_COST_MANAGED,
            message,
            NAME,
            tie));
  }

  /**
   * The costs of a shed: pods on surplus VM nodes get half the configured cost, or less than every
   * other VM pod's cost when one is that low (Karpenter's ranks); pods on virtual nodes get the
   * configured cost, or less than every VM pod's cost once the surplus ones are marked. Each is
   * {@code -2147483648} when a pod it must go before already has it.
   */
  record Costs(int virtual, int surplus) {}

  static Costs costs(WorkloadView w, PlanInputs in) {
    int configured = in.config().virtualDeletionCost();
    Set<String> surplus = surplusNodes(w, in);
    List<PodView> kept =
        in.vmPods(w).stream().filter(p -> !surplus.contains(p.nodeName().orElse(""))).toList();
    int surplusCost = below(minCost(kept), configured / 2);
    OptionalInt surplusMin = minCost(onSurplus(w, in, surplus));
    OptionalInt vmMin = minCost(kept);
    if (!surplus.isEmpty() && !onSurplus(w, in, surplus).isEmpty()) {
      int marked =
          surplusMin.isPresent() ? Math.min(surplusMin.getAsInt(), surplusCost) : surplusCost;
      vmMin = OptionalInt.of(vmMin.isPresent() ? Math.min(vmMin.getAsInt(), marked) : marked);
    }
    return new Costs(below(vmMin, configured), surplusCost);
  }

  private static List<PodView> onSurplus(WorkloadView w, PlanInputs in, Set<String> surplus) {
    return in.vmPods(w).stream().filter(p -> surplus.contains(p.nodeName().orElse(""))).toList();
  }

  private static OptionalInt minCost(List<PodView> pods) {
    return pods.stream()
        .map(PodView::deletionCost)
        .filter(OptionalInt::isPresent)
        .mapToInt(OptionalInt::getAsInt)
        .min();
  }

  /** {@code start}, or one below {@code min} when that is not above it (not below the int32). */
  private static int below(OptionalInt min, int start) {
    if (min.isPresent() && min.getAsInt() <= start) {
      return min.getAsInt() == Integer.MIN_VALUE ? Integer.MIN_VALUE : min.getAsInt() - 1;
    }
    return start;
  }

  /** At most this many pods are named in a note. */
  static final int MAX_NAMED = 10;

  /**
   * The configured cost for pods on virtual nodes, or below every VM pod's cost when one is that
   * low (Karpenter's ranks, a user's value); {@code -2147483648} when a VM pod has it already.
   */
  static int virtualCostBelowVms(WorkloadView w, PlanInputs in) {
    return below(minCost(in.vmPods(w)), in.config().virtualDeletionCost());
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
