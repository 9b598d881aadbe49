package dev.aksburst.bench;

import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.ClusterPorts;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.reconcile.Reconciler;
import dev.aksburst.sim.CostReport;
import dev.aksburst.sim.SimCluster;
import dev.aksburst.sim.SimScenario;
import dev.aksburst.sim.SimWorkloadSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What-if runs for benchmarks: a scenario, a demand trace for one workload, with or without the
 * controller, and per-step metrics.
 *
 * <p>Without the controller the demand is what an operator or an HPA does on a plain cluster: it
 * becomes the HPA's metric when the workload has an HPA, otherwise {@code kubectl scale}. With the
 * controller the demand is recorded as a manual intent (a floor, as {@code POST /api/bursts}
 * records it), and the reconciler runs on every change and every {@code reconcileEvery}; a demand
 * back at or below the workload's replicas at the start ends that intent instead (as a resolved
 * alert or {@code DELETE /api/bursts} does), so the controller's hold and scale-in follow.
 */
public final class WhatIf {
  /** The id of the intent that carries the trace's demand. */
  public static final String DEMAND_INTENT_ID = "whatif:demand";

  /** Builds the controller over the simulated cluster's ports and clock. */
  @FunctionalInterface
  public interface Controller {
    Reconciler build(ClusterPorts ports, Clock clock);
  }

  /**
   * What the deployed app's timers do, built over the simulated cluster's ports and clock: called
   * every {@link Options#reconcileEvery()} with a context whose trigger is {@code timer}.
   */
  @FunctionalInterface
  public interface Timers {
    Consumer<ReconcileContext> build(ClusterPorts ports, Clock clock);
  }

  /**
   * @param step metrics are taken every step
   * @param duration how long to run (at least the trace's last change)
   * @param reconcileEvery the controller's timer period
   */
  public record Options(Duration step, Duration duration, Duration reconcileEvery) {
    public Options {
      Objects.requireNonNull(step);
      Objects.requireNonNull(duration);
      Objects.requireNonNull(reconcileEvery);
      if (step.isZero() || step.isNegative() || reconcileEvery.isZero()) {
        throw new IllegalArgumentException("step and reconcileEvery must be positive");
      }
    }
  }

  /**
   * A run's steps and what the cluster cost over the whole run, with its VM node-seconds and ACI
   * pod-seconds (the step metrics carry only the cumulative dollars).
   */
  public record Run(List<StepMetrics> steps, CostReport cost) {
    public Run {
      steps = List.copyOf(steps);
      Objects.requireNonNull(cost, "cost");
    }
  }

  /**
   * Records a change of the trace's demand for the controller (the controlled runs' stand-in for
   * whatever tells aks-burst about the demand: an alert, {@code POST /api/bursts}).
   */
  @FunctionalInterface
  public interface Recorder {
    void record(SimCluster sim, WorkloadRef target, int demand, int previous, int base);
  }

  private WhatIf() {}

  /**
   * A controlled run whose demand reaches aks-burst as alerts: a rise above the starting replicas
   * fires the alert {@code alertId} (or raises its floor while it is active); a fall resolves it,
   * and demand still above the start stays as a manual floor ({@link #DEMAND_INTENT_ID}), as an
   * operator's burst would. {@code history} is put into the workload's state before the run: the
   * lengths of earlier occurrences of the alert, as the state remembers them.
   */
  public static Run runAsAlert(
      SimScenario scenario,
      WorkloadRef target,
      DemandTrace trace,
      Options options,
      Controller controller,
      String alertId,
      List<dev.aksburst.model.PastBurst> history) {
    return runAsAlert(scenario, target, trace, options, controller, alertId, history, sim -> {});
  }

