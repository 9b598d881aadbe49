package dev.aksburst.k8s;

import static dev.aksburst.k8s.Fixtures.create;
import static dev.aksburst.k8s.Fixtures.deployment;
import static dev.aksburst.k8s.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.contract.Annotations;
import dev.aksburst.model.PodView;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Karpenter's pod-deletion-cost controller against the fabric8 mock server (CRUD mode): it runs no
 * controller, so the test writes what Karpenter writes (its rank and {@code
 * karpenter.sh/managed-deletion-cost: "true"}) with a JSON merge patch, as Karpenter patches pods.
 */
@EnableKubernetesMockClient(crud = true)
class KarpenterDeletionCostIT {
  static final WorkloadRef WEB = WorkloadRef.of("shop", "web");
  KubernetesClient client;
  KubernetesWorkloadWriter writer;

  @BeforeEach
  void seed() {
    writer = new KubernetesWorkloadWriter(client);
    create(
        client,
        deployment("shop", "web", 3, true).build(),
        deployment("shop", "legacy", 1, false).build(),
        pod("shop", "web-1", "web", "aks-userpool-0", "250m", "256Mi"),
        pod("shop", "web-2", "web", "aks-userpool-1", "250m", "256Mi"),
        pod("shop", "web-3", "web", "virtual-node-aci-linux", "250m", "256Mi"),
        pod("shop", "legacy-1", "legacy", "aks-userpool-0", "250m", "256Mi"));
    karpenterRanks("web-1", "-3");
    karpenterRanks("web-2", "-2");
  }

  private void karpenterRanks(String pod, String rank) {
    client
        .pods()
        .inNamespace("shop")
        .withName(pod)
        .edit(
            p ->
                new PodBuilder(p)
                    .editMetadata()
                    .addToAnnotations(Annotations.POD_DELETION_COST, rank)
                    .addToAnnotations(Annotations.KARPENTER_MANAGED_DELETION_COST, "true")
                    .endMetadata()
                    .build());
  }

  private Map<String, String> annotations(String pod) {
    return client.pods().inNamespace("shop").withName(pod).get().getMetadata().getAnnotations();
  }

  @Test
  void theReaderSeesWhichPodsKarpenterManages() {
    WorkloadView web =
        new KubernetesClusterReader(client, Fixtures.options()).read().workload(WEB).orElseThrow();
    assertThat(web.pods())
        .extracting(PodView::name, PodView::managedDeletionCost, PodView::deletionCost)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("web-1", true, OptionalInt.of(-3)),
            org.assertj.core.groups.Tuple.tuple("web-2", true, OptionalInt.of(-2)),
            org.assertj.core.groups.Tuple.tuple("web-3", false, OptionalInt.empty()));
  }

  @Test
  void marksAreReadBackAndARewriteBetweenMarkAndScaleInIsSeen() {
    writer.setDeletionCost(WEB, List.of("web-1", "web-3"), -1000);
    assertThat(annotations("web-1"))
        .as("a merge patch of the cost leaves Karpenter's sentinel")
        .containsEntry(Annotations.POD_DELETION_COST, "-1000")
        .containsEntry(Annotations.KARPENTER_MANAGED_DELETION_COST, "true");
    assertThat(writer.deletionCosts(WEB, List.of("web-1", "web-3", "legacy-1", "web-gone")))
        .as("only the workload's pods that exist")
        .containsExactly(
            Map.entry("web-1", OptionalInt.of(-1000)), Map.entry("web-3", OptionalInt.of(-1000)));

    karpenterRanks("web-1", "-3"); // its next cycle
    assertThat(writer.deletionCosts(WEB, List.of("web-1", "web-2")))
        .containsExactly(
            Map.entry("web-1", OptionalInt.of(-3)), Map.entry("web-2", OptionalInt.of(-2)));
  }

  @Test
  void aValueThatIsNotAnInt32ReadsAsNone() {
    karpenterRanks("web-2", "low");
    assertThat(writer.deletionCosts(WEB, List.of("web-2")))
        .containsExactly(Map.entry("web-2", OptionalInt.empty()));
  }
}
