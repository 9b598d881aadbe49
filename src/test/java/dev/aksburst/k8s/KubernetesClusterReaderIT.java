package dev.aksburst.k8s;

import static dev.aksburst.k8s.Fixtures.create;
import static dev.aksburst.k8s.Fixtures.daemonSetPod;
import static dev.aksburst.k8s.Fixtures.deployment;
import static dev.aksburst.k8s.Fixtures.pod;
import static dev.aksburst.k8s.Fixtures.vmNode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.BurstState;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.DisruptionBudgetView;
import dev.aksburst.model.HpaView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.Resources;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubernetesClusterReaderIT {
  static final long MI = 1024 * 1024;
  KubernetesMockServer server;
  KubernetesClient client;
  KubernetesClusterReader reader;

  @BeforeEach
  void seed() {
    reader = new KubernetesClusterReader(client, Fixtures.options());
    create(
        client,
        Fixtures.virtualNode(),
        vmNode("aks-userpool-0", "userpool", true),
        vmNode("aks-userpool-1", "userpool", false),
        deployment("shop", "web", 3, true)
            .editMetadata()
            .addToAnnotations("aksburst.dev/max-replicas", "30")
            .addToAnnotations("aksburst.dev/burst", "x3")
            .endMetadata()
            .build(),
        deployment("shop", "legacy", 1, false).build(),
        pod("shop", "web-1", "web", "aks-userpool-0", "250m", "256Mi"),
        pod("shop", "web-2", "web", "virtual-node-aci-linux", "250m", "256Mi"),
        pod("shop", "web-3", "web", null, "250m", "256Mi"),
        pod("shop", "legacy-1", "legacy", "aks-userpool-0", "500m", "1Gi"),
        daemonSetPod("kube-proxy-a", "aks-userpool-0"),
        budget("shop", "web-pdb", 0).build(),
        new HorizontalPodAutoscalerBuilder()
            .withNewMetadata()
            .withNamespace("shop")
            .withName("web")
            .endMetadata()
            .withNewSpec()
            .withMinReplicas(2)
            .withMaxReplicas(40)
            .withNewScaleTargetRef()
            .withApiVersion("apps/v1")
            .withKind("Deployment")
            .withName("web")
            .endScaleTargetRef()
            .endSpec()
            .build());
  }

  @Test
  void snapshotOfASeededCluster() {
    ClusterSnapshot s = reader.read();

    assertThat(s.clusterId()).isEqualTo("test-cluster");
    assertThat(s.observedAt()).isEqualTo(Fixtures.NOW);
    assertThat(s.pools()).isEmpty();
    assertThat(s.poolStates()).isEmpty();
    assertThat(s.workloads())
        .extracting(WorkloadView::ref)
        .containsExactly(WorkloadRef.of("shop", "web"));

    NodeView vn = s.node("virtual-node-aci-linux").orElseThrow();
    assertThat(vn.virtual()).isTrue();
    assertThat(vn.pool()).isEmpty();
    assertThat(vn.usableVm()).isFalse();
    assertThat(vn.podCount()).isEqualTo(1);

    NodeView vm0 = s.node("aks-userpool-0").orElseThrow();
    assertThat(vm0.virtual()).isFalse();
    assertThat(vm0.pool()).contains("userpool");
    assertThat(vm0.ready()).isTrue();
    assertThat(vm0.allocatable()).isEqualTo(Resources.of(1900, 5120 * MI));
    assertThat(vm0.maxPods()).isEqualTo(30);
    // web-1 + legacy-1 + kube-proxy: every namespace counts on the node
    assertThat(vm0.podCount()).isEqualTo(3);
    assertThat(vm0.requested()).isEqualTo(Resources.of(850, (256 + 1024 + 128) * MI));
    assertThat(vm0.daemonSetPods()).isEqualTo(1);
    assertThat(vm0.daemonSetRequested()).isEqualTo(Resources.of(100, 128 * MI));
    assertThat(s.node("aks-userpool-1").orElseThrow().ready()).isFalse();
    // The Ready condition's transition time, for the observed boot of learned windows.
    assertThat(vm0.readySince()).contains(java.time.Instant.parse("2025-03-01T07:04:10Z"));
    assertThat(s.node("aks-userpool-1").orElseThrow().readySince()).isEmpty();

    WorkloadView web = s.workload(WorkloadRef.of("shop", "web")).orElseThrow();
    assertThat(web.specReplicas()).isEqualTo(3);
    assertThat(web.readyReplicas()).isEqualTo(3);
    assertThat(web.rolloutInProgress()).isFalse();
    assertThat(web.podRequests()).isEqualTo(Resources.of(250, 256 * MI));
    assertThat(web.selector()).containsEntry("app", "web");
    assertThat(web.policy().maxReplicas()).isEqualTo(OptionalInt.of(30));
    assertThat(web.policyProblems()).isEmpty();
    assertThat(web.readinessProblems()).isEmpty();
    assertThat(web.hpa()).contains(new HpaView("web", 2, 40, 0));
    assertThat(web.state()).isEqualTo(BurstState.EMPTY);
    assertThat(web.pods()).extracting(p -> p.name()).containsExactly("web-1", "web-2", "web-3");
    assertThat(s.onVirtualNode(web.pods().get(1))).isTrue();
    assertThat(web.pods().get(2).scheduled()).isFalse();
    assertThat(web.placement().tolerations()).hasSize(1);
    assertThat(web.pods().get(0).labels()).containsEntry("app", "web");
    assertThat(s.disruptionBudgets())
        .containsExactly(
            new DisruptionBudgetView("shop", "web-pdb", Map.of("app", "web"), true, 0));
    assertThat(s.problems()).isEmpty();
  }

  @Test
  void requestsPerReadDoNotGrowWithPods() {
    reader.read();
    int before = server.getRequestCount();
    reader.read();
    int smallCluster = server.getRequestCount() - before;
    for (int i = 0; i < 60; i++) {
      create(client, pod("shop", "web-x" + i, "web", "aks-userpool-0", "10m", "10Mi"));
    }
    before = server.getRequestCount();
    ClusterSnapshot s = reader.read();
    int bigCluster = server.getRequestCount() - before;
    assertThat(s.workloads().get(0).pods()).hasSize(63);
    // nodes, pods, Deployments, HPAs, DaemonSets, PodDisruptionBudgets, RuntimeClasses,
    // placeholder Deployments (aksburst.dev/capacity: placeholders)
    assertThat(smallCluster).isEqualTo(8);
    assertThat(bigCluster).isEqualTo(smallCluster);
  }

  @Test
  void initContainersCountAsTheirMaximumAndSidecarsAdd() {
    var d =
        deployment("shop", "batch", 1, true)
            .editSpec()
            .editTemplate()
            .editSpec()
            .addNewInitContainer()
            .withName("migrate")
            .withNewResources()
            .addToRequests("cpu", new Quantity("1"))
            .addToRequests("memory", new Quantity("64Mi"))
            .endResources()
            .endInitContainer()
            .addNewInitContainer()
            .withName("proxy")
            .withRestartPolicy("Always")
            .withNewResources()
            .addToRequests("cpu", new Quantity("50m"))
            .addToRequests("memory", new Quantity("32Mi"))
            .endResources()
            .endInitContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    create(client, d);
    WorkloadView w = reader.read().workload(WorkloadRef.of("shop", "batch")).orElseThrow();
    // cpu: max(1000 init, 250 app + 50 sidecar); memory: max(64, 256 + 32)
    assertThat(w.podRequests()).isEqualTo(Resources.of(1000, 288 * MI));
  }

  @Test
  void burstReadinessIsReportedNotThrown() {
    var noToleration =
        deployment("shop", "no-tol", 1, true)
            .editSpec()
            .editTemplate()
            .editSpec()
            .withTolerations(List.of())
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    var volumes =
        deployment("shop", "stateful", 1, true)
            .editSpec()
            .editTemplate()
            .editSpec()
            .addNewVolume()
            .withName("logs")
            .withNewHostPath()
            .withPath("/var/log")
            .endHostPath()
            .endVolume()
            .addNewVolume()
            .withName("data")
            .withNewPersistentVolumeClaim()
            .withClaimName("data-pvc")
            .endPersistentVolumeClaim()
            .endVolume()
            .addToNodeSelector("kubernetes.io/os", "linux")
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    var ds =
        new DaemonSetBuilder()
            .withNewMetadata()
            .withNamespace("shop")
            .withName("agent")
            .addToLabels("aksburst.dev/enabled", "true")
            .endMetadata()
            .build();
    create(client, noToleration, volumes, ds);

    ClusterSnapshot s = reader.read();

    WorkloadView a = s.workload(WorkloadRef.of("shop", "no-tol")).orElseThrow();
    assertThat(a.burstReady()).isFalse();
    assertThat(a.readinessProblems())
        .containsExactly(
            "the pod template does not tolerate the virtual node taint"
                + " [virtual-kubelet.io/provider=azure:NoSchedule]: add a toleration {key:"
                + " virtual-kubelet.io/provider, operator: Exists}");
    WorkloadView b = s.workload(WorkloadRef.of("shop", "stateful")).orElseThrow();
    assertThat(b.readinessProblems())
        .hasSize(3)
        .anySatisfy(m -> assertThat(m).contains("excludes virtual node virtual-node-aci-linux"))
        .anySatisfy(m -> assertThat(m).contains("volume logs is a hostPath"))
        .anySatisfy(
            m -> assertThat(m).contains("volume data is a PersistentVolumeClaim (data-pvc)"));
    assertThat(s.problems())
        .containsExactly(
            "DaemonSet shop/agent carries aksburst.dev/enabled=true, but DaemonSets can not run on"
                + " virtual nodes and are never bursted: remove the label");
  }

  /** A Deployment whose template requires {@code key operator values} (one term). */
  private static io.fabric8.kubernetes.api.model.apps.Deployment requiring(
      String name, String key, String operator, String... values) {
    return deployment("shop", name, 1, true)
        .editSpec()
        .editTemplate()
        .editSpec()
        .withNewAffinity()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm()
        .addNewMatchExpression()
        .withKey(key)
        .withOperator(operator)
        .withValues(values)
        .endMatchExpression()
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .endAffinity()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  @Test
  void everyRequiredAffinityOperatorIsReadAndNoneStopsTheRead() {
    create(
        client,
        requiring("helm-os", "kubernetes.io/os", "In", "linux"),
        requiring("vm-only", "type", "NotIn", "virtual-kubelet"),
        requiring("aci-ok", "type", "In", "virtual-kubelet"));

    ClusterSnapshot s = reader.read();

    WorkloadView helm = s.workload(WorkloadRef.of("shop", "helm-os")).orElseThrow();
    assertThat(helm.burstReady()).isFalse();
    assertThat(helm.readinessProblems())
        .singleElement()
        .asString()
        .contains("excludes virtual node virtual-node-aci-linux");
    assertThat(helm.placement().requiredNodeAffinity())
        .singleElement()
        .hasToString("kubernetes.io/os In [linux]");
    WorkloadView vmOnly = s.workload(WorkloadRef.of("shop", "vm-only")).orElseThrow();
    assertThat(vmOnly.burstReady())
        .as("NotIn [virtual-kubelet] is read, not dropped into 'matches everything'")
        .isFalse();
    assertThat(s.workload(WorkloadRef.of("shop", "aci-ok")).orElseThrow().burstReady()).isTrue();
  }

  @Test
  void aForbiddenDaemonSetListIsAProblemNotAFailure() {
    server
        .expect()
        .get()
        .withPath("/apis/apps/v1/daemonsets")
        .andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\"}")
        .always();
    ClusterSnapshot s = reader.read();
    assertThat(s.workloads()).hasSize(1);
    assertThat(s.problems())
        .containsExactly(
            "DaemonSets could not be listed (403 Forbidden), so opted-in DaemonSets are not"
                + " reported and a new node's DaemonSet overhead is taken from the pool's nodes:"
                + " grant list on apps/daemonsets (infra/k8s/rbac.yaml)");
    assertThat(s.daemonSets()).isEmpty();
  }

  @Test
  void everyDaemonSetIsReadAsWhatANewNodeWillRun() {
    var gpuOnly =
        new DaemonSetBuilder()
            .withNewMetadata()
            .withNamespace("kube-system")
            .withName("nvidia-device-plugin")
            .endMetadata()
            .withNewSpec()
            .withNewTemplate()
            .withNewSpec()
            .addToNodeSelector("accelerator", "nvidia")
            .addNewContainer()
            .withName("plugin")
            .withImage("nvidia")
            .withNewResources()
            .addToLimits("cpu", new Quantity("50m"))
            .addToLimits("memory", new Quantity("64Mi"))
            .endResources()
            .endContainer()
            .endSpec()
            .endTemplate()
            .endSpec()
            .build();
    create(client, gpuOnly);

    ClusterSnapshot s = reader.read();

    assertThat(s.daemonSets()).isPresent();
    var views = s.daemonSets().orElseThrow();
    assertThat(views)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.name()).isEqualTo("nvidia-device-plugin");
              assertThat(d.podRequests())
                  .as("limits-only requests its limits")
                  .isEqualTo(Resources.of(50, 64 * MI));
              assertThat(d.runsOn(Map.of("accelerator", "nvidia"), List.of())).isTrue();
              assertThat(d.runsOn(Map.of(), List.of())).isFalse();
            });
  }

  @Test
  void aPodNominatedToANodeHoldsItsRoom() {
    var nominated = pod("shop", "web-4", "web", null, "500m", "512Mi");
    nominated.getStatus().setNominatedNodeName("aks-userpool-1");
    create(client, nominated);

    ClusterSnapshot s = reader.read();

    NodeView vm1 = s.node("aks-userpool-1").orElseThrow();
    assertThat(vm1.requested()).isEqualTo(Resources.of(500, 512 * MI));
    assertThat(vm1.podCount()).isEqualTo(1);
  }

  @Test
  void budgetsTheReaderCanNotFullyReadAreKeptAndReported() {
    var expressions = budget("shop", "expr-pdb", 2).build();
    expressions
        .getSpec()
        .getSelector()
        .setMatchExpressions(
            List.of(
                new LabelSelectorRequirementBuilder()
                    .withKey("tier")
                    .withOperator("In")
                    .withValues("front")
                    .build()));
    var uncounted = budget("shop", "new-pdb", 1).build();
    uncounted.setStatus(null);
    var nothing = budget("shop", "null-pdb", 0).build();
    nothing.getSpec().setSelector(null);
    create(client, expressions, uncounted, nothing);

    ClusterSnapshot s = reader.read();

    assertThat(s.disruptionBudgets())
        .containsExactly(
            new DisruptionBudgetView("shop", "expr-pdb", Map.of("app", "web"), false, 2),
            new DisruptionBudgetView("shop", "new-pdb", Map.of("app", "web"), true, 0),
            new DisruptionBudgetView("shop", "web-pdb", Map.of("app", "web"), true, 0));
    assertThat(s.problems())
        .containsExactly(
            "PodDisruptionBudget shop/expr-pdb selects pods with matchExpressions, which"
                + " aks-burst does not evaluate: it treats the budget as covering every pod its"
                + " matchLabels select (all pods of the namespace when it has none); use"
                + " matchLabels only for an exact check",
            "PodDisruptionBudget shop/new-pdb has no status.disruptionsAllowed yet (the"
                + " disruption controller has not counted its pods): taken as 0 until it has");
  }

  @Test
  void aForbiddenBudgetListIsAProblemNotAFailure() {
    server
        .expect()
        .get()
        .withPath("/apis/policy/v1/poddisruptionbudgets")
        .andReturn(403, "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\"}")
        .always();
    ClusterSnapshot s = reader.read();
    assertThat(s.workloads()).hasSize(1);
    assertThat(s.disruptionBudgets()).isEmpty();
    assertThat(s.problems())
        .containsExactly(
            "PodDisruptionBudgets could not be listed (403 Forbidden), so node pool restores do"
                + " not check them and AKS's drain may stall on one: grant list on"
                + " policy/poddisruptionbudgets (infra/k8s/rbac.yaml)");
  }

  @Test
  void invalidAnnotationsAndGarbledStateAreProblemsOfTheWorkload() {
    create(
        client,
        deployment("shop", "bad", 1, true)
            .editMetadata()
            .addToAnnotations("aksburst.dev/hold", "forever")
            .addToAnnotations("aksburst.dev/state", "{oops")
            .endMetadata()
            .build());
    WorkloadView w = reader.read().workload(WorkloadRef.of("shop", "bad")).orElseThrow();
    assertThat(w.policy().hold()).isEqualTo(Optional.empty());
    assertThat(w.state()).isEqualTo(BurstState.EMPTY);
    assertThat(w.policyProblems())
        .hasSize(2)
        .anySatisfy(m -> assertThat(m).startsWith("aksburst.dev/hold=\"forever\""))
        .anySatisfy(
            m -> assertThat(m).startsWith("aksburst.dev/state on shop/bad can not be read"));
  }

  @Test
  void rolloutRule() {
    var d = deployment("shop", "r", 4, true).build();
    assertThat(KubernetesClusterReader.rolloutInProgress(d, 4)).isFalse();
    d.getStatus().setObservedGeneration(2L);
    assertThat(KubernetesClusterReader.rolloutInProgress(d, 4)).isTrue();
    d.getStatus().setObservedGeneration(3L);
    d.getStatus().setReplicas(6);
    assertThat(KubernetesClusterReader.rolloutInProgress(d, 4)).as("old pods remain").isTrue();
    d.getStatus().setReplicas(4);
    d.getStatus().setUpdatedReplicas(2);
    assertThat(KubernetesClusterReader.rolloutInProgress(d, 4)).isTrue();
    d.getStatus().setUpdatedReplicas(4);
    d.getStatus().setAvailableReplicas(1);
    assertThat(KubernetesClusterReader.rolloutInProgress(d, 4))
        .as("new pods not yet available is a scale-up, not a rollout")
        .isFalse();
    d.setStatus(null);
    assertThat(KubernetesClusterReader.rolloutInProgress(d, 4)).isTrue();
  }

  @Test
  void configuredNamespacesLimitWorkloadsButNodesCountEveryPod() {
    create(client, deployment("other", "api", 1, true).build());
    var scoped =
        new KubernetesClusterReader(client, Fixtures.options().withNamespaces(List.of("other")));
    ClusterSnapshot s = scoped.read();
    assertThat(s.workloads())
        .extracting(WorkloadView::ref)
        .containsExactly(WorkloadRef.of("other", "api"));
    assertThat(s.node("aks-userpool-0").orElseThrow().podCount()).isEqualTo(3);
    assertThat(s.disruptionBudgets()).as("budgets of shop are outside the scope").isEmpty();
    create(client, budget("other", "api-pdb", 1).build());
    assertThat(scoped.read().disruptionBudgets())
        .extracting(DisruptionBudgetView::qualifiedName)
        .containsExactly("other/api-pdb");
  }

  /** A policy/v1 budget selecting app=web with the status the disruption controller writes. */
  private static PodDisruptionBudgetBuilder budget(String ns, String name, int allowed) {
    return new PodDisruptionBudgetBuilder()
        .withNewMetadata()
        .withNamespace(ns)
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withMinAvailable(new IntOrString(2))
        .withNewSelector()
        .addToMatchLabels("app", "web")
        .endSelector()
        .endSpec()
        .withNewStatus()
        .withDisruptionsAllowed(allowed)
        .withCurrentHealthy(2 + allowed)
        .withDesiredHealthy(2)
        .withExpectedPods(2 + allowed)
        .endStatus();
  }
}
