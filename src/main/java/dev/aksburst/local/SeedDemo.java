package dev.aksburst.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import dev.aksburst.app.AksBurst;
import dev.aksburst.app.Settings;
import dev.aksburst.contract.Annotations;
import dev.aksburst.function.AlertFunction;
import dev.aksburst.function.ReconcileFunction;
import dev.aksburst.intent.Json;
import dev.aksburst.model.BurstStrategy;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.EventReason;
import dev.aksburst.sim.CostReport;
import dev.aksburst.sim.KubectlTables;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimCluster;
import dev.aksburst.sim.SimEvent;
import dev.aksburst.sim.SimScenario;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The seed experiment, end to end, on the embedded simulated AKS: the operator scales {@code
 * virtualnode/nginx-vn} to 2, Azure Monitor fires the sample metric alert through {@link
 * AlertFunction} (the class Azure runs), ACI pods start while the VM pool grows, the backfill moves
 * the pods onto the new VM nodes, the alert resolves, and after the hold the workload sheds back to
 * its 2 replicas and the pool back to 1 node. The {@link ReconcileFunction} runs every simulated
 * minute. Time is virtual: the story takes about an hour of cluster time and a few seconds of wall
 * time.
 *
 * <p>This class tells the story and keeps its figures; {@link SeedDemoOutput} prints it.
 */
final class SeedDemo {
  static final String FIRED = "/demo/alerts/metric-static-fired.json";
  static final String RESOLVED = "/demo/alerts/metric-static-resolved.json";

  /** The replicas the operator scales to before the alert: the seed's end state. */
  static final int BASELINE = 2;

  static final int BURST = 20;
  static final Duration STEP = Duration.ofSeconds(1);
  static final Duration RECONCILE_EVERY = Duration.ofMinutes(1);

  /** The story must be over by then; otherwise the demo fails saying where it stopped. */
  static final Duration LIMIT = Duration.ofHours(2);

  private static final WorkloadRef REF = SeedScenario.NGINX_VN;
  private static final String POOL = SeedScenario.POOL;

  /** Called once per simulated second with the cluster and the floor the story holds then. */
  @FunctionalInterface
  interface Observer {
    void second(SimCluster sim, int floor);
  }

  private final Observer observer;
  private final SimCluster sim;
  private final SeedDemoOutput print;
  private final AksBurst app;
  private final AlertFunction alerts;
  private final ReconcileFunction reconcile;
  private final Instant start;

  /** VM nodes of the scenario's other pools at the start: the story leaves them as they were. */
  private final int otherPoolNodes;

  private Instant nextReconcile;
  private int floor = BASELINE;
  private int peakNodes;
  private int lowestReadyBackfill = Integer.MAX_VALUE;
  private int lowestReadyShed = Integer.MAX_VALUE;
  private Phase phase = Phase.BEFORE;

  /** Which part of the story the seconds belong to, for the lowest-ready figures. */
  private enum Phase {
    BEFORE,
    BURST,
    BACKFILL,
    HELD,
    SHED
  }

  private SeedDemo(PrintStream out, Observer observer, SimScenario scenario) {
    this.observer = observer;
    this.sim = SimCluster.start(scenario);
    this.print = new SeedDemoOutput(out, sim);
    Settings settings = StrategyReplay.settings(scenario);
    this.app = AksBurst.create(settings, List.of(sim.ports()), new BurstPlanner(), sim.clock());
    this.alerts = new AlertFunction(app);
    this.reconcile = new ReconcileFunction(app);
    this.start = sim.now();
    this.otherPoolNodes = sim.vmNodeCount() - sim.poolNodeCount(POOL);
    this.nextReconcile = start.truncatedTo(ChronoUnit.MINUTES).plus(RECONCILE_EVERY);
  }

  /** Runs the story, printing it to {@code out}, and returns its figures. */
  static DemoSummary run(PrintStream out) {
    return run(out, (sim, floor) -> {});
  }

  static DemoSummary run(PrintStream out, Observer observer) {
    return run(out, observer, SeedScenario.scenario());
  }

  /**
   * The same story on another setup of the seed's cluster (virtual nodes v2, another kind of pool):
   * its pool {@code agentpool} and Deployment {@code virtualnode/nginx-vn} must be the seed's.
   */
  static DemoSummary run(PrintStream out, Observer observer, SimScenario scenario) {
    return new SeedDemo(out, observer, scenario).story();
  }

