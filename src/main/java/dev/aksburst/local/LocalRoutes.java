package dev.aksburst.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.sun.net.httpserver.HttpExchange;
import dev.aksburst.app.AksBurst;
import dev.aksburst.app.Problem;
import dev.aksburst.function.AlertFunction;
import dev.aksburst.function.BurstFunction;
import dev.aksburst.function.DashboardFunction;
import dev.aksburst.function.EventGridFunction;
import dev.aksburst.intent.InvalidPayload;
import dev.aksburst.intent.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local host's HTTP side: routes each request to the function class Azure runs for it (the
 * dashboard, alerts, bursts, the Event Grid webhook), checks the function key and the method, and
 * writes the function's response back on the exchange.
 */
final class LocalRoutes {
  private static final Logger LOG = Logger.getLogger(LocalHost.class.getName());

  static final String EVENT_GRID_PATH = "/runtime/webhooks/eventgrid";
  static final String EVENT_GRID_FUNCTION = "EventGridFunction";

  private final AksBurst app;
  private final String key;
  private final IntSupplier port;
  private final AlertFunction alerts;
  private final BurstFunction bursts;
  private final EventGridFunction eventGrid;

  /** Routes for {@code app} behind function key {@code key}; {@code port} is where it listens. */
  LocalRoutes(AksBurst app, String key, IntSupplier port) {
    this.app = app;
    this.key = key;
    this.port = port;
    this.alerts = new AlertFunction(app);
    this.bursts = new BurstFunction(app);
    this.eventGrid = new EventGridFunction(app);
  }

  void handle(HttpExchange ex) throws IOException {
    try {
      LocalResponse res = route(ex);
      write(ex, res);
    } catch (RuntimeException e) {
      Problem p = Problem.unavailable(e);
      LOG.log(
          Level.SEVERE, ex.getRequestMethod() + " " + ex.getRequestURI() + ": " + p.detail(), e);
      write(ex, problem(p, Map.of()));
    } finally {
      ex.close();
    }
  }

