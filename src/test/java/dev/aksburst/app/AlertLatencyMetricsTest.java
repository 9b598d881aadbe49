package dev.aksburst.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.intent.AlertParser;
import dev.aksburst.model.BurstSize;
import dev.aksburst.model.WorkloadPolicy;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.reconcile.ReconcileResult;
import dev.aksburst.testing.Apps;
import dev.aksburst.testing.InMemoryCluster;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The app as built for the Function App measures a fired alert's latency to its first write. */
class AlertLatencyMetricsTest {
  static final Instant NOW = Instant.parse("2025-04-15T18:20:00Z");

  static InMemoryCluster cluster() {
    WorkloadPolicy policy =
        new WorkloadPolicy(
            OptionalInt.of(50),
            Optional.of(new BurstSize.Absolute(20)),
            Optional.of(Duration.ofMinutes(10)),
            List.of(),
            List.of(),
            OptionalInt.empty(),
            Optional.empty());
    return InMemoryCluster.of(Apps.CLUSTER_A, NOW)
        .add(InMemoryCluster.workload("shop", "web", 2, policy));
  }

  final InMemoryMetricReader reader = InMemoryMetricReader.create();
  final SdkMeterProvider provider = SdkMeterProvider.builder().registerMetricReader(reader).build();

  @AfterEach
  void close() {
    provider.close();
  }

  AksBurst app(InMemoryCluster cluster) {
    return AksBurst.create(
        Settings.parse(Map.of(Settings.CLUSTER_ID, cluster.clusterId)),
        List.of(cluster.ports()),
        Apps.FLOOR_PLANNER,
        Clock.fixed(NOW, ZoneOffset.UTC),
        OpenTelemetrySdk.builder().setMeterProvider(provider).build());
  }

  static String fired() {
    // Fired at 18:00, received at 18:20 (the app's clock): 1200 s of Azure Monitor delay.
    return """
        {"schemaId":"azureMonitorCommonAlertSchema","data":{
          "essentials":{"alertId":"/x","alertRule":"cpu-high","severity":"Sev3","signalType":"Metric",
            "monitorCondition":"Fired","alertTargetIDs":["%s"],
            "firedDateTime":"2025-04-15T18:00:00Z"},
          "alertContext":{},
          "customProperties":{"aksburst.namespace":"shop","aksburst.deployment":"web"}}}
        """
        .formatted(Apps.CLUSTER_A);
  }

  @Test
  void aFiredAlertThatRaisedTheDeploymentIsMeasuredFromFiredTimeAndFromReceipt() {
    InMemoryCluster cluster = cluster();
    AlertIntake.Outcome outcome =
        app(cluster).alerts().handle(AlertParser.parse(fired()), ReconcileContext.of("alert"));

    assertThat(((AlertIntake.Recorded) outcome).reconcile().status())
        .isEqualTo(ReconcileResult.Status.DONE);
    Collection<MetricData> all = reader.collectAllMetrics();
    MetricData latency =
        all.stream()
            .filter(m -> m.getName().equals(BurstMetrics.ALERT_TO_FIRST_WRITE))
            .findFirst()
            .orElseThrow();
    assertThat(latency.getHistogramData().getPoints())
        .extracting(p -> p.getAttributes().get(BurstMetrics.SINCE), p -> p.getSum())
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("fired", 1200.0),
            org.assertj.core.groups.Tuple.tuple("received", 0.0));
  }

  @Test
  void aDuplicateAlertAnsweredWithoutAnotherReconcileWritesNothingAndIsNotMeasuredAgain() {
    AksBurst app = app(cluster());
    app.alerts().handle(AlertParser.parse(fired()), ReconcileContext.of("alert"));
    AlertIntake.Recorded again =
        (AlertIntake.Recorded)
            app.alerts().handle(AlertParser.parse(fired()), ReconcileContext.of("alert"));

    assertThat(again.reconcile().status()).isEqualTo(ReconcileResult.Status.COALESCED);
    assertThat(reader.collectAllMetrics())
        .filteredOn(m -> m.getName().equals(BurstMetrics.ALERT_TO_FIRST_WRITE))
        .singleElement()
        .satisfies(
            m ->
                assertThat(m.getHistogramData().getPoints())
                    .allSatisfy(p -> assertThat(p.getCount()).isEqualTo(1)));
  }
}
