package dev.aksburst.kube;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.aksburst.app.AzureClusterPortsFactory;
import dev.aksburst.app.Settings;
import dev.aksburst.arm.FakeArm;
import dev.aksburst.local.LocalHost;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local host in real-cluster mode against the real control plane, with a stateful fake ARM: the
 * app as {@code serve} builds it from its settings ({@code AKSBURST_KUBECONFIG} holding the token
 * of the ServiceAccount bound by {@code infra/k8s/rbac.yaml}, {@code AKSBURST_CLUSTER_ID}, {@code
 * AKSBURST_ARM_ENDPOINT}), the production adapters, and an agent pool whose count ARM serves from
 * state: a PUT of a higher count creates kwok VM nodes (NotReady, Ready after 15 s), a lower one
 * deletes the newest. An alert POSTed over HTTP takes {@code nginx-vn} to 20 Ready with the
 * overflow on the virtual node; the pool grows through ARM; backfill moves the pods onto the new VM
 * nodes with Ready replicas (sampled every second from the API server) never below 20; the resolved
 * alert (scale-in cooldown and pool hold set to 5 s) brings it back to 2 on VMs and the pool back
 * to 1 through ARM.
 */
class LocalHostRealClusterIT {
  static final String POOL = "agentpool";
  static final String POOL_PATH = FakeArm.POOLS + "/" + POOL;
  static final Map<String, String> SELECTOR = Map.of("app", "nginx-vn");
  static final ObjectMapper JSON = new ObjectMapper();

  static RealCluster cluster;
  static KubernetesClient admin;
  static FakeArm arm;
  static KwokNodePoolScaler nodes;
  static LocalHost host;
  static ScheduledExecutorService sampler;
  static final List<Integer> PUTS = new ArrayList<>();

