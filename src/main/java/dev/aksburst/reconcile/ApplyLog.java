package dev.aksburst.reconcile;

import dev.aksburst.model.WorkloadRef;
import dev.aksburst.plan.Action;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the applier tells people: Kubernetes Events on the workloads, and log lines carrying the
 * reconcile context and the action's workloads as structured parameters.
 */
final class ApplyLog {
  private static final Logger LOG = Logger.getLogger(Applier.class.getName());

  private final ClusterPorts ports;

  ApplyLog(ClusterPorts ports) {
    this.ports = ports;
  }

  /** Records a Kubernetes Event on {@code w}; a failure to record it is logged, never thrown. */
  void event(ReconcileContext ctx, WorkloadRef w, String reason, String message, boolean warn) {
    try {
      ports.events().record(w, reason, message, warn, ctx);
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          ctx.tag() + " could not record Event " + reason + " on " + w + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * A line about {@code action}, its context and workloads as the record's parameters so a log
   * handler can carry them as structured dimensions (the text has no placeholders: unchanged).
   */
  static void log(Level level, ReconcileContext ctx, Action action, String message) {
    Object[] params = new Object[1 + action.workloads().size()];
    params[0] = ctx;
    for (int i = 0; i < action.workloads().size(); i++) {
      params[i + 1] = action.workloads().get(i);
    }
    LOG.log(level, message, params);
  }

  /** A line not about one action. */
  static void log(Level level, String message, Throwable e) {
    LOG.log(level, message, e);
  }
}
