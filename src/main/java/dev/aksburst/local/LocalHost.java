package dev.aksburst.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.aksburst.app.AksBurst;
import dev.aksburst.app.ClusterPortsFactory;
import dev.aksburst.app.ClusterRuntime;
import dev.aksburst.app.Problem;
import dev.aksburst.app.Settings;
import dev.aksburst.app.SimClusterPortsFactory;
import dev.aksburst.app.WorkloadStatus;
import dev.aksburst.function.AlertFunction;
import dev.aksburst.function.BurstFunction;
import dev.aksburst.function.DashboardFunction;
import dev.aksburst.function.EventGridFunction;
import dev.aksburst.function.ReconcileFunction;
import dev.aksburst.function.ScheduleFunction;
import dev.aksburst.intent.InvalidPayload;
import dev.aksburst.intent.Json;
import dev.aksburst.plan.BurstPlanner;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Function app's routes on localhost, served by the same function classes Azure runs, as Core
 * Tools serves them: {@code POST /api/alerts}, {@code GET|POST /api/bursts}, {@code GET|DELETE
 * /api/bursts/{namespace}/{deployment}} and Event Grid at {@code POST
 * /runtime/webhooks/eventgrid?functionName=EventGridFunction}. The two timers fire on their
 * schedules ({@code AKSBURST_RECONCILE_SCHEDULE}, {@code AKSBURST_WINDOWS_SCHEDULE}) on the app's
 * clock.
 *
 * <p>Backed by the embedded simulator (the seed scenario) unless {@code AKSBURST_CLUSTER_ID} or
 * {@code AKSBURST_KUBECONFIG} is set; simulated time runs {@code AKSBURST_SIM_SPEED} times faster
 * than real time. Every route needs the function key: header {@code x-functions-key} or query
 * {@code code}; a fresh key is generated and printed at every start.
 */
