package dev.aksburst.function;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.annotation.AuthorizationLevel;
import com.microsoft.azure.functions.annotation.FunctionName;
import com.microsoft.azure.functions.annotation.HttpTrigger;
import dev.aksburst.app.AksBurst;
import dev.aksburst.app.Problem;
import dev.aksburst.intent.AlertParser;
import dev.aksburst.intent.InvalidPayload;
import dev.aksburst.intent.ParsedAlert;
import dev.aksburst.reconcile.ReconcileContext;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code POST /api/alerts}: Azure Monitor action groups (Function or Webhook action), common alert
 * schema or the older metric alert schema. Answers 200 with what it decided, also for an alert it
 * understood but could not map (so the action group does not retry), 400 problem+json for a
 * malformed body, 503 when the cluster could not be read (the action group retries).
 */
public final class AlertFunction {
  private final Supplier<AksBurst> app;

  public AlertFunction() {
    this(AksBurst::get);
  }

  public AlertFunction(AksBurst app) {
    this(() -> app);
  }

  private AlertFunction(Supplier<AksBurst> app) {
    this.app = app;
  }

  @FunctionName("AlertFunction")
  public HttpResponseMessage run(
      @HttpTrigger(
              name = "req",
              methods = {HttpMethod.POST},
              route = "alerts",
              authLevel = AuthorizationLevel.FUNCTION)
          HttpRequestMessage<Optional<String>> request,
      final ExecutionContext context) {
    try (InvocationLog routed = InvocationLog.open(context, "alert")) {
      try {
        ParsedAlert alert = AlertParser.parse(request.getBody().orElse(""));
        ReconcileContext ctx = ReconcileContext.of("alert", context.getInvocationId());
        return Http.json(
            request, HttpStatus.OK, Answers.alert(app.get().alerts().handle(alert, ctx)));
      } catch (InvalidPayload e) {
        context.getLogger().warning("alert rejected: " + e.getMessage());
        return Http.problem(request, Problem.invalidPayload(e));
      } catch (RuntimeException e) {
        return Http.unavailable(request, context.getLogger(), e);
      }
    }
  }
}
