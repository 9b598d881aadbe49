package dev.aksburst.reconcile;

import dev.aksburst.model.NodePoolView;
import java.time.Duration;
import java.util.List;

/** Reads and sizes the cluster's VM node pools (ARM, or the simulator). */
public interface NodePoolScaler {
  /** Every pool aks-burst may scale, with mode, counts and provisioning state. */
  List<NodePoolView> describe();

  /**
   * Begins writing the pool's size for its mode (count, minCount or capacity) and returns without
   * waiting for the long-running operation to finish. Never throws for Azure errors: they are
   * returned as outcomes.
   */
  ScaleOutcome scale(NodePoolView pool, int target);

  /** What became of a scale request. */
  sealed interface ScaleOutcome
      permits ScaleOutcome.Started, ScaleOutcome.Busy, ScaleOutcome.Throttled, ScaleOutcome.Failed {
    /** Accepted; the operation runs on (provisioningState tells). */
    record Started(String provisioningState) implements ScaleOutcome {}

    /** 409: another operation on the pool or cluster is in progress; retry on a later reconcile. */
    record Busy(String code, String message) implements ScaleOutcome {}

    /** 429 beyond this invocation's budget; retry after {@code retryAfter}. */
    record Throttled(Duration retryAfter, String message) implements ScaleOutcome {}

    /**
     * Refused or failed (e.g. QuotaExceeded): {@code code} is Azure's, {@code hint} says what the
     * user can do.
     */
    record Failed(String code, String message, String hint, boolean retryable)
        implements ScaleOutcome {}
  }
}
