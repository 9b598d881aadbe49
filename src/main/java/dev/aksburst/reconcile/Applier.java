package dev.aksburst.reconcile;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PlanEntry;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.VirtualNodeSet;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.EventReason;
import dev.aksburst.plan.Plan;
import dev.aksburst.plan.PlannerConfig;
import dev.aksburst.plan.PoolWritePolicy;
import dev.aksburst.reconcile.ActionOutcome.Cause;
import dev.aksburst.reconcile.NodePoolScaler.ScaleOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
 * Applies a plan in its order and owns every safety rail: the apply mode (a dry run writes
 * nothing), hard caps (max-replicas, HPA max, pool max), the pool-write holds of {@link
 * PoolWritePolicy} (busy, failed operation, backoff after a refused write), the stale-plan guard (a
 * workload's or pool's actions are skipped, before the first of them, when a write among them
 * starts from a value that is no longer the live one; the cluster is re-planned), an hourly write
 * budget per workload and pool, and "stop this lane on the first failure" (a later action of the
 * same workload or pool may depend on an earlier one).
 */
final class Applier {
  private static final Logger LOG = Logger.getLogger(Applier.class.getName());

  private final ClusterPorts ports;
  private final Clock clock;
  private final int maxPoolNodes;
  private final PoolWritePolicy poolWrites;
  private final WriteBudget budget;
  private final ApplyMode mode;

  /**
   * @param config {@code maxPoolNodes} is the hard cap for pools without a max of their own (manual
   *     agent pools, VMSS: {@code AKSBURST_MAX_POOL_NODES}); {@code poolWrites} the holds; {@code
   *     writeBudget} the writes an hour per workload and per pool
   */
  Applier(ClusterPorts ports, Clock clock, PlannerConfig config, ApplyMode mode) {
    this.mode = mode;
    this.ports = ports;
    this.clock = clock;
    this.maxPoolNodes = config.maxPoolNodes();
    this.poolWrites = config.poolWrites();
    this.budget = new WriteBudget(config.writeBudget());
  }

