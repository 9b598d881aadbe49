package dev.aksburst.app;

import dev.aksburst.intent.BurstRequest;
import dev.aksburst.intent.EventDecision;
import dev.aksburst.intent.IntentFactory;
import dev.aksburst.model.Intent;
import dev.aksburst.model.PoolState;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.reconcile.ReconcileResult;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/** Event intake: acts on one routed Event Grid event and says what it did. */
public final class EventIntake {
  private static final Logger LOG = Logger.getLogger(EventIntake.class.getName());

  private final Clusters clusters;
  private final AlertIntake alerts;
  private final Clock clock;

  public EventIntake(Clusters clusters, AlertIntake alerts, Clock clock) {
    this.clusters = clusters;
    this.alerts = alerts;
    this.clock = clock;
  }

  /** What became of one event. */
  public record Outcome(String eventId, String type, Result result) {
    public Outcome {
      Objects.requireNonNull(eventId);
      Objects.requireNonNull(type);
      Objects.requireNonNull(result);
    }
  }

  /** What the event led to. */
  public sealed interface Result
      permits BurstPlanned, BurstRecorded, Alert, Reconciled, Rolling, Validation, Ignored {}

  /** A dry-run burst request: the plan it would produce, nothing recorded. */
  public record BurstPlanned(ReconcileResult reconcile) implements Result {}

  public record BurstRecorded(Intent intent, ReconcileResult reconcile) implements Result {}

  /** An alert forwarded through Event Grid. */
  public record Alert(AlertIntake.Outcome alert) implements Result {}

  /** A write to a pool of a configured cluster. */
  public record Reconciled(ReconcileResult reconcile) implements Result {}

  /**
   * A node pool upgrade started (backfill and shedding pause) or ended (they resume).
   *
   * @param paused true when the upgrade started
   */
  public record Rolling(boolean paused, String pool, ReconcileResult reconcile) implements Result {}

  public record Validation(String validationResponse) implements Result {}

  public record Ignored(String reason) implements Result {}

  public Outcome handle(EventDecision decision, ReconcileContext ctx) {
    return new Outcome(decision.event().id(), decision.event().type(), result(decision, ctx));
  }

  private Result result(EventDecision decision, ReconcileContext ctx) {
    if (decision instanceof EventDecision.BurstRequested b) {
      BurstRequest r = b.request();
      ClusterRuntime rt = clusters.holding(r.target());
      Intent intent =
          IntentFactory.fromBurstEvent(r, b.event().id(), b.event().time().orElse(clock.instant()));
      if (r.dryRun()) {
        return new BurstPlanned(rt.reconciler().reconcile(ctx.dryRun(List.of(intent))));
      }
      Intent stored = IntentRecording.recordOrRefuse(rt, r.target(), intent);
      return new BurstRecorded(intent, rt.reconciler().reconcileFor(ctx, List.of(stored)));
    } else if (decision instanceof EventDecision.ForwardedAlert a) {
      return new Alert(alerts.handle(a.alert(), ctx));
    } else if (decision instanceof EventDecision.PoolWritten p) {
      Optional<ClusterRuntime> rt = clusters.of(p.resourceUri());
      if (rt.isEmpty()) {
        return ignored(decision, ctx, p.resourceUri() + " is not a pool of a configured cluster");
      }
      return new Reconciled(rt.get().reconciler().reconcile(ctx));
    } else if (decision instanceof EventDecision.PoolRolling r) {
      Optional<ClusterRuntime> rt = clusters.named(r.cluster());
      if (rt.isEmpty()) {
        return ignored(
            decision, ctx, "node pool event from " + r.cluster() + ", not a configured cluster");
      }
      PoolState st =
          rt.get()
              .ports()
              .poolStates()
              .update(r.pool(), s -> PoolState.rollingEvent(s, r.started(), r.at()));
      LOG.info(
          ctx.tag()
              + " node pool "
              + r.pool()
              + (r.started() ? " upgrade started: backfill and shedding paused" : " upgrade ended")
              + " (rollingSince="
              + st.rollingSince().map(Instant::toString).orElse("-")
              + ")");
      return new Rolling(r.started(), r.pool(), rt.get().reconciler().reconcile(ctx));
    } else if (decision instanceof EventDecision.SubscriptionValidation v) {
      LOG.info(ctx.tag() + " Event Grid subscription validation " + v.event().id());
      return new Validation(v.validationCode());
    } else if (decision instanceof EventDecision.Ignored i) {
      return ignored(decision, ctx, i.reason());
    }
    throw new IllegalStateException("unhandled event decision " + decision);
  }

  private static Ignored ignored(EventDecision d, ReconcileContext ctx, String reason) {
    LOG.info(ctx.tag() + " event " + d.event().id() + " ignored: " + reason);
    return new Ignored(reason);
  }
}
