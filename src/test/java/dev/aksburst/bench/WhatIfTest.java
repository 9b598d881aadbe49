package dev.aksburst.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aksburst.model.Intent;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.Plan;
import dev.aksburst.plan.PlannerConfig;
import dev.aksburst.reconcile.Reconciler;
import dev.aksburst.sim.SeedScenario;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WhatIfTest {
  private static final DemandTrace SEED_TRACE =
      DemandTrace.of(
          DemandTrace.at(Duration.ZERO, 1),
          DemandTrace.at(Duration.ofMinutes(1), 20),
          DemandTrace.at(Duration.ofMinutes(20), 2));
  private static final WhatIf.Options OPTIONS =
      new WhatIf.Options(Duration.ofSeconds(10), Duration.ofMinutes(25), Duration.ofMinutes(1));

  @Test
  void withoutTheControllerTheBurstWaitsForAciAndThePoolNeverGrows() {
    List<StepMetrics> steps =
        WhatIf.run(
            SeedScenario.scenario(), SeedScenario.NGINX_VN, SEED_TRACE, OPTIONS, Optional.empty());
    assertThat(steps).hasSize(151);
    StepMetrics beforeBurst = steps.get(5);
    assertThat(beforeBurst.ready()).isEqualTo(1);
    assertThat(beforeBurst.unmetPodSeconds()).isZero();
    StepMetrics burst = steps.get(6 + 12);
    assertThat(burst.demand()).isEqualTo(20);
    assertThat(burst.readyOnVm()).isEqualTo(3);
    assertThat(burst.readyOnVirtual()).isEqualTo(17);
    assertThat(burst.unmetPodSeconds())
        .as("17 ACI pods waited about 45 s each, 2 VM pods about 5 s")
        .isBetween(17 * 30.0, 17 * 70.0);
    assertThat(steps).allMatch(s -> s.vmNodes() == 1);
    StepMetrics end = steps.get(steps.size() - 1);
    assertThat(end.readyOnVm()).isEqualTo(2);
    assertThat(end.readyOnVirtual()).isZero();
    assertThat(end.cost()).isGreaterThan(burst.cost());
  }

  @Test
  void withAControllerTheDemandArrivesAsAnIntentAndIsReconciled() {
    // A planner that only scales to the highest intent: enough to show the wiring.
    WhatIf.Controller controller =
        (ports, clock) ->
            new Reconciler(
                ports,
                (snapshot, intents, config, now) -> {
                  WorkloadView w = snapshot.workloads().get(0);
                  int floor =
                      intents.stream()
                          .filter(i -> i.activeAt(now))
                          .mapToInt(Intent::replicas)
                          .max()
                          .orElse(w.specReplicas());
                  return floor == w.specReplicas()
                      ? Plan.EMPTY
                      : new Plan(
                          List.of(
                              new Action.ScaleDeployment(
                                  w.ref(),
                                  floor,
                                  w.specReplicas(),
                                  Optional.empty(),
                                  "TestPolicy",
                                  "follow the floor")),
                          List.of());
                },
                PlannerConfig.DEFAULTS,
                clock,
                dev.aksburst.reconcile.ApplyMode.WRITE,
                dev.aksburst.reconcile.Reconciler.Timing.waiting(Duration.ZERO),
                "whatif-test");
    List<StepMetrics> steps =
        WhatIf.run(
            SeedScenario.scenario(),
            SeedScenario.NGINX_VN,
            SEED_TRACE,
            OPTIONS,
            Optional.of(controller));
    assertThat(steps.get(6 + 12).ready()).isEqualTo(20);
    assertThat(steps.get(steps.size() - 1).ready()).isEqualTo(2);
  }

  @Test
  void demandBackAtTheStartingReplicasEndsTheDemandIntent() {
    List<List<Intent>> seen = new java.util.ArrayList<>();
    WhatIf.Controller watcher =
        (ports, clock) ->
            new Reconciler(
                ports,
                (snapshot, intents, config, now) -> {
                  seen.add(List.copyOf(intents));
                  return Plan.EMPTY;
                },
                PlannerConfig.DEFAULTS,
                clock,
                dev.aksburst.reconcile.ApplyMode.WRITE,
                dev.aksburst.reconcile.Reconciler.Timing.waiting(Duration.ZERO),
                "whatif-test");
    DemandTrace spike =
        DemandTrace.of(
            DemandTrace.at(Duration.ZERO, 1),
            DemandTrace.at(Duration.ofMinutes(1), 20),
            DemandTrace.at(Duration.ofMinutes(3), 1));
    WhatIf.run(
        SeedScenario.scenario(),
        SeedScenario.NGINX_VN,
        spike,
        new WhatIf.Options(Duration.ofSeconds(10), Duration.ofMinutes(4), Duration.ofMinutes(1)),
        Optional.of(watcher));
    assertThat(seen.get(0)).as("the starting demand records nothing").isEmpty();
    Intent first = seen.stream().filter(l -> !l.isEmpty()).findFirst().orElseThrow().get(0);
    assertThat(first.id()).isEqualTo(WhatIf.DEMAND_INTENT_ID);
    assertThat(first.until()).isEmpty();
    Intent last = seen.get(seen.size() - 1).get(0);
    assertThat(last.replicas()).isEqualTo(20);
    assertThat(last.until()).hasValue(SeedScenario.START.plus(Duration.ofMinutes(3)));
  }

  @Test
  void runWithCostReportsNodeAndAciSecondsOfTheWholeRun() {
    WhatIf.Run run =
        WhatIf.runWithCost(
            SeedScenario.scenario(), SeedScenario.NGINX_VN, SEED_TRACE, OPTIONS, Optional.empty());
    assertThat(run.steps()).hasSize(151);
    assertThat(run.cost().vmNodeSeconds())
        .as("one node for the 25 minutes and the last 10 s step")
        .isBetween(25 * 60.0, 25 * 60.0 + 20);
    assertThat(run.cost().aciPodSeconds())
        .as("17 ACI pods from bind at about 1 min until the scale-in at 20 min")
        .isBetween(17 * 18 * 60.0, 17 * 20 * 60.0);
    assertThat(run.cost().total())
        .isEqualTo(run.steps().get(run.steps().size() - 1).cost(), within(0.01));
  }

  @Test
  void demandTraceIsAStepFunction() {
    assertThat(SEED_TRACE.replicasAt(Duration.ofSeconds(59))).isEqualTo(1);
    assertThat(SEED_TRACE.replicasAt(Duration.ofMinutes(1))).isEqualTo(20);
    assertThat(SEED_TRACE.replicasAt(Duration.ofHours(1))).isEqualTo(2);
    assertThat(SEED_TRACE.lastChange()).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  void runWithTimersRecordsNoDemandAndRunsTheTimersEveryPeriodFromTheStart() {
    List<java.time.Instant> ticks = new java.util.ArrayList<>();
    List<String> triggers = new java.util.ArrayList<>();
    WhatIf.Run run =
        WhatIf.runWithTimers(
            SeedScenario.scenario(),
            SeedScenario.NGINX_VN,
            SEED_TRACE,
            OPTIONS,
            (ports, clock) ->
                ctx -> {
                  ticks.add(clock.instant());
                  triggers.add(ctx.trigger());
                  assertThat(ports.intents().read(SeedScenario.NGINX_VN).intents())
                      .as("nobody records the trace's demand")
                      .isEmpty();
                });
    assertThat(ticks).hasSize(26);
    assertThat(ticks.get(1)).isEqualTo(ticks.get(0).plus(Duration.ofMinutes(1)));
    assertThat(triggers).containsOnly("timer");
    StepMetrics burst = run.steps().get(6 + 12);
    assertThat(burst.demand()).isEqualTo(20);
    assertThat(burst.ready()).as("timers that do nothing leave the workload at 1").isEqualTo(1);
    assertThat(burst.unmetPodSeconds()).isEqualTo(19 * 10.0 * 12);
  }

  @Test
  void anAlertTraceFiresAtTheRiseResolvesAtTheFallAndKeepsTheRestAsAManualFloor() {
    List<List<Intent>> seen = new java.util.ArrayList<>();
    List<List<dev.aksburst.model.PastBurst>> histories = new java.util.ArrayList<>();
    WhatIf.Controller watcher =
        (ports, clock) ->
            new Reconciler(
                ports,
                (snapshot, intents, config, now) -> {
                  seen.add(List.copyOf(intents));
                  histories.add(snapshot.workloads().get(0).state().history());
                  return Plan.EMPTY;
                },
                PlannerConfig.DEFAULTS,
                clock,
                dev.aksburst.reconcile.ApplyMode.WRITE,
                dev.aksburst.reconcile.Reconciler.Timing.waiting(Duration.ZERO),
                "whatif-test");
    String alertId = "alert:rule:" + SeedScenario.NGINX_VN;
    dev.aksburst.model.PastBurst earlier =
        new dev.aksburst.model.PastBurst(
            alertId, Duration.ofMinutes(19), SeedScenario.START.minus(Duration.ofDays(1)));
    WhatIf.runAsAlert(
        SeedScenario.scenario(),
        SeedScenario.NGINX_VN,
        SEED_TRACE,
        OPTIONS,
        watcher,
        alertId,
        List.of(earlier));

    assertThat(histories.get(0))
        .as("the history is in the state before the first step")
        .containsExactly(earlier);
    Intent fired = seen.stream().filter(l -> !l.isEmpty()).findFirst().orElseThrow().get(0);
    assertThat(fired.id()).isEqualTo(alertId);
    assertThat(fired.source()).isEqualTo(dev.aksburst.model.IntentSource.ALERT);
    assertThat(fired.replicas()).isEqualTo(20);
    assertThat(fired.until()).isEmpty();
    List<Intent> last = seen.get(seen.size() - 1);
    Intent resolved = last.stream().filter(i -> i.id().equals(alertId)).findFirst().orElseThrow();
    assertThat(resolved.from()).isEqualTo(SeedScenario.START.plus(Duration.ofMinutes(1)));
    assertThat(resolved.until()).hasValue(SeedScenario.START.plus(Duration.ofMinutes(20)));
    Intent rest =
        last.stream().filter(i -> i.id().equals(WhatIf.DEMAND_INTENT_ID)).findFirst().orElseThrow();
    assertThat(rest.replicas()).as("the seed's 2 after the alert").isEqualTo(2);
    assertThat(rest.until()).isEmpty();
  }

  @Test
  void aRecurringAlertRemembersEachEndedOccurrence() {
    DemandTrace twice =
        DemandTrace.of(
            DemandTrace.at(Duration.ZERO, 1),
            DemandTrace.at(Duration.ofMinutes(1), 5),
            DemandTrace.at(Duration.ofMinutes(6), 1),
            DemandTrace.at(Duration.ofMinutes(10), 5),
            DemandTrace.at(Duration.ofMinutes(14), 1));
    List<List<dev.aksburst.model.PastBurst>> histories = new java.util.ArrayList<>();
    WhatIf.Controller watcher =
        (ports, clock) ->
            new Reconciler(
                ports,
                (snapshot, intents, config, now) -> {
                  histories.add(snapshot.workloads().get(0).state().history());
                  return Plan.EMPTY;
                },
                PlannerConfig.DEFAULTS,
                clock,
                dev.aksburst.reconcile.ApplyMode.WRITE,
                dev.aksburst.reconcile.Reconciler.Timing.waiting(Duration.ZERO),
                "whatif-test");
    WhatIf.runAsAlert(
        SeedScenario.scenario(),
        SeedScenario.NGINX_VN,
        twice,
        new WhatIf.Options(Duration.ofSeconds(10), Duration.ofMinutes(16), Duration.ofMinutes(1)),
        watcher,
        "alert:rule:x",
        List.of());
    assertThat(histories.get(histories.size() - 1))
        .as("the first occurrence is remembered when the alert fires again")
        .extracting(dev.aksburst.model.PastBurst::length)
        .contains(Duration.ofMinutes(5));
  }
}
