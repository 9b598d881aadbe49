package dev.aksburst.app;

import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.Planner;
import dev.aksburst.prices.FilePriceStore;
import dev.aksburst.prices.PriceBook;
import dev.aksburst.prices.PriceStore;
import dev.aksburst.prices.RetailPricesClient;
import dev.aksburst.reconcile.ApplyMode;
import dev.aksburst.reconcile.ClusterPorts;
import dev.aksburst.reconcile.Reconciler;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The composition root: settings, one {@link Reconciler} per cluster and the use cases over them,
 * built once per worker process ({@link #get()}). The trigger functions parse, call one use case
 * and render its record.
 */
public final class AksBurst {
  private static final Logger LOG = Logger.getLogger(AksBurst.class.getName());

  /** How long a trigger waits for another reconcile of the cluster before leaving it the work. */
  static final Duration LOCK_WAIT = Duration.ofSeconds(2);

  /**
   * A trigger whose intents the last reconcile already saw, and which arrives this soon after it
   * finished, is answered with that reconcile instead of running another.
   */
  static final Duration COALESCE_WITHIN = Duration.ofSeconds(10);

  private final Settings settings;
  private final Clock clock;
  private final Clusters clusters;
  private final AlertIntake alerts;
  private final EventIntake events;
  private final WindowIntake windows;
  private final ManualBursts bursts;
  private final StatusQuery status;
  private final Prices prices;

  public AksBurst(Settings settings, Clock clock, List<ClusterRuntime> clusters) {
    this(settings, clock, clusters, prices(settings, clock));
  }

  public AksBurst(Settings settings, Clock clock, List<ClusterRuntime> clusters, Prices prices) {
    this(settings, clock, clusters, prices, BurstMetrics.noop());
  }

  public AksBurst(
      Settings settings,
      Clock clock,
      List<ClusterRuntime> clusters,
      Prices prices,
      BurstMetrics metrics) {
    this.settings = settings;
    this.prices = prices;
    this.clock = clock;
    this.clusters = new Clusters(clusters);
    this.alerts = new AlertIntake(this.clusters, clock, metrics);
    this.events = new EventIntake(this.clusters, alerts, clock);
    this.windows = new WindowIntake(this.clusters, clock);
    this.bursts = new ManualBursts(clock);
    this.status = new StatusQuery(clock, prices);
  }

  /** Builds a reconciler for each cluster's ports. */
  public static AksBurst create(
      Settings settings, List<ClusterPorts> ports, Planner planner, Clock clock) {
    return create(settings, ports, planner, clock, prices(settings, clock));
  }

  /** As above with the given price book (tests that reach a fake price list). */
  public static AksBurst create(
      Settings settings, List<ClusterPorts> ports, Planner planner, Clock clock, Prices prices) {
    return create(settings, ports, planner, clock, prices, GlobalOpenTelemetry.get());
  }

  /** As {@link #create(Settings, List, Planner, Clock)}, its metrics sent to {@code otel}. */
  public static AksBurst create(
      Settings settings,
      List<ClusterPorts> ports,
      Planner planner,
      Clock clock,
      OpenTelemetry otel) {
    return create(settings, ports, planner, clock, prices(settings, clock), otel);
  }

  /** With the given price book and metrics sink. */
  public static AksBurst create(
      Settings settings,
      List<ClusterPorts> ports,
      Planner planner,
      Clock clock,
      Prices prices,
      OpenTelemetry otel) {
    String holder = holderName();
    BurstMetrics metrics = new BurstMetrics(otel);
    ApplyMode mode = settings.dryRun() ? ApplyMode.DRY_RUN : ApplyMode.WRITE;
    LOG.info(prices.book().describe());
    List<ClusterRuntime> runtimes = new java.util.ArrayList<>();
    for (ClusterPorts p : ports) {
      ClusterPorts counted = metrics.counting(p);
      java.util.function.Consumer<dev.aksburst.reconcile.ReconcileResult> money =
          prices.observer(counted);
      runtimes.add(
          new ClusterRuntime(
              p.clusterId(),
              new Reconciler(
                  counted,
                  planner,
                  settings.plannerConfig(),
                  clock,
                  mode,
                  new Reconciler.Timing(LOCK_WAIT, COALESCE_WITHIN),
                  holder,
                  r -> {
                    metrics.observe(r);
                    money.accept(r);
                  },
                  prices.source())));
    }
    return new AksBurst(settings, clock, runtimes, prices, metrics);
  }

  /** The price book of the settings: the Retail Prices API unless off, the last-known file. */
  static Prices prices(Settings settings, Clock clock) {
    PriceSettings p = settings.prices();
    PriceBook book =
        new PriceBook(
            p.pricesApi().map(RetailPricesClient::create),
            p.pricesFile().<PriceStore>map(FilePriceStore::new).orElse(PriceStore.NONE),
            PriceBook.DEFAULT_TTL,
            PriceBook.DEFAULT_RETRY);
    return new Prices(book, p.economics(), clock);
  }

  /**
   * Parses the settings and builds the clusters with the simulator ({@code AKSBURST_SIMULATE=true})
   * or the real Kubernetes and ARM adapters.
   *
   * @throws InvalidSettings listing every missing or invalid setting
   */
  public static AksBurst fromEnvironment(Map<String, String> env, Planner planner) {
    Settings settings = Settings.parse(env);
    ClusterPortsFactory factory =
        settings.simulate() ? new SimClusterPortsFactory() : new AzureClusterPortsFactory();
    return fromSettings(settings, planner, factory);
  }

  /**
   * As {@link #fromEnvironment(Map, Planner)} with the given factory (tests that reach a local fake
   * ARM build the real factory with their ARM clients).
   *
   * @throws InvalidSettings listing every missing or invalid setting
   */
  public static AksBurst fromEnvironment(
      Map<String, String> env, Planner planner, ClusterPortsFactory factory) {
    return fromSettings(Settings.parse(env), planner, factory);
  }

  private static AksBurst fromSettings(
      Settings settings, Planner planner, ClusterPortsFactory factory) {
    if (factory.simulated() != settings.simulate()) {
      throw new IllegalArgumentException(
          Settings.SIMULATE
              + "="
              + settings.simulate()
              + " but the cluster factory "
              + factory.getClass().getName()
              + (factory.simulated() ? " is the simulator" : " builds real adapters"));
    }
    Clock clock = Clock.systemUTC();
    List<ClusterPorts> ports = factory.create(settings, clock);
    LOG.info(
        "aks-burst started for "
            + settings.clusterIds()
            + (settings.simulate() ? " (simulated)" : "")
            + (settings.dryRun() ? " in dry-run mode" : ""));
    return create(settings, ports, planner, clock);
  }

  /** The process-wide instance, built on first use from {@link System#getenv()}. */
  public static AksBurst get() {
    return Holder.INSTANCE.get();
  }

  /** Lazy, thread-safe, once per process; a failure is kept and reported on every call. */
  private static final class Holder {
    static final Supplier<AksBurst> INSTANCE = build();

    private static Supplier<AksBurst> build() {
      try {
        AksBurst app = fromEnvironment(System.getenv(), new BurstPlanner());
        return () -> app;
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "aks-burst could not start: " + e.getMessage(), e);
        String message = e.getMessage();
        return () -> {
          throw new IllegalStateException("aks-burst could not start: " + message, e);
        };
      }
    }
  }

  private static String holderName() {
    String host = System.getenv().getOrDefault("WEBSITE_INSTANCE_ID", "");
    if (host.isBlank()) {
      host = System.getenv().getOrDefault("HOSTNAME", "local");
    }
    return "aks-burst-" + host + "-" + ProcessHandle.current().pid();
  }

  public Settings settings() {
    return settings;
  }

  public Clock clock() {
    return clock;
  }

  public List<ClusterRuntime> clusters() {
    return clusters.all();
  }

  /** The cluster directory: which configured cluster a trigger or request means. */
  public Clusters directory() {
    return clusters;
  }

  public AlertIntake alerts() {
    return alerts;
  }

  public EventIntake events() {
    return events;
  }

  public WindowIntake windows() {
    return windows;
  }

  public ManualBursts bursts() {
    return bursts;
  }

  public StatusQuery status() {
    return status;
  }

  /** The price book in use. */
  public Prices prices() {
    return prices;
  }
}
