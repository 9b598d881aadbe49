package dev.aksburst.plan;

import dev.aksburst.model.Backfill;
import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.PodView;
import dev.aksburst.model.WorkloadView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Moves pods from virtual nodes to VMs without a capacity dip: surge by k where k fits on Ready
 * VMs, wait until the surge is Ready, count how many landed on VMs, then mark the virtual pods
 * cheapest to delete and scale back by k. A surge that landed on virtual nodes backs off.
 */
final class BackfillPolicy {
  static final String NAME = BackfillPolicy.class.getSimpleName();

  /** Called only when {@link DesiredReplicasPolicy} does not scale the workload in this plan. */
  Proposal plan(Desire d, PlanInputs in) {
    return plan(d, Optional.empty(), in);
  }

  /**
   * As {@link #plan(Desire, PlanInputs)}, leaving on virtual nodes the pods the capacity decision
   * keeps on ACI ({@link CapacityDecision#aciKept()}, a binding quota split).
   */
  Proposal plan(Desire d, Optional<CapacityDecision> decision, PlanInputs in) {
    WorkloadView w = d.workload();
    Optional<Backfill> inFlight = w.state().bookkeeping().backfill();
    int kept = decision.map(CapacityDecision::aciKept).orElse(0);
    return inFlight.isPresent() ? followUp(d, inFlight.get(), in) : start(d, kept, in);
  }

  private Proposal start(Desire d, int aciKept, PlanInputs in) {
    WorkloadView w = d.workload();
    Bookkeeping bk = w.state().bookkeeping();
    Instant now = in.now();
    List<PodView> onVirtual = in.virtualPods(w);
    if (onVirtual.isEmpty()
        || w.rolloutInProgress()
        || w.writtenReplicas() != d.desired()
        || !in.unscheduled(w).isEmpty()
        || scaleDownUnfinished(w, in)
        || bk.backfillBackoffUntil().map(now::isBefore).orElse(false)) {
      return Proposal.NONE;
    }
    // With placeholders the room is any Ready VM node's (node auto-provisioning's have no pool).
    boolean anyVm = PlaceholderPolicy.applies(w, in);
    Optional<String> pool = in.poolChoice(w.ref()).name();
    if (!anyVm && (pool.isEmpty() || in.rolling(pool.get()))) {
      return Proposal.NONE;
    }
    // Surge from what runs: an HPA may hold more replicas than the floor (its own minReplicas is
    // then below what it runs), and a minReplicas raised to floor + k would create no pod at all.
    int running = Math.max(d.desired(), w.specReplicas());
    int limit = Math.min(onVirtual.size() - aciKept, AciPacing.surgeLimit(in));
    if (w.policy().maxReplicas().isPresent()) {
      limit = Math.min(limit, w.policy().maxReplicas().getAsInt() - running);
    }
    if (w.hpa().isPresent()) {
      limit = Math.min(limit, w.hpa().get().maxReplicas() - running);
    }
    if (limit < 1) {
      return Proposal.NONE;
    }
    Packer packer = new Packer(anyVm ? PlaceholderPolicy.vmBins(in) : in.freeBins(pool.get()));
    int k = packer.placeUpTo(w.podRequests(), w.placement(), in.spread(w), limit);
    if (k < 1) {
      return Proposal.NONE;
    }
    int surge = running + k - d.desired();
    Backfill backfill = new Backfill(surge, d.desired(), in.vmReady(w), now);
    List<Action> actions = new ArrayList<>();
    actions.add(
        new Action.SaveBookkeeping(
            w.ref(),
            bk.withBackfill(Optional.of(backfill)),
            NAME,
            "record backfill surge of "
                + surge
                + " over "
                + d.desired()
                + " with "
                + backfill.vmReadyBefore()
                + " pods Ready on VMs"));
    actions.add(
        DesiredReplicasPolicy.scaleAction(
            w,
            running + k,
            Optional.of(EventReason.BACKFILL_SURGE),
            NAME,
            "surge "
                + w.ref()
                + " "
                + running
                + " -> "
                + (running + k)
                + ": "
                + k
                + " of its "
                + onVirtual.size()
                + " pods on virtual nodes fit on Ready VM nodes"
                + (anyVm ? "" : " of pool " + pool.get())
                + (running > d.desired()
                    ? " (its HPA runs " + running + ", above the floor " + d.desired() + ")"
                    : "")));
    return Proposal.of(actions);
  }

  /**
   * More live pods than spec.replicas: a scale-down (the last backfill's, a shed) that the
   * ReplicaSet controller has not carried out yet. The pods it is about to delete are no room to
   * surge into: a second reconcile in the same instant would count them and surge again.
   */
  private static boolean scaleDownUnfinished(WorkloadView w, PlanInputs in) {
    return in.live(w).size() > w.specReplicas();
  }

