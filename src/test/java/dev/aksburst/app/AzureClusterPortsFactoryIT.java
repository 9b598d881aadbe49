package dev.aksburst.app;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.aksburst.testing.FunctionMocks.body;
import static dev.aksburst.testing.FunctionMocks.context;
import static dev.aksburst.testing.FunctionMocks.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpResponseMessage;
import dev.aksburst.arm.FakeArm;
import dev.aksburst.function.AlertFunction;
import dev.aksburst.function.BurstFunction;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.EventReason;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployed app's wiring, end to end over real HTTP: settings from an environment map, the real
 * factory, fabric8 against the mock API server (CRUD mode), the container service SDK against a
 * local fake ARM, and the functions called as the Functions host calls them. Seeded like the seed
 * experiment: {@code virtualnode/nginx-vn} with one replica on the one node of the manual pool
 * {@code agentpool}, and the AKS virtual node.
 */
@EnableKubernetesMockClient(crud = true)
class AzureClusterPortsFactoryIT {
  static final String NS = "virtualnode";
  static final String NAME = "nginx-vn";
  static final String POOL_PATH = FakeArm.POOLS + "/agentpool";
  static final ObjectMapper JSON = new ObjectMapper();

  KubernetesMockServer server;
  KubernetesClient client;
  FakeArm arm;
  @TempDir Path dir;

  @BeforeEach
  void seed() {
    arm = new FakeArm();
    client.nodes().resource(vmNode("aks-agentpool-0")).create();
    client.nodes().resource(virtualNode()).create();
    client.apps().deployments().resource(nginxVn()).create();
    client.pods().resource(pod(NS, NAME + "-0", "aks-agentpool-0", "500m", "1Gi")).create();
    client.pods().resource(kubeProxy("aks-agentpool-0")).create();
  }

  @AfterEach
  void stop() {
    arm.close();
  }

  // ---- the alert, through the real adapters ------------------------------------------------

