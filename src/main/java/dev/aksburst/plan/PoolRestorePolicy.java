package dev.aksburst.plan;

import dev.aksburst.model.DisruptionBudgetView;
import dev.aksburst.model.Intent;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.PodView;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.Resources;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Restores a pool's recorded baseline once no workload of it needs the extra nodes: no active or
 * pre-warming intent, no burst recorded, nothing on virtual nodes, no backfill, the hold period
 * passed since the last scale-out and the last intent expiry, and what runs on the pool fits the
 * baseline's nodes. A manual pool also stays while a PodDisruptionBudget that allows no disruption
 * covers a pod on its surplus nodes: AKS drains the nodes it removes, and that drain would stall.
 */
final class PoolRestorePolicy {
  static final String NAME = PoolRestorePolicy.class.getSimpleName();

  Proposal plan(Map<WorkloadRef, Desire> desires, PlanInputs in) {
    List<Action> actions = new ArrayList<>();
    List<Note> notes = new ArrayList<>();
    List<NodePoolView> pools =
        in.snapshot().pools().stream().sorted(Comparator.comparing(NodePoolView::name)).toList();
    for (NodePoolView pool : pools) {
      PoolState st = in.snapshot().poolState(pool.name());
      if (st.baseline().isEmpty()
          || pool.writtenValue() <= st.baseline().getAsInt()
          || pool.kind().stopped()) {
        // A stopped pool is never written (it has no nodes to restore).
        continue;
      }
      int baseline = st.baseline().getAsInt();
      List<WorkloadView> ws = in.workloadsOf(pool.name());
      Instant now = in.now();
      Instant since = st.lastScaleOut().orElse(Instant.EPOCH);
      if (!ws.stream().allMatch(w -> idle(w, desires.get(w.ref()), in))) {
        Optional<Instant> settled = settledSince(ws, desires, since, in);
        if (settled.isPresent()) {
          shrink(pool, baseline, settled.get(), ws, desires, in).ifPresent(actions::add);
        }
        continue;
      }
      for (WorkloadView w : ws) {
        for (Intent i : in.intentsFor(w.ref())) {
          if (i.expiredAt(now) && i.until().get().isAfter(since)) {
            since = i.until().get();
          }
        }
      }
      Instant restoreAt = since.plus(in.config().poolHold());
      if (now.isBefore(restoreAt)
          || in.poolWriteHold(pool).isPresent()
          || in.rolling(pool.name())) {
        continue;
      }
      List<WorkloadRef> refs = ws.stream().map(WorkloadView::ref).toList();
      int target = smallestFit(pool, baseline, in);
      if (target >= pool.writtenValue()) {
        String msg =
            "keeping node pool "
                + pool.name()
                + " at "
                + pool.writtenValue()
                + " instead of its baseline "
                + baseline
                + ": "
                + overflow(pool, pool.writtenValue() - 1, in).orElse("what runs needs every node");
        if (refs.isEmpty()) {
          notes.add(
              new Note(
                  Optional.empty(),
                  Note.Cause.POOL_STILL_NEEDED,
                  EventReason.NODE_POOL_SCALE_IN,
                  msg,
                  NAME,
                  false));
        }
        for (WorkloadRef r : refs) {
          notes.add(
              Note.info(
                  r, Note.Cause.POOL_STILL_NEEDED, EventReason.NODE_POOL_SCALE_IN, msg, NAME));
        }
        continue;
      }
      lower(
              pool,
              baseline,
              target,
              true,
              ws,
              desires,
              in,
              Optional.of(notes),
              "restore pool "
                  + pool.name()
                  + " "
                  + pool.writtenValue()
                  + " -> "
                  + target
                  + (target == baseline
                      ? ""
                      : " (its baseline "
                          + baseline
                          + " no longer holds what runs now: "
                          + overflow(pool, baseline, in).orElse("")
                          + ")")
                  + ": burst over since "
                  + since
                  + ", hold "
                  + in.config().poolHold()
                  + " passed")
          .ifPresent(actions::add);
    }
    return new Proposal(actions, notes);
  }

