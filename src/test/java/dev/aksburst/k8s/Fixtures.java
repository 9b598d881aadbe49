package dev.aksburst.k8s;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Builders of seeded cluster objects for the mock server (no controllers run there). */
public final class Fixtures {
  static final Instant NOW = Instant.parse("2025-03-01T08:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private Fixtures() {}

  static KubernetesOptions options() {
    return KubernetesOptions.defaults("test-cluster", CLOCK);
  }

  /** The synthesized AKS virtual node sample, loaded from its file. */
  public static Node virtualNode() {
    try (InputStream in =
        Fixtures.class.getResourceAsStream(
            "/kubernetes/virtual-node-aci-linux.node.synthesized.yaml")) {
      return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(in, Node.class);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Node vmNode(String name, String pool, boolean ready) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(Map.of("kubernetes.azure.com/agentpool", pool, "kubernetes.io/os", "linux"))
        .withCreationTimestamp("2025-03-01T07:00:00Z")
        .endMetadata()
        .withNewSpec()
        .endSpec()
        .withNewStatus()
        .withAllocatable(
            Map.of(
                "cpu",
                new Quantity("1900m"),
                "memory",
                new Quantity("5Gi"),
                "pods",
                new Quantity("30")))
        .addNewCondition()
        .withType("Ready")
        .withStatus(ready ? "True" : "False")
        .withLastTransitionTime("2025-03-01T07:04:10Z")
        .endCondition()
        .endStatus()
        .build();
  }

  /** An opted-in (or not) Deployment of 250m / 256Mi pods tolerating the virtual node. */
  public static DeploymentBuilder deployment(
      String ns, String name, int replicas, boolean optedIn) {
    DeploymentBuilder b =
        new DeploymentBuilder()
            .withNewMetadata()
            .withNamespace(ns)
            .withName(name)
            .withGeneration(3L)
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
            .addToRequests("cpu", new Quantity("250m"))
            .addToRequests("memory", new Quantity("256Mi"))
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
            .withObservedGeneration(3L)
            .withReplicas(replicas)
            .withUpdatedReplicas(replicas)
            .withReadyReplicas(replicas)
            .withAvailableReplicas(replicas)
            .endStatus();
    if (optedIn) {
      b.editMetadata().addToLabels("aksburst.dev/enabled", "true").endMetadata();
    }
    return b;
  }

  /** A Running, Ready pod with one container requesting {@code cpu} and {@code memory}. */
  public static Pod pod(
      String ns, String name, String app, String node, String cpu, String memory) {
    return new PodBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .addToLabels("app", app)
        .withCreationTimestamp("2025-03-01T07:30:00Z")
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .addNewContainer()
        .withName("app")
        .withImage("nginx")
        .withNewResources()
        .addToRequests("cpu", new Quantity(cpu))
        .addToRequests("memory", new Quantity(memory))
        .endResources()
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase(node == null ? "Pending" : "Running")
        .addNewCondition()
        .withType("Ready")
        .withStatus(node == null ? "False" : "True")
        .endCondition()
        .endStatus()
        .build();
  }

  static Pod daemonSetPod(String name, String node) {
    Pod p = pod("kube-system", name, "kube-proxy", node, "100m", "128Mi");
    p.getMetadata()
        .setOwnerReferences(
            java.util.List.of(
                new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                    .withApiVersion("apps/v1")
                    .withKind("DaemonSet")
                    .withName("kube-proxy")
                    .withUid("ds-uid")
                    .build()));
    return p;
  }

  static void create(KubernetesClient client, Object... objects) {
    for (Object o : objects) {
      client.resource((io.fabric8.kubernetes.api.model.HasMetadata) o).create();
    }
  }
}
