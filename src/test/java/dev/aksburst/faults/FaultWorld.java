package dev.aksburst.faults;

import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import dev.aksburst.app.AksBurst;
import dev.aksburst.app.Settings;
import dev.aksburst.function.AlertFunction;
import dev.aksburst.function.BurstFunction;
import dev.aksburst.function.EventGridFunction;
import dev.aksburst.function.ReconcileFunction;
import dev.aksburst.model.Intent;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimCluster;
import dev.aksburst.sim.SimScenario;
import dev.aksburst.testing.FunctionMocks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * The simulated seed cluster behind {@link FaultyPorts}, driven the way production drives it: the
 * trigger functions answer callers (who retry a 5xx every simulated minute, as action groups and
 * Event Grid do), the reconcile timer fires every simulated minute, and a process that stops is
 * started again over the same cluster. Each minute it samples what the invariants need.
 */
final class FaultWorld {
  static final WorkloadRef WEB = SeedScenario.NGINX_VN;
  static final int MAX_REPLICAS = 30;

  /** Time a raised floor gets to become Ready pods (ACI start is 45 s ± 30 %, one timer period). */
  static final Duration SETTLE = Duration.ofMinutes(3);

  /** One minute of the run: the active floor and what was Ready. */
  record Sample(Instant at, int floor, Instant floorSince, int ready, int readyOnVm, int spec) {}

  final SimCluster sim;
  final FaultyPorts faults;
  private final Logger log = Logger.getLogger("dev.aksburst.faults");
  private volatile AksBurst app;
  private int restarts;
  private final java.util.concurrent.atomic.AtomicInteger invocations =
      new java.util.concurrent.atomic.AtomicInteger();
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final List<BooleanSupplier> undelivered = Collections.synchronizedList(new ArrayList<>());
  private final List<Sample> samples = new ArrayList<>();
  private int lastFloor;
  private Instant floorSince;

  FaultWorld(SimScenario scenario) {
    this.sim = SimCluster.start(scenario);
    this.faults = new FaultyPorts(sim.ports(), sim.clock());
    this.app = newApp();
    this.floorSince = sim.now();
  }

  static FaultWorld seed() {
    return new FaultWorld(SeedScenario.scenario());
  }

  private AksBurst newApp() {
    Settings settings =
        Settings.parse(
            Map.of(Settings.SIMULATE, "true", Settings.CLUSTER_ID, sim.scenario().clusterId()));
    return AksBurst.create(settings, List.of(faults.ports()), new BurstPlanner(), sim.clock());
  }

  AksBurst app() {
    return app;
  }

  int restarts() {
    return restarts;
  }

  int invocations() {
    return invocations.get();
  }

  /** Intent ids a trigger acknowledged (2xx with the intent in the answer). */
  Set<String> acknowledged() {
    return Set.copyOf(acknowledged);
  }

  List<Sample> samples() {
    return List.copyOf(samples);
  }

  // ---- triggers --------------------------------------------------------------------------------

  /** {@code POST /api/bursts}; retried every minute until answered 2xx. */
  void postBurst(int replicas, Duration duration, String requestId) {
    String body =
        "{\"namespace\":\""
            + WEB.namespace()
            + "\",\"deployment\":\""
            + WEB.name()
            + "\",\"replicas\":"
            + replicas
            + ",\"duration\":\""
            + duration
            + "\",\"id\":\""
            + requestId
            + "\",\"reason\":\"fault scenario\"}";
    deliver(
        () -> {
          HttpResponseMessage r =
              new BurstFunction(app)
                  .run(
                      FunctionMocks.request(HttpMethod.POST, "/api/bursts", body, Map.of()), ctx());
          if (r.getStatusCode() >= 500) {
            return false;
          }
          if (r.getStatusCode() != 202) {
            throw new AssertionError("burst refused: " + r.getStatusCode() + " " + r.getBody());
          }
          acknowledged.add(FunctionMocks.body(r).path("intent").path("id").asText());
          return true;
        });
  }