  /**
   * While a burst still runs on the pool but has settled below what the pool was grown for: every
   * workload of the pool is idle or was lowered after the pool's last scale-out and has all its
   * pods on VMs, nothing to raise, no backfill, no window about to open. The pool then follows the
   * demand down (after the hold, from the last lowering) instead of keeping its burst nodes until
   * the last intent ends: a manual floor just above the baseline must not keep six empty nodes for
   * the rest of the day. Empty when a workload still needs what the pool was grown for.
   */
  private static Optional<Instant> settledSince(
      List<WorkloadView> ws, Map<WorkloadRef, Desire> desires, Instant since, PlanInputs in) {
    Instant now = in.now();
    Instant latest = since;
    boolean lowered = false;
    for (WorkloadView w : ws) {
      Desire d = desires.get(w.ref());
      if (idle(w, d, in)) {
        continue;
      }
      Optional<Instant> down =
          w.state().bookkeeping().lastScaleDown().filter(t -> t.isAfter(since));
      boolean opening =
          in.intentsFor(w.ref()).stream().anyMatch(i -> i.prewarmAt(now) && !i.activeAt(now));
      if (down.isEmpty()
          || opening
          || d == null
          || d.desired() > d.current()
          || d.sizingDesired() > d.current()
          || !in.virtualPods(w).isEmpty()
          || w.state().bookkeeping().backfill().isPresent()) {
        return Optional.empty();
      }
      lowered = true;
      latest = down.get().isAfter(latest) ? down.get() : latest;
    }
    return lowered ? Optional.of(latest) : Optional.empty();
  }

  /**
   * The write that brings a settled pool down to the smallest size holding what runs, once the hold
   * has passed since {@code since}; empty (and silent: the burst still runs, the nodes are in use)
   * when nothing smaller holds it, or while the pool is busy, rolling or a drain would stall. The
   * pool's baseline is forgotten only when the write reaches it.
   */
  private static Optional<Action> shrink(
      NodePoolView pool,
      int baseline,
      Instant since,
      List<WorkloadView> ws,
      Map<WorkloadRef, Desire> desires,
      PlanInputs in) {
    if (in.now().isBefore(since.plus(in.config().poolHold()))
        || in.poolWriteHold(pool).isPresent()
        || in.rolling(pool.name())) {
      return Optional.empty();
    }
    int target = smallestFit(pool, baseline, in);
    if (target >= pool.writtenValue()) {
      return Optional.empty();
    }
    List<WorkloadRef> refs = ws.stream().map(WorkloadView::ref).toList();
    return lower(
        pool,
        baseline,
        target,
        target == baseline,
        ws,
        desires,
        in,
        Optional.empty(),
        "shrink pool "
            + pool.name()
            + " "
            + pool.writtenValue()
            + " -> "
            + target
            + ": the burst of "
            + refs
            + " settled below what the pool was grown for ("
            + (target == baseline ? "its baseline " + baseline : "the smallest size")
            + " holds what runs, all on VMs), lowered at "
            + since
            + ", hold "
            + in.config().poolHold()
            + " passed");
  }

