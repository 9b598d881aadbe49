package dev.aksburst.reconcile;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PlanEntry;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.EventReason;
import dev.aksburst.plan.Plan;
import dev.aksburst.reconcile.NodePoolScaler.ScaleOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Applies a plan in its order and owns the last line of safety rails: hard caps (max-replicas, HPA
 * max, pool max), no write to a pool that is busy or throttled, and "stop this lane on the first
 * failure" (a later action of the same workload or pool may depend on an earlier one).
 */
final class Applier {
  private static final Logger LOG = Logger.getLogger(Applier.class.getName());
  static final Duration BUSY_RETRY = Duration.ofMinutes(1);
  static final Duration FAILED_RETRY = Duration.ofMinutes(5);

  private final ClusterPorts ports;
  private final Clock clock;

  private final int maxPoolNodes;

  /**
   * @param maxPoolNodes the hard cap for pools without a max of their own (manual agent pools,
   *     VMSS): {@code AKSBURST_MAX_POOL_NODES}
   */
  Applier(ClusterPorts ports, Clock clock, int maxPoolNodes) {
    this.maxPoolNodes = maxPoolNodes;
    this.ports = ports;
    this.clock = clock;
  }

  List<ActionOutcome> apply(Plan plan, ClusterSnapshot snapshot, ReconcileContext ctx) {
    List<ActionOutcome> outcomes = new ArrayList<>();
    Set<String> brokenLanes = new HashSet<>();
    Map<WorkloadRef, List<PlanEntry>> applied = new LinkedHashMap<>();
    Instant now = clock.instant();
    for (Action action : plan.actions()) {
      String lane = lane(action);
      if (brokenLanes.contains(lane)) {
        outcomes.add(ActionOutcome.skipped(action, "an earlier action on " + lane + " failed"));
        continue;
      }
      ActionOutcome outcome;
      Optional<String> refusal = refusal(action, snapshot, now);
      if (refusal.isPresent()) {
        outcome = ActionOutcome.refused(action, refusal.get());
      } else {
        outcome = applyOne(action, snapshot, ctx, now);
      }
      outcomes.add(outcome);
      switch (outcome.status()) {
        case APPLIED -> {
          LOG.info(ctx.tag() + " applied " + action.kind() + " " + action.target());
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
          LOG.warning(
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

  /** Workload actions share the workload's lane; pool actions the pool's. */
  private static String lane(Action action) {
    if (action instanceof Action.ScaleNodePool p) {
      return "pool/" + p.pool();
    }
    return action.workloads().isEmpty() ? action.target() : action.workloads().get(0).toString();
  }

  private Optional<String> refusal(Action action, ClusterSnapshot snapshot, Instant now) {
    if (action instanceof Action.ScaleDeployment s) {
      Optional<WorkloadView> w = snapshot.workload(s.workload());
      if (w.isEmpty()) {
        return Optional.of(s.workload() + " is not an opted-in Deployment");
      }
      OptionalInt max = w.get().policy().maxReplicas();
      if (max.isPresent() && s.replicas() > max.getAsInt() && s.replicas() > s.fromReplicas()) {
        return Optional.of(
            "refusing to scale "
                + s.workload()
                + " to "
                + s.replicas()
                + ": above aksburst.dev/max-replicas="
                + max.getAsInt());
      }
    } else if (action instanceof Action.SetHpaMinReplicas h) {
      Optional<WorkloadView> w = snapshot.workload(h.workload());
      if (w.isEmpty() || w.get().hpa().isEmpty()) {
        return Optional.of(h.workload() + " has no HPA to write");
      }
      int hpaMax = w.get().hpa().get().maxReplicas();
      if (h.minReplicas() > hpaMax) {
        return Optional.of(
            "refusing HPA minReplicas " + h.minReplicas() + " above its maxReplicas " + hpaMax);
      }
      OptionalInt max = w.get().policy().maxReplicas();
      if (max.isPresent()
          && h.minReplicas() > max.getAsInt()
          && h.minReplicas() > h.fromMinReplicas()) {
        return Optional.of(
            "refusing HPA minReplicas "
                + h.minReplicas()
                + " above aksburst.dev/max-replicas="
                + max.getAsInt());
      }
    } else if (action instanceof Action.ScaleNodePool p) {
      Optional<NodePoolView> pool = snapshot.pool(p.pool());
      if (pool.isEmpty()) {
        return Optional.of("node pool " + p.pool() + " was not observed");
      }
      if (pool.get().operationInProgress()) {
        return Optional.of(
            "node pool "
                + p.pool()
                + " is "
                + pool.get().provisioningState()
                + "; waiting for that operation before writing");
      }
      PoolState st = snapshot.poolState(p.pool());
      if (st.retryNotBefore().isPresent() && now.isBefore(st.retryNotBefore().get())) {
        return Optional.of(
            "node pool "
                + p.pool()
                + " writes are held until "
                + st.retryNotBefore().get()
                + " after "
                + st.lastError().orElse("an error"));
      }
      if (p.size() > p.from()) {
        OptionalInt poolMax = pool.get().maxCount();
        if (p.mode() == PoolMode.AUTOSCALER
            && poolMax.isPresent()
            && p.size() > poolMax.getAsInt()) {
          return Optional.of(
              "refusing minCount " + p.size() + " above the pool's maxCount " + poolMax.getAsInt());
        }
        if (p.mode() != PoolMode.AUTOSCALER && p.size() > maxPoolNodes) {
          return Optional.of(
              "refusing to grow node pool "
                  + p.pool()
                  + " to "
                  + p.size()
                  + " nodes: above AKSBURST_MAX_POOL_NODES="
                  + maxPoolNodes);
        }
      }
    }
    return Optional.empty();
  }

  private ActionOutcome applyOne(
      Action action, ClusterSnapshot snapshot, ReconcileContext ctx, Instant now) {
    try {
      if (action instanceof Action.ScaleDeployment s) {
        ports.writer().scale(s.workload(), s.replicas());
      } else if (action instanceof Action.SetHpaMinReplicas h) {
        ports.writer().setHpaMinReplicas(h.workload(), h.hpaName(), h.minReplicas());
      } else if (action instanceof Action.MarkDeletionCost m) {
        ports.writer().setDeletionCost(m.workload(), m.pods(), m.cost());
      } else if (action instanceof Action.SaveBookkeeping b) {
        ports.intents().update(b.workload(), st -> st.withBookkeeping(b.bookkeeping()));
      } else if (action instanceof Action.PruneIntents p) {
        ports
            .intents()
            .update(
                p.workload(),
                st ->
                    st.withoutIntents(
                        st.intents().stream()
                            .filter(i -> p.intentIds().contains(i.id()) && i.expiredAt(now))
                            .map(Intent::id)
                            .toList()));
      } else if (action instanceof Action.ScaleNodePool p) {
        return applyPool(p, snapshot.pool(p.pool()).orElseThrow(), ctx, now);
      }
      return ActionOutcome.applied(action);
    } catch (WriteFailure f) {
      return ActionOutcome.failed(action, f.code(), f.getMessage());
    } catch (IntentStore.NotOptedIn e) {
      return ActionOutcome.failed(action, "NotOptedIn", e.getMessage());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, ctx.tag() + " " + action.kind() + " failed", e);
      return ActionOutcome.failed(
          action, e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
    }
  }

  private ActionOutcome applyPool(
      Action.ScaleNodePool p, NodePoolView pool, ReconcileContext ctx, Instant now) {
    if (p.recordBaseline().isPresent()) {
      // Record first: if we stop after the write, the next run still knows where to return.
      ports
          .poolStates()
          .update(
              p.pool(), st -> st.baseline().isPresent() ? st : st.withBaseline(p.recordBaseline()));
    }
    ScaleOutcome outcome = ports.pools().scale(pool, p.size());
    if (outcome instanceof ScaleOutcome.Started) {
      ports
          .poolStates()
          .update(
              p.pool(),
              st -> {
                PoolState next =
                    p.restoresBaseline()
                        ? st.withBaseline(OptionalInt.empty()).withLastScaleIn(now)
                        : st.withLastScaleOut(now);
                return next.withError(Optional.empty(), Optional.empty());
              });
      return ActionOutcome.applied(p);
    }
    String code;
    String message;
    Duration wait;
    if (outcome instanceof ScaleOutcome.Busy b) {
      code = b.code();
      message =
          "node pool "
              + p.pool()
              + " is busy ("
              + b.code()
              + "): "
              + b.message()
              + "; retrying on a later reconcile";
      wait = BUSY_RETRY;
    } else if (outcome instanceof ScaleOutcome.Throttled t) {
      code = "429";
      message =
          "ARM throttled writes to "
              + p.pool()
              + ": "
              + t.message()
              + "; retry after "
              + t.retryAfter().toSeconds()
              + "s";
      wait = t.retryAfter();
    } else if (outcome instanceof ScaleOutcome.Failed f) {
      code = f.code();
      message =
          "node pool "
              + p.pool()
              + " write failed ("
              + f.code()
              + "): "
              + f.message()
              + (f.hint().isEmpty() ? "" : ". " + f.hint());
      wait = f.retryable() ? BUSY_RETRY : FAILED_RETRY;
    } else {
      throw new IllegalStateException("unknown outcome " + outcome);
    }
    String error = code + ": " + message;
    Duration firstWait = wait;
    ports
        .poolStates()
        .update(
            p.pool(),
            st -> {
              // The error is still recorded, so this is a repeat: a pool that keeps refusing gets
              // at most one write per FAILED_RETRY, however short Retry-After or the 409 hold is.
              Duration hold =
                  st.lastError().isPresent() && firstWait.compareTo(FAILED_RETRY) < 0
                      ? FAILED_RETRY
                      : firstWait;
              return st.withError(Optional.of(error), Optional.of(now.plus(hold)));
            });
    for (WorkloadRef w : p.workloads()) {
      event(ctx, w, EventReason.NODE_POOL_ERROR, message, true);
    }
    return ActionOutcome.failed(p, code, message);
  }

  private void recordLastPlans(ReconcileContext ctx, Map<WorkloadRef, List<PlanEntry>> applied) {
    for (var e : applied.entrySet()) {
      try {
        ports.intents().update(e.getKey(), st -> st.withLastPlan(e.getValue()));
      } catch (RuntimeException ex) {
        LOG.log(
            Level.WARNING,
            ctx.tag() + " could not record the last plan on " + e.getKey() + ": " + ex.getMessage(),
            ex);
      }
    }
  }

  void event(ReconcileContext ctx, WorkloadRef w, String reason, String message, boolean warn) {
    try {
      ports.events().record(w, reason, message, warn, ctx);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          ctx.tag() + " could not record Event " + reason + " on " + w + ": " + e.getMessage(),
          e);
    }
  }
}
