package dev.aksburst.bench;

import dev.aksburst.app.AksBurst;
import dev.aksburst.app.Settings;
import dev.aksburst.model.Placement;
import dev.aksburst.model.PoolMode;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.PlannerConfig;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.reconcile.Reconciler;
import dev.aksburst.sim.CostRates;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimPoolSpec;
import dev.aksburst.sim.SimScenario;
import dev.aksburst.sim.SimSettings;
import dev.aksburst.sim.SimWorkloadSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Figures 5 and 6: the same demand traces on the simulated AKS under four policies, each modelled
 * on the simulator as users would set it up:
 *
 * <ul>
 *   <li>ACI only: the pod template is pinned to the virtual node (nodeSelector {@code
 *       type=virtual-kubelet} plus its toleration), demand applied as {@code kubectl scale};
 *   <li>VM pool + cluster autoscaler: no virtual-node toleration, the pool in autoscaler mode (min
 *       1, max 10), demand applied as {@code kubectl scale};
 *   <li>hybrid without backfill: the seed's template (toleration, preferred affinity away from the
 *       virtual node), manual pool of 1, no controller: pods stay on ACI until scale-in;
 *   <li>aks-burst: the seed's template and pool, the demand recorded as an intent and the
 *       controller (BurstPlanner, default PlannerConfig) reconciling on every change and every
 *       minute.
 * </ul>
 */
final class PolicyBench {
  enum Policy {
    ACI_ONLY("ACI only"),
    AUTOSCALER_ONLY("VM pool + cluster autoscaler"),
    HYBRID("hybrid, no backfill"),
    AKS_BURST("aks-burst");

    final String label;

    Policy(String label) {
      this.label = label;
    }
  }

  /**
   * A demand trace.
   *
   * @param start the virtual time the run starts at
   * @param windows an {@code aksburst.dev/windows} annotation that tells aks-burst the demand in
   *     advance: with one, aks-burst's run records no intent at the demand changes; the workload
   *     carries the annotation and the app's two timers (windows and reconcile) run every simulated
   *     minute through {@link dev.aksburst.app.WindowIntake} and {@link
   *     dev.aksburst.app.Clusters#reconcileAll}
   */
  record Trace(
      String id,
      String label,
      DemandTrace demand,
      Duration duration,
      Instant start,
      Optional<String> windows) {
    Trace(String id, String label, DemandTrace demand, Duration duration) {
      this(id, label, demand, duration, SeedScenario.START, Optional.empty());
    }
  }

  /**
   * The daily window as a user declares it. The lead time (10 min) is more than the simulator's
   * node provisioning delay ({@code SimSettings.DEFAULTS.nodeProvisioningDelay()}, 180 s) plus one
   * period of the windows timer (1 min), so the pool is Ready before the window opens.
   */
  static final String DAILY_WINDOW =
      "[{\"start\":\"0 8 * * *\",\"end\":\"0 18 * * *\",\"timezone\":\"UTC\","
          + "\"replicas\":20,\"leadTime\":\"10m\"}]";

  /** Midnight UTC, so the trace's offsets are the window's clock times. */
  static final Instant MIDNIGHT = Instant.parse("2025-04-16T00:00:00Z");

  /** One (trace, policy) run reduced to the reported metrics. */
  record Outcome(
      List<StepMetrics> steps,
      double unmetPodSeconds,
      double secondsToFullCapacity,
      double aciPodHours,
      double vmNodeHours,
      double cost) {}

  static final Duration STEP = Duration.ofSeconds(10);

  static List<Trace> traces() {
    return List.of(
        new Trace(
            "seed",
            "seed steps 1 → 20 → 2",
            DemandTrace.of(
                DemandTrace.at(Duration.ZERO, 1),
                DemandTrace.at(Duration.ofMinutes(1), 20),
                DemandTrace.at(Duration.ofMinutes(20), 2)),
            Duration.ofMinutes(40)),
        new Trace(
            "spike-10m",
            "10-minute spike 1 → 20 → 1",
            DemandTrace.of(
                DemandTrace.at(Duration.ZERO, 1),
                DemandTrace.at(Duration.ofMinutes(1), 20),
                DemandTrace.at(Duration.ofMinutes(11), 1)),
            Duration.ofMinutes(40)),
        new Trace(
            "plateau-2h",
            "2-hour plateau 1 → 20 → 1",
            DemandTrace.of(
                DemandTrace.at(Duration.ZERO, 1),
                DemandTrace.at(Duration.ofMinutes(1), 20),
                DemandTrace.at(Duration.ofMinutes(121), 1)),
            Duration.ofMinutes(150)),
        new Trace(
            "daily-window",
            "daily window 2 → 20 (08:00–18:00) → 2",
            DemandTrace.of(
                DemandTrace.at(Duration.ZERO, 2),
                DemandTrace.at(Duration.ofHours(8), 20),
                DemandTrace.at(Duration.ofHours(18), 2)),
            Duration.ofHours(24),
            MIDNIGHT,
            Optional.of(DAILY_WINDOW)));
  }