  /**
   * The write that lowers the pool to {@code target}: a count write; when that would drain every
   * Ready pod of a workload, a delete of enough empty machines by name; none while neither is safe
   * (too few empty nodes, a refused delete, a budget allowing no disruption). {@code report}
   * collects the Warnings of a write held (the restore at a burst's end says why; a settled shrink
   * stays silent, as its burst still runs).
   */
  private static Optional<Action> lower(
      NodePoolView pool,
      int baseline,
      int target,
      boolean restores,
      List<WorkloadView> ws,
      Map<WorkloadRef, Desire> desires,
      PlanInputs in,
      Optional<List<Note>> report,
      String reason) {
    List<WorkloadRef> refs = ws.stream().map(WorkloadView::ref).toList();
    Optional<String> unsafe = unsafeDrain(pool, target, ws, desires, in);
    if (unsafe.isPresent()) {
      Optional<List<String>> empty = emptyMachines(pool, target, in);
      if (empty.isPresent()) {
        return Optional.of(
            write(
                pool,
                target,
                restores,
                refs,
                empty.get(),
                reason
                    + "; deleting the empty machines "
                    + empty.get()
                    + " by name (agentPools/deleteMachines): lowering the count would remove the"
                    + " newest nodes, which hold every Ready pod of a workload"));
      }
      String msg =
          unsafe.get()
              + in.snapshot()
                  .poolState(pool.name())
                  .lastError()
                  .filter(e -> e.startsWith(PoolState.DELETE_MACHINES_REFUSED))
                  .map(e -> ". Deleting the empty nodes by name was refused: " + e)
                  .orElse(". Too few nodes are empty to delete them by name instead");
      report.ifPresent(
          notes ->
              refs.forEach(
                  r ->
                      notes.add(
                          Note.of(
                              r,
                              Note.Cause.DRAIN_BELOW_FLOOR,
                              EventReason.NODE_POOL_SCALE_IN,
                              msg,
                              NAME))));
      return Optional.empty();
    }
    List<Covered> stall = stalledDrain(pool, in);
    if (!stall.isEmpty()) {
      String msg = stallMessage(pool, baseline, stall);
      report.ifPresent(
          notes -> {
            for (WorkloadRef r :
                stall.stream().map(Covered::workload).distinct().sorted().toList()) {
              notes.add(
                  Note.of(
                      r, Note.Cause.DRAIN_WOULD_STALL, EventReason.NODE_POOL_SCALE_IN, msg, NAME));
            }
          });
      return Optional.empty();
    }
    return Optional.of(write(pool, target, restores, refs, List.of(), reason));
  }

  /** A scale-in of the pool to {@code target}; by deleting {@code machines} when there are. */
  private static Action write(
      NodePoolView pool,
      int target,
      boolean restores,
      List<WorkloadRef> refs,
      List<String> machines,
      String reason) {
    return new Action.ScaleNodePool(
        pool.name(),
        pool.mode(),
        target,
        pool.writtenValue(),
        OptionalInt.empty(),
        restores,
        refs,
        Optional.of(EventReason.NODE_POOL_SCALE_IN),
        NAME,
        reason,
        machines);
  }

  /**
   * The names of the pool's empty running nodes to delete so it reaches {@code target}, newest
   * first among them, when lowering its count would drain every Ready pod of a workload and enough
   * nodes hold no live pod of an opted-in workload. Only a MANUAL agent pool whose nodes are
   * deleted on scale-in (not Deallocate), whose running nodes are its count, and whose last write
   * was not a refused delete: AKS's {@code deleteMachines} removes those machines and lowers the
   * count by as many, so no Ready pod is evicted. Empty otherwise (the hold and its Warning stay).
   */
  private static Optional<List<String>> emptyMachines(
      NodePoolView pool, int target, PlanInputs in) {
    if (pool.mode() != PoolMode.MANUAL
        || pool.kind().deallocate()
        || in.snapshot()
            .poolState(pool.name())
            .lastError()
            .filter(e -> e.startsWith(PoolState.DELETE_MACHINES_REFUSED))
            .isPresent()) {
      return Optional.empty();
    }
    List<NodeView> running = in.runningNodes(pool.name());
    int surplus = pool.writtenValue() - target;
    if (running.size() != pool.writtenValue() || surplus <= 0) {
      return Optional.empty();
    }
    Set<String> occupied =
        in.workloads().stream()
            .flatMap(w -> in.live(w).stream())
            .flatMap(p -> p.nodeName().stream())
            .collect(Collectors.toSet());
    List<String> empty =
        running.stream()
            .filter(n -> !occupied.contains(n.name()))
            .sorted(
                Comparator.comparing(NodeView::created).thenComparing(NodeView::name).reversed())
            .limit(surplus)
            .map(NodeView::name)
            .toList();
    return empty.size() == surplus ? Optional.of(empty) : Optional.empty();
  }

