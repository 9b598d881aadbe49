package dev.aksburst.faults;

import static dev.aksburst.faults.FaultWorld.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.azure.functions.ExecutionContext;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import dev.aksburst.app.Problem;
import dev.aksburst.function.AlertFunction;
import dev.aksburst.function.BurstFunction;
import dev.aksburst.function.EventGridFunction;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.testing.FunctionMocks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input for every entry point that takes a body, against the simulated seed cluster: each
 * HTTP case is answered 4xx {@code application/problem+json} naming the field, each Event Grid case
 * is acknowledged (rejected, refused or ignored, never thrown back for a redelivery), and none
 * changes the cluster: spec replicas, the state annotation, pool counts and states, and Events are
 * the same before and after.
 */
class HostileInputTest {
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

  static final String BIG = "x".repeat(300 * 1024);

  static String burst(String fields) {
    return "{" + fields + "}";
  }

  static final String NS = "\"namespace\":\"virtualnode\"";
  static final String DEP = "\"deployment\":\"nginx-vn\"";

  /** {@code POST /api/bursts} bodies: the expected status and field. */
  static Stream<Arguments> bursts() {
    return Stream.of(
        Arguments.of("", 400, "body"),
        Arguments.of("   ", 400, "body"),
        Arguments.of("{", 400, "body"),
        Arguments.of("{\"namespace\":\"virtualnode\",", 400, "body"),
        Arguments.of("not json at all", 400, "body"),
        Arguments.of("<xml/>", 400, "body"),
        Arguments.of("[]", 400, "body"),
        Arguments.of("42", 400, "body"),
        Arguments.of("null", 400, "body"),
        Arguments.of("\"a string\"", 400, "body"),
        Arguments.of(burst(DEP + ",\"replicas\":5"), 400, "namespace"),
        Arguments.of(burst(NS + ",\"replicas\":5"), 400, "deployment"),
        Arguments.of(burst(NS + "," + DEP), 400, "replicas"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":null"), 400, "replicas"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":\"20\""), 400, "replicas"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":2.5"), 400, "replicas"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":true"), 400, "replicas"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":[20]"), 400, "replicas"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":-5"), 400, "replicas"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":0"), 400, "replicas"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":2147483648"), 400, "replicas"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":1e309"), 400, "replicas"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":10001"), 400, "replicas"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":31"), 422, "replicas"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":9999"), 422, "replicas"),
        Arguments.of(burst("\"namespace\":42," + DEP + ",\"replicas\":5"), 400, "namespace"),
        Arguments.of(
            burst("\"namespace\":\"Virtual_Node\"," + DEP + ",\"replicas\":5"), 400, "namespace"),
        Arguments.of(
            burst("\"namespace\":\"" + "a".repeat(64) + "\"," + DEP + ",\"replicas\":5"),
            400,
            "namespace"),
        Arguments.of(
            burst("\"namespace\":\"../kube-system\"," + DEP + ",\"replicas\":5"), 400, "namespace"),
        Arguments.of(
            burst("\"namespace\":\"virtualnode\\u0000\"," + DEP + ",\"replicas\":5"),
            400,
            "namespace"),
        Arguments.of(
            burst("\"namespace\":\"ｖｉｒｔｕａｌ\"," + DEP + ",\"replicas\":5"), 400, "namespace"),
        Arguments.of(burst(NS + ",\"deployment\":\"nginx vn\",\"replicas\":5"), 400, "deployment"),
        Arguments.of(burst(NS + ",\"deployment\":\"NGINX-VN\",\"replicas\":5"), 400, "deployment"),
        Arguments.of(
            burst(NS + ",\"deployment\":\"nginx-vn\\n\",\"replicas\":5"), 400, "deployment"),
        Arguments.of(burst(NS + ",\"deployment\":\"-nginx\",\"replicas\":5"), 400, "deployment"),
        Arguments.of(
            burst(NS + ",\"deployment\":\"nginx\u202evn\",\"replicas\":5"), 400, "deployment"),
        Arguments.of(
            burst(NS + ",\"deployment\":\"" + "a".repeat(254) + "\",\"replicas\":5"),
            400,
            "deployment"),
        Arguments.of(burst(NS + ",\"deployment\":{\"$ne\":1},\"replicas\":5"), 400, "deployment"),
        Arguments.of(burst(NS + ",\"deployment\":\"other\",\"replicas\":5"), 404, "deployment"),
        Arguments.of(
            burst("\"namespace\":\"kube-system\",\"deployment\":\"coredns\",\"replicas\":5"),
            404,
            "deployment"),
        Arguments.of(
            burst(NS + "," + DEP + ",\"replicas\":5,\"duration\":\"PT0S\""), 400, "duration"),
        Arguments.of(
            burst(NS + "," + DEP + ",\"replicas\":5,\"duration\":\"-PT5M\""), 400, "duration"),
        Arguments.of(
            burst(NS + "," + DEP + ",\"replicas\":5,\"duration\":\"30s\""), 400, "duration"),
        Arguments.of(
            burst(NS + "," + DEP + ",\"replicas\":5,\"duration\":\"P8D\""), 400, "duration"),
        Arguments.of(
            burst(NS + "," + DEP + ",\"replicas\":5,\"duration\":\"P999999999D\""),
            400,
            "duration"),
        Arguments.of(
            burst(NS + "," + DEP + ",\"replicas\":5,\"duration\":\"soon\""), 400, "duration"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":5,\"duration\":30"), 400, "duration"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":5,\"dryRun\":\"yes\""), 400, "dryRun"),
        Arguments.of(
            burst(NS + "," + DEP + ",\"replicas\":5,\"reason\":\"" + BIG + "\""), 400, "reason"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":5,\"reason\":{}"), 400, "reason"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":5,\"id\":\"a b\""), 400, "id"),
        Arguments.of(
            burst(NS + "," + DEP + ",\"replicas\":5,\"id\":\"" + "i".repeat(65) + "\""), 400, "id"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":26,\"dryrun\":true"), 400, "dryrun"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":5,\"durtion\":\"5m\""), 400, "durtion"),
        Arguments.of(burst(NS + ",\"deploymnet\":\"nginx-vn\",\"replicas\":5"), 400, "deploymnet"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":5,\"Reason\":\"x\""), 400, "Reason"),
        Arguments.of(burst(NS + "," + DEP + ",\"replicas\":5,\"ID\":\"r1\""), 400, "ID"),
        Arguments.of("{\"padding\":\"" + BIG + "\"}", 400, "padding"));
  }

  /** {@code POST /api/alerts} bodies. */
  static Stream<Arguments> alerts() {
    return Stream.of(
        Arguments.of("", 400, "body"),
        Arguments.of("{\"schemaId\":", 400, "body"),
        Arguments.of("[1,2,3]", 400, null),
        Arguments.of("{}", 400, null),
        Arguments.of("{\"schemaId\":\"azureMonitorCommonAlertSchema\"}", 400, "data"),
        Arguments.of("{\"schemaId\":\"azureMonitorCommonAlertSchema\",\"data\":[]}", 400, "data"),
        Arguments.of(
            "{\"schemaId\":\"azureMonitorCommonAlertSchema\",\"data\":{}}", 400, "data.essentials"),
        Arguments.of("{\"schemaId\":\"unknownSchema\",\"data\":{}}", 400, "schemaId"),
        Arguments.of(
            FaultWorld.alert("r", 5).replace("\"Fired\"", "\"Exploded\""),
            400,
            "data.essentials.monitorCondition"),
        Arguments.of(
            FaultWorld.alert("r", 5).replace("\"Fired\"", "42"),
            400,
            "data.essentials.monitorCondition"),
        Arguments.of(
            FaultWorld.alert("r", 5).replace("\"alertRule\":\"r\",", ""),
            400,
            "data.essentials.alertRule"),
        Arguments.of(
            FaultWorld.alert("r", 5).replace("2025-04-15T18:00:00Z", "yesterday"),
            400,
            "data.essentials.firedDateTime"),
        Arguments.of(
            FaultWorld.alert("r", 5)
                .replace(
                    "\"customProperties\":{", "\"customProperties\":{\"aksburst.replica\":\"30\","),
            400,
            "data.customProperties.aksburst.replica"),
        Arguments.of("{\"padding\":\"" + BIG + "\"}", 400, null));
  }

  static final ObjectMapper JSON = new ObjectMapper();

  /** What must not change: the cluster as every port would report it, Events included. */
  static String fingerprint(FaultWorld w) {
    return w.sim.specReplicas(WEB)
        + "|"
        + w.sim.burstState(WEB)
        + "|"
        + w.sim.poolNodeCount(SeedScenario.POOL)
        + "|"
        + w.sim.ports().poolStates().readAll()
        + "|"
        + w.sim.ports().pools().describe()
        + "|"
        + w.sim.events();
  }

  static int casesTried;

  @ParameterizedTest
  @MethodSource("bursts")
  void burstRequestsAreRefusedAndChangeNothing(String body, int status, String field) {
    FaultWorld w = FaultWorld.seed();
    String before = fingerprint(w);
    HttpResponseMessage r =
        new BurstFunction(w.app())
            .run(
                FunctionMocks.request(HttpMethod.POST, "/api/bursts", body, Map.of()),
                FunctionMocks.context());
    assertProblem(r, status, field);
    assertThat(fingerprint(w)).isEqualTo(before);
  }

  @ParameterizedTest
  @MethodSource("alerts")
  void alertsAreRefusedAndChangeNothing(String body, int status, String field) {
    FaultWorld w = FaultWorld.seed();
    String before = fingerprint(w);
    HttpResponseMessage r =
        new AlertFunction(w.app())
            .run(
                FunctionMocks.request(HttpMethod.POST, "/api/alerts", body, Map.of()),
                FunctionMocks.context());
    assertProblem(r, status, field);
    assertThat(fingerprint(w)).isEqualTo(before);
  }

  static void assertProblem(HttpResponseMessage r, int status, String field) {
    assertThat(r.getStatusCode()).as("%s", r.getBody()).isEqualTo(status);
    assertThat(r.getHeader("Content-Type")).isEqualTo(Problem.MEDIA_TYPE);
    JsonNode p = FunctionMocks.body(r);
    assertThat(p.path("status").asInt()).isEqualTo(status);
    assertThat(p.path("type").asText()).startsWith("https://");
    assertThat(p.path("detail").asText()).isNotBlank();
    if (field != null) {
      assertThat(p.path("field").asText()).isEqualTo(field);
    }
  }

  static String event(String type, String data) {
    return "[{\"id\":\"e1\",\"eventType\":\""
        + type
        + "\",\"subject\":\"s\",\"eventTime\":\"2025-04-15T18:00:00Z\",\"dataVersion\":\"1\","
        + "\"data\":"
        + data
        + "}]";
  }

  static Stream<Arguments> events() {
    String ok = "\"namespace\":\"virtualnode\",\"deployment\":\"nginx-vn\"";
    return Stream.of(
        Arguments.of(""),
        Arguments.of("{"),
        Arguments.of("not json"),
        Arguments.of("[]"),
        Arguments.of("[42]"),
        Arguments.of("{\"padding\":\"" + BIG + "\"}"),
        Arguments.of("[{\"id\":\"e1\"}]"),
        Arguments.of("[{\"specversion\":\"1.0\"}]"),
        Arguments.of(event("Unknown.Event.Type", "{}")),
        Arguments.of(event("Microsoft.Storage.BlobCreated", "{\"url\":\"x\"}")),
        Arguments.of(event("AksBurst.BurstRequested", "\"a string\"")),
        Arguments.of(event("AksBurst.BurstRequested", "{" + ok + "}")),
        Arguments.of(event("AksBurst.BurstRequested", "{" + ok + ",\"replicas\":-1}")),
        Arguments.of(event("AksBurst.BurstRequested", "{" + ok + ",\"replicas\":\"ten\"}")),
        Arguments.of(event("AksBurst.BurstRequested", "{" + ok + ",\"replicas\":99999999999}")),
        Arguments.of(
            event("AksBurst.BurstRequested", "{" + ok + ",\"replicas\":5,\"duration\":\"P30D\"}")),
        Arguments.of(
            event("AksBurst.BurstRequested", "{" + ok + ",\"replicas\":5,\"dryrun\":true}")),
        Arguments.of(
            event("AksBurst.BurstRequested", "{" + ok + ",\"replicas\":5,\"durtion\":\"1m\"}")),
        Arguments.of(
            event(
                "AksBurst.BurstRequested",
                "{\"namespace\":\"Bad NS\",\"deployment\":\"x\",\"replicas\":5}")),
        Arguments.of(
            event(
                "AksBurst.BurstRequested",
                "{\"namespace\":\"kube-system\",\"deployment\":\"coredns\",\"replicas\":5}")),
        Arguments.of(
            event(
                "AksBurst.BurstRequested",
                "{\"namespace\":\"virtualnode\",\"deployment\":\"absent\",\"replicas\":5}")),
        Arguments.of(
            event(
                "AksBurst.BurstRequested",
                "{" + ok + ",\"replicas\":5,\"reason\":\"" + BIG + "\"}")),
        Arguments.of(event("Microsoft.ContainerService.NodePoolRollingStarted", "[]")),
        Arguments.of(
            event(
                "Microsoft.Resources.ResourceWriteSuccess",
                "{\"operationName\":\"Microsoft.Storage/storageAccounts/write\"}")));
  }

  @ParameterizedTest
  @MethodSource("events")
  void eventGridDeliveriesAreAcknowledgedAndChangeNothing(String payload) {
    FaultWorld w = FaultWorld.seed();
    String before = fingerprint(w);
    List<String> logged = new ArrayList<>();
    Logger log = Logger.getAnonymousLogger();
    log.setUseParentHandlers(false);
    log.addHandler(
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            logged.add(r.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        });
    ExecutionContext ctx = mock(ExecutionContext.class);
    doReturn(log).when(ctx).getLogger();
    doReturn("hostile").when(ctx).getInvocationId();
    new EventGridFunction(w.app()).run(payload, ctx);
    assertThat(logged)
        .as("every event is answered rejected, refused or ignored")
        .anyMatch(
            m ->
                m.startsWith("Event Grid delivery dropped, it can not be read")
                    || m.contains("\"outcome\":\"rejected\"")
                    || m.contains("\"outcome\":\"refused\"")
                    || m.contains("\"outcome\":\"ignored\""))
        .noneMatch(m -> m.contains("\"outcome\":\"recorded\""));
    assertThat(fingerprint(w)).isEqualTo(before);
  }
}
