package dev.aksburst.reconcile;

import dev.aksburst.model.BurstState;
import dev.aksburst.model.WorkloadRef;
import java.util.function.UnaryOperator;

/**
 * The {@code aksburst.dev/state} annotation of opted-in Deployments: intents and bookkeeping.
 * Updates are compare-and-swap: on a conflict the current state is re-read and {@code change}
 * applied again (bounded retries), so concurrent writers never lose each other's changes.
 */
public interface IntentStore {
  /** The current state; {@link BurstState#EMPTY} if none. Throws {@link NotOptedIn}. */
  BurstState read(WorkloadRef workload);

  /** Applies {@code change} atomically and returns the stored result. Throws {@link NotOptedIn}. */
  BurstState update(WorkloadRef workload, UnaryOperator<BurstState> change);

  /** The Deployment does not exist or does not carry {@code aksburst.dev/enabled: "true"}. */
  final class NotOptedIn extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean exists;

    public NotOptedIn(WorkloadRef workload, boolean exists) {
      super(
          exists
              ? "Deployment "
                  + workload
                  + " is not opted in: label it aksburst.dev/enabled=\"true\" to let aks-burst"
                  + " manage it"
              : "Deployment " + workload + " not found");
      this.exists = exists;
    }

    /** The Deployment exists but is not opted in (403) rather than missing (404). */
    public boolean exists() {
      return exists;
    }
  }
}