  /** A rail that holds an action: which one, and the words for humans. */
  record Refusal(Cause cause, String message) {}

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
      Optional<String> stale = staleLanes.computeIfAbsent(lane, l -> staleLane(plan, l, live));
      if (stale.isPresent()) {
        outcomes.add(ActionOutcome.skipped(action, Cause.STALE_PLAN, stale.get()));
        log(
            Level.INFO,
            ctx,
            action,
            ctx.tag() + " skipped " + action.kind() + " " + action.target() + ": " + stale.get());
        continue;
      }
      Optional<Refusal> refusal = refusal(action, snapshot, now);
      ActionOutcome outcome;
      if (refusal.isPresent()) {
        outcome = ActionOutcome.refused(action, refusal.get().cause(), refusal.get().message());
      } else {
        String key = LiveValues.key(action);
        if (key != null) {
          budget.spend(key, now);
        }
        outcome = applyOne(action, snapshot, ctx, now);
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

  /** Workload actions share the workload's lane; pool actions the pool's. */
  private static String lane(Action action) {
    if (action instanceof Action.ScaleNodePool p) {
      return "pool/" + p.pool();
    }
    return action.workloads().isEmpty() ? action.target() : action.workloads().get(0).toString();
  }

  /**
   * Why the lane's plan started from a value that is no longer live, if it did: the first guarded
   * write of each key in the lane is compared with the live value (a later one of the same key
   * starts from the lane's own earlier write).
   */
  private static Optional<String> staleLane(Plan plan, String lane, LiveValues live) {
    Set<String> checked = new HashSet<>();
    for (Action a : plan.actions()) {
      String key = LiveValues.key(a);
      if (key == null || !lane(a).equals(lane) || !checked.add(key)) {
        continue;
      }
      OptionalInt now = live.current(a);
      int from = LiveValues.from(a);
      if (now.isPresent() && now.getAsInt() != from) {
        return Optional.of(
            a.target()
                + " was planned from "
                + from
                + " but is "
                + now.getAsInt()
                + " now; re-planning");
      }
    }
    return Optional.empty();
  }

  /** The rail that holds the action, if one does. */
  Optional<Refusal> refusal(Action action, ClusterSnapshot snapshot, Instant now) {
    Optional<Refusal> cap = capRefusal(action, snapshot, now);
    if (cap.isPresent()) {
      return cap;
    }
    String key = LiveValues.key(action);
    if (key != null && !budget.allows(key, now)) {
      return Optional.of(
          new Refusal(
              Cause.WRITE_BUDGET,
              "refusing to write "
                  + action.target()
                  + ": it had "
                  + budget.perHour()
                  + " writes in the last hour, the most one workload or pool gets"));
    }
    return Optional.empty();
  }

  private Optional<Refusal> capRefusal(Action action, ClusterSnapshot snapshot, Instant now) {
    if (action instanceof Action.ScaleDeployment s) {
      Optional<WorkloadView> w = snapshot.workload(s.workload());
      if (w.isEmpty()) {
        return refuse(Cause.NOT_OPTED_IN, s.workload() + " is not an opted-in Deployment");
      }
      OptionalInt max = w.get().policy().maxReplicas();
      if (max.isPresent() && s.replicas() > max.getAsInt() && s.replicas() > s.fromReplicas()) {
        return refuse(
            Cause.ABOVE_MAX_REPLICAS,
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
        return refuse(Cause.NO_HPA, h.workload() + " has no HPA to write");
      }
      int hpaMax = w.get().hpa().get().maxReplicas();
      if (h.minReplicas() > hpaMax) {
        return refuse(
            Cause.ABOVE_HPA_MAX,
            "refusing HPA minReplicas " + h.minReplicas() + " above its maxReplicas " + hpaMax);
      }
      OptionalInt max = w.get().policy().maxReplicas();
      if (max.isPresent()
          && h.minReplicas() > max.getAsInt()
          && h.minReplicas() > h.fromMinReplicas()) {
        return refuse(
            Cause.ABOVE_MAX_REPLICAS,
            "refusing HPA minReplicas "
                + h.minReplicas()
                + " above aksburst.dev/max-replicas="
                + max.getAsInt());
      }
    } else if (action instanceof Action.ScaleVirtualNodes v) {
      return virtualNodesRefusal(v, snapshot);
    } else if (action instanceof Action.ScaleNodePool p) {
      Optional<NodePoolView> pool = snapshot.pool(p.pool());
      if (pool.isEmpty()) {
        return refuse(Cause.POOL_NOT_OBSERVED, "node pool " + p.pool() + " was not observed");
      }
      Optional<PoolWritePolicy.Hold> hold =
          poolWrites.hold(pool.get(), snapshot.poolState(p.pool()), now);
      if (hold.isPresent()) {
        Cause cause =
            switch (hold.get().cause()) {
              case POOL_BUSY -> Cause.POOL_BUSY;
              case FAILED_OPERATION -> Cause.FAILED_OPERATION_HOLD;
              case BACKOFF -> Cause.BACKOFF;
            };
        return refuse(cause, hold.get().message());
      }
      if (p.size() > p.from()) {
        OptionalInt poolMax = pool.get().maxCount();
        if (p.mode() == PoolMode.AUTOSCALER
            && poolMax.isPresent()
            && p.size() > poolMax.getAsInt()) {
          return refuse(
              Cause.ABOVE_POOL_MAX_COUNT,
              "refusing minCount " + p.size() + " above the pool's maxCount " + poolMax.getAsInt());
        }
        if (p.mode() != PoolMode.AUTOSCALER && p.size() > maxPoolNodes) {
          return refuse(
              Cause.ABOVE_MAX_POOL_NODES,
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

  /** Only the StatefulSet the operator named and aks-burst read, never above its max. */
  private static Optional<Refusal> virtualNodesRefusal(
      Action.ScaleVirtualNodes v, ClusterSnapshot snapshot) {
    Optional<VirtualNodeSet> set =
        snapshot
            .virtualNodeSet()
            .filter(s -> s.namespace().equals(v.namespace()) && s.name().equals(v.name()));
    if (set.isEmpty()) {
      return refuse(
          Cause.VIRTUAL_NODE_SET_NOT_OBSERVED,
          "StatefulSet "
              + v.namespace()
              + "/"
              + v.name()
              + " is not the virtual nodes' StatefulSet named in AKSBURST_VIRTUAL_NODE_STATEFULSET,"
              + " or it was not read");
    }
    if (v.replicas() > v.from() && v.replicas() > set.get().maxReplicas()) {
      return refuse(
          Cause.ABOVE_MAX_REPLICAS,
          "refusing "
              + v.replicas()
              + " virtual nodes: above aksburst.dev/max-replicas="
              + set.get().maxReplicas()
              + " on StatefulSet "
              + set.get().ref());
    }
    return Optional.empty();
  }

  private static Optional<Refusal> refuse(Cause cause, String message) {
    return Optional.of(new Refusal(cause, message));
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
      } else if (action instanceof Action.ScaleVirtualNodes v) {
        ports
            .writer()
            .scaleVirtualNodes(
                v.namespace(), v.name(), v.replicas(), v.recordBaseline(), v.restoresBaseline());
      } else if (action instanceof Action.RecordLearnedWindows l) {
        ports.intents().update(l.workload(), st -> st.withLearned(l.learned()));
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
    PoolWritePolicy.Refusal refusal;
    Optional<Duration> retryAfter = Optional.empty();
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
      refusal = PoolWritePolicy.Refusal.BUSY;
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
      refusal = PoolWritePolicy.Refusal.THROTTLED;
      retryAfter = Optional.of(t.retryAfter());
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
      refusal =
          f.retryable() ? PoolWritePolicy.Refusal.FAILED_RETRYABLE : PoolWritePolicy.Refusal.FAILED;
    } else {
      throw new IllegalStateException("unknown outcome " + outcome);
    }
    String error = code + ": " + message;
    Optional<Duration> suggested = retryAfter;
    ports
        .poolStates()
        .update(
            p.pool(),
            st -> {
              // A still recorded error makes this a repeat.
              Duration hold = poolWrites.holdAfter(refusal, suggested, st.lastError().isPresent());
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

  /**
   * A line about {@code action}, its context and workloads as the record's parameters so a log
   * handler can carry them as structured dimensions (the text has no placeholders: unchanged).
   */
  private static void log(Level level, ReconcileContext ctx, Action action, String message) {
    Object[] params = new Object[1 + action.workloads().size()];
    params[0] = ctx;
    for (int i = 0; i < action.workloads().size(); i++) {
      params[i + 1] = action.workloads().get(i);
    }
    LOG.log(level, message, params);
  }
}
