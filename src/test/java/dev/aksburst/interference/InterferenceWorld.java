package dev.aksburst.interference;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import dev.aksburst.app.AksBurst;
import dev.aksburst.app.Settings;
import dev.aksburst.function.AlertFunction;
import dev.aksburst.function.BurstFunction;
import dev.aksburst.function.ReconcileFunction;
import dev.aksburst.function.ScheduleFunction;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.sim.Kubectl;
import dev.aksburst.sim.SimCluster;
import dev.aksburst.sim.SimScenario;
import dev.aksburst.testing.FunctionMocks;
import dev.aksburst.testing.InvariantChecker;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A simulated cluster driven through the real function classes: the reconcile timer fires every
 * simulated minute (and, with {@link #bothTimers()}, the schedule timer in the same instant before
 * it, as the Functions host runs the two default timers), humans act through {@link Kubectl}, and
 * the {@link InvariantChecker} runs every simulated 10 s.
 */
final class InterferenceWorld {
  static final Duration STEP = Duration.ofSeconds(10);

  final SimCluster sim;
  final Kubectl kubectl;
  final InvariantChecker invariants;
  final AksBurst app;
  private boolean scheduleTimer;
  private long steps;

  InterferenceWorld(SimScenario scenario, InvariantChecker.Limits limits) {
    this.sim = SimCluster.start(scenario);
    this.kubectl = new Kubectl(sim);
    this.invariants = new InvariantChecker(sim, limits);
    Settings settings =
        Settings.parse(
            Map.of(Settings.SIMULATE, "true", Settings.CLUSTER_ID, scenario.clusterId()));
    this.app =
        AksBurst.create(
            settings, List.of(invariants.watch(sim.ports())), new BurstPlanner(), sim.clock());
  }

  /** The schedule timer runs too, in the same instant as the reconcile timer and before it. */
  InterferenceWorld bothTimers() {
    scheduleTimer = true;
    return this;
  }

  WorkloadRef workload() {
    return invariants.limits().workload();
  }

  /** {@code POST /api/bursts}; fails the test unless it is accepted. */
  JsonNode postBurst(int replicas, Duration duration) {
    String body =
        "{\"namespace\":\""
            + workload().namespace()
            + "\",\"deployment\":\""
            + workload().name()
            + "\",\"replicas\":"
            + replicas
            + ",\"duration\":\""
            + duration
            + "\",\"reason\":\"interference scenario\"}";
    HttpResponseMessage r =
        new BurstFunction(app)
            .run(
                FunctionMocks.request(HttpMethod.POST, "/api/bursts", body, Map.of()),
                FunctionMocks.context());
    if (r.getStatusCode() != 202) {
      throw new AssertionError("burst refused: " + r.getStatusCode() + " " + r.getBody());
    }
    return FunctionMocks.body(r);
  }

  /** {@code POST /api/alerts} with this body; the answer. */
  JsonNode postAlert(String body) {
    HttpResponseMessage r =
        new AlertFunction(app)
            .run(
                FunctionMocks.request(HttpMethod.POST, "/api/alerts", body, Map.of()),
                FunctionMocks.context());
    if (r.getStatusCode() != 200) {
      throw new AssertionError("alert refused: " + r.getStatusCode() + " " + r.getBody());
    }
    return FunctionMocks.body(r);
  }

  /** Runs the timers once now (both when configured), without moving time. */
  void timers() {
    if (scheduleTimer) {
      new ScheduleFunction(app).run("{\"isPastDue\":false}", FunctionMocks.context());
    }
    new ReconcileFunction(app).run("{\"isPastDue\":false}", FunctionMocks.context());
  }

  /** 10 s of the cluster, the timers on each whole minute, then the invariants. */
  void step() {
    sim.advance(STEP);
    steps++;
    if (steps % 6 == 0) {
      timers();
    }
    invariants.check();
  }

  void run(Duration d) {
    for (long s = 0; s < d.toSeconds() / STEP.toSeconds(); s++) {
      step();
    }
  }

  /** Steps until the condition holds; fails after {@code max}. */
  void runUntil(String what, java.util.function.BooleanSupplier condition, Duration max) {
    long left = max.toSeconds() / STEP.toSeconds();
    while (!condition.getAsBoolean()) {
      if (left-- <= 0) {
        throw new AssertionError("no " + what + " within " + max + " (at " + sim.now() + ")");
      }
      step();
    }
  }

  /** Whether the workload's state records a backfill surge in flight. */
  boolean surging() {
    return sim.burstState(workload()).bookkeeping().backfill().isPresent();
  }
}