  /**
   * {@link #runAsAlert} with {@code setup} run on the simulator before the first step, after the
   * history is stored (to seed what earlier occurrences left, or to keep the simulator).
   */
  public static Run runAsAlert(
      SimScenario scenario,
      WorkloadRef target,
      DemandTrace trace,
      Options options,
      Controller controller,
      String alertId,
      List<dev.aksburst.model.PastBurst> history,
      java.util.function.Consumer<SimCluster> setup) {
    return loop(
        scenario,
        target,
        trace,
        options,
        Optional.of((ports, clock) -> controller.build(ports, clock)::reconcile),
        Optional.of(alertRecorder(alertId)),
        sim -> {
          sim.ports().intents().update(target, st -> st.withHistory(List.copyOf(history)));
          setup.accept(sim);
        });
  }

  /** The alert stand-in of {@link #runAsAlert}. */
  static Recorder alertRecorder(String alertId) {
    return (sim, target, demand, previous, base) -> {
      Instant now = sim.now();
      sim.ports()
          .intents()
          .update(
              target,
              st -> {
                Optional<Intent> alert =
                    st.intents().stream()
                        .filter(i -> i.id().equals(alertId) && i.activeAt(now))
                        .findFirst();
                if (demand > previous && demand > base) {
                  Intent fired =
                      alert
                          .map(
                              a ->
                                  new Intent(
                                      a.id(),
                                      a.source(),
                                      a.target(),
                                      demand,
                                      a.from(),
                                      a.until(),
                                      a.reason(),
                                      a.leadTime(),
                                      now))
                          .orElseGet(
                              () ->
                                  new Intent(
                                      alertId,
                                      IntentSource.ALERT,
                                      target,
                                      demand,
                                      now,
                                      Optional.empty(),
                                      "what-if alert",
                                      Optional.empty(),
                                      now));
                  return st.withIntent(fired);
                }
                var next = st;
                if (alert.isPresent()) {
                  next = next.withIntent(alert.get().withUntil(Optional.of(now), now));
                }
                Optional<Intent> manual =
                    next.intents().stream()
                        .filter(i -> i.id().equals(DEMAND_INTENT_ID) && i.activeAt(now))
                        .findFirst();
                if (demand > base) {
                  return next.withIntent(
                      new Intent(
                          DEMAND_INTENT_ID,
                          IntentSource.MANUAL,
                          target,
                          demand,
                          manual.map(Intent::from).orElse(now),
                          Optional.empty(),
                          "what-if demand after the alert",
                          Optional.empty(),
                          now));
                }
                return manual.isPresent()
                    ? next.withIntent(manual.get().withUntil(Optional.of(now), now))
                    : next;
              });
    };
  }

  public static List<StepMetrics> run(
      SimScenario scenario,
      WorkloadRef target,
      DemandTrace trace,
      Options options,
      Optional<Controller> controller) {
    return runWithCost(scenario, target, trace, options, controller).steps();
  }

  /** As {@link #run}, also returning the cost meter's report at the end of the run. */
  public static Run runWithCost(
      SimScenario scenario,
      WorkloadRef target,
      DemandTrace trace,
      Options options,
      Optional<Controller> controller) {
    return loop(
        scenario,
        target,
        trace,
        options,
        controller.map(c -> (ports, clock) -> c.build(ports, clock)::reconcile),
        controller.isPresent() ? Optional.of(MANUAL) : Optional.empty(),
        sim -> {});
  }

  /**
   * A controlled run in which nobody records the demand: the workload's own annotations (a
   * scheduled window, {@code aksburst.dev/windows}) must bring it, and {@code timers} run every
   * {@link Options#reconcileEvery()} from the start. The trace is only what the metrics measure
   * against (unmet pod-seconds, time to full capacity).
   */
  public static Run runWithTimers(
      SimScenario scenario, WorkloadRef target, DemandTrace trace, Options options, Timers timers) {
    return loop(scenario, target, trace, options, Optional.of(timers), Optional.empty(), sim -> {});
  }

