package dev.aksburst.local;

import com.microsoft.azure.functions.HttpMethod;
import dev.aksburst.app.AksBurst;
import dev.aksburst.app.MoneyStatus;
import dev.aksburst.app.PriceSettings;
import dev.aksburst.app.Settings;
import dev.aksburst.contract.Annotations;
import dev.aksburst.function.AlertFunction;
import dev.aksburst.function.ReconcileFunction;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.EventReason;
import dev.aksburst.sim.CostRates;
import dev.aksburst.sim.CostReport;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimCluster;
import dev.aksburst.sim.SimEvent;
import dev.aksburst.sim.SimPoolSpec;
import dev.aksburst.sim.SimScenario;
import dev.aksburst.sim.SimWorkloadSpec;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The seed's story replayed in-process, without output, with the Deployment's {@code
 * aksburst.dev/strategy} set to another value: the same cluster, the same operator scale, the same
 * Fired and Resolved alerts through {@link AlertFunction}, the {@link ReconcileFunction} every
 * simulated minute, until the same instant as the demo's own run. What it decided and what it cost
 * are what the summary sets beside the demo's figures.
 */
final class StrategyReplay {
  private static final WorkloadRef REF = SeedScenario.NGINX_VN;

  /**
   * @param timeTo20Ready from the alert to 20 Ready replicas, when it got there
   * @param decisions the distinct CapacityDecision messages, in order
   * @param money the status's cost of the burst at the end
   */
  record Outcome(
      String strategy,
      CostReport cost,
      Optional<Duration> timeTo20Ready,
      int peakNodes,
      double aciPodMinutes,
      List<String> decisions,
      Optional<MoneyStatus.Cost> money) {
    Outcome {
      Objects.requireNonNull(strategy);
      Objects.requireNonNull(cost);
      Objects.requireNonNull(timeTo20Ready);
      decisions = List.copyOf(decisions);
      Objects.requireNonNull(money);
    }

    /** The first decision of the burst, as its route and why ("ACI: ACI costs less"). */
    String decided() {
      if (decisions.isEmpty()) {
        return "no decision recorded";
      }
      String d = decisions.get(0);
      String head = d.contains("; ") ? d.substring(0, d.indexOf("; ")) : d;
      String why = head.contains(": ") ? head.substring(head.lastIndexOf(": ") + 2) : head;
      return (d.startsWith("kept ") ? "ACI" : "VMs") + ": " + why;
    }
  }

  private StrategyReplay() {}

  /**
   * The settings of both runs: the simulator, its own prices as explicit price settings (the price
   * book's first source) for the seed's pool and ACI, no Retail Prices API.
   */
  static Settings settings(SimScenario scenario) {
    CostRates rates = scenario.settings().prices();
    SimPoolSpec pool =
        scenario.pools().stream()
            .filter(p -> p.name().equals(SeedScenario.POOL))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "demo: the scenario has no pool " + SeedScenario.POOL));
    Map<String, String> env = new HashMap<>();
    env.put(Settings.SIMULATE, "true");
    env.put(PriceSettings.POOL_PRICES, pool.name() + "=" + rates.vmHourly(pool.vmSize()));
    env.put(
        PriceSettings.ACI_PRICES,
        String.format(
            Locale.ROOT,
            "vcpuHour=%s,gbHour=%s",
            rates.aciVcpuSecond() * 3600,
            rates.aciGbSecond() * 3600));
    env.put(PriceSettings.PRICES_API, "off");
    return Settings.parse(env);
  }

  /** {@code base} with the seed Deployment's strategy set to {@code strategy}. */
  static SimScenario scenario(SimScenario base, String strategy) {
    return base.withWorkloads(
        base.workloads().stream()
            .map(
                w -> {
                  if (!w.ref().equals(REF)) {
                    return w;
                  }
                  Map<String, String> annotations = new HashMap<>(w.annotations());
                  annotations.put(Annotations.STRATEGY, strategy);
                  return new SimWorkloadSpec(
                      w.ref(),
                      w.labels(),
                      annotations,
                      w.replicas(),
                      w.requests(),
                      w.placement(),
                      w.hpa());
                })
            .toList());
  }

  static Outcome run(
      SimScenario base,
      String strategy,
      String fired,
      String resolved,
      Instant firedAt,
      Instant resolvedAt,
      Instant until) {
    SimCluster sim = SimCluster.start(scenario(base, strategy));
    AksBurst app =
        AksBurst.create(settings(base), List.of(sim.ports()), new BurstPlanner(), sim.clock());
    AlertFunction alerts = new AlertFunction(app);
    ReconcileFunction reconcile = new ReconcileFunction(app);
    Instant start = sim.now();
    Instant nextReconcile = start.truncatedTo(ChronoUnit.MINUTES).plus(SeedDemo.RECONCILE_EVERY);
    sim.scale(REF, SeedDemo.BASELINE);
    boolean firedSent = false;
    boolean resolvedSent = false;
    Optional<Duration> to20 = Optional.empty();
    int peak = 0;
    while (sim.now().isBefore(until)) {
      Instant t = sim.now().truncatedTo(ChronoUnit.SECONDS).plus(SeedDemo.STEP);
      sim.advanceTo(t.isAfter(until) ? until : t);
      if (!firedSent && !sim.now().isBefore(firedAt)) {
        post(alerts, fired);
        firedSent = true;
      }
      if (!resolvedSent && !sim.now().isBefore(resolvedAt)) {
        post(alerts, resolved);
        resolvedSent = true;
      }
      if (!sim.now().isBefore(nextReconcile)) {
        reconcile.run(
            TimerPayload.json(nextReconcile, false), LocalContext.of("ReconcileFunction"));
        nextReconcile = nextReconcile.plus(SeedDemo.RECONCILE_EVERY);
      }
      peak = Math.max(peak, sim.vmNodeCount());
      if (firedSent
          && to20.isEmpty()
          && sim.readyOnVm(REF) + sim.readyOnVirtual(REF) >= SeedDemo.BURST) {
        to20 = Optional.of(Duration.between(firedAt, sim.now()));
      }
    }
    List<String> decisions =
        sim.events(REF).stream()
            .filter(e -> e.reason().equals(EventReason.CAPACITY_DECISION))
            .map(SimEvent::message)
            .distinct()
            .toList();
    CostReport cost = sim.cost();
    Optional<MoneyStatus.Cost> money = app.status().of(app.clusters().get(0), REF).money().cost();
    return new Outcome(strategy, cost, to20, peak, cost.aciPodSeconds() / 60.0, decisions, money);
  }

  private static void post(AlertFunction alerts, String body) {
    LocalResponse r =
        (LocalResponse)
            alerts.run(
                LocalRequest.of(
                    HttpMethod.POST,
                    URI.create("http://localhost:7071/api/alerts"),
                    Map.of("content-type", "application/json"),
                    Optional.of(body)),
                LocalContext.of("AlertFunction"));
    if (r.getStatusCode() != 200) {
      throw new IllegalStateException(
          "demo replay: AlertFunction answered " + r.getStatusCode() + " " + r.bodyText());
    }
  }
}
