package dev.aksburst.reconcile;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.plan.Plan;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one reconcile.
 *
 * @param status DONE (plan applied, possibly with failed actions), DRY_RUN (nothing written),
 *     LOCK_BUSY (another reconcile of this cluster is running; it or the next timer run will see
 *     the recorded intents), FAILED (the cluster could not be observed)
 * @param snapshot what was observed (empty when LOCK_BUSY or FAILED)
 * @param error why it FAILED
 */
public record ReconcileResult(
    ReconcileContext context,
    Status status,
    Optional<ClusterSnapshot> snapshot,
    Plan plan,
    List<ActionOutcome> outcomes,
    Optional<String> error) {
  public enum Status {
    DONE,
    DRY_RUN,
    LOCK_BUSY,
    FAILED
  }

  public ReconcileResult {
    Objects.requireNonNull(context);
    Objects.requireNonNull(status);
    Objects.requireNonNull(snapshot);
    Objects.requireNonNull(plan);
    outcomes = List.copyOf(outcomes);
    Objects.requireNonNull(error);
  }

  public long failedCount() {
    return outcomes.stream().filter(o -> o.status() == ActionOutcome.Status.FAILED).count();
  }
}
