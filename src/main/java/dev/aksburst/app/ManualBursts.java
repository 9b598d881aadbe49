package dev.aksburst.app;

import dev.aksburst.intent.BurstRequest;
import dev.aksburst.intent.IntentFactory;
import dev.aksburst.model.BurstState;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.reconcile.IntentStore;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.reconcile.ReconcileResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** Manual bursts: start one (or plan it with {@code dryRun}) and end them. */
public final class ManualBursts {
  private static final java.util.logging.Logger LOG =
      java.util.logging.Logger.getLogger(ManualBursts.class.getName());
  private final Clock clock;

  public ManualBursts(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param reconcile the reconcile after recording, or with {@code dryRun} the plan it would
   *     produce (nothing written)
   */
  public record Started(boolean dryRun, Intent intent, ReconcileResult reconcile) {
    public Started {
      Objects.requireNonNull(intent);
      Objects.requireNonNull(reconcile);
    }
  }

  /**
   * @param ended ids of the floors ended now
   * @param after the workload as observed after that reconcile, with what still holds it up (the
   *     scale-in cooldown, the pool hold, ...) and until when; empty when it could not be observed
   */
  public record Ended(
      WorkloadRef workload,
      List<String> ended,
      ReconcileResult reconcile,
      Optional<WorkloadStatus> after) {
    public Ended {
      Objects.requireNonNull(workload);
      ended = List.copyOf(ended);
      Objects.requireNonNull(reconcile);
      Objects.requireNonNull(after);
    }
  }

  /**
   * Starts a manual burst. Refuses Deployments that are missing (404) or not opted in (403), and
   * replicas above {@code aksburst.dev/max-replicas} (422).
   */
  public Started start(ClusterRuntime rt, BurstRequest r, ReconcileContext ctx) {
    WorkloadView w = Clusters.optedIn(rt, rt.ports().reader().read(), r.target());
    OptionalInt max = w.policy().maxReplicas();
    if (max.isPresent() && r.replicas() > max.getAsInt()) {
      throw new ProblemException(
          Problem.of(
              "above-max-replicas",
              "Replicas above the workload's limit",
              422,
              "replicas "
                  + r.replicas()
                  + " is above aksburst.dev/max-replicas="
                  + max.getAsInt()
                  + " of "
                  + r.target()
                  + "; ask for at most "
                  + max.getAsInt()
                  + " or raise the annotation",
              "replicas"));
    }
    Intent intent =
        IntentFactory.fromBurstRequest(r, UUID.randomUUID().toString(), clock.instant());
    if (r.dryRun()) {
      return new Started(true, intent, rt.reconciler().reconcile(ctx.dryRun(List.of(intent))));
    }
    Intent stored = IntentRecording.recordOrRefuse(rt, r.target(), intent);
    return new Started(false, intent, rt.reconciler().reconcileFor(ctx, List.of(stored)));
  }

  /** Ends every manual (and event-requested) floor of the Deployment now, then reconciles. */
  public Ended end(ClusterRuntime rt, WorkloadRef ref, ReconcileContext ctx) {
    Instant now = clock.instant();
    List<String> ended = new ArrayList<>();
    try {
      rt.ports()
          .intents()
          .update(
              ref,
              s -> {
                ended.clear();
                BurstState next = s.endedByOperator(now);
                ended.addAll(s.endableByOperator(now).stream().map(Intent::id).toList());
                return next;
              });
    } catch (IntentStore.NotOptedIn e) {
      throw Clusters.notOptedIn(e);
    }
    ReconcileResult result = rt.reconciler().reconcile(ctx);
    Optional<WorkloadStatus> after;
    try {
      ClusterSnapshot snap = rt.reconciler().observe();
      after = snap.workload(ref).map(w -> StatusQuery.of(rt, snap, w, clock.instant()));
    } catch (RuntimeException e) {
      // the floors are ended and reconciled; only the account of what stays up is missing
      LOG.warning("after ending the floors of " + ref + ", observing it failed: " + e);
      after = Optional.empty();
    }
    return new Ended(ref, ended, result, after);
  }
}
