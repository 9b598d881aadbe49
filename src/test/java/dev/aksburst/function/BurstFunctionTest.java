package dev.aksburst.function;

import static dev.aksburst.testing.FunctionMocks.body;
import static dev.aksburst.testing.FunctionMocks.context;
import static dev.aksburst.testing.FunctionMocks.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import dev.aksburst.model.Intent;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.PodPhase;
import dev.aksburst.model.PodView;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.Resources;
import dev.aksburst.model.WorkloadPolicy;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.testing.Apps;
import dev.aksburst.testing.InMemoryCluster;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BurstFunctionTest {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  static final WorkloadRef WEB = WorkloadRef.of("shop", "web");

  InMemoryCluster cluster = InMemoryCluster.of(Apps.CLUSTER_A, NOW);
  BurstFunction f;

  @BeforeEach
  void setUp() {
    WorkloadPolicy policy =
        new WorkloadPolicy(
            OptionalInt.of(30),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            List.of(),
            OptionalInt.empty(),
            Optional.of("nodepool1"));
    List<PodView> pods =
        List.of(
            pod("web-1", "vm-1", PodPhase.RUNNING),
            pod("web-2", "virtual-node-aci-linux", PodPhase.RUNNING),
            pod("web-3", null, PodPhase.PENDING));
    cluster.add(InMemoryCluster.workload("shop", "web", 3, policy, pods));
    cluster.notOptedIn.add(WorkloadRef.of("shop", "legacy"));
    cluster.nodes.add(node("vm-1", Optional.of("nodepool1"), false));
    cluster.nodes.add(node("virtual-node-aci-linux", Optional.empty(), true));
    cluster.pool(
        new NodePoolView(
            "nodepool1",
            PoolMode.MANUAL,
            2,
            OptionalInt.empty(),
            OptionalInt.empty(),
            "Succeeded",
            "Standard_D4s_v5",
            110,
            Optional.empty()));
    f = new BurstFunction(Apps.app(NOW, cluster));
  }

  static PodView pod(String name, String node, PodPhase phase) {
    return new PodView(
        name,
        Optional.ofNullable(node),
        phase,
        phase == PodPhase.RUNNING,
        Resources.of(250, 256L << 20),
        OptionalInt.empty(),
        NOW,
        false,
        Map.of());
  }

  static NodeView node(String name, Optional<String> pool, boolean virtual) {
    return new NodeView(
        name,
        Map.of(),
        List.of(),
        pool,
        virtual,
        true,
        false,
        Resources.of(4000, 16L << 30),
        110,
        Resources.ZERO,
        0,
        Resources.ZERO,
        0,
        NOW);
  }

  HttpResponseMessage call(HttpMethod m, String path, String body) {
    return f.run(request(m, path, body, Map.of()), context());
  }

  @Test
  void postStartsAManualBurstAndGetShowsIt() {
    HttpResponseMessage r =
        call(
            HttpMethod.POST,
            "/api/bursts",
            "{\"namespace\":\"shop\",\"deployment\":\"web\",\"replicas\":10,\"duration\":\"PT30M\",\"reason\":\"sale\"}");
    assertThat(r.getStatusCode()).isEqualTo(202);
    assertThat(body(r).path("intent").path("id").asText()).startsWith("manual:shop/web:");
    Intent i = cluster.state(WEB).intents().get(0);
    assertThat(i.until()).contains(NOW.plusSeconds(1800));
    assertThat(cluster.writes).contains("scale shop/web=10");

    JsonNode s = body(call(HttpMethod.GET, "/api/bursts/shop/web", null));
    assertThat(s.path("namespace").asText()).isEqualTo("shop");
    assertThat(s.path("deployment").asText()).isEqualTo("web");
    assertThat(s.path("desiredReplicas").asInt()).as("the burst's write").isEqualTo(10);
    assertThat(s.path("readyReplicas").asInt()).as("pods do not move in the fake").isEqualTo(3);
    assertThat(s.path("podsOnVirtualNodes").asInt()).isEqualTo(1);
    assertThat(s.path("podsOnVmNodes").asInt()).isEqualTo(1);
    assertThat(s.path("pendingPods").asInt()).isEqualTo(1);
    JsonNode intent = s.path("intents").get(0);
    assertThat(intent.path("source").asText()).isEqualTo("manual");
    assertThat(intent.path("replicas").asInt()).isEqualTo(10);
    assertThat(intent.path("from").asText()).isEqualTo(NOW.toString());
    assertThat(intent.path("until").asText()).isEqualTo(NOW.plusSeconds(1800).toString());
    JsonNode pool = s.path("nodePool");
    assertThat(pool.path("name").asText()).isEqualTo("nodepool1");
    assertThat(pool.path("mode").asText()).isEqualTo("manual");
    assertThat(pool.path("count").asInt()).isEqualTo(2);
    assertThat(pool.path("readyNodes").asInt()).isEqualTo(1);
    assertThat(pool.path("provisioningState").asText()).isEqualTo("Succeeded");
    assertThat(s.path("lastPlan").isArray()).isTrue();
  }

  @Test
  void idempotentWithACallerSuppliedIdAndShortDurations() {
    String body =
        "{\"namespace\":\"shop\",\"deployment\":\"web\",\"replicas\":5,\"duration\":\"45m\",\"id\":\"deploy-42\"}";
    call(HttpMethod.POST, "/api/bursts", body);
    call(HttpMethod.POST, "/api/bursts", body);
    assertThat(cluster.state(WEB).intents())
        .extracting(Intent::id)
        .containsExactly("manual:shop/web:deploy-42");
  }

  @Test
  void dryRunReturnsThePlanAndWritesNothing() {
    HttpResponseMessage r =
        call(
            HttpMethod.POST,
            "/api/bursts",
            "{\"namespace\":\"shop\",\"deployment\":\"web\",\"replicas\":12,\"dryRun\":true}");
    assertThat(r.getStatusCode()).isEqualTo(200);
    JsonNode plan = body(r).path("plan");
    assertThat(plan.path("status").asText()).isEqualTo("DRY_RUN");
    assertThat(plan.path("actions").get(0).path("action").asText()).isEqualTo("ScaleDeployment");
    assertThat(plan.path("actions").get(0).path("target").asText()).isEqualTo("shop/web");
    assertThat(cluster.writes).isEmpty();
    assertThat(cluster.writes("state")).isEmpty();
  }

  @Test
  void refusalsAreProblemsNamingTheField() {
    HttpResponseMessage tooMany =
        call(
            HttpMethod.POST,
            "/api/bursts",
            "{\"namespace\":\"shop\",\"deployment\":\"web\",\"replicas\":31}");
    assertThat(tooMany.getStatusCode()).isEqualTo(422);
    assertThat(tooMany.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(body(tooMany).path("field").asText()).isEqualTo("replicas");
    assertThat(body(tooMany).path("detail").asText()).contains("max-replicas=30");

    HttpResponseMessage missing =
        call(
            HttpMethod.POST,
            "/api/bursts",
            "{\"namespace\":\"shop\",\"deployment\":\"nope\",\"replicas\":3}");
    assertThat(missing.getStatusCode()).isEqualTo(404);

    HttpResponseMessage notOptedIn = call(HttpMethod.GET, "/api/bursts/shop/legacy", null);
    assertThat(notOptedIn.getStatusCode()).isEqualTo(403);
    assertThat(body(notOptedIn).path("detail").asText()).contains("aksburst.dev/enabled");

    HttpResponseMessage badName =
        call(
            HttpMethod.POST,
            "/api/bursts",
            "{\"namespace\":\"Shop_1\",\"deployment\":\"web\",\"replicas\":3}");
    assertThat(badName.getStatusCode()).isEqualTo(400);
    assertThat(body(badName).path("field").asText()).isEqualTo("namespace");

    HttpResponseMessage badDuration =
        call(
            HttpMethod.POST,
            "/api/bursts",
            "{\"namespace\":\"shop\",\"deployment\":\"web\",\"replicas\":3,\"duration\":\"8d\"}");
    assertThat(body(badDuration).path("field").asText()).isEqualTo("duration");

    HttpResponseMessage badJson = call(HttpMethod.POST, "/api/bursts", "{\"namespace\":");
    assertThat(badJson.getStatusCode()).isEqualTo(400);
    assertThat(body(badJson).path("field").asText()).isEqualTo("body");

    HttpResponseMessage noReplicas =
        call(
            HttpMethod.POST,
            "/api/bursts",
            "{\"namespace\":\"shop\",\"deployment\":\"web\",\"replicas\":\"ten\"}");
    assertThat(body(noReplicas).path("field").asText()).isEqualTo("replicas");

    assertThat(call(HttpMethod.POST, "/api/bursts/shop/web", "{}").getStatusCode()).isEqualTo(405);
    assertThat(call(HttpMethod.DELETE, "/api/bursts", null).getStatusCode()).isEqualTo(405);
    assertThat(cluster.writes("state")).isEmpty();
  }

  @Test
  void deleteEndsManualFloorsAndLeavesAlertFloors() {
    call(
        HttpMethod.POST,
        "/api/bursts",
        "{\"namespace\":\"shop\",\"deployment\":\"web\",\"replicas\":10}");
    Intent alert =
        new Intent(
            "alert:r:shop/web",
            dev.aksburst.model.IntentSource.ALERT,
            WEB,
            8,
            NOW,
            Optional.empty(),
            "",
            Optional.empty(),
            NOW);
    cluster.putState(WEB, cluster.state(WEB).withIntent(alert));
    HttpResponseMessage r = call(HttpMethod.DELETE, "/api/bursts/shop/web", null);
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(body(r).path("ended")).hasSize(1);
    assertThat(cluster.state(WEB).activeIntents(NOW.plusSeconds(1))).containsExactly(alert);
    assertThat(call(HttpMethod.DELETE, "/api/bursts/shop/nope", null).getStatusCode())
        .isEqualTo(404);
  }

  @Test
  void nothingHoldsAWorkloadWithoutABurst() {
    JsonNode status = body(call(HttpMethod.GET, "/api/bursts/shop/web", null));
    assertThat(status.path("heldBy").asText()).isEqualTo("none");
    assertThat(status.path("heldUntil").isNull()).isTrue();
    assertThat(status.path("holds")).isEmpty();
  }

  @Test
  void getListsEveryOptedInDeploymentWithOrWithoutABurst() {
    JsonNode list = body(call(HttpMethod.GET, "/api/bursts", null));
    assertThat(list.path("cluster").asText()).isEqualTo(Apps.CLUSTER_A);
    assertThat(list.path("workloads")).hasSize(1);
    assertThat(list.path("workloads").get(0).path("intents")).isEmpty();
  }

  @Test
  void severalClustersNeedTheClusterParameter() {
    f = new BurstFunction(Apps.app(NOW, cluster, InMemoryCluster.of(Apps.CLUSTER_B, NOW)));
    HttpResponseMessage r = call(HttpMethod.GET, "/api/bursts", null);
    assertThat(r.getStatusCode()).isEqualTo(400);
    assertThat(body(r).path("field").asText()).isEqualTo("cluster");
    HttpResponseMessage named =
        f.run(
            request(HttpMethod.GET, "/api/bursts/shop/web", null, Map.of("cluster", "aks-a")),
            context());
    assertThat(named.getStatusCode()).isEqualTo(200);
  }
}