  /** As {@link #runWithTimers}, with {@code prepare} run on the cluster before the first step. */
  public static Run runWithTimers(
      SimScenario scenario,
      WorkloadRef target,
      DemandTrace trace,
      Options options,
      Timers timers,
      Consumer<SimCluster> prepare) {
    return loop(scenario, target, trace, options, Optional.of(timers), Optional.empty(), prepare);
  }

  private static Run loop(
      SimScenario scenario,
      WorkloadRef target,
      DemandTrace trace,
      Options options,
      Optional<Timers> controller,
      Optional<Recorder> recorder,
      Consumer<SimCluster> prepare) {
    SimCluster sim = SimCluster.start(scenario);
    prepare.accept(sim);
    Optional<Consumer<ReconcileContext>> reconciler =
        controller.map(c -> c.build(sim.ports(), sim.clock()));
    boolean hpa =
        scenario.workloads().stream().anyMatch(w -> w.ref().equals(target) && w.hpa().isPresent());
    int base =
        scenario.workloads().stream()
            .filter(w -> w.ref().equals(target))
            .mapToInt(SimWorkloadSpec::replicas)
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException(target + " is not a workload of the scenario"));
    Instant start = sim.now();
    List<StepMetrics> out = new ArrayList<>();
    int lastDemand = -1;
    double unmet = 0;
    Instant nextReconcile = start;
    for (Duration t = Duration.ZERO;
        t.compareTo(options.duration()) <= 0;
        t = t.plus(options.step())) {
      int demand = trace.replicasAt(t);
      boolean changed = demand != lastDemand;
      if (changed && recorder.isPresent()) {
        recorder.get().record(sim, target, demand, lastDemand, base);
      } else if (changed && reconciler.isEmpty()) {
        applyDemand(sim, target, demand, base, false, hpa);
      }
      boolean demandTrigger = changed && recorder.isPresent();
      lastDemand = demand;
      if (reconciler.isPresent() && (demandTrigger || !sim.now().isBefore(nextReconcile))) {
        reconciler.get().accept(ReconcileContext.of(demandTrigger ? "whatif" : "timer"));
        nextReconcile = sim.now().plus(options.reconcileEvery());
      }
      int ready = sim.readyOnVm(target) + sim.readyOnVirtual(target);
      out.add(
          new StepMetrics(
              t,
              demand,
              sim.readyOnVm(target),
              sim.readyOnVirtual(target),
              sim.notReady(target),
              sim.vmNodeCount(),
              scenario.pools().stream().mapToInt(p -> sim.readyVmNodes(p.name())).sum(),
              unmet,
              sim.cost().total()));
      sim.advance(options.step());
      unmet += Math.max(0, demand - ready) * (options.step().toNanos() / 1e9);
    }
    return new Run(out, sim.cost());
  }

  private static final Recorder MANUAL =
      (sim, target, demand, previous, base) -> applyDemand(sim, target, demand, base, true, false);

  private static void applyDemand(
      SimCluster sim, WorkloadRef target, int demand, int base, boolean controlled, boolean hpa) {
    if (controlled && demand <= base) {
      Instant now = sim.now();
      sim.ports()
          .intents()
          .update(
              target,
              st ->
                  st.intents().stream()
                      .filter(i -> i.id().equals(DEMAND_INTENT_ID) && i.activeAt(now))
                      .findFirst()
                      .map(i -> st.withIntent(i.withUntil(Optional.of(now), now)))
                      .orElse(st));
    } else if (controlled) {
      Instant now = sim.now();
      Intent intent =
          new Intent(
              DEMAND_INTENT_ID,
              IntentSource.MANUAL,
              target,
              demand,
              now,
              Optional.empty(),
              "what-if demand trace",
              Optional.empty(),
              now);
      sim.ports().intents().update(target, st -> st.withIntent(intent));
    } else if (hpa) {
      sim.setLoad(target, demand);
    } else {
      sim.scale(target, demand);
    }
  }
}
