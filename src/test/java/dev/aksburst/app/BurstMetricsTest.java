package dev.aksburst.app;

import static dev.aksburst.fixtures.Fixtures.POOL;
import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.VIRTUAL_NODE;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.snapshot;
import static dev.aksburst.fixtures.Fixtures.virtualNode;
import static dev.aksburst.fixtures.Fixtures.vmNode;
import static dev.aksburst.fixtures.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.intent.ParsedAlert;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.CapacityDecision;
import dev.aksburst.plan.EventReason;
import dev.aksburst.plan.Plan;
import dev.aksburst.reconcile.ActionOutcome;
import dev.aksburst.reconcile.EventRecorder;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.reconcile.ReconcileResult;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BurstMetricsTest {
  static final WorkloadRef WEB = ref("web");
  static final Attributes WEB_ATTRS =
      Attributes.of(BurstMetrics.NAMESPACE, WEB.namespace(), BurstMetrics.DEPLOYMENT, WEB.name());

  final InMemoryMetricReader reader = InMemoryMetricReader.create();
  final SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();
  final BurstMetrics metrics =
      new BurstMetrics(OpenTelemetrySdk.builder().setMeterProvider(provider).build());

  @AfterEach
  void close() {
    provider.close();
  }

  /** The burst half way: floor 20, 5 Ready on VMs and 8 Ready on ACI, so 7 below the floor. */
  static ClusterSnapshot halfWay(long secondsAfterT0) {
    WorkloadView web =
        workload("web")
            .replicas(20)
            .intents(alert(WEB, 20, T0))
            .pods(
                Stream.concat(pods("vm", 5, "vm-1").stream(), pods("aci", 8, VIRTUAL_NODE).stream())
                    .toList())
            .build();
    ClusterSnapshot s = snapshot().nodes(vmNode("vm-1"), virtualNode()).workloads(web).build();
    return new ClusterSnapshot(
        s.clusterId(),
        T0.plusSeconds(secondsAfterT0),
        s.workloads(),
        s.nodes(),
        s.disruptionBudgets(),
        s.pools(),
        s.poolStates(),
        s.problems());
  }

  static ReconcileResult result(ClusterSnapshot s, List<ActionOutcome> outcomes) {
    return new ReconcileResult.Done(
        ReconcileContext.of("timer"), Optional.of(s), Plan.EMPTY, outcomes, Optional.empty());
  }

  static Action.ScaleNodePool scalePool(int to) {
    return new Action.ScaleNodePool(
        POOL,
        PoolMode.MANUAL,
        to,
        1,
        OptionalInt.of(1),
        false,
        List.of(WEB),
        Optional.of(EventReason.NODE_POOL_SCALE_OUT),
        "PoolSizingPolicy",
        "size for the burst");
  }

  MetricData metric(Collection<MetricData> all, String name) {
    return all.stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError(
                    name
                        + " was not exported; exported: "
                        + all.stream().map(MetricData::getName).toList()));
  }

  static List<? extends PointData> points(MetricData m) {
    return new ArrayList<>(m.getData().getPoints());
  }

  @Test
  void eventsCountBurstsStartedAndEndedByWorkloadAndEveryReasonByName() {
    List<String> recorded = new ArrayList<>();
    EventRecorder inner = (w, reason, message, warning, ctx) -> recorded.add(reason);
    EventRecorder counted = metrics.counting(inner);
    ReconcileContext alert = ReconcileContext.of("alert", "corr-1");
    counted.record(WEB, EventReason.BURST_STARTED, "raise web 2 -> 20", false, alert);
    counted.record(WEB, EventReason.NODE_POOL_ERROR, "QuotaExceeded", true, alert);
    counted.record(WEB, EventReason.BURST_ENDED, "back to 2", false, ReconcileContext.of("timer"));

    assertThat(recorded)
        .containsExactly(
            EventReason.BURST_STARTED, EventReason.NODE_POOL_ERROR, EventReason.BURST_ENDED);
    Collection<MetricData> all = reader.collectAllMetrics();
    MetricData started = metric(all, "aksburst.bursts.started");
    assertThat(started.getUnit()).isEqualTo("{burst}");
    assertThat(started.getLongSumData().getPoints())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getValue()).isEqualTo(1);
              assertThat(p.getAttributes())
                  .isEqualTo(WEB_ATTRS.toBuilder().put(BurstMetrics.TRIGGER, "alert").build());
            });
    assertThat(metric(all, "aksburst.bursts.ended").getLongSumData().getPoints())
        .singleElement()
        .satisfies(p -> assertThat(p.getAttributes().get(BurstMetrics.TRIGGER)).isEqualTo("timer"));
    assertThat(metric(all, "aksburst.events").getLongSumData().getPoints())
        .extracting(
            p ->
                p.getAttributes().get(BurstMetrics.REASON)
                    + "/"
                    + p.getAttributes().get(BurstMetrics.TYPE),
            p -> p.getValue())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("BurstStarted/Normal", 1L),
            org.assertj.core.groups.Tuple.tuple("NodePoolError/Warning", 1L),
            org.assertj.core.groups.Tuple.tuple("BurstEnded/Normal", 1L));
  }

  @Test
  void reconcilesReportPoolWritesByOutcomeAndCodePodsOnVirtualNodesAndPodSecondsBelowFloor() {
    metrics.observe(
        result(halfWay(0), List.of(ActionOutcome.failed(scalePool(7), "QuotaExceeded", "quota"))));
    metrics.observe(result(halfWay(30), List.of(ActionOutcome.applied(scalePool(7)))));
    metrics.observe(result(halfWay(90), List.of()));

    Collection<MetricData> all = reader.collectAllMetrics();
    assertThat(metric(all, "aksburst.nodepool.writes").getLongSumData().getPoints())
        .extracting(
            p ->
                p.getAttributes().get(BurstMetrics.OUTCOME)
                    + "/"
                    + p.getAttributes().get(BurstMetrics.CODE),
            p -> p.getAttributes().get(BurstMetrics.POOL),
            p -> p.getValue())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("failed/QuotaExceeded", POOL, 1L),
            org.assertj.core.groups.Tuple.tuple("applied/none", POOL, 1L));

    Attributes cluster = WEB_ATTRS.toBuilder().put(BurstMetrics.CLUSTER, "test-cluster").build();
    assertThat(metric(all, "aksburst.pods.virtual_nodes").getLongGaugeData().getPoints())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getValue()).isEqualTo(8);
              assertThat(p.getAttributes()).isEqualTo(cluster);
            });
    // 7 pods missing from the floor for 90 s: 630 pod-seconds.
    MetricData below = metric(all, "aksburst.ready_below_floor");
    assertThat(below.getUnit()).isEqualTo("{pod}.s");
    assertThat(below.getDoubleSumData().getPoints())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getValue()).isEqualTo(630.0);
              assertThat(p.getAttributes()).isEqualTo(cluster);
            });
  }

  @Test
  void aGapLongerThanFiveMinutesIsNotCountedAsBelowFloor() {
    metrics.observe(result(halfWay(0), List.of()));
    metrics.observe(result(halfWay(BurstMetrics.MAX_GAP.toSeconds() + 1), List.of()));

    assertThat(reader.collectAllMetrics())
        .noneMatch(m -> m.getName().equals("aksburst.ready_below_floor"));
  }

  static CapacityDecision keptOnAci() {
    return new CapacityDecision(
        WEB,
        CapacityDecision.Route.ACI,
        CapacityDecision.Cause.ACI_CHEAPER,
        8,
        3,
        OptionalDouble.of(0.438),
        OptionalDouble.of(0.18),
        OptionalDouble.of(0.51),
        OptionalDouble.of(0.27),
        Duration.ofMinutes(90),
        "hold",
        "ACI costs less");
  }

  @Test
  void decisionsAreCountedByRouteAndCauseWithTheirHourlyPricesAndEachRoutesProjectedCost() {
    Plan plan = new Plan(List.of(), List.of(), List.of(keptOnAci()));
    ReconcileResult r =
        new ReconcileResult.Done(
            ReconcileContext.of("timer"),
            Optional.of(halfWay(0)),
            plan,
            List.of(),
            Optional.empty());
    metrics.observe(r);
    metrics.observe(r);

    Collection<MetricData> all = reader.collectAllMetrics();
    assertThat(metric(all, BurstMetrics.DECISIONS).getLongSumData().getPoints())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.getValue()).isEqualTo(2);
              assertThat(p.getAttributes())
                  .isEqualTo(
                      WEB_ATTRS.toBuilder()
                          .put(BurstMetrics.ROUTE, "aci")
                          .put(BurstMetrics.CAUSE, "ACI_CHEAPER")
                          .build());
            });
    MetricData hourly = metric(all, BurstMetrics.DECISION_USD_PER_HOUR);
    assertThat(hourly.getUnit()).isEqualTo("USD/h");
    assertThat(hourly.getDoubleGaugeData().getPoints())
        .extracting(p -> p.getAttributes().get(BurstMetrics.ROUTE), p -> p.getValue())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("vm", 0.438),
            org.assertj.core.groups.Tuple.tuple("aci", 0.18));
    assertThat(metric(all, BurstMetrics.DECISION_ROUTE_USD).getDoubleGaugeData().getPoints())
        .extracting(
            p -> p.getAttributes().get(BurstMetrics.ROUTE),
            p -> p.getAttributes().get(BurstMetrics.CHOSEN),
            p -> p.getValue())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("vm", false, 0.51),
            org.assertj.core.groups.Tuple.tuple("aci", true, 0.27));
  }

  static ParsedAlert fired(Instant at) {
    return new ParsedAlert(
        ParsedAlert.Schema.COMMON,
        "web-cpu",
        ParsedAlert.Condition.FIRED,
        "Metric",
        at,
        Optional.empty(),
        List.of(),
        Map.of(),
        Map.of(),
        OptionalDouble.empty(),
        OptionalDouble.empty());
  }

  @Test
  void alertToFirstWriteIsMeasuredFromFiredTimeAndFromReceiptOnlyWhenAWriteWasApplied() {
    ReconcileContext alert = ReconcileContext.of("alert", "corr-1");
    ReconcileResult wrote =
        new ReconcileResult.Done(
            alert,
            Optional.of(halfWay(0)),
            Plan.EMPTY,
            List.of(ActionOutcome.applied(scalePool(7))),
            Optional.empty());
    ReconcileResult nothing =
        new ReconcileResult.Done(
            alert, Optional.of(halfWay(0)), Plan.EMPTY, List.of(), Optional.empty());
    Instant received = T0.plusSeconds(95);
    metrics.alertHandled(fired(T0), received, wrote, received.plusMillis(1500));
    metrics.alertHandled(fired(T0), received, nothing, received.plusSeconds(3));

    MetricData latency = metric(reader.collectAllMetrics(), BurstMetrics.ALERT_TO_FIRST_WRITE);
    assertThat(latency.getUnit()).isEqualTo("s");
    assertThat(latency.getHistogramData().getPoints())
        .extracting(
            p -> p.getAttributes().get(BurstMetrics.SINCE),
            p -> p.getAttributes().get(BurstMetrics.TRIGGER),
            p -> p.getCount(),
            p -> p.getSum())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("fired", "alert", 1L, 96.5),
            org.assertj.core.groups.Tuple.tuple("received", "alert", 1L, 1.5));
    assertThat(latency.getHistogramData().getPoints())
        .allSatisfy(p -> assertThat(p.getBoundaries()).isEqualTo(BurstMetrics.LATENCY_BUCKETS));
  }

  @Test
  void everyEmittedMetricIsListedInMetrics() {
    alertToFirstWriteIsMeasuredFromFiredTimeAndFromReceiptOnlyWhenAWriteWasApplied();
    decisionsAreCountedByRouteAndCauseWithTheirHourlyPricesAndEachRoutesProjectedCost();
    reconcilesReportPoolWritesByOutcomeAndCodePodsOnVirtualNodesAndPodSecondsBelowFloor();
    metrics
        .counting((EventRecorder) (w, reason, message, warning, ctx) -> {})
        .record(WEB, EventReason.BURST_STARTED, "", false, ReconcileContext.of("alert"));
    metrics
        .counting((EventRecorder) (w, reason, message, warning, ctx) -> {})
        .record(WEB, EventReason.BURST_ENDED, "", false, ReconcileContext.of("alert"));
    Collection<MetricData> all = reader.collectAllMetrics();
    assertThat(all.stream().map(MetricData::getName))
        .containsExactlyInAnyOrderElementsOf(BurstMetrics.METRICS);
    assertThat(
            all.stream()
                .flatMap(m -> m.getData().getPoints().stream())
                .flatMap(p -> p.getAttributes().asMap().keySet().stream())
                .map(k -> k.getKey())
                .distinct())
        .containsExactlyInAnyOrderElementsOf(BurstMetrics.DIMENSIONS);
  }
}
