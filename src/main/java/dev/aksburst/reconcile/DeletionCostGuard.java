package dev.aksburst.reconcile;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.PodView;
import dev.aksburst.model.ShedAudit;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.EventReason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.logging.Level;

/**
 * The applier's guard for workloads whose deletion costs Karpenter manages (a live pod with {@code
 * karpenter.sh/managed-deletion-cost: "true"}): Karpenter rewrites the costs about every 60 s, so
 * marks made in this apply may be gone by the scale-in.
 *
 * <ul>
 *   <li>right before a write that lowers replicas, the marks made in this apply are read again; the
 *       ones rewritten (no cost, or a higher one) are marked once more, a {@code
 *       DeletionCostOverwritten} Warning names the pods and the values found, and the re-mark is
 *       one more outcome of the reconcile;
 *   <li>after the scale-in, a {@link ShedAudit} is kept in the workload's state; the next reconcile
 *       compares what the ReplicaSet deleted with what was marked and says {@code ShedNotAsMarked}
 *       when marked pods are still there.
 * </ul>
 *
 * One instance per apply.
 */
final class DeletionCostGuard {
  static final String NAME = DeletionCostGuard.class.getSimpleName();

  /** At most this many pods are named in an Event. */
  static final int MAX_NAMED = 10;

  private final ClusterPorts ports;
  private final ApplyLog events;
  private final Map<WorkloadRef, Map<String, Integer>> marked = new HashMap<>();

  DeletionCostGuard(ClusterPorts ports, ApplyLog events) {
    this.ports = ports;
    this.events = events;
  }

  /** Karpenter manages the deletion cost of some live pod of {@code w}. */
  static boolean managed(WorkloadView w) {
    return w.pods().stream().anyMatch(p -> p.live() && p.managedDeletionCost());
  }

  /** The audits of earlier scale-ins whose ReplicaSet is done: reported and cleared. */
  void audit(ClusterSnapshot snapshot, ReconcileContext ctx, Instant now) {
    for (WorkloadView w : snapshot.workloads()) {
      Optional<ShedAudit> audit = w.state().shedAudit();
      if (audit.isEmpty()) {
        continue;
      }
      Optional<ShedAudit.Finding> finding = audit.get().finding(w, now);
      if (finding.isEmpty()) {
        continue;
      }
      ShedAudit.Finding f = finding.get();
      if (f.differs()) {
        List<String> instead = f.instead();
        events.event(
            ctx,
            w.ref(),
            EventReason.SHED_NOT_AS_MARKED,
            "after lowering "
                + w.ref()
                + " to "
                + audit.get().replicas()
                + " at "
                + audit.get().at()
                + " the ReplicaSet deleted "
                + named(instead)
                + " while the marked pods "
                + named(f.keptMarked())
                + " stay: the deletion costs were changed after the marks (Karpenter's"
                + " karpenter.sh/managed-deletion-cost) or tie with other pods'",
            true);
      }
      try {
        ports.intents().update(w.ref(), st -> st.withShedAudit(Optional.empty()));
      } catch (RuntimeException e) {
        ApplyLog.log(
            Level.WARNING,
            ctx.tag() + " could not clear the shed audit of " + w.ref() + ": " + e.getMessage(),
            e);
      }
    }
  }

  /** A mark of this apply was written. */
  void marked(Action.MarkDeletionCost m) {
    Map<String, Integer> costs = marked.computeIfAbsent(m.workload(), k -> new LinkedHashMap<>());
    for (String p : m.pods()) {
      costs.put(p, m.cost());
    }
  }

  /** The write lowers replicas of a workload whose deletion costs Karpenter manages. */
  static Optional<WorkloadView> managedScaleIn(Action action, ClusterSnapshot snapshot) {
    WorkloadRef ref;
    if (action instanceof Action.ScaleDeployment s && s.replicas() < s.fromReplicas()) {
      ref = s.workload();
    } else if (action instanceof Action.SetHpaMinReplicas h
        && h.minReplicas() < h.fromMinReplicas()) {
      ref = h.workload();
    } else {
      return Optional.empty();
    }
    return snapshot.workload(ref).filter(DeletionCostGuard::managed);
  }

  /** The replicas a scale-in of {@link #managedScaleIn} lowers to. */
  static int target(Action scaleIn) {
    if (scaleIn instanceof Action.ScaleDeployment s) {
      return s.replicas();
    }
    if (scaleIn instanceof Action.SetHpaMinReplicas h) {
      return h.minReplicas();
    }
    throw new IllegalArgumentException(scaleIn.kind() + " lowers no replicas");
  }