  private DemoSummary story() {
    long wallStart = System.nanoTime();
    JsonNode fired = Json.parse(resource(FIRED));
    JsonNode resolved = Json.parse(resource(RESOLVED));
    Instant firedAt = Json.instant(fired.at("/data/essentials/firedDateTime").asText(), FIRED);
    Instant resolvedAt =
        Json.instant(resolved.at("/data/essentials/resolvedDateTime").asText(), RESOLVED);
    print.intro();

    print.heading("Start: the seed's Deployment, 1 replica on the VM node");
    print.tables();

    print.heading("Operator: kubectl scale deploy/nginx-vn -n virtualnode --replicas=" + BASELINE);
    print.println(
        "  The seed ends at "
            + BASELINE
            + " replicas. aks-burst returns a workload to the replicas it had before the burst, so"
            + " the operator's scale sets that baseline; nothing else sets a floor.");
    sim.scale(REF, BASELINE);
    runUntil(sim.now().plus(RECONCILE_EVERY), "a minute later");
    print.tables();
    print.println(
        "  (every simulated minute the ReconcileFunction timer runs; it finds nothing to do until"
            + " the alert)");
    runUntil(firedAt, "the alert's firedDateTime");

    print.heading(
        "Azure Monitor: alert "
            + SeedDemoOutput.rule(fired)
            + " Fired -> POST /api/alerts (AlertFunction)");
    phase = Phase.BURST;
    floor = BURST;
    post(fired);
    Instant burstStart = sim.now();
    runWhile(() -> ready() < BURST, "20 replicas Ready");
    Duration timeTo20 = Duration.between(burstStart, sim.now());
    print.heading(
        BURST
            + "/"
            + BURST
            + " Ready "
            + SeedDemoOutput.seconds(timeTo20)
            + " after the alert: "
            + sim.readyOnVm(REF)
            + " on the VM node, "
            + sim.readyOnVirtual(REF)
            + " on ACI; the pool is growing");
    print.tables();
    print.pool();

    phase = Phase.BACKFILL;
    runWhile(() -> sim.readyVmNodes(POOL) < sim.poolNodeCount(POOL), "the new VM nodes Ready");
    print.heading("The new VM nodes are Ready: backfill moves the pods from ACI onto them");
    print.print(KubectlTables.nodes(sim));
    runWhile(() -> onVirtualNode() > 0 || sim.notReady(REF) > 0 || ready() < BURST, "ACI drained");
    phase = Phase.HELD;
    print.heading(
        "ACI drained: "
            + sim.readyOnVm(REF)
            + " Ready on VM nodes, "
            + sim.activeOnVirtual(REF)
            + " on ACI");
    print.tables();

    runUntil(resolvedAt, "the alert's resolvedDateTime");
    print.heading(
        "Azure Monitor: alert "
            + SeedDemoOutput.rule(resolved)
            + " Resolved -> POST /api/alerts (AlertFunction); the floor holds "
            + SeedScenario.ANNOTATIONS.get(Annotations.HOLD)
            + " more ("
            + Annotations.HOLD
            + ")");
    post(resolved);
    Instant floorEnds =
        sim.burstState(REF).intents().stream()
            .map(
                i ->
                    i.until()
                        .orElseThrow(
                            () ->
                                new IllegalStateException(
                                    "demo: intent "
                                        + i.id()
                                        + " is still open after the Resolved alert")))
            .max(Instant::compareTo)
            .orElseThrow(() -> new IllegalStateException("demo: the alert's intent is gone"));
    runUntil(floorEnds, "the end of the hold");
    phase = Phase.SHED;
    floor = BASELINE;
    runWhile(
        () -> sim.specReplicas(REF) != BASELINE || sim.pods(REF).size() != BASELINE,
        "the shed back to " + BASELINE);
    print.heading(
        "The floor ended: shed to "
            + BASELINE
            + " (ACI pods first, none were left), both on VM nodes");
    print.tables();

    runWhile(
        () -> sim.poolNodeCount(POOL) != 1 || sim.vmNodeCount() != 1 + otherPoolNodes,
        "the pool back to its baseline");
    print.heading(
        "After the pool hold: agent pool "
            + POOL
            + " back to 1 node, "
            + sim.readyOnVm(REF)
            + " replicas on it");
    print.tables();

    print.heading("kubectl describe deploy/nginx-vn -n virtualnode");
    print.print(KubectlTables.events(sim, REF));

    CostReport cost = sim.cost();
    List<String> decisions =
        sim.events(REF).stream()
            .filter(e -> e.reason().equals(EventReason.CAPACITY_DECISION))
            .map(SimEvent::message)
            .distinct()
            .toList();
    StrategyReplay.Outcome seedRun =
        new StrategyReplay.Outcome(
            SeedScenario.ANNOTATIONS.get(Annotations.STRATEGY),
            cost,
            Optional.of(timeTo20),
            peakNodes,
            cost.aciPodSeconds() / 60.0,
            decisions,
            app.status().of(app.clusters().get(0), REF).money().cost());
    print.heading(
        "The same story again, in-process, with "
            + Annotations.STRATEGY
            + ": "
            + BurstStrategy.DEFAULT.wireName()
            + " (the default) instead of the seed's "
            + seedRun.strategy());
    StrategyReplay.Outcome defaultRun =
        StrategyReplay.run(
            sim.scenario(),
            BurstStrategy.DEFAULT.wireName(),
            resource(FIRED),
            resource(RESOLVED),
            firedAt,
            resolvedAt,
            sim.now());
    List<String> seen = defaultRun.decisions();
    if (!seen.isEmpty()) {
      print.println("  first CapacityDecision: " + seen.get(0));
      if (seen.size() > 1) {
        print.println(
            "  last of "
                + seen.size()
                + " (the figures change as the burst goes on): "
                + seen.get(seen.size() - 1));
      }
    }
    DemoSummary summary =
        new DemoSummary(
            timeTo20,
            cost.aciPodSeconds() / 60.0,
            peakNodes,
            lowestReadyBackfill,
            lowestReadyShed,
            cost,
            Duration.between(start, sim.now()),
            Duration.ofNanos(System.nanoTime() - wallStart),
            sim.events(REF).stream().map(SimEvent::reason).toList(),
            seedRun,
            defaultRun);
    print.print(summary.render());
    return summary;
  }

