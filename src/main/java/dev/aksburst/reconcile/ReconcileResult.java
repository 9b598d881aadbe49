package dev.aksburst.reconcile;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.plan.Plan;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one reconcile, built by the factories named after what happened.
 *
 * <p>{@link #nextReconcileAt()} is when something the planner waits for ends (a cooldown, hold,
 * backoff or intent boundary): a trigger that can schedule itself may come back then instead of
 * waiting for the timer.
 */
public sealed interface ReconcileResult
    permits ReconcileResult.Done,
        ReconcileResult.DryRun,
        ReconcileResult.LockBusy,
        ReconcileResult.Failed,
        ReconcileResult.Coalesced {

  /**
   * DONE (plan applied, possibly with failed actions), DRY_RUN (nothing written), LOCK_BUSY
   * (another reconcile of this cluster is running; it or the next timer run will see the recorded
   * intents), FAILED (the cluster could not be observed), COALESCED (a reconcile that finished
   * moments ago already saw this trigger's intents; nothing ran again)
   */
  enum Status {
    DONE,
    DRY_RUN,
    LOCK_BUSY,
    FAILED,
    COALESCED
  }

  ReconcileContext context();

  Status status();

  /** What was observed (empty when LOCK_BUSY, FAILED or COALESCED). */
  default Optional<ClusterSnapshot> snapshot() {
    return Optional.empty();
  }

  default Plan plan() {
    return Plan.EMPTY;
  }

  default List<ActionOutcome> outcomes() {
    return List.of();
  }

  /** Why it FAILED. */
  default Optional<String> error() {
    return Optional.empty();
  }

  default Optional<Instant> nextReconcileAt() {
    return Optional.empty();
  }

  default long failedCount() {
    return outcomes().stream().filter(o -> o.status() == ActionOutcome.Status.FAILED).count();
  }

  static ReconcileResult done(
      ReconcileContext ctx,
      ClusterSnapshot snapshot,
      Plan plan,
      List<ActionOutcome> outcomes,
      Optional<Instant> next) {
    return new Done(ctx, Optional.of(snapshot), plan, outcomes, next);
  }

  static ReconcileResult dryRun(
      ReconcileContext ctx,
      ClusterSnapshot snapshot,
      Plan plan,
      List<ActionOutcome> outcomes,
      Optional<Instant> next) {
    return new DryRun(ctx, Optional.of(snapshot), plan, outcomes, next);
  }

  static ReconcileResult lockBusy(ReconcileContext ctx) {
    return new LockBusy(ctx);
  }

  static ReconcileResult failed(ReconcileContext ctx, String why) {
    return new Failed(ctx, Optional.of(why));
  }

  /**
   * @param finishedAt when the reconcile that saw this trigger's intents finished
   */
  static ReconcileResult coalesced(
      ReconcileContext ctx, Instant finishedAt, Optional<Instant> next) {
    return new Coalesced(ctx, finishedAt, next);
  }

  record Done(
      ReconcileContext context,
      Optional<ClusterSnapshot> snapshot,
      Plan plan,
      List<ActionOutcome> outcomes,
      Optional<Instant> nextReconcileAt)
      implements ReconcileResult {
    public Done {
      Objects.requireNonNull(context);
      Objects.requireNonNull(snapshot);
      Objects.requireNonNull(plan);
      outcomes = List.copyOf(outcomes);
      Objects.requireNonNull(nextReconcileAt);
    }

    @Override
    public Status status() {
      return Status.DONE;
    }
  }

  record DryRun(
      ReconcileContext context,
      Optional<ClusterSnapshot> snapshot,
      Plan plan,
      List<ActionOutcome> outcomes,
      Optional<Instant> nextReconcileAt)
      implements ReconcileResult {
    public DryRun {
      Objects.requireNonNull(context);
      Objects.requireNonNull(snapshot);
      Objects.requireNonNull(plan);
      outcomes = List.copyOf(outcomes);
      Objects.requireNonNull(nextReconcileAt);
    }

    @Override
    public Status status() {
      return Status.DRY_RUN;
    }
  }

  record LockBusy(ReconcileContext context) implements ReconcileResult {
    public LockBusy {
      Objects.requireNonNull(context);
    }

    @Override
    public Status status() {
      return Status.LOCK_BUSY;
    }
  }

  record Failed(ReconcileContext context, Optional<String> error) implements ReconcileResult {
    public Failed {
      Objects.requireNonNull(context);
      Objects.requireNonNull(error);
    }

    @Override
    public Status status() {
      return Status.FAILED;
    }
  }

  record Coalesced(ReconcileContext context, Instant finishedAt, Optional<Instant> nextReconcileAt)
      implements ReconcileResult {
    public Coalesced {
      Objects.requireNonNull(context);
      Objects.requireNonNull(finishedAt);
      Objects.requireNonNull(nextReconcileAt);
    }

    @Override
    public Status status() {
      return Status.COALESCED;
    }
  }
}
