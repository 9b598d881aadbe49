package dev.aksburst.k8s;

import static dev.aksburst.k8s.Fixtures.create;
import static dev.aksburst.k8s.Fixtures.deployment;
import static dev.aksburst.k8s.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aksburst.model.NodeSelectorRequirement;
import dev.aksburst.model.NodeSelectorTerm;
import dev.aksburst.model.PlaceholderSet;
import dev.aksburst.model.PlaceholderTemplate;
import dev.aksburst.model.Placement;
import dev.aksburst.model.Resources;
import dev.aksburst.model.Toleration;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.WriteFailure;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The placeholder Deployment written, read back, scaled and deleted over the API (mock server). */
@EnableKubernetesMockClient(crud = true)
class KubernetesPlaceholdersIT {
  static final WorkloadRef WEB = WorkloadRef.of("shop", "web");
  static final String NAME = "web-aksburst-placeholder";
  KubernetesClient client;
  KubernetesWorkloadWriter writer;

  static PlaceholderTemplate template() {
    return new PlaceholderTemplate(
        NAME,
        Resources.of(500, 1024L * 1024 * 1024),
        new Placement(
            List.of(new Toleration("dedicated", "Equal", "burst", "NoSchedule")),
            Map.of("kubernetes.io/os", "linux"),
            List.of(
                new NodeSelectorTerm(
                    List.of(
                        new NodeSelectorRequirement(
                            "karpenter.sh/capacity-type", "In", List.of("on-demand"))),
                    List.of())),
            List.of(new Placement.PreferredTerm(1, "type", "NotIn", List.of("virtual-kubelet")))),
        "aks-burst-placeholder",
        PlaceholderTemplate.PAUSE_IMAGE);
  }

  @BeforeEach
  void seed() {
    writer = new KubernetesWorkloadWriter(client);
    create(
        client,
        deployment("shop", "web", 2, true).build(),
        deployment("shop", "legacy", 2, false).build());
  }

  Deployment placeholder() {
    return client.apps().deployments().inNamespace("shop").withName(NAME).get();
  }

  @Test
  void createsTheDeploymentOfPausePodsOwnedByTheWorkloadAndLabelledAsAksBursts() {
    writer.writePlaceholders(WEB, template(), 5);

    Deployment d = placeholder();
    assertThat(d.getMetadata().getLabels())
        .containsEntry("app.kubernetes.io/managed-by", "aks-burst")
        .containsEntry("aksburst.dev/placeholder-for", "web");
    assertThat(d.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.getKind()).isEqualTo("Deployment");
              assertThat(o.getName()).isEqualTo("web");
              assertThat(o.getUid())
                  .isEqualTo(
                      client
                          .apps()
                          .deployments()
                          .inNamespace("shop")
                          .withName("web")
                          .get()
                          .getMetadata()
                          .getUid());
            });
    assertThat(d.getSpec().getReplicas()).isEqualTo(5);
    assertThat(d.getSpec().getSelector().getMatchLabels())
        .isEqualTo(d.getSpec().getTemplate().getMetadata().getLabels());
    PodSpec pod = d.getSpec().getTemplate().getSpec();
    assertThat(pod.getPriorityClassName()).isEqualTo("aks-burst-placeholder");
    assertThat(pod.getTerminationGracePeriodSeconds()).isZero();
    assertThat(pod.getContainers())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.getImage()).isEqualTo("registry.k8s.io/pause:3.10");
              assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("500m");
              assertThat(c.getResources().getRequests().get("memory").toString())
                  .isEqualTo("1073741824");
            });
    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getTolerations())
        .singleElement()
        .satisfies(t -> assertThat(t.getKey()).isEqualTo("dedicated"));
    assertThat(
            pod.getAffinity()
                .getNodeAffinity()
                .getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms())
        .singleElement()
        .satisfies(
            t ->
                assertThat(t.getMatchExpressions().get(0).getKey())
                    .isEqualTo("karpenter.sh/capacity-type"));
    assertThat(
            pod.getAffinity()
                .getNodeAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution())
        .hasSize(1);
  }

  @Test
  void replacesTheReplicasReadsThemBackWithWhereTheirPodsRunAndDeletesAtZero() {
    writer.writePlaceholders(WEB, template(), 5);
    writer.writePlaceholders(WEB, template(), 3);
    assertThat(placeholder().getSpec().getReplicas()).isEqualTo(3);

    var labels = placeholder().getSpec().getTemplate().getMetadata().getLabels();
    var running = pod("shop", NAME + "-a", "x", "aks-default-abcde", "500m", "1Gi");
    running.getMetadata().setLabels(labels);
    var pending = pod("shop", NAME + "-b", "x", null, "500m", "1Gi");
    pending.getMetadata().setLabels(labels);
    create(client, running, pending);
    List<PlaceholderSet> seen =
        new KubernetesClusterReader(client, Fixtures.options()).read().placeholders();
    assertThat(seen)
        .containsExactly(
            new PlaceholderSet(
                WEB,
                NAME,
                3,
                0,
                List.of("aks-default-abcde"),
                // the API server stamps creation: the pending pod's, as read back
                java.util.Optional.of(
                    java.time.OffsetDateTime.parse(
                            client
                                .pods()
                                .inNamespace("shop")
                                .withName(NAME + "-b")
                                .get()
                                .getMetadata()
                                .getCreationTimestamp())
                        .toInstant())));

    writer.writePlaceholders(WEB, template(), 0);
    assertThat(placeholder()).isNull();
    writer.writePlaceholders(WEB, template(), 0);
    assertThat(placeholder()).as("deleting what is gone is fine").isNull();
  }

  @Test
  void aDeploymentOfThatNameAksBurstDidNotCreateIsLeftAlone() {
    create(client, deployment("shop", NAME, 1, false).build());

    assertThatThrownBy(() -> writer.writePlaceholders(WEB, template(), 4))
        .isInstanceOf(WriteFailure.class)
        .hasMessageContaining("is not aks-burst's placeholder of shop/web")
        .extracting(e -> ((WriteFailure) e).code())
        .isEqualTo("NotOwned");
    assertThatThrownBy(() -> writer.writePlaceholders(WEB, template(), 0))
        .isInstanceOf(WriteFailure.class);
    assertThat(placeholder().getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void aWorkloadThatIsNotOptedInGetsNoPlaceholders() {
    assertThatThrownBy(
            () -> writer.writePlaceholders(WorkloadRef.of("shop", "legacy"), template(), 2))
        .isInstanceOf(WriteFailure.class)
        .extracting(e -> ((WriteFailure) e).code())
        .isEqualTo("NotOptedIn");
    assertThat(
            client
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("legacy-aksburst-placeholder")
                .get())
        .isNull();
  }
}