  /** Default prices ({@link CostRates#EAST_US_2025}), each overridable by a system property. */
  static CostRates prices() {
    CostRates d = CostRates.EAST_US_2025;
    return new CostRates(
        Map.of(
            "Standard_DS2_v2",
            Double.parseDouble(
                System.getProperty(
                    "bench.vmHourly", Double.toString(d.vmHourly("Standard_DS2_v2"))))),
        Double.parseDouble(
            System.getProperty("bench.aciVcpuSecond", Double.toString(d.aciVcpuSecond()))),
        Double.parseDouble(
            System.getProperty("bench.aciGbSecond", Double.toString(d.aciGbSecond()))));
  }

  static SimSettings settings(CostRates prices) {
    SimSettings s = SimSettings.DEFAULTS;
    return new SimSettings(
        s.tick(),
        s.nodeRegisterDelay(),
        s.nodeProvisioningDelay(),
        s.nodeDrainDelay(),
        s.vmPodStartDelay(),
        s.aciStartDelay(),
        s.aciStartJitter(),
        s.aciCoreQuota(),
        s.aciFailureDelay(),
        s.terminationGrace(),
        s.failedPodRetention(),
        s.hpaSyncPeriod(),
        s.autoscalerScanInterval(),
        s.autoscalerScaleDownUnneeded(),
        s.seed(),
        prices);
  }

  static SimScenario scenario(Policy policy, int initialReplicas, SimSettings settings) {
    SimWorkloadSpec seed = SeedScenario.workload(initialReplicas);
    SimScenario base = SeedScenario.scenario(settings);
    return switch (policy) {
      case ACI_ONLY ->
          base.withWorkloads(
              List.of(
                  withPlacement(
                      seed,
                      new Placement(
                          SeedScenario.PLACEMENT.tolerations(),
                          Map.of("type", "virtual-kubelet"),
                          List.of(),
                          List.of()))));
      case AUTOSCALER_ONLY -> {
        SimPoolSpec p = SeedScenario.pool(1);
        SimPoolSpec auto =
            new SimPoolSpec(
                p.name(),
                PoolMode.AUTOSCALER,
                1,
                OptionalInt.of(1),
                OptionalInt.of(10),
                p.vmSize(),
                p.allocatable(),
                p.maxPods(),
                p.daemonSetRequested(),
                p.daemonSetPods(),
                p.labels(),
                p.taints());
        yield base.withPools(List.of(auto))
            .withWorkloads(List.of(withPlacement(seed, Placement.NONE)));
      }
      case HYBRID, AKS_BURST -> base.withWorkloads(List.of(seed));
    };
  }

  private static SimWorkloadSpec withPlacement(SimWorkloadSpec w, Placement p) {
    return new SimWorkloadSpec(
        w.ref(), w.labels(), w.annotations(), w.replicas(), w.requests(), p, w.hpa());
  }

  static Outcome run(Trace trace, Policy policy, SimSettings settings) {
    SimScenario base = scenario(policy, trace.demand().replicasAt(Duration.ZERO), settings);
    SimScenario scenario =
        new SimScenario(
            base.clusterId(),
            trace.start(),
            base.pools(),
            base.virtualNode(),
            base.workloads(),
            base.settings());
    WhatIf.Options options = new WhatIf.Options(STEP, trace.duration(), Duration.ofMinutes(1));
    if (policy == Policy.AKS_BURST && trace.windows().isPresent()) {
      return outcome(
          trace,
          WhatIf.runWithTimers(
              withWindows(scenario, trace.windows().get()),
              SeedScenario.NGINX_VN,
              trace.demand(),
              options,
              (ports, clock) -> {
                AksBurst app =
                    AksBurst.create(
                        Settings.parse(Map.of(Settings.SIMULATE, "true")),
                        List.of(ports),
                        new BurstPlanner(),
                        clock);
                return ctx -> {
                  app.windows().handle(ReconcileContext.of("schedule"));
                  app.directory().reconcileAll(ctx);
                };
              }));
    }
    Optional<WhatIf.Controller> controller =
        policy == Policy.AKS_BURST
            ? Optional.of(
                (ports, clock) ->
                    new Reconciler(
                        ports,
                        new BurstPlanner(),
                        PlannerConfig.DEFAULTS,
                        clock,
                        dev.aksburst.reconcile.ApplyMode.WRITE,
                        dev.aksburst.reconcile.Reconciler.Timing.waiting(Duration.ZERO),
                        "bench-whatif"))
            : Optional.empty();
    return outcome(
        trace,
        WhatIf.runWithCost(scenario, SeedScenario.NGINX_VN, trace.demand(), options, controller));
  }

  private static SimScenario withWindows(SimScenario s, String windows) {
    return s.withWorkloads(
        s.workloads().stream()
            .map(
                w -> {
                  Map<String, String> a = new HashMap<>(w.annotations());
                  a.put("aksburst.dev/windows", windows);
                  return new SimWorkloadSpec(
                      w.ref(), w.labels(), a, w.replicas(), w.requests(), w.placement(), w.hpa());
                })
            .toList());
  }

