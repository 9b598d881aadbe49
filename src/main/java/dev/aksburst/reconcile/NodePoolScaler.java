package dev.aksburst.reconcile;

import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolState;
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

  /**
   * Begins deleting exactly these machines (node names) of a MANUAL agent pool, which lowers its
   * count by as many, and returns without waiting for the long-running operation (AKS {@code
   * agentPools/{pool}/deleteMachines}). Never throws for Azure errors. A source that can not delete
   * named machines (a plain scale set, a test fake) answers {@code
   * Failed(PoolState.DELETE_MACHINES_REFUSED)}.
   */
  default ScaleOutcome deleteMachines(NodePoolView pool, List<String> machines) {
    return notSupported(pool, "this node-pool source");
  }

  /** The refusal of a source that can not delete named machines. */
  static ScaleOutcome notSupported(NodePoolView pool, String source) {
    return new ScaleOutcome.Failed(
        PoolState.DELETE_MACHINES_REFUSED,
        "node pool " + pool.name() + ": " + source + " can not delete specific machines",
        "none: the next reconcile keeps the pool at its size with a Warning naming the pods",
        false);
  }

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