  private Proposal followUp(Desire d, Backfill b, PlanInputs in) {
    WorkloadView w = d.workload();
    Instant now = in.now();
    PlannerConfig config = in.config();
    int target = b.baseReplicas() + b.surge();
    if (w.writtenReplicas() != target) {
      return Proposal.of(
          List.of(
              new Action.SaveBookkeeping(
                  w.ref(),
                  w.state().bookkeeping().withBackfill(Optional.empty()),
                  NAME,
                  "backfill surge of "
                      + w.ref()
                      + " to "
                      + target
                      + " was overwritten with "
                      + w.writtenReplicas()
                      + ": forget it (no backoff, nothing landed or failed)")));
    }
    Instant deadline = b.startedAt().plus(config.backfillTimeout());
    // max-replicas lowered below the surge: end it now, it is a cap and not a wait.
    boolean capped = DesiredReplicasPolicy.overMaxReplicas(w);
    if (!capped && in.readyLive(w) < target && now.isBefore(deadline)) {
      return Proposal.NONE;
    }
    int landed = in.vmReady(w) - b.vmReadyBefore();
    Bookkeeping cleared = w.state().bookkeeping().withBackfill(Optional.empty());
    List<PodView> onVirtual = in.virtualPods(w);
    List<Action> actions = new ArrayList<>();
    if (landed <= 0 && capped) {
      actions.add(
          DesiredReplicasPolicy.scaleAction(
              w,
              b.baseReplicas(),
              Optional.empty(),
              NAME,
              "end surge of "
                  + w.ref()
                  + " "
                  + target
                  + " -> "
                  + b.baseReplicas()
                  + ": aksburst.dev/max-replicas is now "
                  + w.policy().maxReplicas().getAsInt()));
      actions.add(
          new Action.SaveBookkeeping(
              w.ref(), cleared, NAME, "backfill of " + w.ref() + " ended by max-replicas"));
      return Proposal.of(actions);
    }
    if (landed <= 0) {
      int cost = config.virtualDeletionCost();
      List<String> unmarked = ShedPolicy.unmarked(onVirtual, cost);
      if (!unmarked.isEmpty()) {
        actions.add(
            new Action.MarkDeletionCost(
                w.ref(),
                unmarked,
                cost,
                Optional.empty(),
                NAME,
                "remove the surge from virtual nodes first: deletion cost " + cost));
      }
      actions.add(
          DesiredReplicasPolicy.scaleAction(
              w,
              b.baseReplicas(),
              Optional.empty(),
              NAME,
              "end surge of "
                  + w.ref()
                  + " "
                  + target
                  + " -> "
                  + b.baseReplicas()
                  + ": none of its "
                  + b.surge()
                  + " surge pods became Ready on VMs"));
      Instant until = now.plus(config.backfillBackoff());
      actions.add(
          new Action.SaveBookkeeping(
              w.ref(),
              cleared.withBackfillBackoffUntil(Optional.of(until)),
              NAME,
              "backfill of " + w.ref() + " landed on virtual nodes: no new surge before " + until));
      return new Proposal(
          actions,
          List.of(
              Note.of(
                  w.ref(),
                  Note.Cause.BACKFILL_ON_VIRTUAL,
                  EventReason.BURST_BLOCKED,
                  "backfill surge of "
                      + b.surge()
                      + " landed on virtual nodes, not on VMs (VM pods Ready: "
                      + b.vmReadyBefore()
                      + " before, "
                      + in.vmReady(w)
                      + " now); next try after "
                      + until
                      + ". Check the pool's taints, the workload's node affinity and its"
                      + " topology spread",
                  NAME)));
    }
    int cost = ShedPolicy.virtualCostBelowVms(w, in);
    List<String> unmarked = ShedPolicy.unmarked(onVirtual, cost);
    if (!unmarked.isEmpty()) {
      actions.add(
          new Action.MarkDeletionCost(
              w.ref(),
              unmarked,
              cost,
              Optional.empty(),
              NAME,
              "delete "
                  + unmarked.size()
                  + " pods on virtual nodes before any VM pod: deletion cost "
                  + cost));
    }
    int moved = Math.min(landed, b.surge());
    actions.add(
        DesiredReplicasPolicy.scaleAction(
            w,
            b.baseReplicas(),
            Optional.of(EventReason.BACKFILLED),
            NAME,
            "moved "
                + moved
                + " pods from virtual nodes to VMs: scale "
                + w.ref()
                + " "
                + target
                + " -> "
                + b.baseReplicas()));
    actions.add(
        new Action.SaveBookkeeping(
            w.ref(), cleared, NAME, "backfill of " + w.ref() + " done: " + moved + " pods moved"));
    return Proposal.of(actions);
  }
}
