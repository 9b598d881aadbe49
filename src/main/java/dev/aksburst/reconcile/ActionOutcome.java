package dev.aksburst.reconcile;

import dev.aksburst.plan.Action;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one planned action.
 *
 * @param status APPLIED, SKIPPED (dry run, a stale plan, or an earlier action of the same workload
 *     or pool failed), REFUSED (a safety rail of the applier), FAILED (the write failed)
 * @param cause why it was skipped or refused (empty when applied or failed)
 * @param code HTTP status or Azure error code when it failed
 */
public record ActionOutcome(
    Action action, Status status, Optional<Cause> cause, Optional<String> code, String message) {
  public enum Status {
    APPLIED,
    SKIPPED,
    REFUSED,
    FAILED
  }

  /** Why the applier did not write an action: the rail that held it. */
  public enum Cause {
    DRY_RUN,
    /** An earlier action of the same workload or pool failed or was refused. */
    EARLIER_ACTION_FAILED,
    /** The value the plan started from is no longer the live one; the cluster is re-planned. */
    STALE_PLAN,
    NOT_OPTED_IN,
    ABOVE_MAX_REPLICAS,
    NO_HPA,
    ABOVE_HPA_MAX,
    POOL_NOT_OBSERVED,
    POOL_BUSY,
    FAILED_OPERATION_HOLD,
    BACKOFF,
    ABOVE_POOL_MAX_COUNT,
    ABOVE_MAX_POOL_NODES,
    /** The virtual nodes' StatefulSet is not the one configured, or was not read. */
    VIRTUAL_NODE_SET_NOT_OBSERVED,
    /** The workload or pool has had its hourly budget of writes. */
    WRITE_BUDGET
  }

  public ActionOutcome {
    Objects.requireNonNull(action);
    Objects.requireNonNull(status);
    Objects.requireNonNull(cause);
    Objects.requireNonNull(code);
    message = message == null ? "" : message;
  }

  public static ActionOutcome applied(Action a) {
    return new ActionOutcome(a, Status.APPLIED, Optional.empty(), Optional.empty(), "");
  }

  public static ActionOutcome skipped(Action a, Cause cause, String why) {
    return new ActionOutcome(a, Status.SKIPPED, Optional.of(cause), Optional.empty(), why);
  }

  public static ActionOutcome refused(Action a, Cause cause, String why) {
    return new ActionOutcome(a, Status.REFUSED, Optional.of(cause), Optional.empty(), why);
  }

  public static ActionOutcome failed(Action a, String code, String why) {
    return new ActionOutcome(a, Status.FAILED, Optional.empty(), Optional.of(code), why);
  }
}