  // ---- the clock ------------------------------------------------------------------------------

  private void runUntil(Instant until, String what) {
    if (until.isBefore(sim.now())) {
      throw new IllegalStateException(
          "demo: "
              + what
              + " "
              + until
              + " is already past ("
              + sim.now()
              + "); fix the timestamps in "
              + FIRED
              + " and "
              + RESOLVED);
    }
    while (sim.now().isBefore(until)) {
      Instant next = sim.now().truncatedTo(ChronoUnit.SECONDS).plus(STEP);
      step(next.isAfter(until) ? until : next);
    }
  }

  private void runWhile(java.util.function.BooleanSupplier condition, String what) {
    Instant limit = start.plus(LIMIT);
    while (condition.getAsBoolean()) {
      if (!sim.now().isBefore(limit)) {
        throw new IllegalStateException(
            "demo: "
                + what
                + " did not happen within "
                + LIMIT
                + " of simulated time (at "
                + SeedDemoOutput.HMS.format(sim.now())
                + ": "
                + ready()
                + " Ready, "
                + sim.activeOnVirtual(REF)
                + " on ACI, pool "
                + sim.poolNodeCount(POOL)
                + " nodes)");
      }
      step(sim.now().truncatedTo(ChronoUnit.SECONDS).plus(STEP));
    }
  }

  /** Advances to {@code t}, runs the timer when due, records the figures, shows new Events. */
  private void step(Instant t) {
    sim.advanceTo(t);
    if (!sim.now().isBefore(nextReconcile)) {
      reconcile.run(TimerPayload.json(nextReconcile, false), LocalContext.of("ReconcileFunction"));
      nextReconcile = nextReconcile.plus(RECONCILE_EVERY);
    }
    peakNodes = Math.max(peakNodes, sim.vmNodeCount());
    int ready = ready();
    if (phase == Phase.BACKFILL) {
      lowestReadyBackfill = Math.min(lowestReadyBackfill, ready);
    } else if (phase == Phase.SHED) {
      lowestReadyShed = Math.min(lowestReadyShed, ready);
    }
    observer.second(sim, phase == Phase.BEFORE || phase == Phase.BURST ? 0 : floor);
    print.showNewEvents();
  }

  /** Pods of the workload bound to the virtual node, terminating ones included. */
  private long onVirtualNode() {
    return sim.pods(REF).stream()
        .filter(p -> p.node().equals(Optional.of(SimCluster.VIRTUAL_NODE_NAME)))
        .count();
  }

  private int ready() {
    return sim.readyOnVm(REF) + sim.readyOnVirtual(REF);
  }

  // ---- the alerts ---------------------------------------------------------------------------

  private void post(JsonNode alert) {
    LocalRequest req =
        LocalRequest.of(
            HttpMethod.POST,
            URI.create("http://localhost:7071/api/alerts"),
            Map.of("content-type", "application/json"),
            Optional.of(Json.write(alert)));
    HttpResponseMessage res = alerts.run(req, LocalContext.of("AlertFunction"));
    LocalResponse r = (LocalResponse) res;
    JsonNode body = Json.parse(r.bodyText());
    if (r.getStatusCode() != 200 || !"recorded".equals(body.path("outcome").asText())) {
      throw new IllegalStateException(
          "demo: AlertFunction answered " + r.getStatusCode() + " " + r.bodyText());
    }
    print.alertAnswer(r.getStatusCode(), body);
  }

  static String resource(String path) {
    try (InputStream in = SeedDemo.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(
            "demo: resource " + path + " is missing from the class path; rebuild with mvn compile");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("demo: could not read " + path, e);
    }
  }
}