  @BeforeAll
  static void start() throws IOException {
    cluster =
        RealCluster.start(
            "localhost", new KwokStages(Duration.ofSeconds(2), Duration.ofSeconds(10)));
    admin = cluster.admin();
    admin.apps().daemonSets().resource(AksObjects.systemDaemons()).create();
    admin
        .nodes()
        .resource(AksObjects.vmNode(KwokNodePoolScaler.nodeName(POOL, 0), POOL, Duration.ZERO))
        .create();
    admin.nodes().resource(AksObjects.virtualNode()).create();
    RbacSetup.bindToServiceAccount(admin);
    BurstRealClusterIT.createNginxVn(admin);
    Await.until(
        "2 Ready pods of nginx-vn",
        Duration.ofSeconds(90),
        () -> Placements.of(admin, "virtualnode", SELECTOR),
        p -> p.total() == 2 && p.ready() == 2);

    nodes = new KwokNodePoolScaler(admin, POOL, Duration.ofSeconds(15));
    arm = new FakeArm();
    serveCount(1);
    arm.server.stubFor(
        put(urlPathEqualTo(POOL_PATH))
            .willReturn(
                json(agentPool(0)
                        .replace(
                            "\"count\":0",
                            "\"count\":{{jsonPath request.body '$.properties.count'}}"))
                    .withTransformers("response-template")));
    arm.server.addMockServiceRequestListener(
        (request, response) -> {
          if (request.getMethod().getName().equals("PUT")
              && request.getUrl().startsWith(POOL_PATH)) {
            try {
              int count =
                  JSON.readTree(request.getBodyAsString()).path("properties").path("count").asInt();
              synchronized (PUTS) {
                PUTS.add(count);
              }
              nodes.scale(nodes.describe().get(0), count);
              serveCount(count);
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          }
        });

    Map<String, String> env =
        Map.of(
            Settings.KUBECONFIG,
            cluster.writeKubeconfig("app.kubeconfig", RbacSetup.token(cluster)).toString(),
            Settings.CLUSTER_ID,
            FakeArm.CLUSTER_ID,
            Settings.ARM_ENDPOINT,
            FakeArm.ENDPOINT + "/",
            Settings.RECONCILE_SCHEDULE,
            "*/2 * * * * *",
            Settings.PORT,
            String.valueOf(freePort()),
            "AKSBURST_SCALE_IN_COOLDOWN",
            "5s",
            "AKSBURST_POOL_HOLD",
            "5s",
            "AKSBURST_BACKFILL_BACKOFF",
            "10s");
    host = LocalHost.startReal(env, line -> {}, new AzureClusterPortsFactory(arm::clients));
    sampler = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (sampler != null) {
      sampler.shutdownNow();
      sampler.awaitTermination(10, TimeUnit.SECONDS);
    }
    if (host != null) {
      host.close();
    }
    if (arm != null) {
      arm.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void anAlertOverHttpBurstsGrowsThePoolThroughArmBackfillsAndResolves() throws Exception {
    Instant fired = Instant.now();
    HttpResponse<String> answer =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + host.port() + "/api/alerts"))
                    .header("x-functions-key", host.key())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(alert(fired)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);

    Placements burst =
        Await.until(
            "20 Ready pods of nginx-vn",
            Duration.ofSeconds(120),
            () -> Placements.of(admin, "virtualnode", SELECTOR),
            p -> p.ready() >= 20);
    System.out.println("burst: " + burst);
    assertThat(burst.onVirtual()).as("the overflow is on the virtual node").isPositive();

    AtomicInteger minReady = new AtomicInteger(Integer.MAX_VALUE);
    sampler.scheduleAtFixedRate(
        () ->
            minReady.accumulateAndGet(
                Placements.of(admin, "virtualnode", SELECTOR).ready(), Math::min),
        0,
        1,
        TimeUnit.SECONDS);
    Await.until("the pool grows through ARM", Duration.ofSeconds(60), nodes::count, n -> n > 1);
    Placements backfilled =
        Await.until(
            "every pod on a VM node (backfill)",
            Duration.ofMinutes(5),
            () -> Placements.of(admin, "virtualnode", SELECTOR),
            p -> p.onVirtual() == 0 && p.readyOnVm() >= 20);
    sampler.shutdownNow();
    System.out.println(
        "backfilled: " + backfilled + " on " + nodes.count() + " VM nodes; ARM PUTs " + PUTS);
    synchronized (PUTS) {
      assertThat(PUTS).as("the pool's count was PUT to ARM").isNotEmpty();
    }
    assertThat(minReady.get())
        .as("Ready replicas during backfill, sampled every second")
        .isGreaterThanOrEqualTo(20);

    List<String> onVirtualAtResolve =
        Placements.of(admin, "virtualnode", SELECTOR).namesOnVirtual();
    HttpResponse<String> resolved = post(resolvedAlert(fired, Instant.now()));
    assertThat(resolved.statusCode()).as(resolved.body()).isEqualTo(200);
    Placements after =
        Await.until(
            "back to 2 replicas",
            Duration.ofMinutes(3),
            () -> Placements.of(admin, "virtualnode", SELECTOR),
            p -> p.total() == 2);
    System.out.println(
        "after resolve: " + after + "; on the virtual node at resolve: " + onVirtualAtResolve);
    if (!onVirtualAtResolve.isEmpty()) {
      assertThat(after.names()).doesNotContainAnyElementsOf(onVirtualAtResolve);
    }
    assertThat(after.onVm()).isEqualTo(2);
    Await.until(
        "the pool returns to its baseline of 1 through ARM",
        Duration.ofMinutes(3),
        nodes::count,
        n -> n == 1);
    synchronized (PUTS) {
      assertThat(PUTS).as("ARM PUTs of the pool's count").endsWith(1);
    }
  }

  private static HttpResponse<String> post(String alert) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + "/api/alerts"))
                .header("x-functions-key", host.key())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(alert))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static String resolvedAlert(Instant fired, Instant at) {
    return alert(fired)
        .replace("\"monitorCondition\":\"Fired\"", "\"monitorCondition\":\"Resolved\"")
        .replace(
            "\"firedDateTime\"",
            "\"resolvedDateTime\":\""
                + at.truncatedTo(ChronoUnit.SECONDS)
                + "\",\"firedDateTime\"");
  }

  /** ARM answers the pool (and the cluster's pool list) with this count. */
  private static void serveCount(int count) {
    String pool = agentPool(count);
    arm.server.stubFor(
        get(urlPathEqualTo(FakeArm.POOLS)).willReturn(json("{\"value\":[" + pool + "]}")));
    arm.server.stubFor(get(urlPathEqualTo(POOL_PATH)).willReturn(json(pool)));
  }

  /** The sample agent pool, renamed {@code agentpool}, a manual pool of {@code count} DS2_v2. */
  private static String agentPool(int count) {
    try {
      JsonNode sample = JSON.readTree(FakeArm.sample("AgentPoolsGet.2026-01-01.json"));
      ObjectNode pool = (ObjectNode) sample.path("responses").path("200").path("body").deepCopy();
      pool.put("name", POOL);
      pool.put("id", POOL_PATH);
      ObjectNode props = (ObjectNode) pool.path("properties");
      props.put("count", count);
      props.put("vmSize", "Standard_DS2_v2");
      props.put("provisioningState", "Succeeded");
      return JSON.writeValueAsString(pool);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static String alert(Instant at) {
    return """
        {"schemaId":"azureMonitorCommonAlertSchema","data":{
          "essentials":{"alertId":"/alerts/1","alertRule":"nginx-vn-latency","severity":"Sev3",
            "signalType":"Metric","monitorCondition":"Fired","alertTargetIDs":["%s"],
            "firedDateTime":"%s"},
          "alertContext":{"conditionType":"SingleResourceMultipleMetricCriteria","condition":{
            "allOf":[{"metricName":"cpu","operator":"GreaterThan","threshold":"80",
              "dimensions":[],"metricValue":95}]}},
          "customProperties":{"aksburst.namespace":"virtualnode","aksburst.deployment":"nginx-vn",
            "aksburst.replicas":"20"}}}
        """
        .formatted(FakeArm.CLUSTER_ID, at.truncatedTo(ChronoUnit.SECONDS));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
