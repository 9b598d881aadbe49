package dev.aksburst.k8s;

import static dev.aksburst.k8s.Fixtures.create;
import static dev.aksburst.k8s.Fixtures.deployment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aksburst.contract.Annotations;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.VirtualNodeKind;
import dev.aksburst.model.VirtualNodeSet;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.WriteFailure;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Virtual nodes v2 through the Kubernetes adapters: both kinds of virtual node recognised, room
 * from the real 200 pods of a v2 node, a PVC template burst-ready on v2, and the named StatefulSet
 * read and scaled with its baseline.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesVirtualNodesIT {
  KubernetesMockServer server;
  KubernetesClient client;

  /** A virtual node v2 as the Helm chart registers it: it advertises far more than 200 pods. */
  static Node v2Node(String name, boolean tainted) {
    NodeBuilder b =
        new NodeBuilder()
            .withNewMetadata()
            .withName(name)
            .withLabels(Map.of("virtualization", "virtualnode2", "kubernetes.io/os", "linux"))
            .withCreationTimestamp("2025-03-01T07:00:00Z")
            .endMetadata()
            .withNewSpec()
            .endSpec()
            .withNewStatus()
            .withAllocatable(
                Map.of(
                    "cpu",
                    new Quantity("10k"),
                    "memory",
                    new Quantity("4Ti"),
                    "pods",
                    new Quantity("5000")))
            .addNewCondition()
            .withType("Ready")
            .withStatus("True")
            .endCondition()
            .endStatus();
    if (tainted) {
      b.editSpec()
          .addNewTaint()
          .withKey("virtual-kubelet.io/provider")
          .withValue("azure")
          .withEffect("NoSchedule")
          .endTaint()
          .endSpec();
    }
    return b.build();
  }

  static StatefulSet statefulSet(int replicas, Map<String, String> annotations) {
    return new StatefulSetBuilder()
        .withNewMetadata()
        .withNamespace("vn2")
        .withName("virtualnode")
        .withAnnotations(annotations)
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withServiceName("virtualnode")
        .endSpec()
        .withNewStatus()
        .withReplicas(replicas)
        .withReadyReplicas(replicas)
        .endStatus()
        .build();
  }

  private KubernetesOptions named() {
    return Fixtures.options().withVirtualNodeStatefulSet(Optional.of("vn2/virtualnode"));
  }

  @BeforeEach
  void seed() {
    create(
        client,
        Fixtures.virtualNode(),
        v2Node("virtualnode-0", true),
        v2Node("virtualnode-1", false),
        Fixtures.vmNode("aks-userpool-0", "userpool", true),
        deployment("shop", "db-reader", 2, true)
            .editSpec()
            .editTemplate()
            .editSpec()
            .addNewVolume()
            .withName("data")
            .withNewPersistentVolumeClaim()
            .withClaimName("azurefile")
            .endPersistentVolumeClaim()
            .endVolume()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build());
  }

  @Test
  void bothKindsAreRecognisedAndAV2NodeHolds200Pods() {
    ClusterSnapshot s = new KubernetesClusterReader(client, Fixtures.options()).read();
    NodeView addOn = s.node("virtual-node-aci-linux").orElseThrow();
    NodeView v2 = s.node("virtualnode-0").orElseThrow();
    NodeView v2Untainted = s.node("virtualnode-1").orElseThrow();
    assertThat(addOn.kind()).isEqualTo(VirtualNodeKind.ACI_ADDON);
    assertThat(v2.kind()).isEqualTo(VirtualNodeKind.V2);
    assertThat(v2Untainted.virtual()).as("the v2 label alone marks it").isTrue();
    assertThat(v2Untainted.kind()).isEqualTo(VirtualNodeKind.V2);
    assertThat(v2.maxPods()).isEqualTo(5000);
    assertThat(v2.virtualPodCapacity()).hasValue(200);
    assertThat(s.node("aks-userpool-0").orElseThrow().kind()).isEqualTo(VirtualNodeKind.VM);
    // the add-on is there too: pods do not bind
    assertThat(s.virtualNodeRoom().bounded()).isFalse();
  }

  @Test
  void aClaimIsNoReasonToRefuseWhereAV2NodeIsPresentButIsOnTheAddOnAlone() {
    ClusterSnapshot both = new KubernetesClusterReader(client, Fixtures.options()).read();
    assertThat(both.workload(WorkloadRef.of("shop", "db-reader")).orElseThrow().burstReady())
        .isTrue();
    client.nodes().withName("virtualnode-0").delete();
    client.nodes().withName("virtualnode-1").delete();
    ClusterSnapshot addOnOnly = new KubernetesClusterReader(client, Fixtures.options()).read();
    assertThat(
            addOnOnly
                .workload(WorkloadRef.of("shop", "db-reader"))
                .orElseThrow()
                .readinessProblems())
        .singleElement()
        .asString()
        .contains("PersistentVolumeClaim (azurefile)");
  }

  @Test
  void itsPodsPendingForAVmNodeAreCounted() {
    StatefulSet set =
        new StatefulSetBuilder(statefulSet(2, Map.of()))
            .editSpec()
            .withNewSelector()
            .addToMatchLabels("app", "virtualnode")
            .endSelector()
            .endSpec()
            .build();
    create(
        client,
        set,
        new io.fabric8.kubernetes.api.model.PodBuilder()
            .withNewMetadata()
            .withNamespace("vn2")
            .withName("virtualnode-0")
            .addToLabels("app", "virtualnode")
            .endMetadata()
            .withNewSpec()
            .withNodeName("aks-userpool-0")
            .endSpec()
            .withNewStatus()
            .withPhase("Running")
            .endStatus()
            .build(),
        new io.fabric8.kubernetes.api.model.PodBuilder()
            .withNewMetadata()
            .withNamespace("vn2")
            .withName("virtualnode-1")
            .addToLabels("app", "virtualnode")
            .endMetadata()
            .withNewStatus()
            .withPhase("Pending")
            .endStatus()
            .build());
    assertThat(new KubernetesClusterReader(client, named()).read().virtualNodeSet())
        .hasValueSatisfying(v -> assertThat(v.unscheduled()).isEqualTo(1));
  }

  @Test
  void theNamedStatefulSetIsReadWithItsMaxAndScaledWithItsBaseline() {
    create(client, statefulSet(1, Map.of(Annotations.MAX_REPLICAS, "4")));
    KubernetesOptions options = named();
    assertThat(new KubernetesClusterReader(client, options).read().virtualNodeSet())
        .contains(new VirtualNodeSet("vn2", "virtualnode", 1, 1, OptionalInt.empty(), 4));

    KubernetesWorkloadWriter writer =
        new KubernetesWorkloadWriter(client, options.virtualNodeStatefulSet());
    writer.scaleVirtualNodes("vn2", "virtualnode", 3, OptionalInt.of(1), false);
    StatefulSet raised =
        client.apps().statefulSets().inNamespace("vn2").withName("virtualnode").get();
    assertThat(raised.getSpec().getReplicas()).isEqualTo(3);
    assertThat(raised.getMetadata().getAnnotations())
        .containsEntry(Annotations.BASELINE_REPLICAS, "1")
        .containsEntry(Annotations.MAX_REPLICAS, "4");
    assertThat(
            new KubernetesClusterReader(client, options)
                .read()
                .virtualNodeSet()
                .orElseThrow()
                .baseline())
        .hasValue(1);

    writer.scaleVirtualNodes("vn2", "virtualnode", 1, OptionalInt.empty(), true);
    StatefulSet restored =
        client.apps().statefulSets().inNamespace("vn2").withName("virtualnode").get();
    assertThat(restored.getSpec().getReplicas()).isEqualTo(1);
    // A merge patch's null removes the key on an API server (RFC 7386); the mock server keeps it
    // as null. Either way it no longer names a baseline.
    assertThat(restored.getMetadata().getAnnotations().get(Annotations.BASELINE_REPLICAS)).isNull();
    assertThat(restored.getMetadata().getAnnotations())
        .containsEntry(Annotations.MAX_REPLICAS, "4");
    assertThat(
            new KubernetesClusterReader(client, options)
                .read()
                .virtualNodeSet()
                .orElseThrow()
                .baseline())
        .isEmpty();
  }

  @Test
  void anotherStatefulSetIsNeverWrittenAndAMissingOneIsAProblem() {
    create(client, statefulSet(1, Map.of()));
    KubernetesWorkloadWriter unnamed = new KubernetesWorkloadWriter(client);
    WriteFailure f =
        catchThrowableOfType(
            WriteFailure.class,
            () -> unnamed.scaleVirtualNodes("vn2", "virtualnode", 3, OptionalInt.of(1), false));
    assertThat(f.code()).isEqualTo("NotConfigured");
    assertThat(
            client
                .apps()
                .statefulSets()
                .inNamespace("vn2")
                .withName("virtualnode")
                .get()
                .getSpec()
                .getReplicas())
        .isEqualTo(1);

    client.apps().statefulSets().inNamespace("vn2").withName("virtualnode").delete();
    ClusterSnapshot s = new KubernetesClusterReader(client, named()).read();
    assertThat(s.virtualNodeSet()).isEmpty();
    assertThat(s.problems()).anySatisfy(p -> assertThat(p).contains("vn2/virtualnode"));
  }

  @Test
  void aBadlyNamedStatefulSetIsRefusedWhenTheOptionsAreBuilt() {
    IllegalArgumentException e =
        catchThrowableOfType(
            IllegalArgumentException.class,
            () -> Fixtures.options().withVirtualNodeStatefulSet(Optional.of("virtualnode")));
    assertThat(e).hasMessageContaining("namespace/name");
  }
}
