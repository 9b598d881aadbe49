package dev.aksburst.reconcile;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.EventReason;
import dev.aksburst.plan.PoolWritePolicy;
import dev.aksburst.reconcile.NodePoolScaler.ScaleOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.logging.Level;

/**
 * The applier's writes: one action through the cluster's ports (workload writer, intent and pool
 * state stores, node-pool scaler), the pool's baseline recorded before its write, and a refused or
 * failed pool write recorded with its hold.
 */
final class ApplyWrites {
  private final ClusterPorts ports;
  private final PoolWritePolicy poolWrites;
  private final ApplyLog events;

  ApplyWrites(ClusterPorts ports, PoolWritePolicy poolWrites, ApplyLog events) {
    this.ports = ports;
    this.poolWrites = poolWrites;
    this.events = events;
  }

  /** Writes {@code action} through the ports; a failed write is an outcome, never thrown. */
  ActionOutcome apply(Action action, ClusterSnapshot snapshot, ReconcileContext ctx, Instant now) {
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
      } else if (action instanceof Action.ScalePlaceholders ph) {
        ports.writer().writePlaceholders(ph.workload(), ph.template(), ph.replicas());
      } else if (action instanceof Action.RecordLearnedWindows l) {
        ports.intents().update(l.workload(), st -> st.withLearned(l.learned()));
      } else if (action instanceof Action.RecordPoolBoot b) {
        ports.poolStates().update(b.pool(), st -> st.withLastBoot(b.boot()));
      } else if (action instanceof Action.ScaleNodePool p) {
        return applyPool(p, snapshot.pool(p.pool()).orElseThrow(), ctx, now);
      }
      return ActionOutcome.applied(action);
    } catch (WriteFailure f) {
      return ActionOutcome.failed(action, f.code(), f.getMessage());
    } catch (IntentStore.NotOptedIn e) {
      return ActionOutcome.failed(action, "NotOptedIn", e.getMessage());
    } catch (RuntimeException e) {
      ApplyLog.log(Level.WARNING, ctx.tag() + " " + action.kind() + " failed", e);
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
    ScaleOutcome outcome =
        p.deletesMachines()
            ? ports.pools().deleteMachines(pool, p.machines())
            : ports.pools().scale(pool, p.size());
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
      events.event(ctx, w, EventReason.NODE_POOL_ERROR, message, true);
    }
    return ActionOutcome.failed(p, code, message);
  }
}
