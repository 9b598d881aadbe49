package dev.aksburst.bench;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.aksburst.reconcile.ClusterPorts;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * A Kubernetes API (the fabric8 mock server in CRUD mode) and a fake ARM (WireMock) on loopback,
 * seeded with one manual agent pool of DS2_v2 nodes, the AKS virtual node, opted-in Deployments and
 * their Running pods. No controllers run: the API only stores what is written.
 */
final class KubeWorld implements AutoCloseable {
  static final String SUB = "00000000-0000-0000-0000-000000000000";
  static final String CLUSTER_ID =
      "/subscriptions/"
          + SUB
          + "/resourceGroups/rg1/providers/Microsoft.ContainerService"
          + "/managedClusters/bench";
  static final String POOL = "agentpool";
  static final String NAMESPACE = "shop";

  final KubernetesMockServer kube =
      new KubernetesMockServer(
          new Context(),
          new MockWebServer(),
          new HashMap<>(),
          new KubernetesCrudDispatcher(),
          false);
  final WireMockServer arm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  private final KubernetesClient seeder;
  private final String cpu;
  private final String memory;

  /**
   * @param nodes the agent pool's node count as ARM reports it
   * @param cpu one pod's CPU request
   * @param memory one pod's memory request
   */
  KubeWorld(int nodes, String cpu, String memory) {
    this.cpu = cpu;
    this.memory = memory;
    kube.init(InetAddress.getLoopbackAddress(), 0);
    arm.start();
    seeder = kube.createClient();
    stubPool(nodes);
  }

  /** A client of the mock API, optionally with an extra interceptor-carrying builder step. */
  KubernetesClient client(Consumer<KubernetesClientBuilder> customize) {
    return kube.createClient(customize);
  }

  /** The production adapters over {@code client} and the ARM scaler over the fake ARM. */
  ClusterPorts ports(KubernetesClient client, Clock clock) {
    return BenchPorts.of(CLUSTER_ID, client, arm.port(), clock);
  }

  /** Deletes the aks-burst ConfigMap and Lease so the next alert is handled as the first one. */
  void resetControllerState() {
    seeder.configMaps().inNamespace("aks-burst").delete();
    seeder.leases().inNamespace("aks-burst").delete();
  }

  /** A kubeconfig that points at the mock API (no credentials: the mock asks for none). */
  String kubeconfig() {
    return "apiVersion: v1\nkind: Config\nclusters:\n- name: bench\n  cluster:\n    server: "
        + kube.url("/").replaceAll("/$", "")
        + "\ncontexts:\n- name: bench\n  context:\n    cluster: bench\n    user: bench\n"
        + "    namespace: default\ncurrent-context: bench\nusers:\n- name: bench\n  user: {}\n";
  }

  static String poolJson(int count) {
    return "{\"id\":\""
        + CLUSTER_ID
        + "/agentPools/"
        + POOL
        + "\",\"name\":\""
        + POOL
        + "\",\"type\":\"Microsoft.ContainerService/managedClusters/agentPools\","
        + "\"properties\":{\"count\":"
        + count
        + ",\"vmSize\":\"Standard_DS2_v2\",\"maxPods\":110,\"type\":\"VirtualMachineScaleSets\","
        + "\"mode\":\"User\",\"enableAutoScaling\":false,\"provisioningState\":\"Succeeded\","
        + "\"powerState\":{\"code\":\"Running\"},\"orchestratorVersion\":\"1.32.0\"}}";
  }