  /**
   * Right before {@code scaleIn} of {@code w}: reads the marks of this apply again and marks once
   * more the rewritten ones. Returns the outcomes of those re-marks (none when the marks held).
   */
  List<ActionOutcome> beforeScaleIn(
      WorkloadView w,
      ApplyWrites writes,
      ClusterSnapshot snapshot,
      ReconcileContext ctx,
      Instant now) {
    Map<String, Integer> mine = marked.getOrDefault(w.ref(), Map.of());
    if (mine.isEmpty()) {
      return List.of();
    }
    Map<String, OptionalInt> found;
    try {
      found = ports.writer().deletionCosts(w.ref(), List.copyOf(mine.keySet()));
    } catch (RuntimeException e) {
      ApplyLog.log(
          Level.WARNING,
          ctx.tag()
              + " could not read the deletion costs of "
              + w.ref()
              + " again before lowering it: "
              + e.getMessage(),
          e);
      return List.of();
    }
    Map<Integer, List<String>> byCost = new LinkedHashMap<>();
    List<String> values = new ArrayList<>();
    for (var e : mine.entrySet()) {
      OptionalInt now0 = found.getOrDefault(e.getKey(), null);
      if (now0 == null) {
        continue; // gone since: nothing to mark
      }
      if (now0.isEmpty() || now0.getAsInt() > e.getValue()) {
        byCost.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(e.getKey());
        values.add(
            e.getKey()
                + "="
                + (now0.isEmpty() ? "none" : String.valueOf(now0.getAsInt()))
                + " (marked "
                + e.getValue()
                + ")");
      }
    }
    if (byCost.isEmpty()) {
      return List.of();
    }
    String message =
        "deletion costs marked on "
            + w.ref()
            + " were rewritten before the scale-in (karpenter.sh/managed-deletion-cost): "
            + String.join(", ", values.subList(0, Math.min(MAX_NAMED, values.size())))
            + (values.size() > MAX_NAMED ? ", ..." : "")
            + "; marked once more";
    events.event(ctx, w.ref(), EventReason.DELETION_COST_OVERWRITTEN, message, true);
    List<ActionOutcome> outcomes = new ArrayList<>();
    for (var e : byCost.entrySet()) {
      Action.MarkDeletionCost again =
          new Action.MarkDeletionCost(
              w.ref(),
              e.getValue().stream().sorted().toList(),
              e.getKey(),
              Optional.empty(),
              NAME,
              message);
      ActionOutcome o = writes.apply(again, snapshot, ctx, now);
      outcomes.add(o);
      if (o.status() != ActionOutcome.Status.APPLIED) {
        break;
      }
    }
    return outcomes;
  }

  /**
   * After {@code scaleIn} of {@code w} to {@code replicas}: keeps what to compare next time. The
   * pods marked to go first are those on virtual nodes, those marked in this apply and those whose
   * cost is already below its highest mark; a pod that only ties with the marks is not one of them.
   */
  void afterScaleIn(
      WorkloadView w, int replicas, ClusterSnapshot snapshot, ReconcileContext ctx, Instant now) {
    Map<String, Integer> mine = marked.getOrDefault(w.ref(), Map.of());
    OptionalInt cutoff = mine.values().stream().mapToInt(Integer::intValue).max();
    java.util.function.ToIntFunction<PodView> cost =
        p -> mine.getOrDefault(p.name(), p.deletionCost().orElse(0));
    List<String> expected =
        w.pods().stream()
            .filter(PodView::live)
            .filter(
                p ->
                    snapshot.onVirtualNode(p)
                        || mine.containsKey(p.name())
                        || (cutoff.isPresent() && cost.applyAsInt(p) < cutoff.getAsInt()))
            .sorted(
                Comparator.<PodView, Boolean>comparing(p -> !snapshot.onVirtualNode(p))
                    .thenComparingInt(cost)
                    .thenComparing(PodView::name))
            .map(PodView::name)
            .toList();
    List<String> before = w.pods().stream().filter(PodView::live).map(PodView::name).toList();
    ShedAudit audit = new ShedAudit(now, replicas, expected, before);
    try {
      ports.intents().update(w.ref(), st -> st.withShedAudit(Optional.of(audit)));
    } catch (RuntimeException e) {
      ApplyLog.log(
          Level.WARNING,
          ctx.tag() + " could not keep the shed audit of " + w.ref() + ": " + e.getMessage(),
          e);
    }
  }

  private static String named(List<String> pods) {
    if (pods.isEmpty()) {
      return "no pod";
    }
    return String.join(", ", pods.subList(0, Math.min(MAX_NAMED, pods.size())))
        + (pods.size() > MAX_NAMED ? " and " + (pods.size() - MAX_NAMED) + " more" : "");
  }
}
