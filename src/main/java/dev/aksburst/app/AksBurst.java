package dev.aksburst.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aksburst.intent.AlertTargets;
import dev.aksburst.intent.BurstRequest;
import dev.aksburst.intent.EventDecision;
import dev.aksburst.intent.EventRouter;
import dev.aksburst.intent.IntentFactory;
import dev.aksburst.intent.Json;
import dev.aksburst.intent.ParsedAlert;
import dev.aksburst.intent.WindowSchedule;
import dev.aksburst.model.BurstState;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.Window;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.Note;
import dev.aksburst.plan.Planner;
import dev.aksburst.reconcile.ActionOutcome;
import dev.aksburst.reconcile.ClusterPorts;
import dev.aksburst.reconcile.IntentStore;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.reconcile.ReconcileResult;
import dev.aksburst.reconcile.Reconciler;
import io.opentelemetry.api.GlobalOpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.ServiceLoader;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The composition root: settings, one {@link Reconciler} per cluster, built once per worker process
 * ({@link #get()}), and what the trigger functions do with them (record an intent, run a reconcile,
 * build status). Functions stay thin: they parse, call one method here and answer.
 */
public final class AksBurst {
  private static final Logger LOG = Logger.getLogger(AksBurst.class.getName());

  /** How long a trigger waits for another reconcile of the cluster before leaving it the work. */
  static final Duration LOCK_WAIT = Duration.ofSeconds(2);

  private final Settings settings;
  private final Clock clock;
  private final List<ClusterRuntime> clusters;

  public AksBurst(Settings settings, Clock clock, List<ClusterRuntime> clusters) {
    this.settings = settings;
    this.clock = clock;
    this.clusters = List.copyOf(clusters);
    if (this.clusters.isEmpty()) {
      throw new IllegalArgumentException("aks-burst needs at least one cluster");
    }
  }

  /** Builds a reconciler for each cluster's ports. */
  public static AksBurst create(
      Settings settings, List<ClusterPorts> ports, Planner planner, Clock clock) {
    String holder = holderName();
    BurstMetrics metrics = new BurstMetrics(GlobalOpenTelemetry.get());
    List<ClusterRuntime> runtimes =
        ports.stream()
            .map(
                p ->
                    new ClusterRuntime(
                        p.clusterId(),
                        new Reconciler(
                            metrics.counting(p),
                            planner,
                            settings.plannerConfig(),
                            clock,
                            settings.dryRun(),
                            LOCK_WAIT,
                            holder,
                            metrics::observe)))
            .toList();
    return new AksBurst(settings, clock, runtimes);
  }

  /**
   * Parses the settings and builds the clusters with the {@link ClusterPortsFactory} found on the
   * class path for {@code AKSBURST_SIMULATE}.
   *
   * @throws InvalidSettings listing every missing or invalid setting
   */
  public static AksBurst fromEnvironment(Map<String, String> env, Planner planner) {
    Settings settings = Settings.parse(env);
    ClusterPortsFactory factory =
        ServiceLoader.load(ClusterPortsFactory.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(f -> f.simulated() == settings.simulate())
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no "
                            + (settings.simulate() ? "simulated" : "real")
                            + " ClusterPortsFactory is registered in"
                            + " META-INF/services/dev.aksburst.app.ClusterPortsFactory; the"
                            + " package is incomplete: rebuild it with the adapters"));
    return fromSettings(settings, planner, factory);
  }

  /**
   * As {@link #fromEnvironment(Map, Planner)} with the given factory instead of the registered one
   * (tests that reach a local fake ARM build the real factory with their ARM clients).
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
    return clusters;
  }

  // ---- cluster selection -------------------------------------------------------------------

  /** The cluster an alert means: the only one, else the one its alertTargetIDs lie under. */
  public Optional<ClusterRuntime> clusterForTargets(List<String> targetIds) {
    if (clusters.size() == 1) {
      return Optional.of(clusters.get(0));
    }
    return clusters.stream()
        .filter(c -> targetIds.stream().anyMatch(t -> EventRouter.under(t, c.clusterId())))
        .findFirst();
  }

  /** The cluster an ARM resource id lies under (its pools, itself). */
  public Optional<ClusterRuntime> clusterOf(String resourceId) {
    return clusters.stream().filter(c -> EventRouter.under(resourceId, c.clusterId())).findFirst();
  }

  /**
   * The cluster an HTTP request names ({@code ?cluster=} id or name); without one, the only
   * cluster.
   */
  public ClusterRuntime clusterForRequest(Optional<String> requested) {
    if (requested.isPresent()) {
      String want = requested.get();
      return clusters.stream()
          .filter(
              c ->
                  c.clusterId().equalsIgnoreCase(want)
                      || c.clusterId()
                          .toLowerCase(Locale.ROOT)
                          .endsWith("/" + want.toLowerCase(Locale.ROOT)))
          .findFirst()
          .orElseThrow(
              () ->
                  new ProblemException(
                      Problem.of(
                          "unknown-cluster",
                          "Unknown cluster",
                          404,
                          "cluster \"" + want + "\" is not configured; configured: " + ids(),
                          "cluster")));
    }
    if (clusters.size() > 1) {
      throw new ProblemException(
          Problem.of(
              "cluster-required",
              "Cluster required",
              400,
              "several clusters are configured (" + ids() + "); name one with ?cluster=<name>",
              "cluster"));
    }
    return clusters.get(0);
  }

  private List<String> ids() {
    return clusters.stream().map(ClusterRuntime::clusterId).toList();
  }

  // ---- alerts --------------------------------------------------------------------------------

  /**
   * Records the floor an alert asks for on every Deployment it maps to, then reconciles. An alert
   * that maps to nothing is answered with the reason (the caller still answers 2xx).
   */
  public ObjectNode onAlert(ParsedAlert alert, ReconcileContext ctx) {
    OptionalInt replicas = AlertTargets.replicasOverride(alert);
    Optional<Duration> hold = AlertTargets.holdOverride(alert);
    ObjectNode out = Json.object();
    out.put("rule", alert.rule());
    out.put("condition", alert.condition().name().toLowerCase(Locale.ROOT));
    Optional<ClusterRuntime> cluster = clusterForTargets(alert.targetIds());
    if (cluster.isEmpty()) {
      return unmapped(
          out,
          ctx,
          "alertTargetIDs " + alert.targetIds() + " lie under none of the clusters " + ids());
    }
    ClusterRuntime rt = cluster.get();
    out.put("cluster", rt.clusterId());
    List<WorkloadView> workloads = rt.ports().reader().read().workloads();
    AlertTargets.Resolution res = AlertTargets.resolve(alert, workloads);
    if (res instanceof AlertTargets.Unmapped u) {
      return unmapped(out, ctx, u.reason());
    }
    AlertTargets.Found found = (AlertTargets.Found) res;
    out.put("outcome", "recorded");
    out.put("targetedBy", found.path().name().toLowerCase(Locale.ROOT));
    ArrayNode intents = out.putArray("intents");
    for (WorkloadView w : found.workloads()) {
      Intent intent = IntentFactory.fromAlert(alert, w, replicas, hold);
      Optional<Intent> stored =
          record(rt, w.ref(), s -> IntentFactory.applyAlert(s, intent), intent.id());
      stored.ifPresent(i -> intents.add(WorkloadStatus.intentJson(i)));
      LOG.info(
          ctx.tag() + " alert " + alert.rule() + " " + alert.condition() + " -> " + intent.id());
    }
    out.set("reconcile", summary(rt.reconciler().reconcile(ctx)));
    return out;
  }

  private static ObjectNode unmapped(ObjectNode out, ReconcileContext ctx, String reason) {
    LOG.warning(ctx.tag() + " alert " + out.path("rule").asText() + " not mapped: " + reason);
    out.put("outcome", "unmapped");
    out.put("reason", reason);
    return out;
  }

  /** Updates a workload's state; empty when the Deployment went away or was opted out meanwhile. */
  private static Optional<Intent> record(
      ClusterRuntime rt,
      WorkloadRef ref,
      java.util.function.UnaryOperator<BurstState> change,
      String intentId) {
    try {
      BurstState s = rt.ports().intents().update(ref, change);
      return s.intents().stream().filter(i -> i.id().equals(intentId)).findFirst();
    } catch (IntentStore.NotOptedIn e) {
      LOG.warning("intent " + intentId + " not recorded: " + e.getMessage());
      return Optional.empty();
    }
  }

  // ---- Event Grid ----------------------------------------------------------------------------

  /** Acts on one routed Event Grid event and says what it did. */
  public ObjectNode onEvent(EventDecision decision, ReconcileContext ctx) {
    ObjectNode out = Json.object();
    out.put("eventId", decision.event().id());
    out.put("type", decision.event().type());
    Instant now = clock.instant();
    if (decision instanceof EventDecision.BurstRequested b) {
      BurstRequest r = b.request();
      ClusterRuntime rt = clusterHolding(r.target());
      Intent intent = IntentFactory.fromBurstEvent(r, b.event().id(), b.event().time().orElse(now));
      if (r.dryRun()) {
        out.put("outcome", "dry-run");
        out.set("reconcile", summary(rt.reconciler().reconcile(ctx.dryRun(List.of(intent)))));
        return out;
      }
      rt.ports().intents().update(r.target(), s -> s.withIntent(intent));
      out.put("outcome", "recorded");
      out.set("intent", WorkloadStatus.intentJson(intent));
      out.set("reconcile", summary(rt.reconciler().reconcile(ctx)));
    } else if (decision instanceof EventDecision.ForwardedAlert a) {
      out.put("outcome", "alert");
      out.set("alert", onAlert(a.alert(), ctx));
    } else if (decision instanceof EventDecision.PoolWritten p) {
      Optional<ClusterRuntime> rt = clusterOf(p.resourceUri());
      if (rt.isEmpty()) {
        return ignored(out, ctx, p.resourceUri() + " is not a pool of a configured cluster");
      }
      out.put("outcome", "reconciled");
      out.set("reconcile", summary(rt.get().reconciler().reconcile(ctx)));
    } else if (decision instanceof EventDecision.PoolRolling r) {
      Optional<ClusterRuntime> rt =
          r.cluster().isBlank() && clusters.size() == 1
              ? Optional.of(clusters.get(0))
              : clusterOf(r.cluster());
      if (rt.isEmpty()) {
        return ignored(
            out, ctx, "node pool event from " + r.cluster() + ", not a configured cluster");
      }
      PoolState st =
          rt.get().ports().poolStates().update(r.pool(), s -> rolling(s, r.started(), r.at()));
      LOG.info(
          ctx.tag()
              + " node pool "
              + r.pool()
              + (r.started() ? " upgrade started: backfill and shedding paused" : " upgrade ended")
              + " (rollingSince="
              + st.rollingSince().map(Instant::toString).orElse("-")
              + ")");
      out.put("outcome", r.started() ? "paused" : "resumed");
      out.put("pool", r.pool());
      out.set("reconcile", summary(rt.get().reconciler().reconcile(ctx)));
    } else if (decision instanceof EventDecision.SubscriptionValidation v) {
      LOG.info(ctx.tag() + " Event Grid subscription validation " + v.event().id());
      out.put("outcome", "validation");
      out.put("validationResponse", v.validationCode());
    } else if (decision instanceof EventDecision.Ignored i) {
      return ignored(out, ctx, i.reason());
    } else {
      throw new IllegalStateException("unhandled event decision " + decision);
    }
    return out;
  }

  /**
   * Started: pause from {@code at} unless already paused. Ended: resume, unless the recorded pause
   * began after this end (an older end delivered late).
   */
  static PoolState rolling(PoolState s, boolean started, Instant at) {
    if (started) {
      return s.rollingSince().isPresent() ? s : s.withRollingSince(Optional.of(at));
    }
    return s.rollingSince().filter(since -> since.isAfter(at)).isPresent()
        ? s
        : s.withRollingSince(Optional.empty());
  }

  private static ObjectNode ignored(ObjectNode out, ReconcileContext ctx, String reason) {
    LOG.info(ctx.tag() + " event " + out.path("eventId").asText() + " ignored: " + reason);
    out.put("outcome", "ignored");
    out.put("reason", reason);
    return out;
  }

  /** The cluster where the Deployment is opted in; 404/403 problem when none. */
  private ClusterRuntime clusterHolding(WorkloadRef ref) {
    IntentStore.NotOptedIn last = null;
    for (ClusterRuntime c : clusters) {
      try {
        c.ports().intents().read(ref);
        return c;
      } catch (IntentStore.NotOptedIn e) {
        if (last == null || e.exists()) {
          last = e;
        }
      }
    }
    throw notOptedIn(last);
  }

  // ---- scheduled windows ---------------------------------------------------------------------

  /**
   * Records the floor of every window occurrence that is open (or within its lead time) now, then
   * reconciles every cluster.
   */
  public ObjectNode onSchedule(ReconcileContext ctx) {
    Instant now = clock.instant();
    ObjectNode out = Json.object();
    out.put("at", now.toString());
    ArrayNode recorded = out.putArray("intents");
    ArrayNode problems = out.putArray("problems");
    ArrayNode results = out.putArray("clusters");
    for (ClusterRuntime rt : clusters) {
      ClusterSnapshot snap = rt.ports().reader().read();
      for (WorkloadView w : snap.workloads()) {
        for (Window window : w.policy().windows()) {
          Optional<WindowSchedule.Occurrence> due;
          try {
            due = new WindowSchedule(window).due(now);
          } catch (IllegalArgumentException e) {
            LOG.warning(ctx.tag() + " " + w.ref() + ": " + e.getMessage());
            problems.add(w.ref() + ": " + e.getMessage());
            continue;
          }
          if (due.isEmpty()) {
            continue;
          }
          Intent intent = IntentFactory.fromWindow(window, w.ref(), due.get());
          if (w.state().intents().contains(intent)) {
            continue;
          }
          record(rt, w.ref(), s -> s.withIntent(intent), intent.id())
              .ifPresent(i -> recorded.add(WorkloadStatus.intentJson(i)));
        }
      }
      ObjectNode r = summary(rt.reconciler().reconcile(ctx));
      r.put("cluster", rt.clusterId());
      results.add(r);
    }
    return out;
  }

  // ---- safety-net reconcile ------------------------------------------------------------------

  /** Reconciles every cluster (expiry, backfill, shedding and pool restore are the planner's). */
  public ObjectNode reconcileAll(ReconcileContext ctx) {
    ObjectNode out = Json.object();
    ArrayNode results = out.putArray("clusters");
    for (ClusterRuntime rt : clusters) {
      ObjectNode r = summary(rt.reconciler().reconcile(ctx));
      r.put("cluster", rt.clusterId());
      results.add(r);
    }
    return out;
  }

  // ---- manual bursts -------------------------------------------------------------------------

  /**
   * Starts a manual burst (or, with {@code dryRun}, returns the plan it would produce and writes
   * nothing). Refuses Deployments that are missing (404) or not opted in (403), and replicas above
   * {@code aksburst.dev/max-replicas} (422).
   */
  public ObjectNode startBurst(ClusterRuntime rt, BurstRequest r, ReconcileContext ctx) {
    WorkloadView w = optedIn(rt, rt.ports().reader().read(), r.target());
    OptionalInt max = w.policy().maxReplicas();
    if (max.isPresent() && r.replicas() > max.getAsInt()) {
      throw new ProblemException(
          Problem.of(
              "above-max-replicas",
              "Replicas above the workload's limit",
              422,
              "replicas "
                  + r.replicas()
                  + " is above aksburst.dev/max-replicas="
                  + max.getAsInt()
                  + " of "
                  + r.target()
                  + "; ask for at most "
                  + max.getAsInt()
                  + " or raise the annotation",
              "replicas"));
    }
    Intent intent =
        IntentFactory.fromBurstRequest(r, UUID.randomUUID().toString(), clock.instant());
    ObjectNode out = Json.object();
    out.put("dryRun", r.dryRun());
    out.set("intent", WorkloadStatus.intentJson(intent));
    if (r.dryRun()) {
      out.set("plan", summary(rt.reconciler().reconcile(ctx.dryRun(List.of(intent)))));
      return out;
    }
    try {
      rt.ports().intents().update(r.target(), s -> s.withIntent(intent));
    } catch (IntentStore.NotOptedIn e) {
      throw notOptedIn(e);
    }
    out.set("reconcile", summary(rt.reconciler().reconcile(ctx)));
    return out;
  }

  /** Ends every manual (and event-requested) floor of the Deployment now, then reconciles. */
  public ObjectNode endBursts(ClusterRuntime rt, WorkloadRef ref, ReconcileContext ctx) {
    Instant now = clock.instant();
    List<String> ended = new ArrayList<>();
    try {
      rt.ports()
          .intents()
          .update(
              ref,
              s -> {
                ended.clear();
                BurstState next = s;
                for (Intent i : s.intents()) {
                  boolean manual =
                      i.source() == IntentSource.MANUAL || i.source() == IntentSource.EVENT;
                  if (manual && !i.expiredAt(now)) {
                    Instant until = now.isBefore(i.from()) ? i.from() : now;
                    // The operator's end wins even over a version observed at the same instant.
                    next =
                        next.withoutIntents(List.of(i.id()))
                            .withIntent(i.withUntil(Optional.of(until), now));
                    ended.add(i.id());
                  }
                }
                return next;
              });
    } catch (IntentStore.NotOptedIn e) {
      throw notOptedIn(e);
    }
    ObjectNode out = Json.object();
    out.put("namespace", ref.namespace());
    out.put("deployment", ref.name());
    ArrayNode a = out.putArray("ended");
    ended.forEach(a::add);
    out.set("reconcile", summary(rt.reconciler().reconcile(ctx)));
    return out;
  }

  /** Status of one opted-in Deployment (404/403 problem otherwise). */
  public WorkloadStatus status(ClusterRuntime rt, WorkloadRef ref) {
    ClusterSnapshot snap = rt.reconciler().observe();
    return WorkloadStatus.of(snap, optedIn(rt, snap, ref), clock.instant());
  }

  /** Status of every opted-in Deployment of the cluster. */
  public List<WorkloadStatus> statuses(ClusterRuntime rt) {
    ClusterSnapshot snap = rt.reconciler().observe();
    Instant now = clock.instant();
    return snap.workloads().stream()
        .sorted((a, b) -> a.ref().compareTo(b.ref()))
        .map(w -> WorkloadStatus.of(snap, w, now))
        .toList();
  }

  private static WorkloadView optedIn(ClusterRuntime rt, ClusterSnapshot snap, WorkloadRef ref) {
    Optional<WorkloadView> w = snap.workload(ref);
    if (w.isPresent()) {
      return w.get();
    }
    try {
      rt.ports().intents().read(ref);
    } catch (IntentStore.NotOptedIn e) {
      throw notOptedIn(e);
    }
    throw new ProblemException(
        Problem.of(
            "not-watched",
            "Deployment not watched",
            404,
            "Deployment "
                + ref
                + " is opted in but its namespace is not watched; add it to "
                + Settings.NAMESPACES,
            "namespace"));
  }

  private static ProblemException notOptedIn(IntentStore.NotOptedIn e) {
    return new ProblemException(
        e.exists()
            ? Problem.of(
                "not-opted-in", "Deployment not opted in", 403, e.getMessage(), "deployment")
            : Problem.of("not-found", "Deployment not found", 404, e.getMessage(), "deployment"));
  }

  // ---- answers -------------------------------------------------------------------------------

  /** A reconcile result as trigger answers show it. */
  public static ObjectNode summary(ReconcileResult r) {
    ObjectNode n = Json.object();
    n.put("status", r.status().name());
    n.put("correlationId", r.context().correlationId());
    r.error().ifPresent(e -> n.put("error", e));
    ArrayNode actions = n.putArray("actions");
    for (ActionOutcome o : r.outcomes()) {
      Action a = o.action();
      ObjectNode an = actions.addObject();
      an.put("action", a.kind());
      an.put("target", a.target());
      an.put("policy", a.policy());
      an.put("reason", a.reason());
      an.put("outcome", o.status().name());
      o.code().ifPresent(c -> an.put("code", c));
      if (!o.message().isEmpty()) {
        an.put("message", o.message());
      }
    }
    ArrayNode notes = n.putArray("notes");
    for (Note note : r.plan().notes()) {
      ObjectNode nn = notes.addObject();
      note.workload().ifPresent(w -> nn.put("target", w.toString()));
      nn.put("reason", note.reason());
      nn.put("message", note.message());
    }
    return n;
  }
}
