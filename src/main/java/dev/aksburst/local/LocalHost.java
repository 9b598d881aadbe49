package dev.aksburst.local;

import com.sun.net.httpserver.HttpServer;
import dev.aksburst.app.AksBurst;
import dev.aksburst.app.ClusterPortsFactory;
import dev.aksburst.app.Settings;
import dev.aksburst.app.SimClusterPortsFactory;
import dev.aksburst.plan.BurstPlanner;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

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
 *
 * <p>This class starts and stops the host and reads its settings; {@link LocalRoutes} serves the
 * HTTP routes and {@link LocalTimers} fires the timers.
 */
public final class LocalHost implements AutoCloseable {

  private final AksBurst app;
  private final boolean simulated;
  private final String key;
  private final HttpServer server;
  private final ExecutorService handlers;
  private final LocalTimers timers;

  private LocalHost(AksBurst app, boolean simulated, String key, int port, Consumer<String> console)
      throws IOException {
    this.app = app;
    this.simulated = simulated;
    this.key = key;
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    this.handlers = Executors.newFixedThreadPool(4, LocalTimers.daemon("aks-burst-http"));
    this.server.setExecutor(handlers);
    this.server.createContext("/", new LocalRoutes(app, key, this::port)::handle);
    this.timers = new LocalTimers(app, console);
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
    host.timers.start();
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
        .append(LocalRoutes.EVENT_GRID_PATH)
        .append("?functionName=")
        .append(LocalRoutes.EVENT_GRID_FUNCTION)
        .append('\n');
    sb.append("  ReconcileFunction: timerTrigger ").append(s.reconcileSchedule()).append('\n');
    sb.append("  ScheduleFunction:  timerTrigger ").append(s.windowsSchedule()).append('\n');
    sb.append("Stop with Ctrl+C.");
    return sb.toString();
  }

  @Override
  public void close() {
    timers.close();
    server.stop(0);
    handlers.shutdownNow();
  }
}