  /** The pool reads as {@code count} nodes, Succeeded; a PUT answers 200 Succeeded. */
  void stubPool(int count) {
    String pools = CLUSTER_ID + "/agentPools";
    arm.stubFor(
        get(urlPathEqualTo(pools)).willReturn(json("{\"value\":[" + poolJson(count) + "]}")));
    arm.stubFor(get(urlPathEqualTo(pools + "/" + POOL)).willReturn(json(poolJson(count))));
    arm.stubFor(put(urlPathEqualTo(pools + "/" + POOL)).willReturn(json(poolJson(count))));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String b) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(b);
  }

  int armRequests() {
    return arm.getAllServeEvents().size();
  }

  /**
   * Seeds {@code nodes} Ready VM nodes with a kube-proxy pod each, the virtual node, and {@code
   * deployments} opted-in Deployments sharing {@code pods} Running pods evenly, spread over nodes.
   */
  void seed(int nodes, int deployments, int pods) {
    List<HasMetadata> objects = new ArrayList<>();
    objects.add(virtualNode());
    for (int n = 0; n < nodes; n++) {
      String node = nodeName(n);
      objects.add(vmNode(node));
      objects.add(daemonSetPod(node));
    }
    for (int d = 0; d < deployments; d++) {
      int replicas = pods / deployments + (d < pods % deployments ? 1 : 0);
      objects.add(deployment(deploymentName(d), replicas, Map.of()).build());
    }
    int p = 0;
    for (int d = 0; d < deployments; d++) {
      int replicas = pods / deployments + (d < pods % deployments ? 1 : 0);
      for (int r = 0; r < replicas; r++, p++) {
        objects.add(pod(deploymentName(d), deploymentName(d) + "-7c9d-" + r, nodeName(p % nodes)));
      }
    }
    createAll(objects);
  }

  /** Creates objects with four threads: 10 000 pods one POST each is the slow part of seeding. */
  private void createAll(List<HasMetadata> objects) {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (HasMetadata o : objects) {
        done.add(pool.submit(() -> seeder.resource(o).create()));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("seeding the mock Kubernetes API failed: " + e, e);
    } finally {
      pool.shutdownNow();
    }
  }

  static String nodeName(int n) {
    return String.format("aks-%s-12345678-vmss%06d", POOL, n);
  }

  static String deploymentName(int d) {
    return "web-" + d;
  }

  /** Replaces a Deployment with its seeded form ({@code replicas}, no aks-burst state). */
  void resetDeployment(String name, int replicas, Map<String, String> extraAnnotations) {
    Deployment fresh = deployment(name, replicas, extraAnnotations).build();
    seeder.apps().deployments().inNamespace(NAMESPACE).withName(name).delete();
    seeder.resource(fresh).create();
  }

  DeploymentBuilder deployment(String name, int replicas, Map<String, String> annotations) {
    Map<String, String> all = new HashMap<>(annotations);
    all.put("aksburst.dev/node-pool", POOL);
    all.put("aksburst.dev/max-replicas", "40");
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace(NAMESPACE)
        .withName(name)
        .withGeneration(1L)
        .addToLabels("aksburst.dev/enabled", "true")
        .withAnnotations(all)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .addToMatchLabels("app", name)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("app")
        .withImage("nginx")
        .withNewResources()
        .addToRequests("cpu", new Quantity(cpu))
        .addToRequests("memory", new Quantity(memory))
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
        .withReplicas(replicas)
        .withUpdatedReplicas(replicas)
        .withReadyReplicas(replicas)
        .withAvailableReplicas(replicas)
        .endStatus();
  }

  static Node virtualNode() {
    return dev.aksburst.k8s.Fixtures.virtualNode();
  }

  static Node vmNode(String name) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(Map.of("kubernetes.azure.com/agentpool", POOL, "kubernetes.io/os", "linux"))
        .withCreationTimestamp("2025-03-01T07:00:00Z")
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .withNewStatus()
        .withAllocatable(
            Map.of(
                "cpu", new Quantity("1900m"),
                "memory", new Quantity("5632Mi"),
                "pods", new Quantity("110")))
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .endCondition()
        .endStatus()
        .build();
  }

  Pod pod(String app, String name, String node) {
    return dev.aksburst.k8s.Fixtures.pod(NAMESPACE, name, app, node, cpu, memory);
  }

  Pod daemonSetPod(String node) {
    Pod p = pod("kube-proxy", "kube-proxy-" + node.substring(node.length() - 6), node);
    p.getMetadata().setNamespace("kube-system");
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

  @Override
  public void close() {
    seeder.close();
    kube.destroy();
    arm.stop();
  }
}
