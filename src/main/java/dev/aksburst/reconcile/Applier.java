package dev.aksburst.reconcile;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.PlanEntry;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.EventReason;
import dev.aksburst.plan.Plan;
import dev.aksburst.plan.PlannerConfig;
import dev.aksburst.plan.PoolWritePolicy;
import dev.aksburst.reconcile.ActionOutcome.Cause;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;

/**
 * Applies a plan in its order and owns every safety rail: the apply mode (a dry run writes
 * nothing), hard caps (max-replicas, HPA max, pool max), the pool-write holds of {@link
 * PoolWritePolicy} (busy, failed operation, backoff after a refused write), the stale-plan guard (a
 * workload's or pool's actions are skipped, before the first of them, when a write among them
 * starts from a value that is no longer the live one; the cluster is re-planned), an hourly write
 * budget per workload and pool, and "stop this lane on the first failure" (a later action of the
 * same workload or pool may depend on an earlier one).
 *
 * <p>{@link ApplyRails} holds the rails, {@link ApplyWrites} makes the writes and {@link ApplyLog}
 * records the Events and log lines.
 */
final class Applier {
  private final Clock clock;
  private final ApplyMode mode;
  private final ClusterPorts ports;
  private final ApplyRails rails;
  private final ApplyLog events;
  private final ApplyWrites writes;

  /**
   * @param config {@code maxPoolNodes} is the hard cap for pools without a max of their own (manual
   *     agent pools, VMSS: {@code AKSBURST_MAX_POOL_NODES}); {@code poolWrites} the holds; {@code
   *     writeBudget} the writes an hour per workload and per pool
   */
  Applier(ClusterPorts ports, Clock clock, PlannerConfig config, ApplyMode mode) {
    this.mode = mode;
    this.ports = ports;
    this.clock = clock;
    this.rails = new ApplyRails(config);
    this.events = new ApplyLog(ports);
    this.writes = new ApplyWrites(ports, config.poolWrites(), events);
  }

  /**
   * The mode a reconcile runs in: the configured one, or a dry run when the trigger asks for it.
   */
  ApplyMode mode(ReconcileContext ctx) {
    return ctx.dryRun() ? ApplyMode.DRY_RUN : mode;
  }

  List<ActionOutcome> apply(
      Plan plan, ClusterSnapshot snapshot, ReconcileContext ctx, LiveValues live) {
    if (mode(ctx) == ApplyMode.DRY_RUN) {
      return plan.actions().stream()
          .map(a -> ActionOutcome.skipped(a, Cause.DRY_RUN, "dry run"))
          .toList();
    }
    List<ActionOutcome> outcomes = new ArrayList<>();
    Set<String> brokenLanes = new HashSet<>();
    Map<WorkloadRef, List<PlanEntry>> applied = new LinkedHashMap<>();
    Map<String, Optional<String>> staleLanes = new HashMap<>();
    Instant now = clock.instant();
    DeletionCostGuard costs = new DeletionCostGuard(ports, events);
    costs.audit(snapshot, ctx, now);
    for (Action action : plan.actions()) {
      String lane = lane(action);
      if (brokenLanes.contains(lane)) {
        outcomes.add(
            ActionOutcome.skipped(
                action, Cause.EARLIER_ACTION_FAILED, "an earlier action on " + lane + " failed"));
        continue;
      }
      // Checked before the lane's first action: its bookkeeping (a baseline) is derived from the
      // same observed value as its guarded write and must not be written from a stale one either.
      Optional<String> stale =
          staleLanes.computeIfAbsent(lane, l -> ApplyRails.staleLane(plan, l, live));
      if (stale.isPresent()) {
        outcomes.add(ActionOutcome.skipped(action, Cause.STALE_PLAN, stale.get()));
        log(
            Level.INFO,
            ctx,
            action,
            ctx.tag() + " skipped " + action.kind() + " " + action.target() + ": " + stale.get());
        continue;
      }
      Optional<ApplyRails.Refusal> refusal = rails.refusal(action, snapshot, now);
      ActionOutcome outcome;
      if (refusal.isPresent()) {
        outcome = ActionOutcome.refused(action, refusal.get().cause(), refusal.get().message());
      } else {
        String key = LiveValues.key(action);
        if (key != null) {
          rails.spend(key, now);
        }
        Optional<WorkloadView> scaleIn = DeletionCostGuard.managedScaleIn(action, snapshot);
        scaleIn.ifPresent(w -> outcomes.addAll(costs.beforeScaleIn(w, writes, snapshot, ctx, now)));
        outcome = writes.apply(action, snapshot, ctx, now);
        if (outcome.status() == ActionOutcome.Status.APPLIED) {
          if (action instanceof Action.MarkDeletionCost m) {
            costs.marked(m);
          }
          scaleIn.ifPresent(
              w -> costs.afterScaleIn(w, DeletionCostGuard.target(action), snapshot, ctx, now));
        }
      }
      outcomes.add(outcome);
      switch (outcome.status()) {
        case APPLIED -> {
          log(
              Level.INFO,
              ctx,
              action,
              ctx.tag() + " applied " + action.kind() + " " + action.target());
          for (WorkloadRef w : action.workloads()) {
            applied
                .computeIfAbsent(w, k -> new ArrayList<>())
                .add(
                    new PlanEntry(
                        action.kind(), action.target(), action.policy(), action.reason(), now));
          }
          action
              .eventReason()
              .ifPresent(
                  r -> action.workloads().forEach(w -> event(ctx, w, r, action.reason(), false)));
        }
        case REFUSED, FAILED -> {
          brokenLanes.add(lane);
          log(
              Level.WARNING,
              ctx,
              action,
              ctx.tag()
                  + " "
                  + outcome.status()
                  + " "
                  + action.kind()
                  + " "
                  + action.target()
                  + outcome.code().map(c -> " [" + c + "]").orElse("")
                  + ": "
                  + outcome.message());
          if (outcome.status() == ActionOutcome.Status.REFUSED) {
            for (WorkloadRef w : action.workloads()) {
              event(ctx, w, EventReason.BURST_BLOCKED, outcome.message(), true);
            }
          }
        }
        case SKIPPED -> {}
      }
    }
    recordLastPlans(ctx, applied);
    return outcomes;
  }

  private static String lane(Action action) {
    return ApplyRails.lane(action);
  }

  private static void log(Level level, ReconcileContext ctx, Action action, String message) {
    ApplyLog.log(level, ctx, action, message);
  }

  private void recordLastPlans(ReconcileContext ctx, Map<WorkloadRef, List<PlanEntry>> applied) {
    for (var e : applied.entrySet()) {
      try {
        ports.intents().update(e.getKey(), st -> st.withLastPlan(e.getValue()));
      } catch (RuntimeException ex) {
        ApplyLog.log(
            Level.WARNING,
            ctx.tag() + " could not record the last plan on " + e.getKey() + ": " + ex.getMessage(),
            ex);
      }
    }
  }

  /** See {@link ApplyLog#event}. */
  void event(ReconcileContext ctx, WorkloadRef w, String reason, String message, boolean warn) {
    events.event(ctx, w, reason, message, warn);
  }
}
