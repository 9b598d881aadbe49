package dev.aksburst.intent;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/** Decides what an Event Grid event asks for. Pure; unknown types are {@code Ignored}. */
public final class EventRouter {
  public static final String BURST_REQUESTED_EVENTGRID = "AksBurst.BurstRequested";
  public static final String BURST_REQUESTED_CLOUDEVENTS = "dev.aksburst.burst.requested";
  public static final String RESOURCE_WRITE_SUCCESS = "Microsoft.Resources.ResourceWriteSuccess";
  public static final String AGENT_POOL_WRITE =
      "Microsoft.ContainerService/managedClusters/agentPools/write";
  public static final String ROLLING_STARTED = "Microsoft.ContainerService.NodePoolRollingStarted";
  public static final String ROLLING_SUCCEEDED =
      "Microsoft.ContainerService.NodePoolRollingSucceeded";
  public static final String ROLLING_FAILED = "Microsoft.ContainerService.NodePoolRollingFailed";
  public static final String SUBSCRIPTION_VALIDATION =
      "Microsoft.EventGrid.SubscriptionValidationEvent";

  private static final Set<String> ROLLING_ENDED = Set.of(ROLLING_SUCCEEDED, ROLLING_FAILED);

  private EventRouter() {}

  /**
   * @param now used when the event carries no time (CloudEvents {@code time} is optional)
   */
  public static EventDecision route(InboundEvent e, Instant now) {
    String type = e.type();
    if (type.equals(BURST_REQUESTED_EVENTGRID) || type.equals(BURST_REQUESTED_CLOUDEVENTS)) {
      return new EventDecision.BurstRequested(e, BurstRequest.parse(e.data(), "data."));
    }
    if (type.equals(SUBSCRIPTION_VALIDATION)) {
      return new EventDecision.SubscriptionValidation(
          e, Json.requireText(e.data(), "validationCode", "data.validationCode"));
    }
    if (type.equals(RESOURCE_WRITE_SUCCESS)) {
      String op = Json.optionalText(e.data(), "operationName", "data.operationName").orElse("");
      if (!op.equalsIgnoreCase(AGENT_POOL_WRITE)) {
        return new EventDecision.Ignored(
            e,
            "ResourceWriteSuccess for "
                + (op.isEmpty() ? "an unnamed operation" : op)
                + " is not an agent pool write");
      }
      return new EventDecision.PoolWritten(
          e, Json.requireText(e.data(), "resourceUri", "data.resourceUri"));
    }
    if (type.equals(ROLLING_STARTED) || ROLLING_ENDED.contains(type)) {
      String pool = Json.requireText(e.data(), "nodePoolName", "data.nodePoolName");
      return new EventDecision.PoolRolling(
          e, e.source(), pool, type.equals(ROLLING_STARTED), e.time().orElse(now));
    }
    if (AlertParser.looksLikeAlert(e.data())) {
      return new EventDecision.ForwardedAlert(e, AlertParser.parse(e.data()));
    }
    return new EventDecision.Ignored(e, "event type " + type + " is not one aks-burst acts on");
  }

  /** True when {@code resourceUri} is {@code clusterId} or a resource below it. */
  public static boolean under(String resourceUri, String clusterId) {
    String r = resourceUri.toLowerCase(Locale.ROOT);
    String c = clusterId.toLowerCase(Locale.ROOT);
    while (c.endsWith("/")) {
      c = c.substring(0, c.length() - 1);
    }
    return r.equals(c) || r.startsWith(c + "/");
  }
}