  @Test
  void alertScalesTheDeploymentRecordsTheIntentEventsAndPutsThePoolCount() throws Exception {
    String pool = agentPool(1);
    arm.server.stubFor(
        get(urlPathEqualTo(FakeArm.POOLS)).willReturn(json("{\"value\":[" + pool + "]}")));
    arm.server.stubFor(get(urlPathEqualTo(POOL_PATH)).willReturn(json(pool)));
    arm.server.stubFor(put(urlPathEqualTo(POOL_PATH)).willReturn(json(agentPool(7))));
    Map<String, String> env =
        Map.of(
            Settings.KUBECONFIG,
            kubeconfig("    token: local-token\n").toString(),
            Settings.CLUSTER_ID,
            FakeArm.CLUSTER_ID,
            Settings.ARM_ENDPOINT,
            FakeArm.ENDPOINT + "/");
    AksBurst app =
        AksBurst.fromEnvironment(
            env, new BurstPlanner(), new AzureClusterPortsFactory(arm::clients));

    HttpResponseMessage response =
        new AlertFunction(app)
            .run(
                request(HttpMethod.POST, "/api/alerts", alert(Instant.now()), Map.of()), context());

    JsonNode answer = body(response);
    assertThat(response.getStatusCode()).as("%s", answer).isEqualTo(200);
    assertThat(answer.path("outcome").asText()).isEqualTo("recorded");
    assertThat(answer.path("cluster").asText()).isEqualTo(FakeArm.CLUSTER_ID);
    assertThat(answer.path("reconcile").path("status").asText()).as("%s", answer).isEqualTo("DONE");

    Deployment d = client.apps().deployments().inNamespace(NS).withName(NAME).get();
    assertThat(d.getSpec().getReplicas()).isEqualTo(20);
    JsonNode state = JSON.readTree(d.getMetadata().getAnnotations().get("aksburst.dev/state"));
    assertThat(state.path("intents")).hasSize(1);
    JsonNode intent = state.path("intents").get(0);
    assertThat(intent.path("source").asText()).isEqualTo("alert");
    assertThat(intent.path("replicas").asInt()).isEqualTo(20);
    assertThat(intent.path("id").asText()).isEqualTo("alert:cpu-high:virtualnode/nginx-vn");

    List<Event> events = client.v1().events().inNamespace(NS).list().getItems();
    Event started =
        events.stream()
            .filter(e -> EventReason.BURST_STARTED.equals(e.getReason()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no BurstStarted Event among " + events));
    assertThat(started.getInvolvedObject().getName()).isEqualTo(NAME);
    assertThat(started.getMetadata().getAnnotations())
        .containsEntry("aksburst.dev/trigger", "alert")
        .containsEntry("aksburst.dev/correlation-id", "invocation-1");
    assertThat(events).extracting(Event::getReason).contains(EventReason.NODE_POOL_SCALE_OUT);

    List<LoggedRequest> puts = arm.server.findAll(putRequestedFor(urlPathMatching(".*")));
    assertThat(puts).hasSize(1);
    assertThat(puts.get(0).getUrl()).startsWith(POOL_PATH + "?");
    assertThat(puts.get(0).getHeader("Authorization")).isEqualTo("Bearer test-token");
    JsonNode sent = JSON.readTree(puts.get(0).getBodyAsString()).path("properties");
    JsonNode read = JSON.readTree(pool).path("properties");
    int planned = plannedPoolSize(state);
    assertThat(planned).as("seed: 20 pods of 500m, 3 per DS2_v2 node").isEqualTo(7);
    assertThat(sent.path("count").asInt()).isEqualTo(planned);
    for (Iterator<Map.Entry<String, JsonNode>> it = sent.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!f.getKey().equals("count")) {
        assertThat(f.getValue())
            .as("property %s of the PUT", f.getKey())
            .isEqualTo(read.get(f.getKey()));
      }
    }

    HttpResponseMessage status =
        new BurstFunction(app)
            .run(
                request(HttpMethod.GET, "/api/bursts/" + NS + "/" + NAME, null, Map.of()),
                context());
    JsonNode s = body(status);
    assertThat(status.getStatusCode()).as("%s", s).isEqualTo(200);
    assertThat(s.path("namespace").asText()).isEqualTo(NS);
    assertThat(s.path("deployment").asText()).isEqualTo(NAME);
    assertThat(s.path("desiredReplicas").asInt()).isEqualTo(20);
    assertThat(s.path("podsOnVmNodes").asInt()).isEqualTo(1);
    assertThat(s.path("podsOnVirtualNodes").asInt()).isZero();
    assertThat(s.path("intents").get(0).path("replicas").asInt()).isEqualTo(20);
    assertThat(s.path("nodePool").path("name").asText()).isEqualTo("agentpool");
    assertThat(s.path("nodePool").path("mode").asText()).isEqualTo("manual");
    assertThat(s.path("lastPlan"))
        .extracting(n -> n.path("target").asText())
        .contains("pool/agentpool");
  }

  /** The count the planner wrote for the pool, from the reason recorded in the state's lastPlan. */
  static int plannedPoolSize(JsonNode state) {
    Pattern p = Pattern.compile("size pool agentpool count 1 -> (\\d+):");
    for (JsonNode entry : state.path("lastPlan")) {
      Matcher m = p.matcher(entry.path("reason").asText());
      if (entry.path("target").asText().equals("pool/agentpool") && m.find()) {
        return Integer.parseInt(m.group(1));
      }
    }
    throw new AssertionError("no pool sizing in lastPlan " + state.path("lastPlan"));
  }

  // ---- the registered factory and the ways to reach Kubernetes ----------------------------

  @Test
  void kubeconfigOnlyRunGoesThroughTheRegisteredFactoryWithoutArm() throws Exception {
    Path kubeconfig = kubeconfig("    token: local-token\n");
    AksBurst app =
        AksBurst.fromEnvironment(
            Map.of(Settings.KUBECONFIG, kubeconfig.toString()), new BurstPlanner());

    assertThat(app.clusters()).extracting(ClusterRuntime::clusterId).containsExactly("mock");
    HttpResponseMessage response =
        new AlertFunction(app)
            .run(
                request(HttpMethod.POST, "/api/alerts", alert(Instant.now()), Map.of()), context());

    assertThat(response.getStatusCode()).as("%s", body(response)).isEqualTo(200);
    // the last request the mock server saw is the app's, with the kubeconfig's token
    assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer local-token");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName(NAME)
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(20);
    assertThat(arm.server.getAllServeEvents()).isEmpty();
  }

  @Test
  void entraByDefaultUsesTheServerFromArmAndTheIdentityToken() throws Exception {
    userCredential(
        kubeconfigText("    exec:\n      command: kubelogin\n      args: [get-token]\n"));
    AksBurst app = armOnlyApp(Map.of());

    HttpResponseMessage response =
        new BurstFunction(app)
            .run(request(HttpMethod.GET, "/api/bursts", null, Map.of()), context());

    assertThat(response.getStatusCode()).as("%s", body(response)).isEqualTo(200);
    assertThat(body(response).path("workloads").get(0).path("deployment").asText()).isEqualTo(NAME);
    assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer test-token");
  }

  @Test
  void localAccountsUseTheUserKubeconfigFromArm() throws Exception {
    userCredential(kubeconfigText("    token: cluster-user-token\n"));
    AksBurst app = armOnlyApp(Map.of(Settings.KUBE_AUTH, "local"));

    HttpResponseMessage response =
        new BurstFunction(app)
            .run(request(HttpMethod.GET, "/api/bursts", null, Map.of()), context());

    assertThat(response.getStatusCode()).as("%s", body(response)).isEqualTo(200);
    assertThat(server.getLastRequest().getHeader("Authorization"))
        .isEqualTo("Bearer cluster-user-token");
  }

  @Test
  void aFailedKubeconfigFetchIsRetriedByTheNextInvocation() {
    arm.server.stubFor(
        post(urlPathEqualTo(FakeArm.CLUSTER_ID + "/listClusterUserCredential"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"no\"}}")));
    AksBurst app = armOnlyApp(Map.of());
    BurstFunction f = new BurstFunction(app);

    HttpResponseMessage refused =
        f.run(request(HttpMethod.GET, "/api/bursts", null, Map.of()), context());
    assertThat(refused.getStatusCode()).isEqualTo(503);
    assertThat(String.valueOf(refused.getBody())).contains("listClusterUserCredential");

    userCredential(kubeconfigText("    exec:\n      command: kubelogin\n"));
    HttpResponseMessage ok =
        f.run(request(HttpMethod.GET, "/api/bursts", null, Map.of()), context());
    assertThat(ok.getStatusCode()).as("%s", ok.getBody()).isEqualTo(200);
  }

  private AksBurst armOnlyApp(Map<String, String> more) {
    Map<String, String> env = new HashMap<>(more);
    env.put(Settings.CLUSTER_ID, FakeArm.CLUSTER_ID);
    env.put(Settings.ARM_ENDPOINT, FakeArm.ENDPOINT + "/");
    arm.server.stubFor(
        get(urlPathEqualTo(FakeArm.POOLS)).willReturn(json("{\"value\":[" + agentPool(1) + "]}")));
    return AksBurst.fromEnvironment(
        env, new BurstPlanner(), new AzureClusterPortsFactory(arm::clients));
  }

  private void userCredential(String kubeconfig) {
    arm.server.stubFor(
        post(urlPathEqualTo(FakeArm.CLUSTER_ID + "/listClusterUserCredential"))
            .willReturn(
                json(
                    "{\"kubeconfigs\":[{\"name\":\"clusterUser\",\"value\":\""
                        + Base64.getEncoder()
                            .encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8))
                        + "\"}]}")));
  }

  // ---- fixtures ------------------------------------------------------------------------------

  private String kubeconfigText(String userSection) {
    return """
        apiVersion: v1
        kind: Config
        current-context: mock
        clusters:
        - name: mock
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        contexts:
        - name: mock
          context:
            cluster: mock
            user: me
        users:
        - name: me
          user:
        %s
        """
        .formatted(client.getConfiguration().getMasterUrl(), userSection);
  }

  private Path kubeconfig(String userSection) {
    try {
      Path file = dir.resolve("kubeconfig");
      Files.writeString(file, kubeconfigText(userSection));
      return file;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An alert fired at {@code at} whose action names virtualnode/nginx-vn and 20 replicas. */
  static String alert(Instant at) {
    return """
        {"schemaId":"azureMonitorCommonAlertSchema","data":{
          "essentials":{"alertId":"/alerts/1","alertRule":"cpu-high","severity":"Sev3",
            "signalType":"Metric","monitorCondition":"Fired","alertTargetIDs":["%s"],
            "firedDateTime":"%s"},
          "alertContext":{"conditionType":"SingleResourceMultipleMetricCriteria","condition":{
            "allOf":[{"metricName":"cpu","operator":"GreaterThan","threshold":"80",
              "dimensions":[],"metricValue":95}]}},
          "customProperties":{"aksburst.namespace":"%s","aksburst.deployment":"%s",
            "aksburst.replicas":"20"}}}
        """
        .formatted(FakeArm.CLUSTER_ID, at.truncatedTo(ChronoUnit.SECONDS), NS, NAME);
  }

  /** The sample agent pool, renamed {@code agentpool}, a manual pool of {@code count} DS2_v2. */
  static String agentPool(int count) {
    try {
      JsonNode sample = JSON.readTree(FakeArm.sample("AgentPoolsGet.2026-01-01.json"));
      ObjectNode pool = (ObjectNode) sample.path("responses").path("200").path("body").deepCopy();
      pool.put("name", "agentpool");
      pool.put("id", POOL_PATH);
      ObjectNode props = (ObjectNode) pool.path("properties");
      props.put("count", count);
      props.put("vmSize", "Standard_DS2_v2");
      return JSON.writeValueAsString(pool);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  static Node virtualNode() {
    return dev.aksburst.k8s.Fixtures.virtualNode();
  }

  /** A Ready Standard_DS2_v2 node of pool {@code agentpool}. */
  static Node vmNode(String name) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(
            Map.of("kubernetes.azure.com/agentpool", "agentpool", "kubernetes.io/os", "linux"))
        .withCreationTimestamp("2025-04-15T17:00:00Z")
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .withNewStatus()
        .withAllocatable(
            Map.of(
                "cpu",
                new Quantity("1900m"),
                "memory",
                new Quantity("5632Mi"),
                "pods",
                new Quantity("30")))
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }

  /** The seed's Deployment: opted in, max 30, pool agentpool, tolerates the virtual node. */
  static Deployment nginxVn() {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace(NS)
        .withName(NAME)
        .withGeneration(1L)
        .addToLabels("aksburst.dev/enabled", "true")
        .addToAnnotations("aksburst.dev/max-replicas", "30")
        .addToAnnotations("aksburst.dev/node-pool", "agentpool")
        .addToAnnotations("aksburst.dev/hold", "5m")
        .endMetadata()
        .withNewSpec()
        .withReplicas(1)
        .withNewSelector()
        .addToMatchLabels("app", NAME)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", NAME)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("nginx")
        .withImage("nginx")
        .withNewResources()
        .addToRequests("cpu", new Quantity("500m"))
        .addToRequests("memory", new Quantity("1Gi"))
        .endResources()
        .endContainer()
        .addNewToleration()
        .withKey("virtual-kubelet.io/provider")
        .withOperator("Exists")
        .endToleration()
        .endSpec()
        .endTemplate()
        .endSpec()
        .withNewStatus()
        .withObservedGeneration(1L)
        .withReplicas(1)
        .withUpdatedReplicas(1)
        .withReadyReplicas(1)
        .withAvailableReplicas(1)
        .endStatus()
        .build();
  }

  static Pod pod(String ns, String name, String node, String cpu, String memory) {
    return dev.aksburst.k8s.Fixtures.pod(ns, name, NAME, node, cpu, memory);
  }

  /** The DaemonSet overhead of a seed node (300m, 512Mi), as one kube-proxy pod. */
  static Pod kubeProxy(String node) {
    Pod p = pod("kube-system", "kube-proxy-0", node, "300m", "512Mi");
    p.getMetadata().getLabels().put("app", "kube-proxy");
    p.getMetadata()
        .setOwnerReferences(
            List.of(
                new OwnerReferenceBuilder()
                    .withApiVersion("apps/v1")
                    .withKind("DaemonSet")
                    .withName("kube-proxy")
                    .withUid("ds-uid")
                    .build()));
    return p;
  }
}