  private static Outcome outcome(Trace trace, WhatIf.Run run) {
    List<StepMetrics> steps = run.steps();
    return new Outcome(
        steps,
        steps.get(steps.size() - 1).unmetPodSeconds(),
        secondsToFullCapacity(trace.demand(), steps),
        run.cost().aciPodSeconds() / 3600,
        run.cost().vmNodeSeconds() / 3600,
        run.cost().total());
  }

  /** From the first rise of the demand to the first step where Ready replicas meet it. */
  static double secondsToFullCapacity(DemandTrace demand, List<StepMetrics> steps) {
    int initial = steps.get(0).demand();
    int rise = -1;
    for (int i = 0; i < steps.size(); i++) {
      if (rise < 0 && steps.get(i).demand() > initial) {
        rise = i;
      }
      if (rise >= 0 && steps.get(i).ready() >= steps.get(i).demand()) {
        return steps.get(i).at().minus(steps.get(rise).at()).toSeconds();
      }
      if (rise >= 0 && steps.get(i).demand() != steps.get(rise).demand()) {
        break;
      }
    }
    if (rise < 0) {
      throw new IllegalArgumentException("the trace never rises above " + initial);
    }
    return Double.POSITIVE_INFINITY;
  }

  /** Runs every pair, writes the matrix and the charts, and returns aks-burst's figures. */
  List<Figure> run(Path out, StringBuilder matrix) throws IOException {
    Files.createDirectories(out);
    SimSettings settings = settings(prices());
    List<Figure> figures = new ArrayList<>();
    matrix
        .append("| trace | policy | unmet pod-s | time to full capacity | ACI pod-h |")
        .append(" VM node-h | cost $ |\n|---|---|---:|---:|---:|---:|---:|\n");
    for (Trace trace : traces()) {
      Map<Policy, Outcome> by = new LinkedHashMap<>();
      for (Policy policy : Policy.values()) {
        by.put(policy, run(trace, policy, settings));
      }
      for (Entry<Policy, Outcome> e : by.entrySet()) {
        Outcome o = e.getValue();
        matrix
            .append("| ")
            .append(trace.id())
            .append(" | ")
            .append(e.getKey().label)
            .append(" | ")
            .append(Report.number(o.unmetPodSeconds()))
            .append(" | ")
            .append(
                Double.isInfinite(o.secondsToFullCapacity())
                    ? "never"
                    : Report.number(o.secondsToFullCapacity()) + " s")
            .append(" | ")
            .append(Report.number(o.aciPodHours()))
            .append(" | ")
            .append(Report.number(o.vmNodeHours()))
            .append(" | ")
            .append(Report.number(o.cost()))
            .append(" |\n");
      }
      figures.addAll(figures(trace, by));
      Charts.write(trace, by, out.resolve("whatif-" + trace.id() + ".png"));
    }
    return figures;
  }

  private static List<Figure> figures(Trace trace, Map<Policy, Outcome> by) {
    Outcome burst = by.get(Policy.AKS_BURST);
    Outcome aci = by.get(Policy.ACI_ONLY);
    Outcome auto = by.get(Policy.AUTOSCALER_ONLY);
    Outcome hybrid = by.get(Policy.HYBRID);
    String t = "what-if " + trace.id() + ", aks-burst: ";
    List<Figure> f = new ArrayList<>();
    f.add(
        Figure.of(
                t + "time to full capacity",
                burst.secondsToFullCapacity(),
                "s",
                aci.secondsToFullCapacity(),
                Policy.ACI_ONLY.label)
            .withGoal(
                "within 10 % of ACI only",
                burst.secondsToFullCapacity() <= 1.1 * aci.secondsToFullCapacity()));
    f.add(
        Figure.of(
                t + "unmet pod-seconds",
                burst.unmetPodSeconds(),
                "pod-s",
                auto.unmetPodSeconds(),
                Policy.AUTOSCALER_ONLY.label)
            .withGoal(
                "≤ 5 % of autoscaler only",
                burst.unmetPodSeconds() <= 0.05 * auto.unmetPodSeconds()));
    Figure cost = Figure.of(t + "cost", burst.cost(), "$", aci.cost(), Policy.ACI_ONLY.label);
    f.add(
        trace.id().equals("plateau-2h")
            ? cost.withGoal("≤ 60 % of ACI only", burst.cost() <= 0.6 * aci.cost())
            : cost);
    f.add(
        Figure.of(
            t + "ACI pod-hours",
            burst.aciPodHours(),
            "pod-h",
            hybrid.aciPodHours(),
            Policy.HYBRID.label));
    f.add(
        Figure.of(
            t + "VM node-hours",
            burst.vmNodeHours(),
            "node-h",
            auto.vmNodeHours(),
            Policy.AUTOSCALER_ONLY.label));
    return f;
  }
}