public final class LocalHost implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LocalHost.class.getName());

  static final String EVENT_GRID_PATH = "/runtime/webhooks/eventgrid";
  static final String EVENT_GRID_FUNCTION = "EventGridFunction";
  private static final long PACER_MILLIS = 50;
  private static final DateTimeFormatter HMS =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final AksBurst app;
  private final boolean simulated;
  private final String key;
  private final HttpServer server;
  private final ExecutorService handlers;
  private final ScheduledExecutorService pacer;
  private final AlertFunction alerts;
  private final BurstFunction bursts;
  private final EventGridFunction eventGrid;
  private final Map<String, String> lastStatus = new HashMap<>();
  private final Consumer<String> console;

  private LocalHost(AksBurst app, boolean simulated, String key, int port, Consumer<String> console)
      throws IOException {
    this.app = app;
    this.simulated = simulated;
    this.key = key;
    this.console = console;
    this.alerts = new AlertFunction(app);
    this.bursts = new BurstFunction(app);
    this.eventGrid = new EventGridFunction(app);
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    this.handlers = Executors.newFixedThreadPool(4, daemon("aks-burst-http"));
    this.server.setExecutor(handlers);
    this.server.createContext("/", this::handle);
    this.pacer = Executors.newSingleThreadScheduledExecutor(daemon("aks-burst-timers"));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Builds the app for {@code env}, starts the server on {@code AKSBURST_PORT} and the timers.
   * {@code console} receives the lines an operator wants to see (the key, each status change).
   *
   * @throws dev.aksburst.app.InvalidSettings listing every invalid setting
   * @throws IllegalStateException when the real mode is asked for but this build has no production
   *     adapters
   */
  public static LocalHost start(Map<String, String> env, Consumer<String> console)
      throws IOException {
    return start(env, console, OptionalInt.empty());
  }

  /**
   * As {@link #start(Map, Consumer)} in real-cluster mode, with the cluster ports built by {@code
   * ports} instead of the production factory (a test's fake ARM behind the real adapters).
   */
  public static LocalHost startReal(
      Map<String, String> env, Consumer<String> console, ClusterPortsFactory ports)
      throws IOException {
    return serve(
        AksBurst.fromEnvironment(env, new BurstPlanner(), ports),
        false,
        console,
        OptionalInt.empty());
  }

  /** As {@link #start(Map, Consumer)}, on {@code port} when given (0: any free port). */
  static LocalHost start(Map<String, String> env, Consumer<String> console, OptionalInt port)
      throws IOException {
    boolean real =
        !"true".equalsIgnoreCase(env.getOrDefault(Settings.SIMULATE, "").trim())
            && (present(env, Settings.CLUSTER_ID) || present(env, Settings.KUBECONFIG));
    AksBurst app;
    if (real) {
      try {
        app = AksBurst.fromEnvironment(env, new BurstPlanner());
      } catch (IllegalStateException e) {
        throw new IllegalStateException(
            "serve: "
                + Settings.CLUSTER_ID
                + " or "
                + Settings.KUBECONFIG
                + " is set, so the local host would serve a real cluster, but: "
                + e.getMessage()
                + ". Unset both to serve the embedded simulator.",
            e);
      }
    } else {
      Map<String, String> simEnv = new HashMap<>(env);
      simEnv.put(Settings.SIMULATE, "true");
      Settings settings = Settings.parse(simEnv);
      PacedClock clock =
          new PacedClock(Instant.now().truncatedTo(ChronoUnit.SECONDS), settings.simSpeed());
      app =
          AksBurst.create(
              settings,
              new SimClusterPortsFactory().create(settings, clock),
              new BurstPlanner(),
              clock);
    }
    return serve(app, !real, console, port);
  }

  private static LocalHost serve(
      AksBurst app, boolean simulated, Consumer<String> console, OptionalInt port)
      throws IOException {
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    String key = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    LocalHost host =
        new LocalHost(app, simulated, key, port.orElse(app.settings().port()), console);
    host.server.start();
    host.startTimers();
    return host;
  }

  /** {@code serve}: starts, prints how to call it, and serves until the process is stopped. */
  static void serveUntilStopped(Map<String, String> env, PrintStream out) {
    LocalHost host;
    try {
      host = start(env, out::println);
    } catch (IOException e) {
      throw new IllegalStateException(
          "serve: could not listen on 127.0.0.1:"
              + env.getOrDefault(Settings.PORT, "7071")
              + " ("
              + e.getMessage()
              + "); set "
              + Settings.PORT
              + " to a free port",
          e);
    }
    out.println(host.banner());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  host.close();
                  stopped.countDown();
                }));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      host.close();
    }
  }

  private static boolean present(Map<String, String> env, String name) {
    String v = env.get(name);
    return v != null && !v.isBlank();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String key() {
    return key;
  }

  public AksBurst app() {
    return app;
  }

  String banner() {
    String base = "http://127.0.0.1:" + port();
    Settings s = app.settings();
    StringBuilder sb = new StringBuilder();
    sb.append("aks-burst local host on ")
        .append(base)
        .append(
            simulated
                ? " backed by the embedded simulator (seed scenario"
                    + ", simulated time x"
                    + s.simSpeed()
                    + ")"
                : " backed by " + s.clusterIds())
        .append('\n');
    sb.append("Function key (header x-functions-key or ?code=): ").append(key).append('\n');
    sb.append("Functions:\n");
    sb.append("  AlertFunction:     [POST] ")
        .append(base)
        .append("/api/alerts (?now=true dates the alert now)\n");
    sb.append("  BurstFunction:     [GET,POST,DELETE] ")
        .append(base)
        .append("/api/bursts/{namespace?}/{deployment?}\n");
    sb.append("  DashboardFunction: [GET] ")
        .append(base)
        .append("/?code=")
        .append(key)
        .append(" (also /api/dashboard)\n");
    sb.append("  EventGridFunction: eventGridTrigger ")
        .append(base)
        .append(EVENT_GRID_PATH)
        .append("?functionName=")
        .append(EVENT_GRID_FUNCTION)
        .append('\n');
    sb.append("  ReconcileFunction: timerTrigger ").append(s.reconcileSchedule()).append('\n');
    sb.append("  ScheduleFunction:  timerTrigger ").append(s.windowsSchedule()).append('\n');
    sb.append("Stop with Ctrl+C.");
    return sb.toString();
  }

  @Override
  public void close() {
    pacer.shutdownNow();
    server.stop(0);
    handlers.shutdownNow();
  }

  // ---- timers -------------------------------------------------------------------------------

  /** One timer trigger: its schedule and when it fires next on the app's clock. */
  private final class Timer {
    final String name;
    final TimerSchedule schedule;
    final Consumer<String> function;
    Instant next;

    Timer(String name, TimerSchedule schedule, Consumer<String> function, Instant now) {
      this.name = name;
      this.schedule = schedule;
      this.function = function;
      this.next = schedule.next(now);
    }

    void fireIfDue(Instant now) {
      if (now.isBefore(next)) {
        return;
      }
      Instant due = next;
      next = schedule.next(now);
      // Like the host: a run that starts after the following occurrence was due is past due.
      boolean pastDue = !now.isBefore(schedule.next(due));
      try {
        function.accept(TimerPayload.json(due, pastDue));
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, name + " failed at " + due + ": " + e.getMessage(), e);
      }
    }
  }

  private void startTimers() {
    Clock clock = app.clock();
    Instant now = clock.instant();
    Settings s = app.settings();
    ReconcileFunction reconcile = new ReconcileFunction(app);
    ScheduleFunction schedule = new ScheduleFunction(app);
    List<Timer> timers = new ArrayList<>();
    timers.add(
        new Timer(
            "ReconcileFunction",
            TimerSchedule.parse(Settings.RECONCILE_SCHEDULE, s.reconcileSchedule()),
            payload -> {
              reconcile.run(payload, LocalContext.of("ReconcileFunction"));
              reportStatus();
            },
            now));
    timers.add(
        new Timer(
            "ScheduleFunction",
            TimerSchedule.parse(Settings.WINDOWS_SCHEDULE, s.windowsSchedule()),
            payload -> schedule.run(payload, LocalContext.of("ScheduleFunction")),
            now));
    pacer.scheduleWithFixedDelay(
        () -> {
          Instant t = clock.instant();
          for (Timer timer : timers) {
            timer.fireIfDue(t);
          }
        },
        PACER_MILLIS,
        PACER_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  /** One console line per workload whose status changed since the last timer run. */
  private void reportStatus() {
    for (ClusterRuntime rt : app.clusters()) {
      for (WorkloadStatus w : app.status().all(rt)) {
        String line =
            w.namespace()
                + "/"
                + w.deployment()
                + ": "
                + w.readyReplicas()
                + "/"
                + w.desiredReplicas()
                + " ready, "
                + w.podsOnVmNodes()
                + " on VMs, "
                + w.podsOnVirtualNodes()
                + " on virtual nodes, "
                + w.pendingPods()
                + " pending"
                + w.nodePool()
                    .map(
                        p ->
                            "; pool "
                                + p.name()
                                + " "
                                + p.readyNodes()
                                + "/"
                                + p.count()
                                + " nodes ready ("
                                + p.provisioningState()
                                + ")")
                    .orElse("");
        String k = rt.clusterId() + " " + w.namespace() + "/" + w.deployment();
        if (!line.equals(lastStatus.put(k, line))) {
          console.accept(HMS.format(app.clock().instant()) + "  " + line);
        }
      }
    }
  }

  // ---- HTTP ---------------------------------------------------------------------------------

  private void handle(HttpExchange ex) throws IOException {
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
    URI uri = URI.create("http://127.0.0.1:" + port() + ex.getRequestURI().toString());
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
