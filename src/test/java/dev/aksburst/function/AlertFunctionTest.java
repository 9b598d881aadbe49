package dev.aksburst.function;

import static dev.aksburst.testing.FunctionMocks.body;
import static dev.aksburst.testing.FunctionMocks.context;
import static dev.aksburst.testing.FunctionMocks.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import dev.aksburst.model.BurstSize;
import dev.aksburst.model.Intent;
import dev.aksburst.model.WorkloadPolicy;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.testing.Apps;
import dev.aksburst.testing.InMemoryCluster;
import dev.aksburst.testing.Samples;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AlertFunctionTest {
  static final Instant NOW = Instant.parse("2025-04-15T18:20:00Z");
  static final WorkloadRef WEB = WorkloadRef.of("shop", "web");

  static WorkloadPolicy policy(List<String> rules) {
    return new WorkloadPolicy(
        OptionalInt.of(50),
        Optional.of(new BurstSize.Absolute(20)),
        Optional.of(Duration.ofMinutes(10)),
        rules,
        List.of(),
        OptionalInt.empty(),
        Optional.empty());
  }

  static String alert(
      String rule, String condition, String fired, String resolved, String custom, String dims) {
    return """
        {"schemaId":"azureMonitorCommonAlertSchema","data":{
          "essentials":{"alertId":"/x","alertRule":"%s","severity":"Sev3","signalType":"Metric",
            "monitorCondition":"%s","alertTargetIDs":["%s"],
            "firedDateTime":"%s"%s},
          "alertContext":{"conditionType":"SingleResourceMultipleMetricCriteria","condition":{
            "allOf":[{"metricName":"cpu","operator":"GreaterThan","threshold":"80",
              "dimensions":[%s],"metricValue":95}]}},
          "customProperties":{%s}}}
        """
        .formatted(
            rule,
            condition,
            Apps.CLUSTER_A,
            fired,
            resolved == null ? "" : ",\"resolvedDateTime\":\"" + resolved + "\"",
            dims,
            custom);
  }

  static final String TARGET = "\"aksburst.namespace\":\"shop\",\"aksburst.deployment\":\"web\"";

  InMemoryCluster cluster = InMemoryCluster.of(Apps.CLUSTER_A, NOW);

  HttpResponseMessage post(AlertFunction f, String body) {
    return f.run(request(HttpMethod.POST, "/api/alerts", body, Map.of()), context());
  }

  AlertFunction function() {
    return new AlertFunction(Apps.app(NOW, cluster));
  }

  @Test
  void anUnexpectedFailureAnswers503NamingItSoTheActionGroupRetries() {
    cluster.add(InMemoryCluster.workload("shop", "web", 2, policy(List.of())));
    cluster.reader.failWith(new NullPointerException());
    HttpResponseMessage res =
        post(function(), alert("cpu-high", "Fired", "2025-04-15T18:00:00Z", null, TARGET, ""));

    assertThat(res.getStatusCode()).isEqualTo(503);
    JsonNode problem = body(res);
    assertThat(problem.get("detail").asText())
        .startsWith("NullPointerException")
        .doesNotStartWith("null");
  }

  @Test
  void aDuplicateFiredAlertMomentsLaterIsAnswered200CoalescedWithoutAnotherReconcile() {
    cluster.add(InMemoryCluster.workload("shop", "web", 2, policy(List.of())));
    AlertFunction f = function();
    String fired = alert("cpu-high", "Fired", "2025-04-15T18:00:00Z", null, TARGET, "");
    JsonNode first = body(post(f, fired)).path("reconcile");
    assertThat(first.path("status").asText()).isEqualTo("DONE");
    int reads = cluster.reads();
    int attempts = cluster.lock.attempts();
    List<String> writes = List.copyOf(cluster.writes);

    HttpResponseMessage dup = post(f, fired);

    assertThat(dup.getStatusCode()).isEqualTo(200);
    JsonNode again = body(dup);
    assertThat(again.path("outcome").asText()).isEqualTo("recorded");
    assertThat(again.path("reconcile").path("status").asText()).isEqualTo("COALESCED");
    assertThat(again.path("reconcile").path("coalescedWith").asText()).isEqualTo(NOW.toString());
    assertThat(cluster.lock.attempts()).as("no Lease write").isEqualTo(attempts);
    assertThat(cluster.reads())
        .as("read once to map the alert, not observed again")
        .isEqualTo(reads + 1);
    assertThat(cluster.writes)
        .as("the intent is re-recorded (unchanged), nothing else")
        .containsExactlyElementsOf(
            Stream.concat(writes.stream(), Stream.of("state shop/web")).toList());
  }

  @Test
  void firedThenResolvedThenDuplicateFiredKeepsTheResolvedFloor() {
    cluster.add(InMemoryCluster.workload("shop", "web", 2, policy(List.of())));
    AlertFunction f = function();
    String fired = alert("cpu-high", "Fired", "2025-04-15T18:00:00Z", null, TARGET, "");
    String resolved =
        alert("cpu-high", "Resolved", "2025-04-15T18:00:00Z", "2025-04-15T18:15:00Z", TARGET, "");

    HttpResponseMessage r1 = post(f, fired);
    assertThat(r1.getStatusCode()).isEqualTo(200);
    assertThat(body(r1).path("outcome").asText()).isEqualTo("recorded");
    Intent open = only(cluster);
    assertThat(open.id()).isEqualTo("alert:cpu-high:shop/web");
    assertThat(open.replicas()).isEqualTo(20);
    assertThat(open.until()).isEmpty();
    assertThat(cluster.writes).contains("scale shop/web=20");

    post(f, resolved);
    Intent closed = only(cluster);
    assertThat(closed.until()).contains(Instant.parse("2025-04-15T18:25:00Z"));
    assertThat(closed.replicas()).isEqualTo(20);

    HttpResponseMessage r3 = post(f, fired);
    assertThat(r3.getStatusCode()).isEqualTo(200);
    assertThat(only(cluster)).isEqualTo(closed);
  }

  @Test
  void resolvedBeforeFiredIsNotUndoneByTheLateFired() {
    cluster.add(InMemoryCluster.workload("shop", "web", 2, policy(List.of())));
    AlertFunction f = function();
    post(
        f,
        alert("cpu-high", "Resolved", "2025-04-15T18:00:00Z", "2025-04-15T18:05:00Z", TARGET, ""));
    post(f, alert("cpu-high", "Fired", "2025-04-15T18:00:00Z", null, TARGET, ""));
    assertThat(only(cluster).until()).contains(Instant.parse("2025-04-15T18:15:00Z"));
  }

  @Test
  void customPropertiesSetReplicasAndHold() {
    cluster.add(InMemoryCluster.workload("shop", "web", 2, policy(List.of())));
    String custom = TARGET + ",\"aksburst.replicas\":\"7\",\"aksburst.hold\":\"PT1H\"";
    post(
        function(),
        alert("r", "Resolved", "2025-04-15T18:00:00Z", "2025-04-15T18:10:00Z", custom, ""));
    Intent i = only(cluster);
    assertThat(i.replicas()).isEqualTo(7);
    assertThat(i.until()).contains(Instant.parse("2025-04-15T19:10:00Z"));
  }

  @Test
  void dimensionsNameTheTarget() {
    cluster.add(InMemoryCluster.workload("shop", "web", 2, policy(List.of())));
    String dims =
        "{\"name\":\"Kubernetes namespace\",\"value\":\"shop\"},"
            + "{\"name\":\"controllerName\",\"value\":\"web\"}";
    JsonNode out =
        body(
            post(
                function(),
                alert("pods-pending", "Fired", "2025-04-15T18:00:00Z", null, "", dims)));
    assertThat(out.path("targetedBy").asText()).isEqualTo("dimensions");
    assertThat(only(cluster).id()).isEqualTo("alert:pods-pending:shop/web");
  }

  @Test
  void alertRulesAnnotationNamesTheTargetsForThePublicSample() {
    cluster.add(
        InMemoryCluster.workload("shop", "web", 3, policy(List.of("test-metricAlertRule"))));
    cluster.add(InMemoryCluster.workload("shop", "api", 3, policy(List.of("other"))));
    HttpResponseMessage r = post(function(), Samples.read("alerts/metric-static-fired.json"));
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(body(r).path("targetedBy").asText()).isEqualTo("alert_rules_annotation");
    assertThat(cluster.state(WEB).intents())
        .extracting(Intent::id)
        .containsExactly("alert:test-metricAlertRule:shop/web");
    assertThat(cluster.state(WorkloadRef.of("shop", "api")).intents()).isEmpty();
  }

  @Test
  void anUnmappedAlertIsAnsweredTwoHundredWithTheReason() {
    cluster.add(InMemoryCluster.workload("shop", "web", 3, policy(List.of())));
    HttpResponseMessage r = post(function(), Samples.read("alerts/metric-static-resolved.json"));
    assertThat(r.getStatusCode()).isEqualTo(200);
    JsonNode out = body(r);
    assertThat(out.path("outcome").asText()).isEqualTo("unmapped");
    assertThat(out.path("reason").asText()).contains("WCUS-R2-Gen2", "aksburst.namespace");
    assertThat(cluster.writes("state")).isEmpty();
  }

  @Test
  void customPropertiesNamingANonOptedInDeploymentAreUnmapped() {
    JsonNode out =
        body(post(function(), alert("r", "Fired", "2025-04-15T18:00:00Z", null, TARGET, "")));
    assertThat(out.path("outcome").asText()).isEqualTo("unmapped");
    assertThat(out.path("reason").asText()).contains("shop/web", "not an opted-in");
  }

  @Test
  void alertTargetIdsPickTheClusterWhenSeveralAreConfigured() {
    InMemoryCluster b = InMemoryCluster.of(Apps.CLUSTER_B, NOW);
    cluster.add(InMemoryCluster.workload("shop", "web", 2, policy(List.of("cpu-high"))));
    b.add(InMemoryCluster.workload("shop", "web", 2, policy(List.of("cpu-high"))));
    AlertFunction f = new AlertFunction(Apps.app(NOW, cluster, b));
    String forB =
        alert("cpu-high", "Fired", "2025-04-15T18:00:00Z", null, "", "")
            .replace(Apps.CLUSTER_A, Apps.CLUSTER_B + "/agentPools/nodepool1");
    JsonNode out = body(post(f, forB));
    assertThat(out.path("cluster").asText()).isEqualTo(Apps.CLUSTER_B);
    assertThat(b.state(WEB).intents()).hasSize(1);
    assertThat(cluster.writes("state")).isEmpty();

    String nowhere =
        alert("cpu-high", "Fired", "2025-04-15T18:00:00Z", null, "", "")
            .replace(
                Apps.CLUSTER_A,
                "/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z");
    assertThat(body(post(f, nowhere)).path("outcome").asText()).isEqualTo("unmapped");
  }

  @Test
  void legacyMetricAlertSchemaIsAccepted() {
    cluster.add(InMemoryCluster.workload("shop", "web", 2, policy(List.of("legacy-rule"))));
    String legacy =
        """
        {"schemaId":"AzureMonitorMetricAlert","data":{"version":"2.0","status":"Activated",
          "properties":{"aksburst.replicas":"9"},
          "context":{"timestamp":"2025-04-15T18:00:00.000Z","id":"/rule","name":"legacy-rule",
            "conditionType":"SingleResourceMultipleMetricCriteria",
            "condition":{"windowSize":"PT5M","allOf":[{"metricName":"cpu","operator":"GreaterThan",
              "threshold":"80","timeAggregation":"Average","dimensions":[],"metricValue":90.5}]},
            "resourceId":"%s"}}}
        """
            .formatted(Apps.CLUSTER_A);
    assertThat(post(function(), legacy).getStatusCode()).isEqualTo(200);
    assertThat(only(cluster).replicas()).isEqualTo(9);
  }

  @Test
  void malformedBodiesAre400ProblemsNamingTheField() {
    AlertFunction f = function();
    HttpResponseMessage notJson = post(f, "{not json");
    assertThat(notJson.getStatusCode()).isEqualTo(400);
    assertThat(notJson.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(body(notJson).path("field").asText()).isEqualTo("body");

    HttpResponseMessage badCondition =
        post(f, alert("r", "Flapping", "2025-04-15T18:00:00Z", null, TARGET, ""));
    JsonNode p = body(badCondition);
    assertThat(badCondition.getStatusCode()).isEqualTo(400);
    assertThat(p.path("field").asText()).isEqualTo("data.essentials.monitorCondition");
    assertThat(p.path("status").asInt()).isEqualTo(400);
    assertThat(p.path("type").asText()).isNotBlank();
    assertThat(p.path("title").asText()).isNotBlank();
    assertThat(p.path("detail").asText()).contains("Fired or Resolved");

    HttpResponseMessage empty = post(f, null);
    assertThat(empty.getStatusCode()).isEqualTo(400);

    cluster.add(InMemoryCluster.workload("shop", "web", 2, policy(List.of())));
    HttpResponseMessage badReplicas =
        post(
            f,
            alert(
                "r",
                "Fired",
                "2025-04-15T18:00:00Z",
                null,
                TARGET + ",\"aksburst.replicas\":\"many\"",
                ""));
    assertThat(badReplicas.getStatusCode()).isEqualTo(400);
    assertThat(body(badReplicas).path("field").asText())
        .isEqualTo("customProperties.aksburst.replicas");
    assertThat(cluster.writes("state")).isEmpty();
  }

  static Intent only(InMemoryCluster c) {
    List<Intent> all = c.state(WEB).intents();
    assertThat(all).hasSize(1);
    return all.get(0);
  }
}
