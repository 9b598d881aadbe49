package dev.aksburst.interference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.contract.Annotations;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimScenario;
import dev.aksburst.sim.SimWorkloadSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clocks that disagree: alerts whose sender's clock is not the receiver's (a {@code firedDateTime}
 * ahead of the receipt, a retried Fired later than its Resolved), and a window whose start falls in
 * the hour a daylight-saving change skips. The floor starts when the alert is received and ends at
 * the Resolved plus the hold, whatever the timestamps say; the window runs when the clocks jump.
 */
class SkewedClockScenariosTest {
  static final Logger QUIET = Logger.getLogger("dev.aksburst");
  static Level before;

  @BeforeAll
  static void quiet() {
    before = QUIET.getLevel();
    QUIET.setLevel(Level.OFF);
  }

  @AfterAll
  static void loud() {
    QUIET.setLevel(before);
  }

  /** A common-schema alert for nginx-vn, with the times the sender stamped. */
  static String alert(String condition, Instant fired, Instant resolved) {
    return """
        {"schemaId":"azureMonitorCommonAlertSchema","data":{
          "essentials":{"alertId":"/subscriptions/s/providers/Microsoft.AlertsManagement/alerts/a1",
            "alertRule":"nginx-cpu","severity":"Sev3","signalType":"Metric",
            "monitorCondition":"%s","alertTargetIDs":["/subscriptions/s/resourceGroups/g"],
            "firedDateTime":"%s"%s},
          "alertContext":{"conditionType":"SingleResourceMultipleMetricCriteria","condition":{
            "allOf":[{"metricName":"cpu","operator":"GreaterThan","threshold":"80",
              "dimensions":[],"metricValue":95}]}},
          "customProperties":{"aksburst.namespace":"virtualnode","aksburst.deployment":"nginx-vn"}}}
        """
        .formatted(
            condition, fired, resolved == null ? "" : ",\"resolvedDateTime\":\"" + resolved + "\"");
  }

  @Test
  void aFiredStampedTenMinutesAheadStartsTheFloorNowAndAnEarlyResolvedEndsIt() {
    InterferenceWorld w =
        new InterferenceWorld(
            InterferenceScenariosTest.seedAt(2), InterferenceScenariosTest.seedLimits(2));
    Instant skewedFire = w.sim.now().plus(Duration.ofMinutes(10));
    w.postAlert(alert("Fired", skewedFire, null));
    w.run(Duration.ofMinutes(2));
    assertThat(w.sim.specReplicas(w.workload()))
        .as("the floor starts when the alert is received, not at the sender's future time")
        .isEqualTo(20);

    // Resolved 5 minutes after receipt: still before the sender's firedDateTime.
    w.run(Duration.ofMinutes(3));
    w.postAlert(alert("Resolved", skewedFire, w.sim.now()));
    w.run(Duration.ofMinutes(90));

    w.invariants.assertSettled();
  }

  @Test
  void aResolvedBeforeTheDelayedFiredOfTheSameFiringIsNotReopenedByIt() {
    InterferenceWorld w =
        new InterferenceWorld(
            InterferenceScenariosTest.seedAt(2), InterferenceScenariosTest.seedLimits(2));
    // The monitor stamps the firing 10 minutes ahead; its Resolved overtakes the Fired.
    Instant fired = w.sim.now().plus(Duration.ofMinutes(10));
    w.postAlert(alert("Resolved", fired, w.sim.now()));
    w.run(Duration.ofMinutes(1));
    // The Fired of the same firing (its retry, a firedDateTime later than resolvedDateTime).
    w.postAlert(alert("Fired", fired, null));
    w.run(Duration.ofMinutes(90));

    w.invariants.assertSettled();
  }

  @Test
  void aWindowStartingInTheSkippedHourOfSpringForwardRunsWhenTheClocksJump() {
    // New York, 2025-03-09: 02:00 EST jumps to 03:00 EDT (07:00Z); the window opens at 02:30.
    Map<String, String> annotations = new HashMap<>(SeedScenario.ANNOTATIONS);
    annotations.put(
        Annotations.WINDOWS,
        "[{\"start\":\"30 2 * * *\",\"end\":\"0 4 * * *\",\"timezone\":\"America/New_York\","
            + "\"replicas\":10}]");
    SimWorkloadSpec seed = SeedScenario.workload(2);
    SimScenario base = SeedScenario.scenario();
    SimScenario scenario =
        new SimScenario(
            base.clusterId(),
            Instant.parse("2025-03-09T06:30:00Z"),
            base.pools(),
            true,
            List.of(
                new SimWorkloadSpec(
                    seed.ref(),
                    seed.labels(),
                    annotations,
                    2,
                    seed.requests(),
                    seed.placement(),
                    Optional.empty())),
            base.settings());
    InterferenceWorld w =
        new InterferenceWorld(scenario, InterferenceScenariosTest.seedLimits(2)).bothTimers();
    w.runUntil(
        "the clocks' jump",
        () -> !w.sim.now().isBefore(Instant.parse("2025-03-09T07:02:00Z")),
        Duration.ofHours(1));
    assertThat(w.sim.specReplicas(w.workload()))
        .as("the window runs from 03:00 EDT, the first valid time after 02:30")
        .isEqualTo(10);
    w.run(Duration.ofMinutes(100));

    w.invariants.assertSettled();
  }
}
