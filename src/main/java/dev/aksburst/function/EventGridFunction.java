package dev.aksburst.function;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.annotation.EventGridTrigger;
import com.microsoft.azure.functions.annotation.FunctionName;
import dev.aksburst.app.AksBurst;
import dev.aksburst.app.ProblemException;
import dev.aksburst.intent.EventDecision;
import dev.aksburst.intent.EventRouter;
import dev.aksburst.intent.InboundEvent;
import dev.aksburst.intent.InvalidPayload;
import dev.aksburst.intent.Json;
import dev.aksburst.reconcile.ReconcileContext;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Event Grid: burst requests, alerts forwarded through a custom topic, agent pool writes (reconcile
 * now) and node pool upgrades (pause, resume). Event Grid and CloudEvents schemas, single or
 * batched. Unknown types and malformed events are acknowledged and logged (a redelivery would not
 * fix them); a failure to reach the cluster is thrown so Event Grid redelivers.
 */
public final class EventGridFunction {
  private final Supplier<AksBurst> app;

  public EventGridFunction() {
    this(AksBurst::get);
  }

  public EventGridFunction(AksBurst app) {
    this(() -> app);
  }

  private EventGridFunction(Supplier<AksBurst> app) {
    this.app = app;
  }

  @FunctionName("EventGridFunction")
  public void run(@EventGridTrigger(name = "event") String event, final ExecutionContext context) {
    try (InvocationLog routed = InvocationLog.open(context, "eventgrid")) {
      handle(event, context);
    }
  }

  /** Handles a delivery and returns what it did per event, as JSON (also logged). */
  String handle(String event, ExecutionContext context) {
    Logger log = context.getLogger();
    ArrayNode results = Json.object().arrayNode();
    List<InboundEvent> events;
    try {
      events = EventEnvelopes.decode(event);
    } catch (InvalidPayload e) {
      log.severe("Event Grid delivery dropped, it can not be read: " + e.getMessage());
      results.addObject().put("outcome", "rejected").put("reason", e.getMessage());
      return Json.write(results);
    }
    AksBurst burst = app.get();
    for (InboundEvent e : events) {
      ReconcileContext ctx =
          ReconcileContext.of("eventgrid", context.getInvocationId() + "/" + e.id());
      EventDecision decision;
      try {
        decision = EventRouter.route(e, burst.clock().instant());
      } catch (InvalidPayload bad) {
        log.severe(
            ctx.tag() + " event " + e.id() + " (" + e.type() + ") dropped: " + bad.getMessage());
        results
            .addObject()
            .put("eventId", e.id())
            .put("outcome", "rejected")
            .put("reason", bad.getMessage());
        continue;
      }
      try {
        results.add(Answers.event(burst.events().handle(decision, ctx)));
      } catch (InvalidPayload | ProblemException refused) {
        log.severe(
            ctx.tag()
                + " event "
                + e.id()
                + " ("
                + e.type()
                + ") refused: "
                + refused.getMessage());
        results
            .addObject()
            .put("eventId", e.id())
            .put("outcome", "refused")
            .put("reason", refused.getMessage());
      }
    }
    String answer = Json.write(results);
    log.info("Event Grid delivery handled: " + answer);
    return answer;
  }
}
