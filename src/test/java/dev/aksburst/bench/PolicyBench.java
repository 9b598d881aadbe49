package dev.aksburst.bench;

import dev.aksburst.model.Placement;
import dev.aksburst.model.PoolMode;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.PlannerConfig;
import dev.aksburst.reconcile.Reconciler;
import dev.aksburst.sim.CostRates;
import dev.aksburst.sim.DemandTrace;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimPoolSpec;
import dev.aksburst.sim.SimScenario;
import dev.aksburst.sim.SimSettings;
import dev.aksburst.sim.SimWorkloadSpec;
import dev.aksburst.sim.StepMetrics;
import dev.aksburst.sim.WhatIf;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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

  record Trace(String id, String label, DemandTrace demand, Duration duration) {}

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
            Duration.ofHours(24)));
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
    Optional<WhatIf.Controller> controller =
        policy == Policy.AKS_BURST
            ? Optional.of(
                (ports, clock) ->
                    new Reconciler(
                        ports,
                        new BurstPlanner(),
                        PlannerConfig.DEFAULTS,
                        clock,
                        false,
                        Duration.ZERO,
                        "bench-whatif"))
            : Optional.empty();
    WhatIf.Run run =
        WhatIf.runWithCost(
            scenario(policy, trace.demand().replicasAt(Duration.ZERO), settings),
            SeedScenario.NGINX_VN,
            trace.demand(),
            new WhatIf.Options(STEP, trace.duration(), Duration.ofMinutes(1)),
            controller);
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
