package dev.aksburst.reconcile;

import dev.aksburst.plan.Action;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one planned action.
 *
 * @param status APPLIED, SKIPPED (dry run, or an earlier action of the same workload or pool
 *     failed), REFUSED (a safety rail of the applier), FAILED (the write failed)
 * @param code HTTP status or Azure error code when it failed
 */
public record ActionOutcome(Action action, Status status, Optional<String> code, String message) {
  public enum Status {
    APPLIED,
    SKIPPED,
    REFUSED,
    FAILED
  }

  public ActionOutcome {
    Objects.requireNonNull(action);
    Objects.requireNonNull(status);
    Objects.requireNonNull(code);
    message = message == null ? "" : message;
  }

  public static ActionOutcome applied(Action a) {
    return new ActionOutcome(a, Status.APPLIED, Optional.empty(), "");
  }

  public static ActionOutcome skipped(Action a, String why) {
    return new ActionOutcome(a, Status.SKIPPED, Optional.empty(), why);
  }

  public static ActionOutcome refused(Action a, String why) {
    return new ActionOutcome(a, Status.REFUSED, Optional.empty(), why);
  }

  public static ActionOutcome failed(Action a, String code, String why) {
    return new ActionOutcome(a, Status.FAILED, Optional.of(code), why);
  }
}
