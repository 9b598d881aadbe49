package dev.aksburst.function;

import static dev.aksburst.testing.FunctionMocks.context;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.WorkloadPolicy;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.testing.Apps;
import dev.aksburst.testing.InMemoryCluster;
import dev.aksburst.testing.Samples;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EventGridFunctionTest {
  static final Instant NOW = Instant.parse("2025-05-01T10:00:00Z");
  static final WorkloadRef WEB = WorkloadRef.of("shop", "web");

  enum Schema {
    EVENT_GRID,
    CLOUD_EVENTS
  }

  InMemoryCluster cluster = InMemoryCluster.of(Apps.CLUSTER_A, NOW);

  EventGridFunction function() {
    return new EventGridFunction(Apps.app(NOW, cluster));
  }

  static String event(
      Schema schema, String id, String type, String source, String time, String data) {
    String egType = type;
    return switch (schema) {
      case EVENT_GRID ->
          """
          {"id":"%s","eventType":"%s","topic":"%s","subject":"s","eventTime":"%s",
           "data":%s,"dataVersion":"1","metadataVersion":"1"}
          """
              .formatted(id, egType, source, time, data);
      case CLOUD_EVENTS ->
          """
          {"specversion":"1.0","id":"%s","type":"%s","source":"%s","subject":"s","time":"%s",
           "datacontenttype":"application/json","data":%s}
          """
              .formatted(id, type, source, time, data);
    };
  }

  static JsonNode handle(EventGridFunction f, String payload) {
    try {
      return new ObjectMapper().readTree(f.handle(payload, context()));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static final String BURST_DATA =
      "{\"namespace\":\"shop\",\"deployment\":\"web\",\"replicas\":12,\"duration\":\"30m\",\"reason\":\"launch\"}";

  @ParameterizedTest
  @EnumSource(Schema.class)
  void burstRequestRecordsAnEventIntentOnceEvenWhenDelivered(Schema schema) {
    cluster.add(InMemoryCluster.workload("shop", "web", 2, WorkloadPolicy.DEFAULTS));
    String type =
        schema == Schema.EVENT_GRID ? "AksBurst.BurstRequested" : "dev.aksburst.burst.requested";
    String e = event(schema, "evt-1", type, "/custom/topic", "2025-05-01T09:58:00Z", BURST_DATA);
    EventGridFunction f = function();
    JsonNode out = handle(f, "[" + e + "," + e + "]");
    assertThat(out).hasSize(2);
    assertThat(out.get(0).path("outcome").asText()).isEqualTo("recorded");
    List<Intent> intents = cluster.state(WEB).intents();
    assertThat(intents).hasSize(1);
    Intent i = intents.get(0);
    assertThat(i.id()).isEqualTo("event:evt-1");
    assertThat(i.source()).isEqualTo(IntentSource.EVENT);
    assertThat(i.replicas()).isEqualTo(12);
    assertThat(i.from()).isEqualTo(Instant.parse("2025-05-01T09:58:00Z"));
    assertThat(i.until()).contains(Instant.parse("2025-05-01T10:28:00Z"));
    assertThat(i.reason()).isEqualTo("launch");
    handle(f, e);
    assertThat(cluster.state(WEB).intents()).containsExactly(i);
  }

  @ParameterizedTest
  @EnumSource(Schema.class)
  void forwardedAlertIsHandledLikeTheAlertFunction(Schema schema) {
    cluster.add(
        InMemoryCluster.workload(
            "shop",
            "web",
            3,
            new WorkloadPolicy(
                java.util.OptionalInt.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of("test-metricAlertRule"),
                List.of(),
                java.util.OptionalInt.empty(),
                Optional.empty())));
    String data = Samples.read("alerts/metric-static-fired.json");
    JsonNode out =
        handle(
            function(),
            event(
                schema, "a-1", "Contoso.AlertForwarded", "/custom", "2025-05-01T10:00:00Z", data));
    assertThat(out.get(0).path("outcome").asText()).isEqualTo("alert");
    assertThat(cluster.state(WEB).intents())
        .extracting(Intent::id)
        .containsExactly("alert:test-metricAlertRule:shop/web");
  }

  @ParameterizedTest
  @EnumSource(Schema.class)
  void agentPoolWriteReconcilesNowAndOtherWritesAreIgnored(Schema schema) {
    String pool = Apps.CLUSTER_A + "/agentPools/nodepool1";
    String data =
        "{\"operationName\":\"Microsoft.ContainerService/managedClusters/agentPools/write\","
            + "\"resourceUri\":\""
            + pool
            + "\",\"status\":\"Succeeded\"}";
    int before = cluster.reads();
    JsonNode out =
        handle(
            function(),
            event(
                schema,
                "w-1",
                "Microsoft.Resources.ResourceWriteSuccess",
                "/subscriptions/x",
                "2025-05-01T10:00:00Z",
                data));
    assertThat(out.get(0).path("outcome").asText()).isEqualTo("reconciled");
    assertThat(cluster.reads()).isGreaterThan(before);

    String other = data.replace(Apps.CLUSTER_A, Apps.CLUSTER_B);
    assertThat(
            handle(
                    function(),
                    event(
                        schema,
                        "w-2",
                        "Microsoft.Resources.ResourceWriteSuccess",
                        "/subscriptions/x",
                        "2025-05-01T10:00:00Z",
                        other))
                .get(0)
                .path("outcome")
                .asText())
        .isEqualTo("ignored");
  }

  @ParameterizedTest
  @EnumSource(Schema.class)
  void nodePoolRollingPausesAndResumes(Schema schema) {
    EventGridFunction f = function();
    String data = "{\"nodePoolName\":\"nodepool1\"}";
    handle(
        f,
        event(
            schema,
            "r-1",
            "Microsoft.ContainerService.NodePoolRollingStarted",
            Apps.CLUSTER_A,
            "2025-05-01T09:00:00Z",
            data));
    assertThat(cluster.poolStates.get("nodepool1").rollingSince())
        .contains(Instant.parse("2025-05-01T09:00:00Z"));
    // an older end delivered late does not resume
    handle(
        f,
        event(
            schema,
            "r-0",
            "Microsoft.ContainerService.NodePoolRollingFailed",
            Apps.CLUSTER_A,
            "2025-05-01T08:00:00Z",
            data));
    assertThat(cluster.poolStates.get("nodepool1").rollingSince()).isPresent();
    JsonNode out =
        handle(
            f,
            event(
                schema,
                "r-2",
                "Microsoft.ContainerService.NodePoolRollingSucceeded",
                Apps.CLUSTER_A,
                "2025-05-01T09:40:00Z",
                data));
    assertThat(out.get(0).path("outcome").asText()).isEqualTo("resumed");
    assertThat(cluster.poolStates.get("nodepool1").rollingSince()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Schema.class)
  void unknownTypesAreAcknowledged(Schema schema) {
    JsonNode out =
        handle(
            function(),
            event(
                schema,
                "u-1",
                "Microsoft.Storage.BlobCreated",
                "/x",
                "2025-05-01T10:00:00Z",
                "{\"url\":\"u\"}"));
    assertThat(out.get(0).path("outcome").asText()).isEqualTo("ignored");
    assertThat(cluster.writes).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Schema.class)
  void aBadBurstRequestIsRefusedAndTheRestOfTheBatchHandled(Schema schema) {
    cluster.add(InMemoryCluster.workload("shop", "web", 2, WorkloadPolicy.DEFAULTS));
    String type =
        schema == Schema.EVENT_GRID ? "AksBurst.BurstRequested" : "dev.aksburst.burst.requested";
    String bad =
        event(
            schema,
            "b-1",
            type,
            "/t",
            "2025-05-01T10:00:00Z",
            "{\"namespace\":\"Shop!\",\"deployment\":\"web\",\"replicas\":3}");
    String missing =
        event(schema, "b-2", type, "/t", "2025-05-01T10:00:00Z", BURST_DATA.replace("web", "gone"));
    String good = event(schema, "b-3", type, "/t", "2025-05-01T10:00:00Z", BURST_DATA);
    JsonNode out = handle(function(), "[" + bad + "," + missing + "," + good + "]");
    assertThat(out.get(0).path("outcome").asText()).isEqualTo("rejected");
    assertThat(out.get(0).path("reason").asText()).contains("data.namespace");
    assertThat(out.get(1).path("outcome").asText()).isEqualTo("refused");
    assertThat(out.get(2).path("outcome").asText()).isEqualTo("recorded");
  }

  @Test
  void publicSamples() {
    String sampleCluster =
        "/subscriptions/{subscription-id}/resourceGroups/{resource-group}/providers/Microsoft.ContainerService/managedClusters/{cluster}";
    cluster = InMemoryCluster.of(sampleCluster, NOW);
    EventGridFunction f = function();
    JsonNode write =
        handle(f, Samples.read("eventgrid/eventgridschema-array-resource-write-success.json"));
    assertThat(write.get(0).path("outcome").asText()).isEqualTo("ignored");
    assertThat(write.get(0).path("reason").asText())
        .contains("Microsoft.EventGrid/eventSubscriptions/write");

    JsonNode rolling =
        handle(f, Samples.read("eventgrid/eventgridschema-nodepool-rolling-started.json"));
    assertThat(rolling.get(0).path("outcome").asText()).isEqualTo("paused");
    assertThat(cluster.poolStates.get("nodepool1").rollingSince())
        .contains(Instant.parse("2023-03-29T18:00:00Z"));

    JsonNode validation =
        handle(f, Samples.read("eventgrid/subscription-validation-eventgridschema.json"));
    assertThat(validation.get(0).path("validationResponse").asText())
        .isEqualTo("512d38b6-c7b8-40c8-89fe-f46f9e9622b6");
  }

  @Test
  void malformedDeliveriesAreLoggedNotRetried() {
    assertThat(handle(function(), "not json").get(0).path("outcome").asText())
        .isEqualTo("rejected");
    assertThat(handle(function(), "[42]").get(0).path("outcome").asText()).isEqualTo("rejected");
    JsonNode noType =
        handle(function(), "{\"specversion\":\"1.0\",\"id\":\"x\",\"source\":\"/s\"}");
    assertThat(noType.get(0).path("outcome").asText()).isEqualTo("rejected");
    assertThat(cluster.writes).isEmpty();
  }
}
