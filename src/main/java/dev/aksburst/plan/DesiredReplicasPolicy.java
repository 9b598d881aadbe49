package dev.aksburst.plan;

import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.HpaView;
import dev.aksburst.model.Intent;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Desired replicas = max(baseline, active floor), capped by max-replicas, the HPA's max and the
 * max-virtual-pods guard; writes the raise (recording the baseline first) or the lowering (after
 * {@link ShedPolicy}'s marks, forgetting the baseline last).
 */
final class DesiredReplicasPolicy {
  static final String NAME = DesiredReplicasPolicy.class.getSimpleName();

  /** The actions for one workload, split by where they go in the plan. */
  record Lane(Proposal raise, Proposal lower, boolean scales) {}

  private final ShedPolicy shed;

  DesiredReplicasPolicy(ShedPolicy shed) {
    this.shed = shed;
  }

  Desire assess(WorkloadView w, PlanInputs in) {
    WorkloadRef ref = w.ref();
    Bookkeeping bk = w.state().bookkeeping();
    List<Note> notes = new ArrayList<>();
    int current = w.currentReplicas();
    int baseline = w.baseline();
    Optional<Intent> floor = in.floorIntent(ref);
    int capped = floor.map(Intent::replicas).orElse(0);
    OptionalInt max = w.policy().maxReplicas();
    if (max.isPresent() && capped > max.getAsInt()) {
      notes.add(
          Note.of(
              ref,
              Note.Cause.ABOVE_MAX_REPLICAS,
              EventReason.BURST_BLOCKED,
              describe(floor) + " is capped at aksburst.dev/max-replicas=" + max.getAsInt(),
              NAME));
      capped = max.getAsInt();
    }
    if (w.hpa().isPresent() && capped > w.hpa().get().maxReplicas()) {
      HpaView hpa = w.hpa().get();
      notes.add(
          Note.of(
              ref,
              Note.Cause.ABOVE_HPA_MAX,
              EventReason.BURST_BLOCKED,
              describe(floor)
                  + " is capped at HPA "
                  + hpa.name()
                  + " maxReplicas="
                  + hpa.maxReplicas()
                  + "; raise the HPA's maxReplicas to allow more",
              NAME));
      capped = hpa.maxReplicas();
    }
    int sizing = Math.max(baseline, capped);
    int desired = sizing;
    if (desired > current && w.policy().maxVirtualPods().isPresent()) {
      int maxVirtual = w.policy().maxVirtualPods().getAsInt();
      int onVms = vmCapacity(w, in, desired);
      long limit = (long) onVms + maxVirtual;
      if (desired > limit) {
        int allowed = (int) Math.max(current, limit);
        notes.add(
            Note.of(
                ref,
                Note.Cause.MAX_VIRTUAL_PODS,
                EventReason.BURST_BLOCKED,
                "raise to "
                    + desired
                    + " capped at "
                    + allowed
                    + " by aksburst.dev/max-virtual-pods="
                    + maxVirtual
                    + ": VMs can hold "
                    + onVms
                    + " of its pods now; it rises further as new nodes become Ready",
                NAME));
        desired = allowed;
      }
    }
    return new Desire(w, current, baseline, floor, sizing, desired, notes);
  }

  /**
   * The replicas the workload stands at: what is written, or a backfill surge's base while the
   * surge is what is written. A surge someone overwrote (kubectl scale, a GitOps sync) is over:
   * what they wrote is the current value, corrected like any other.
   */
  /**
   * How many of the workload's pods VMs can hold now: those already on VM nodes or nominated to one
   * (the node's room is held for them) and what fits in the free room of its pool's Ready nodes.
   * Nodes still provisioning are not counted: a pod created now can not wait for them and would
   * land on the virtual node.
   */
  static int vmCapacity(WorkloadView w, PlanInputs in, int limit) {
    int placed = in.vmPods(w).size() + in.nominatedToVm(w).size();
    Optional<String> pool = in.poolChoice(w.ref()).name();
    if (pool.isEmpty()) {
      return placed;
    }
    Packer packer = new Packer(in.freeBins(pool.get()));
    return placed
        + packer.placeUpTo(
            w.podRequests(), w.placement(), in.spread(w), Math.max(0, limit - placed));
  }

  Lane lane(Desire d, PlanInputs in) {
    WorkloadView w = d.workload();
    Bookkeeping bk = w.state().bookkeeping();
    Instant now = in.now();
    if (d.raises()) {
      return new Lane(raise(d, bk, now), Proposal.NONE, true);
    }
    if (d.lowers()) {
      Proposal lower = lower(d, bk, in);
      return new Lane(Proposal.NONE, lower, !lower.actions().isEmpty());
    }
    boolean ended = burstEnded(d);
    if (ended && w.recordedBaseline().isPresent() && bk.backfill().isEmpty()) {
      Bookkeeping cleared = forgetBaseline(bk);
      return new Lane(
          Proposal.NONE,
          Proposal.of(
              List.of(
                  new Action.SaveBookkeeping(
                      w.ref(),
                      cleared,
                      NAME,
                      "burst of "
                          + w.ref()
                          + " is over at its baseline "
                          + d.baseline()
                          + ": forget the baseline"))),
          false);
    }
    return new Lane(Proposal.NONE, Proposal.NONE, false);
  }

  private static boolean burstEnded(Desire d) {
    return d.desired() == d.baseline() && d.floorReplicas() <= d.baseline();
  }

  private Proposal raise(Desire d, Bookkeeping bk, Instant now) {
    WorkloadView w = d.workload();
    boolean starts = w.recordedBaseline().isEmpty();
    Bookkeeping next = bk.withLastScaleUp(now).withBackfill(Optional.empty());
    String why = d.floor().map(PlanInputs::describe).orElse("baseline " + d.baseline());
    if (starts) {
      next =
          w.hpa().isPresent()
              ? next.withHpaBaselineMin(OptionalInt.of(d.current()))
              : next.withBaselineReplicas(OptionalInt.of(d.current()));
    }
    String abort =
        bk.backfill()
            .map(b -> "; ends the backfill surge of " + b.surge() + " in flight")
            .orElse("");
    List<Action> actions = new ArrayList<>();
    actions.add(
        new Action.SaveBookkeeping(
            w.ref(),
            next,
            NAME,
            (starts ? "record baseline " + d.current() + " of " + w.ref() + " before raising" : "")
                + (starts ? "; " : "")
                + "last scale-up at "
                + now
                + abort));
    Optional<String> event = starts ? Optional.of(EventReason.BURST_STARTED) : Optional.empty();
    String reason = "raise " + w.ref() + " " + d.current() + " -> " + d.desired() + ": " + why;
    actions.add(scaleAction(w, d.desired(), event, NAME, reason));
    return new Proposal(actions, List.of());
  }

  private Proposal lower(Desire d, Bookkeeping bk, PlanInputs in) {
    WorkloadView w = d.workload();
    Instant now = in.now();
    boolean ended = burstEnded(d);
    String heldReason = ended ? EventReason.BURST_ENDED : EventReason.SHED;
    if (bk.lastScaleUp().isPresent() && !overMaxReplicas(w)) {
      Instant allowed = bk.lastScaleUp().get().plus(in.config().scaleInCooldown());
      if (now.isBefore(allowed)) {
        return Proposal.note(
            Note.info(
                w.ref(),
                Note.Cause.SCALE_IN_COOLDOWN,
                heldReason,
                "holding "
                    + w.ref()
                    + " at "
                    + d.current()
                    + " (wants "
                    + d.desired()
                    + ") until the scale-in cooldown ends at "
                    + allowed,
                NAME));
      }
    }
    Optional<String> pool = in.poolChoice(w.ref()).name();
    if (pool.isPresent() && in.rolling(pool.get())) {
      return Proposal.note(
          Note.info(
              w.ref(),
              Note.Cause.POOL_ROLLING,
              heldReason,
              "holding "
                  + w.ref()
                  + " at "
                  + d.current()
                  + " (wants "
                  + d.desired()
                  + ") while node pool "
                  + pool.get()
                  + " is upgrading",
              NAME));
    }
    List<Action> actions = new ArrayList<>(shed.marks(w, in));
    String why =
        ended
            ? "burst over, back to baseline " + d.baseline()
            : d.floor().map(PlanInputs::describe).orElse("baseline " + d.baseline());
    String reason = "lower " + w.ref() + " " + d.current() + " -> " + d.desired() + ": " + why;
    Optional<String> event = Optional.of(ended ? EventReason.BURST_ENDED : EventReason.SHED);
    actions.add(scaleAction(w, d.desired(), event, NAME, reason));
    Bookkeeping next = bk.withLastScaleDown(now).withBackfill(Optional.empty());
    if (ended) {
      next = forgetBaseline(next);
    }
    actions.add(
        new Action.SaveBookkeeping(
            w.ref(),
            next,
            NAME,
            (ended ? "burst over: forget the baseline; " : "") + "last scale-down at " + now));
    return new Proposal(actions, shed.notes(w, in));
  }

  /**
   * What is written exceeds {@code aksburst.dev/max-replicas} (lowered during the burst): a hard
   * cap, obeyed at once, not a scale-in that waits for the cooldown.
   */
  static boolean overMaxReplicas(WorkloadView w) {
    OptionalInt max = w.policy().maxReplicas();
    return max.isPresent() && w.writtenReplicas() > max.getAsInt();
  }

  private static Bookkeeping forgetBaseline(Bookkeeping bk) {
    return bk.withBaselineReplicas(OptionalInt.empty()).withHpaBaselineMin(OptionalInt.empty());
  }

  private static String describe(Optional<Intent> floor) {
    return floor.map(PlanInputs::describe).orElse("the floor");
  }

  /** spec.replicas, or the HPA's minReplicas when an HPA manages the Deployment. */
  static Action scaleAction(
      WorkloadView w, int replicas, Optional<String> event, String policy, String reason) {
    if (w.hpa().isPresent()) {
      HpaView h = w.hpa().get();
      return new Action.SetHpaMinReplicas(
          w.ref(), h.name(), Math.max(1, replicas), h.minReplicas(), event, policy, reason);
    }
    return new Action.ScaleDeployment(w.ref(), replicas, w.specReplicas(), event, policy, reason);
  }
}