  /** {@code POST /api/alerts} with a Fired common-schema alert that names the workload. */
  void fireAlert(String rule, int replicas) {
    String body = alert(rule, replicas);
    deliver(
        () -> {
          HttpResponseMessage r =
              new AlertFunction(app)
                  .run(
                      FunctionMocks.request(HttpMethod.POST, "/api/alerts", body, Map.of()), ctx());
          if (r.getStatusCode() >= 500) {
            return false;
          }
          JsonNode answer = FunctionMocks.body(r);
          if (r.getStatusCode() != 200 || !answer.path("outcome").asText().equals("recorded")) {
            throw new AssertionError("alert not recorded: " + r.getStatusCode() + " " + answer);
          }
          answer.path("intents").forEach(i -> acknowledged.add(i.path("id").asText()));
          return true;
        });
  }

  /** An Event Grid burst request; a thrown invocation is redelivered every minute. */
  void eventBurst(String eventId, int replicas) {
    String payload =
        "[{\"id\":\""
            + eventId
            + "\",\"eventType\":\"AksBurst.BurstRequested\",\"subject\":\"bursts\","
            + "\"eventTime\":\""
            + sim.now()
            + "\",\"dataVersion\":\"1.0\",\"data\":{\"namespace\":\""
            + WEB.namespace()
            + "\",\"deployment\":\""
            + WEB.name()
            + "\",\"replicas\":"
            + replicas
            + ",\"duration\":\"PT2H\",\"reason\":\"fault scenario\"}}]";
    deliver(
        () -> {
          try {
            new EventGridFunction(app).run(payload, ctx());
          } catch (RuntimeException redeliver) {
            return false;
          }
          acknowledged.add("event:" + eventId);
          return true;
        });
  }

  static String alert(String rule, int replicas) {
    return "{\"schemaId\":\"azureMonitorCommonAlertSchema\",\"data\":{\"essentials\":{"
        + "\"alertId\":\"/subscriptions/s/providers/Microsoft.AlertsManagement/alerts/"
        + rule
        + "\",\"alertRule\":\""
        + rule
        + "\",\"severity\":\"Sev3\",\"signalType\":\"Metric\",\"monitorCondition\":\"Fired\","
        + "\"alertTargetIDs\":[\"/subscriptions/s/resourcegroups/rg/providers/"
        + "microsoft.containerservice/managedclusters/aks\"],"
        + "\"firedDateTime\":\"2025-04-15T18:00:00Z\",\"essentialsVersion\":\"1.0\"},"
        + "\"alertContext\":{\"conditionType\":\"SingleResourceMultipleMetricCriteria\","
        + "\"condition\":{\"windowSize\":\"PT5M\",\"allOf\":[{\"metricName\":\"requests\","
        + "\"operator\":\"GreaterThan\",\"threshold\":\"100\",\"timeAggregation\":\"Total\","
        + "\"dimensions\":[],\"metricValue\":250}]}},"
        + "\"customProperties\":{\"aksburst.namespace\":\""
        + WEB.namespace()
        + "\",\"aksburst.deployment\":\""
        + WEB.name()
        + "\",\"aksburst.replicas\":\""
        + replicas
        + "\"}}}";
  }

  /** Runs one delivery now; a failed one stays queued and is retried each minute. */
  private void deliver(BooleanSupplier attempt) {
    if (!attemptOnce(attempt)) {
      undelivered.add(attempt);
    }
  }

  private boolean attemptOnce(BooleanSupplier attempt) {
    invocations.incrementAndGet();
    try {
      return attempt.getAsBoolean();
    } catch (FaultyPorts.ProcessStopped stopped) {
      restart(stopped);
      return false;
    }
  }

  int undelivered() {
    return undelivered.size();
  }

  private ExecutionContext ctx() {
    ExecutionContext ctx = mock(ExecutionContext.class);
    doReturn(log).when(ctx).getLogger();
    doReturn("fault-" + invocations.get()).when(ctx).getInvocationId();
    doReturn("faults").when(ctx).getFunctionName();
    return ctx;
  }

