package dev.aksburst.function;

import static dev.aksburst.testing.FunctionMocks.body;
import static dev.aksburst.testing.FunctionMocks.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;

import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.testing.Apps;
import dev.aksburst.testing.InMemoryCluster;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InvocationLogTest {
  final InMemoryLogRecordExporter exporter = InMemoryLogRecordExporter.create();
  final SdkLoggerProvider provider =
      SdkLoggerProvider.builder()
          .addLogRecordProcessor(SimpleLogRecordProcessor.create(exporter))
          .build();
  final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setLoggerProvider(provider).build();

  /** What the worker's invocation logger received. */
  final List<LogRecord> invocationLog = new CopyOnWriteArrayList<>();

  final Logger workerLogger = Logger.getAnonymousLogger();

  @BeforeEach
  void setUp() {
    workerLogger.setUseParentHandlers(false);
    workerLogger.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            invocationLog.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
    InvocationLog.useOpenTelemetry(() -> otel);
  }

  @AfterEach
  void tearDown() {
    InvocationLog.useOpenTelemetry(GlobalOpenTelemetry::get);
    provider.close();
  }

  ExecutionContext context(String invocationId) {
    ExecutionContext ctx = mock(ExecutionContext.class);
    doReturn(workerLogger).when(ctx).getLogger();
    doReturn(invocationId).when(ctx).getInvocationId();
    return ctx;
  }

  static List<String> messages(List<LogRecord> records) {
    return records.stream().map(LogRecord::getMessage).toList();
  }

  @Test
  void theAppsAndTheSdksLinesOfTheInvocationThreadReachItsLogWithStructuredDimensions() {
    WorkloadRef web = WorkloadRef.of("shop", "web");
    try (InvocationLog routed = InvocationLog.open(context("inv-1"), "alert")) {
      Logger.getLogger("dev.aksburst.app.Something").info("plain app line");
      Logger.getLogger("com.azure.core.http.policy.HttpLoggingPolicy")
          .warning("ARM answered 403 AuthorizationFailed");
      Logger.getLogger("io.fabric8.kubernetes.client.Config").fine("below INFO: not routed");
      Logger.getLogger("dev.aksburst.reconcile.Applier")
          .log(
              Level.INFO,
              "[trigger=alert correlationId=corr-9] applied ScaleDeployment shop/web",
              new Object[] {ReconcileContext.of("eventgrid", "corr-9"), web});
    }
    Logger.getLogger("dev.aksburst.app.Something").info("after the invocation: not routed");

    assertThat(messages(invocationLog))
        .containsExactly(
            "plain app line",
            "ARM answered 403 AuthorizationFailed",
            "[trigger=alert correlationId=corr-9] applied ScaleDeployment shop/web");
    assertThat(invocationLog.get(1).getLevel()).isEqualTo(Level.WARNING);
    assertThat(invocationLog.get(1).getLoggerName())
        .isEqualTo("com.azure.core.http.policy.HttpLoggingPolicy");

    List<LogRecordData> records = exporter.getFinishedLogRecordItems();
    assertThat(records).hasSize(3);
    LogRecordData plain = records.get(0);
    assertThat(plain.getBodyValue().asString()).isEqualTo("plain app line");
    assertThat(plain.getAttributes().get(InvocationLog.TRIGGER)).isEqualTo("alert");
    assertThat(plain.getAttributes().get(InvocationLog.CORRELATION_ID)).isEqualTo("inv-1");
    assertThat(plain.getAttributes().get(InvocationLog.DEPLOYMENT)).isNull();
    assertThat(records.get(1).getSeverityText()).isEqualTo("WARNING");
    LogRecordData applied = records.get(2);
    assertThat(applied.getAttributes().get(InvocationLog.TRIGGER)).isEqualTo("eventgrid");
    assertThat(applied.getAttributes().get(InvocationLog.CORRELATION_ID)).isEqualTo("corr-9");
    assertThat(applied.getAttributes().get(InvocationLog.NAMESPACE)).isEqualTo("shop");
    assertThat(applied.getAttributes().get(InvocationLog.DEPLOYMENT)).isEqualTo("web");
    assertThat(applied.getAttributes().get(InvocationLog.LOGGER))
        .isEqualTo("dev.aksburst.reconcile.Applier");
  }

  @Test
  void anotherThreadsLinesStayOutOfTheInvocationsLog() throws InterruptedException {
    try (InvocationLog routed = InvocationLog.open(context("inv-2"), "timer")) {
      Thread other =
          new Thread(() -> Logger.getLogger("dev.aksburst.app.Other").info("other thread"));
      other.start();
      other.join();
    }
    assertThat(invocationLog).isEmpty();
    assertThat(exporter.getFinishedLogRecordItems()).isEmpty();
  }

  @Test
  void aFiredAlertsAppliedWritesReachTheAlertInvocationsLogNamingTheWorkload() {
    InMemoryCluster cluster =
        InMemoryCluster.of(Apps.CLUSTER_A, AlertFunctionTest.NOW)
            .add(InMemoryCluster.workload("shop", "web", 2, AlertFunctionTest.policy(List.of())));
    AlertFunction f = new AlertFunction(Apps.app(AlertFunctionTest.NOW, cluster));
    String fired =
        AlertFunctionTest.alert(
            "cpu-high", "Fired", "2025-04-15T18:00:00Z", null, AlertFunctionTest.TARGET, "");

    assertThat(
            body(f.run(request(HttpMethod.POST, "/api/alerts", fired, Map.of()), context("a-7")))
                .path("reconcile")
                .path("status")
                .asText())
        .isEqualTo("DONE");

    assertThat(messages(invocationLog))
        .anySatisfy(
            m ->
                assertThat(m)
                    .startsWith("[trigger=alert correlationId=a-7] applied ScaleDeployment"));
    assertThat(exporter.getFinishedLogRecordItems())
        .filteredOn(r -> r.getBodyValue().asString().contains("applied ScaleDeployment"))
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.getAttributes().get(InvocationLog.TRIGGER)).isEqualTo("alert");
              assertThat(r.getAttributes().get(InvocationLog.CORRELATION_ID)).isEqualTo("a-7");
              assertThat(r.getAttributes().get(InvocationLog.NAMESPACE)).isEqualTo("shop");
              assertThat(r.getAttributes().get(InvocationLog.DEPLOYMENT)).isEqualTo("web");
            });
  }

  @Test
  void anInvocationLoggerWithoutHandlersOfItsOwnGetsNoCopyButTheRecordStillCarriesItsDimensions() {
    Logger local = Logger.getLogger("Function.LocalHostLike");
    List<LogRecord> reachedLocal = new CopyOnWriteArrayList<>();
    Logger.getLogger("Function")
        .addHandler(
            new Handler() {
              @Override
              public void publish(LogRecord r) {
                reachedLocal.add(r);
              }

              @Override
              public void flush() {}

              @Override
              public void close() {}
            });
    ExecutionContext ctx = mock(ExecutionContext.class);
    doReturn(local).when(ctx).getLogger();
    doReturn("inv-3").when(ctx).getInvocationId();
    try (InvocationLog routed = InvocationLog.open(ctx, "manual")) {
      Logger.getLogger("dev.aksburst.app.Something").info("printed once by the root handlers");
    }
    assertThat(reachedLocal).isEmpty();
    assertThat(exporter.getFinishedLogRecordItems())
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.getAttributes().get(InvocationLog.CORRELATION_ID)).isEqualTo("inv-3"));
  }
}