  /** The workload needs nothing beyond its baseline. */
  private static boolean idle(WorkloadView w, Desire d, PlanInputs in) {
    Instant now = in.now();
    boolean intents = in.intentsFor(w.ref()).stream().anyMatch(i -> i.prewarmAt(now));
    return !intents
        && w.recordedBaseline().isEmpty()
        && (d == null || d.desired() <= d.baseline())
        && in.virtualPods(w).isEmpty()
        && w.state().bookkeeping().backfill().isEmpty();
  }

  /**
   * Why lowering the pool to {@code target} would leave a workload with no Ready pod, if so: AKS
   * drains the nodes it removes, and with no PodDisruptionBudget covering the pods there it evicts
   * them all at once. A workload whose every Ready pod is on those nodes would be down until the
   * evicted pods restart elsewhere (it happens when the ReplicaSet kept the pods on the newest
   * nodes at the shed, e.g. when Karpenter disrupts the baseline node). A budget that allows a
   * disruption makes the drain gradual, which is safe; a partial dip (some pods left Ready) is the
   * drain every workload without a budget takes, and the Event says how to avoid it.
   */
  private static Optional<String> unsafeDrain(
      NodePoolView pool,
      int target,
      List<WorkloadView> ws,
      Map<WorkloadRef, Desire> desires,
      PlanInputs in) {
    if (pool.mode() == PoolMode.AUTOSCALER) {
      return Optional.empty(); // a lower minCount removes no node: the autoscaler drains its own
    }
    Set<String> removed =
        in.removedAt(pool.name(), target).stream().map(NodeView::name).collect(Collectors.toSet());
    if (removed.isEmpty()) {
      return Optional.empty();
    }
    List<DisruptionBudgetView> gradual =
        in.snapshot().disruptionBudgets().stream().filter(b -> b.disruptionsAllowed() > 0).toList();
    for (WorkloadView w : ws) {
      List<PodView> ready = in.live(w).stream().filter(PodView::ready).toList();
      List<PodView> evicted =
          ready.stream()
              .filter(p -> p.nodeName().filter(removed::contains).isPresent())
              .filter(
                  p ->
                      gradual.stream()
                          .noneMatch(
                              b -> b.mayCover(w.ref().namespace(), p.labelsWith(w.selector()))))
              .toList();
      Desire d = desires.get(w.ref());
      int keep = d == null ? w.specReplicas() : d.desired();
      if (evicted.isEmpty() || keep == 0 || ready.size() > evicted.size()) {
        continue;
      }
      return Optional.of(
          "keeping node pool "
              + pool.name()
              + " at "
              + pool.writtenValue()
              + ": lowering it to "
              + target
              + " removes nodes "
              + evicted.stream().map(p -> p.nodeName().get()).distinct().sorted().toList()
              + " holding "
              + evicted.stream().map(PodView::name).sorted().toList()
              + " of "
              + w.ref()
              + ", every Ready pod of the "
              + keep
              + " it keeps, and AKS's drain would evict them at once. A PodDisruptionBudget for it"
              + " (e.g. maxUnavailable: 1) makes the drain gradual; or delete those pods so they"
              + " restart on the nodes that stay");
    }
    return Optional.empty();
  }

  /** A live pod on a surplus node that a budget allowing no disruption covers. */
  private record Covered(
      DisruptionBudgetView budget, WorkloadRef workload, String pod, String node) {}

