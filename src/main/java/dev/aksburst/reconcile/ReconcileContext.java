package dev.aksburst.reconcile;

import dev.aksburst.model.Intent;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Why a reconcile runs, carried into every log line and Event.
 *
 * @param trigger alert, eventgrid, schedule, timer, manual, demo...
 * @param correlationId the invocation id (Functions) or a fresh UUID
 * @param dryRun plan and report, write nothing
 * @param extraIntents hypothetical intents planned with the stored ones (a dry-run burst)
 */
public record ReconcileContext(
    String trigger, String correlationId, boolean dryRun, List<Intent> extraIntents) {
  public ReconcileContext {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(correlationId, "correlationId");
    extraIntents = List.copyOf(extraIntents);
  }

  public static ReconcileContext of(String trigger, String correlationId) {
    return new ReconcileContext(trigger, correlationId, false, List.of());
  }

  public static ReconcileContext of(String trigger) {
    return of(trigger, UUID.randomUUID().toString());
  }

  public ReconcileContext dryRun(List<Intent> hypothetical) {
    return new ReconcileContext(trigger, correlationId, true, hypothetical);
  }

  /** Prefix for log lines. */
  public String tag() {
    return "[trigger=" + trigger + " correlationId=" + correlationId + "]";
  }
}