  private LocalResponse route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    Optional<HttpMethod> method = method(ex.getRequestMethod());
    Map<String, String> query = LocalRequest.query(ex.getRequestURI().getRawQuery());
    Map<String, String> headers = headers(ex);
    boolean alertsRoute = path.equals("/api/alerts");
    boolean burstsRoute = path.equals("/api/bursts") || path.startsWith("/api/bursts/");
    boolean eventGridRoute = path.equals(EVENT_GRID_PATH);
    boolean dashboardRoute = path.equals("/") || path.equals("/api/dashboard");
    if (!alertsRoute && !burstsRoute && !eventGridRoute && !dashboardRoute) {
      return problem(
          Problem.of(
              "not-found",
              "No such route",
              404,
              path
                  + " is not a route of aks-burst: use / (the dashboard), /api/alerts, /api/bursts,"
                  + " /api/bursts/{namespace}/{deployment} or "
                  + EVENT_GRID_PATH
                  + "?functionName="
                  + EVENT_GRID_FUNCTION,
              null),
          Map.of());
    }
    if (!authorized(headers, query)) {
      return problem(
          Problem.of(
              "unauthorized",
              "Function key required",
              401,
              "send the function key printed at start in the x-functions-key header or the code"
                  + " query parameter",
              "x-functions-key"),
          Map.of());
    }
    List<HttpMethod> allowed =
        alertsRoute || eventGridRoute
            ? List.of(HttpMethod.POST)
            : dashboardRoute
                ? List.of(HttpMethod.GET)
                : List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.DELETE);
    if (method.isEmpty() || !allowed.contains(method.get())) {
      String allow = String.join(", ", allowed.stream().map(HttpMethod::name).toList());
      return problem(
          Problem.of(
              "method-not-allowed",
              "Method not allowed",
              405,
              ex.getRequestMethod() + " " + path + " is not supported; use " + allow,
              null),
          Map.of("Allow", allow));
    }
    byte[] raw = ex.getRequestBody().readAllBytes();
    Optional<String> body =
        raw.length == 0 ? Optional.empty() : Optional.of(new String(raw, StandardCharsets.UTF_8));
    if (alertsRoute) {
      try {
        body = SampleDates.apply(query, body, app.clock().instant());
      } catch (dev.aksburst.app.ProblemException e) {
        return problem(e.problem(), Map.of());
      }
    }
    if (eventGridRoute) {
      return eventGrid(headers, query, body.orElse(""));
    }
    URI uri = URI.create("http://127.0.0.1:" + port.getAsInt() + ex.getRequestURI().toString());
    LocalRequest req = new LocalRequest(uri, method.get(), headers, query, body);
    HttpResponseMessage res =
        dashboardRoute
            ? new DashboardFunction().run(req, LocalContext.of("DashboardFunction"))
            : alertsRoute
                ? alerts.run(req, LocalContext.of("AlertFunction"))
                : bursts.run(req, LocalContext.of("BurstFunction"));
    return (LocalResponse) res;
  }

  private boolean authorized(Map<String, String> headers, Map<String, String> query) {
    String given = headers.getOrDefault("x-functions-key", query.get("code"));
    return given != null
        && java.security.MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The Event Grid extension's webhook: {@code aeg-event-type: SubscriptionValidation} is answered
   * with the validation code; {@code Notification} invokes the function once per event (the
   * function binds one event) and answers 202; {@code Unsubscribe} is acknowledged with 202.
   */
  private LocalResponse eventGrid(
      Map<String, String> headers, Map<String, String> query, String body) {
    String function = query.getOrDefault("functionName", "");
    if (!function.equals(EVENT_GRID_FUNCTION)) {
      return problem(
          Problem.of(
              "not-found",
              "No such Event Grid function",
              404,
              "functionName=\""
                  + function
                  + "\" is not an Event Grid function of this app; use functionName="
                  + EVENT_GRID_FUNCTION,
              "functionName"),
          Map.of());
    }
    String type = headers.getOrDefault("aeg-event-type", "");
    List<JsonNode> events;
    try {
      events = events(body);
    } catch (InvalidPayload e) {
      return problem(Problem.invalidPayload(e), Map.of());
    }
    switch (type) {
      case "SubscriptionValidation" -> {
        String code = events.get(0).path("data").path("validationCode").asText("");
        if (code.isEmpty()) {
          return problem(
              Problem.of(
                  "invalid-payload",
                  "Invalid payload",
                  400,
                  "a SubscriptionValidation delivery carries data.validationCode in its event",
                  "data.validationCode"),
              Map.of());
        }
        ObjectNode answer = Json.object();
        answer.put("validationResponse", code);
        return json(200, answer);
      }
      case "Notification" -> {
        for (JsonNode e : events) {
          eventGrid.run(Json.write(e), LocalContext.of(EVENT_GRID_FUNCTION));
        }
        return new LocalResponse(com.microsoft.azure.functions.HttpStatus.ACCEPTED, Map.of(), null);
      }
      case "Unsubscribe" -> {
        return new LocalResponse(com.microsoft.azure.functions.HttpStatus.ACCEPTED, Map.of(), null);
      }
      default -> {
        return problem(
            Problem.of(
                "invalid-header",
                "Unsupported aeg-event-type",
                400,
                "aeg-event-type \""
                    + type
                    + "\" is not supported: Event Grid sends SubscriptionValidation, Notification"
                    + " or Unsubscribe",
                "aeg-event-type"),
            Map.of());
      }
    }
  }

  /** The events of a delivery: a JSON array of events or one event. */
  private static List<JsonNode> events(String body) {
    JsonNode root = Json.parse(body);
    List<JsonNode> out = new ArrayList<>();
    if (root.isArray()) {
      root.forEach(out::add);
    } else {
      out.add(root);
    }
    if (out.isEmpty() || !out.stream().allMatch(JsonNode::isObject)) {
      throw new InvalidPayload(
          "body", "an Event Grid delivery is an event object or a non-empty array of them");
    }
    return out;
  }

  private static Optional<HttpMethod> method(String m) {
    try {
      return Optional.of(HttpMethod.valueOf(m.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static Map<String, String> headers(HttpExchange ex) {
    Map<String, String> out = new LinkedHashMap<>();
    ex.getRequestHeaders()
        .forEach(
            (k, v) -> {
              if (!v.isEmpty()) {
                out.put(k.toLowerCase(Locale.ROOT), v.get(0));
              }
            });
    return out;
  }

  private static LocalResponse json(int status, JsonNode body) {
    return new LocalResponse(
        com.microsoft.azure.functions.HttpStatusType.custom(status),
        Map.of("Content-Type", "application/json"),
        Json.write(body));
  }

  private static LocalResponse problem(Problem p, Map<String, String> extraHeaders) {
    Map<String, String> h = new LinkedHashMap<>(extraHeaders);
    h.put("Content-Type", Problem.MEDIA_TYPE);
    return new LocalResponse(
        com.microsoft.azure.functions.HttpStatusType.custom(p.status()), h, Json.write(p.toJson()));
  }

  private static void write(HttpExchange ex, LocalResponse res) throws IOException {
    res.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    byte[] bytes = res.bodyText().getBytes(StandardCharsets.UTF_8);
    int status = res.getStatusCode();
    if (bytes.length == 0) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(bytes);
    }
  }
}