  /**
   * The pods whose eviction AKS's drain would wait for in vain if a manual pool returned to its
   * baseline: live pods of opted-in workloads on the surplus nodes that a PodDisruptionBudget with
   * no allowed disruption covers. Only manual pools: lowering an autoscaler pool's minCount drains
   * nothing (the cluster autoscaler later picks its own nodes and skips those a budget protects),
   * and lowering a plain scale set's capacity deletes VMs without a drain.
   */
  private static List<Covered> stalledDrain(NodePoolView pool, PlanInputs in) {
    if (pool.mode() != PoolMode.MANUAL) {
      return List.of();
    }
    Set<String> surplus =
        in.surplusNodes(pool.name()).stream().map(NodeView::name).collect(Collectors.toSet());
    List<DisruptionBudgetView> exhausted =
        in.snapshot().disruptionBudgets().stream()
            .filter(b -> b.disruptionsAllowed() == 0)
            .sorted(
                Comparator.comparing(DisruptionBudgetView::namespace)
                    .thenComparing(DisruptionBudgetView::name))
            .toList();
    List<Covered> out = new ArrayList<>();
    if (surplus.isEmpty() || exhausted.isEmpty()) {
      return out;
    }
    for (WorkloadView w : in.workloads()) {
      for (PodView p : in.live(w)) {
        Optional<String> node = p.nodeName().filter(surplus::contains);
        if (node.isEmpty()) {
          continue;
        }
        Map<String, String> labels = p.labelsWith(w.selector());
        for (DisruptionBudgetView b : exhausted) {
          if (b.mayCover(w.ref().namespace(), labels)) {
            out.add(new Covered(b, w.ref(), p.name(), node.get()));
          }
        }
      }
    }
    return out;
  }

  private static String stallMessage(NodePoolView pool, int baseline, List<Covered> stall) {
    Map<DisruptionBudgetView, List<Covered>> byBudget =
        stall.stream()
            .collect(
                Collectors.groupingBy(Covered::budget, LinkedHashMap::new, Collectors.toList()));
    StringBuilder msg =
        new StringBuilder("keeping node pool ")
            .append(pool.name())
            .append(" at ")
            .append(pool.writtenValue())
            .append(" instead of its baseline ")
            .append(baseline)
            .append(":");
    byBudget.forEach(
        (b, covered) -> {
          msg.append(" PDB ")
              .append(b.qualifiedName())
              .append(" allows 0 disruptions and covers ")
              .append(covered.stream().map(Covered::pod).sorted().toList())
              .append(" on surplus nodes ")
              .append(covered.stream().map(Covered::node).distinct().sorted().toList());
          if (!b.selectorUnderstood()) {
            msg.append(
                " (its selector's matchExpressions are not evaluated: it may cover fewer pods)");
          }
          msg.append(';');
        });
    msg.append(" AKS's drain of surplus nodes would stall; the pool stays at ")
        .append(pool.writtenValue())
        .append(" until it allows one (more Ready pods than minAvailable, or a larger")
        .append(" maxUnavailable). Only pods of opted-in Deployments were checked: pods of other")
        .append(" workloads on those nodes are not in the snapshot.");
    return msg.toString();
  }

  /**
   * The smallest size from the baseline up to the pool's written size whose nodes hold what runs on
   * the pool now: restoring the baseline when it fits, never keeping every burst node just because
   * the baseline alone no longer does (another workload grew, or this one's baseline outgrew its
   * nodes). The written size when nothing smaller holds it.
   */
  private static int smallestFit(NodePoolView pool, int baseline, PlanInputs in) {
    for (int n = baseline; n < pool.writtenValue(); n++) {
      if (overflow(pool, n, in).isEmpty()) {
        return n;
      }
    }
    return pool.writtenValue();
  }

  /** Why what runs on the pool (DaemonSets aside) would not fit {@code nodes} nodes, if so. */
  private static Optional<String> overflow(NodePoolView pool, int nodes, PlanInputs in) {
    Optional<PoolShape> shape = in.shape(pool.name());
    if (shape.isEmpty()) {
      return Optional.empty();
    }
    Resources used = Resources.ZERO;
    int pods = 0;
    for (NodeView n : in.poolNodes(pool.name())) {
      used = used.plus(n.requested().minusFloored(n.daemonSetRequested()));
      pods += Math.max(0, n.podCount() - n.daemonSetPods());
    }
    Resources room = shape.get().room().times(nodes);
    int slots = shape.get().pods() * nodes;
    if (used.fitsIn(room) && pods <= slots) {
      return Optional.empty();
    }
    return Optional.of(
        "its nodes hold "
            + used
            + " and "
            + pods
            + " pods, more than "
            + nodes
            + " nodes of "
            + shape.get()
            + " can take");
  }
}
