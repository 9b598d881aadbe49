package dev.aksburst.function;

import static dev.aksburst.testing.FunctionMocks.context;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.Window;
import dev.aksburst.model.WorkloadPolicy;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.testing.Apps;
import dev.aksburst.testing.InMemoryCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TimerFunctionsTest {
  static final WorkloadRef WEB = WorkloadRef.of("shop", "web");
  static final String PAST_DUE =
      "{\"Schedule\":{\"AdjustForDST\":true},\"ScheduleStatus\":{\"Last\":\"2025-03-30T00:00:00+00:00\","
          + "\"Next\":\"2025-03-30T00:01:00+00:00\",\"LastUpdated\":\"2025-03-30T00:00:00+00:00\"},"
          + "\"IsPastDue\":true}";

  static WorkloadPolicy windows(Window... w) {
    return new WorkloadPolicy(
        OptionalInt.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        List.of(w),
        OptionalInt.empty(),
        Optional.empty());
  }

  @Test
  void scheduleRecordsTheOpenWindowOnceEvenWhenTheTimerRunsLate() {
    // 09:00-17:00 Berlin on the day clocks go forward; the timer runs late at 10:47 local.
    Instant now = Instant.parse("2025-03-30T08:47:30Z");
    InMemoryCluster c = InMemoryCluster.of(Apps.CLUSTER_A, now);
    Window office = new Window("0 9 * * *", "0 17 * * *", "Europe/Berlin", 6, Optional.empty());
    Window night = new Window("0 22 * * *", "0 23 * * *", "Europe/Berlin", 9, Optional.empty());
    Window broken = new Window("61 9 * * *", "0 17 * * *", "Europe/Berlin", 9, Optional.empty());
    c.add(InMemoryCluster.workload("shop", "web", 2, windows(office, night, broken)));
    ScheduleFunction f = new ScheduleFunction(Apps.app(now, c));
    f.run(PAST_DUE, context());
    f.run(null, context());
    List<Intent> intents = c.state(WEB).intents();
    assertThat(intents).hasSize(1);
    Intent i = intents.get(0);
    assertThat(i.source()).isEqualTo(IntentSource.SCHEDULE);
    assertThat(i.from()).isEqualTo(Instant.parse("2025-03-30T07:00:00Z"));
    assertThat(i.until()).contains(Instant.parse("2025-03-30T15:00:00Z"));
    assertThat(i.id()).isEqualTo("window:0 9 * * *|0 17 * * *|Europe/Berlin@2025-03-30T07:00:00Z");
    assertThat(c.writes).contains("scale shop/web=6");
  }

  @Test
  void leadTimeRecordsTheFloorBeforeTheWindowOpens() {
    Instant now = Instant.parse("2025-06-02T12:40:00Z"); // 08:40 New York
    InMemoryCluster c = InMemoryCluster.of(Apps.CLUSTER_A, now);
    Window w =
        new Window(
            "0 9 * * 1-5",
            "0 18 * * 1-5",
            "America/New_York",
            8,
            Optional.of(Duration.ofMinutes(30)));
    c.add(InMemoryCluster.workload("shop", "web", 2, windows(w)));
    new ScheduleFunction(Apps.app(now, c)).run("{\"IsPastDue\":false}", context());
    Intent i = c.state(WEB).intents().get(0);
    assertThat(i.from()).isEqualTo(Instant.parse("2025-06-02T13:00:00Z"));
    assertThat(i.leadTime()).contains(Duration.ofMinutes(30));
    assertThat(i.activeAt(now)).isFalse();
    assertThat(i.prewarmAt(now)).isTrue();
  }

  @Test
  void reconcileTimerReconcilesEveryCluster() {
    Instant now = Instant.parse("2025-06-02T12:40:00Z");
    InMemoryCluster a = InMemoryCluster.of(Apps.CLUSTER_A, now);
    InMemoryCluster b = InMemoryCluster.of(Apps.CLUSTER_B, now);
    b.add(InMemoryCluster.workload("shop", "web", 2, WorkloadPolicy.DEFAULTS));
    b.putState(
        WEB,
        dev.aksburst.model.BurstState.EMPTY.withIntent(
            new Intent(
                "manual:shop/web:x",
                IntentSource.MANUAL,
                WEB,
                4,
                now.minusSeconds(60),
                Optional.of(now.plusSeconds(600)),
                "",
                Optional.empty(),
                now.minusSeconds(60))));
    new ReconcileFunction(Apps.app(now, a, b)).run(PAST_DUE, context());
    assertThat(a.reads()).as("observed once, nothing to write").isEqualTo(1);
    assertThat(b.reads()).as("observed once, read again by the stale-plan guard").isEqualTo(2);
    assertThat(b.writes).contains("scale shop/web=4").doesNotContain("scale shop/web=2");
  }
}