  private synchronized void restart(FaultyPorts.ProcessStopped stopped) {
    restarts++;
    log.fine(stopped.getMessage() + "; starting a new process");
    app = newApp();
  }

  // ---- time ------------------------------------------------------------------------------------

  /** One simulated minute: the cluster runs, callers retry, the reconcile timer fires, a sample. */
  void minute() {
    sim.advance(Duration.ofMinutes(1));
    List<BooleanSupplier> retry = List.copyOf(undelivered);
    undelivered.clear();
    for (BooleanSupplier r : retry) {
      deliver(r);
    }
    invocations.incrementAndGet();
    try {
      new ReconcileFunction(app).run("{\"isPastDue\":false}", ctx());
    } catch (FaultyPorts.ProcessStopped stopped) {
      restart(stopped);
    } catch (RuntimeException e) {
      throw new AssertionError("the reconcile timer threw (the Functions host logs it): " + e, e);
    }
    sample();
  }

  void run(Duration d) {
    for (long m = 0; m < d.toMinutes(); m++) {
      minute();
    }
  }

  /** The floor every active intent asks for, capped by max-replicas, as stored on the cluster. */
  int floor() {
    Instant now = sim.now();
    int floor =
        sim.burstState(WEB).intents().stream()
            .filter(i -> i.activeAt(now))
            .mapToInt(Intent::replicas)
            .max()
            .orElse(0);
    return Math.min(floor, MAX_REPLICAS);
  }

  private void sample() {
    int floor = floor();
    if (floor > lastFloor) {
      floorSince = sim.now();
    }
    lastFloor = floor;
    samples.add(
        new Sample(
            sim.now(),
            floor,
            floorSince,
            sim.readyOnVm(WEB) + sim.readyOnVirtual(WEB),
            sim.readyOnVm(WEB),
            sim.specReplicas(WEB)));
  }

  // ---- invariants ------------------------------------------------------------------------------

  /** Minutes where Ready pods were below a floor raised at least SETTLE ago, capacity allowing. */
  List<Sample> floorViolations(Predicate<Instant> capacityAllows) {
    return samples.stream()
        .filter(s -> s.floor() > 0 && s.ready() < s.floor())
        .filter(s -> !s.at().isBefore(s.floorSince().plus(SETTLE)))
        .filter(s -> capacityAllows.test(s.at()))
        .toList();
  }

  /** Acknowledged intents that are not stored on the Deployment (and were not pruned). */
  List<String> lostIntents() {
    Set<String> stored = new java.util.HashSet<>();
    sim.burstState(WEB).intents().forEach(i -> stored.add(i.id()));
    return acknowledged.stream().filter(id -> !stored.contains(id)).sorted().toList();
  }

  /** The most writes of {@code kind} to {@code target} in any 60-minute window. */
  int maxWritesPerHour(String kind, String target) {
    List<Instant> at =
        faults.writes().stream()
            .filter(w -> w.kind().equals(kind) && w.target().equals(target))
            .map(FaultyPorts.Write::at)
            .sorted()
            .toList();
    int max = 0;
    for (int i = 0; i < at.size(); i++) {
      int j = i;
      while (j < at.size() && at.get(j).isBefore(at.get(i).plus(Duration.ofHours(1)))) {
        j++;
      }
      max = Math.max(max, j - i);
    }
    return max;
  }

  /** Replica writes (spec.replicas or HPA minReplicas) to the workload in any hour. */
  int replicaWritesPerHour() {
    return Math.max(
        maxWritesPerHour("scale", WEB.toString()), maxWritesPerHour("hpa", WEB.toString()));
  }

  int poolWritesPerHour() {
    return maxWritesPerHour("pool", SeedScenario.POOL);
  }

  /** Times the written replicas turned from rising to falling or back (a flap is two). */
  int directionChanges() {
    int changes = 0;
    int dir = 0;
    Integer last = null;
    for (Sample s : samples) {
      if (last != null && s.spec() != last) {
        int d = Integer.signum(s.spec() - last);
        if (dir != 0 && d != dir) {
          changes++;
        }
        dir = d;
      }
      last = s.spec();
    }
    return changes;
  }
}
