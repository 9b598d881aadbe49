package dev.aksburst.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.k8s.Fixtures;
import dev.aksburst.k8s.KubernetesClusterReader;
import dev.aksburst.k8s.KubernetesOptions;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.plan.Predictions;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * aks-burst's placement predictions against the real kube-scheduler: one empty VM node of pool
 * {@code agentpool} (AKS's labels, zone {@code eastus-1}, 1900m / 5.5Gi / 50Gi ephemeral storage,
 * AKS's DaemonSets on it) and {@code virtual-node-aci-linux}. For each pod spec of the table, the
 * reader reads the Deployment and the planner predicts how many of 12 pods the VM node holds, how
 * many a new node of the pool takes, and whether the virtual node takes the overflow. Then the real
 * scheduler places 12 pods twice: with the virtual node cordoned (how many land on the VM) and with
 * the VM cordoned (do all 12 land on the virtual node). The table is written to {@code
 * target/real-cluster/placement-comparison.md}; every row must agree.
 */
class PlacementRealClusterIT {
  static final String NS = "placement";
  static final String POOL = "agentpool";
  static final String VM = "aks-agentpool-31415926-vmss000000";
  static final int REPLICAS = 12;
  static final Duration STEP = Duration.ofSeconds(60);

  static RealCluster cluster;
  static KubernetesClient admin;
  static KubernetesClusterReader reader;

  /**
   * @param byName the spec selects the VM by its name ({@code matchFields}): a new node, named
   *     otherwise, takes none of its pods, while for every other row the empty VM node is what a
   *     new node of the pool looks like
   */
  record Row(String name, String spec, Consumer<PodSpec> change, boolean byName) {
    Row(String name, String spec, Consumer<PodSpec> change) {
      this(name, spec, change, false);
    }
  }

  record Outcome(Row row, Predictions.Prediction predicted, int realOnVm, int realOnVirtual) {
    boolean agrees() {
      return predicted.onVm() == realOnVm
          && predicted.perNewNode() == (row.byName() ? 0 : realOnVm)
          && predicted.burstReady() == (realOnVirtual == REPLICAS);
    }
  }

  @BeforeAll
  static void start() {
    cluster =
        RealCluster.start(
            "placement", new KwokStages(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    admin = cluster.admin();
    admin.apps().daemonSets().resource(AksObjects.systemDaemons()).create();
    Node vm = AksObjects.vmNode(VM, POOL, Duration.ZERO);
    vm.getMetadata().getLabels().put("topology.kubernetes.io/zone", "eastus-1");
    vm.getMetadata().getLabels().put("topology.kubernetes.io/region", "eastus");
    vm.getStatus().getAllocatable().put("ephemeral-storage", new Quantity("50Gi"));
    vm.getStatus().getCapacity().put("ephemeral-storage", new Quantity("60Gi"));
    admin.nodes().resource(vm).create();
    admin.nodes().resource(AksObjects.virtualNode()).create();
    admin
        .namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    admin
        .resource(
            new RuntimeClassBuilder()
                .withNewMetadata()
                .withName("kata")
                .endMetadata()
                .withHandler("kata")
                .withNewOverhead()
                .addToPodFixed("cpu", new Quantity("100m"))
                .addToPodFixed("memory", new Quantity("64Mi"))
                .endOverhead()
                .build())
        .create();
    Await.until(
        "the VM's DaemonSet pod Ready",
        STEP,
        () -> Placements.of(admin, "kube-system", Map.of("app", "aks-system-daemons")).ready(),
        n -> n == 1);
    Await.until(
        "ServiceAccount " + NS + "/default",
        STEP,
        () -> admin.serviceAccounts().inNamespace(NS).withName("default").get(),
        sa -> sa != null);
    reader =
        new KubernetesClusterReader(admin, KubernetesOptions.defaults("real", Clock.systemUTC()));
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  static List<Row> rows() {
    return List.of(
        new Row("plain", "500m / 1Gi, tolerates the virtual node", s -> {}),
        new Row("no-toleration", "no toleration", s -> s.setTolerations(List.of())),
        new Row(
            "os-selector",
            "nodeSelector kubernetes.io/os=linux",
            s -> s.setNodeSelector(Map.of("kubernetes.io/os", "linux"))),
        new Row(
            "os-in-linux",
            "required affinity kubernetes.io/os In [linux] (Helm charts)",
            s -> require(s, term("kubernetes.io/os", "In", "linux"))),
        new Row(
            "not-virtual",
            "required affinity type NotIn [virtual-kubelet]",
            s -> require(s, term("type", "NotIn", "virtual-kubelet"))),
        new Row(
            "aci-or-spot",
            "required: type In [virtual-kubelet] or scalesetpriority In [spot]",
            s ->
                require(
                    s,
                    term("type", "In", "virtual-kubelet"),
                    term("kubernetes.azure.com/scalesetpriority", "In", "spot"))),
        new Row(
            "pool-exists",
            "required affinity agentpool Exists",
            s -> require(s, term("agentpool", "Exists"))),
        new Row(
            "match-fields",
            "required matchFields metadata.name In [the VM]",
            s ->
                require(
                    s,
                    new NodeSelectorTermBuilder()
                        .addToMatchFields(
                            new NodeSelectorRequirementBuilder()
                                .withKey("metadata.name")
                                .withOperator("In")
                                .withValues(VM)
                                .build())
                        .build()),
            true),
        new Row(
            "limits-only",
            "limits 500m / 1Gi, no requests",
            s ->
                s.getContainers()
                    .get(0)
                    .setResources(
                        new ResourceRequirementsBuilder()
                            .addToLimits("cpu", new Quantity("500m"))
                            .addToLimits("memory", new Quantity("1Gi"))
                            .build())),
        new Row(
            "init-1500m",
            "init container 1500m before the app",
            s -> s.setInitContainers(List.of(container("migrate", "1500m", "64Mi", null)))),
        new Row(
            "sidecar",
            "native sidecar 200m + app 300m",
            s -> {
              s.setInitContainers(List.of(container("mesh", "200m", "128Mi", "Always")));
              s.getContainers().get(0).setResources(requests("300m", "1Gi"));
            }),
        new Row(
            "pod-level",
            "pod-level resources cpu 1 (containers 250m)",
            s -> {
              s.getContainers().get(0).setResources(requests("250m", "256Mi"));
              s.setResources(requests("1", "1Gi"));
            }),
        new Row(
            "runtime-class",
            "app 400m + RuntimeClass overhead 100m",
            s -> {
              s.getContainers().get(0).setResources(requests("400m", "1Gi"));
              s.setRuntimeClassName("kata");
            }),
        new Row(
            "gpu",
            "1 nvidia.com/gpu",
            s ->
                s.getContainers()
                    .get(0)
                    .getResources()
                    .setLimits(Map.of("nvidia.com/gpu", new Quantity("1")))),
        new Row(
            "ephemeral",
            "ephemeral-storage 1Gi",
            s ->
                s.getContainers()
                    .get(0)
                    .getResources()
                    .getRequests()
                    .put("ephemeral-storage", new Quantity("1Gi"))),
        new Row(
            "zone-spread",
            "zone spread maxSkew 1 DoNotSchedule",
            s ->
                s.setTopologySpreadConstraints(
                    List.of(
                        spread("zone-spread", "topology.kubernetes.io/zone", "DoNotSchedule")))),
        new Row(
            "zone-spread-soft",
            "zone spread maxSkew 1 ScheduleAnyway",
            s ->
                s.setTopologySpreadConstraints(
                    List.of(
                        spread(
                            "zone-spread-soft", "topology.kubernetes.io/zone", "ScheduleAnyway")))),
        new Row(
            "host-spread",
            "hostname spread maxSkew 1 DoNotSchedule",
            s ->
                s.setTopologySpreadConstraints(
                    List.of(spread("host-spread", "kubernetes.io/hostname", "DoNotSchedule")))));
  }

  @Test
  void predictionsAgreeWithTheRealScheduler() throws IOException {
    List<Outcome> outcomes = new ArrayList<>();
    for (Row row : rows()) {
      outcomes.add(run(row));
    }
    List<String> table = new ArrayList<>();
    table.add(
        "| pod spec (12 replicas) | predicted on the VM / per new node | real on the VM"
            + " | predicted: virtual node takes the overflow | real on the virtual node | agree |");
    table.add("|---|---|---|---|---|---|");
    for (Outcome o : outcomes) {
      table.add(
          "| %s | %d / %d | %d | %s | %d | %s |"
              .formatted(
                  o.row().spec(),
                  o.predicted().onVm(),
                  o.predicted().perNewNode(),
                  o.realOnVm(),
                  o.predicted().burstReady() ? "yes" : "no",
                  o.realOnVirtual(),
                  o.agrees() ? "yes" : "**no**"));
    }
    Files.createDirectories(Path.of("target/real-cluster"));
    Files.write(Path.of("target/real-cluster/placement-comparison.md"), table);
    System.out.println(String.join("\n", table));
    for (Outcome o : outcomes) {
      if (!o.agrees()) {
        System.out.println(o.row().name() + ": " + o.predicted().readinessProblems());
      }
    }
    assertThat(outcomes)
        .allSatisfy(
            o ->
                assertThat(o.agrees())
                    .as(
                        o.row().name()
                            + ": "
                            + o.predicted()
                            + ", real "
                            + o.realOnVm()
                            + " / "
                            + o.realOnVirtual())
                    .isTrue());
  }

  private static Outcome run(Row row) {
    Deployment d = Fixtures.deployment(NS, row.name(), 0, true).withStatus(null).build();
    d.getMetadata().setGeneration(null);
    PodSpec spec = d.getSpec().getTemplate().getSpec();
    spec.getContainers().get(0).setResources(requests("500m", "1Gi"));
    row.change().accept(spec);
    admin.apps().deployments().resource(d).create();
    Predictions.Prediction predicted =
        Predictions.of(reader.read(), WorkloadRef.of(NS, row.name()), POOL, REPLICAS);

    cordon(KwokStages.VIRTUAL_NODE, true);
    int onVm = placed(row.name()).onVm();
    cordon(KwokStages.VIRTUAL_NODE, false);
    cordon(VM, true);
    int onVirtual = placed(row.name()).onVirtual();
    cordon(VM, false);
    admin.apps().deployments().inNamespace(NS).withName(row.name()).delete();
    return new Outcome(row, predicted, onVm, onVirtual);
  }

  /** Scales to 12, waits until every pod is bound or found unschedulable, scales back to 0. */
  private static Placements placed(String name) {
    admin.apps().deployments().inNamespace(NS).withName(name).scale(REPLICAS);
    Placements p =
        Await.until(
            REPLICAS + " pods of " + name + " bound or unschedulable",
            STEP,
            () -> Placements.of(admin, NS, Map.of("app", name)),
            x ->
                x.total() == REPLICAS
                    && x.pods().stream().allMatch(PlacementRealClusterIT::decided));
    admin.apps().deployments().inNamespace(NS).withName(name).scale(0);
    Await.until(
        "no pod of " + name + " left",
        STEP,
        () -> admin.pods().inNamespace(NS).withLabel("app", name).list().getItems().size(),
        n -> n == 0);
    return p;
  }

  private static boolean decided(Pod p) {
    return Placements.node(p) != null
        || (p.getStatus() != null
            && p.getStatus().getConditions() != null
            && p.getStatus().getConditions().stream()
                .anyMatch(
                    c ->
                        "PodScheduled".equals(c.getType())
                            && "False".equals(c.getStatus())
                            && "Unschedulable".equals(c.getReason())));
  }

  private static void cordon(String node, boolean unschedulable) {
    admin
        .nodes()
        .withName(node)
        .edit(
            n -> {
              n.getSpec().setUnschedulable(unschedulable ? true : null);
              return n;
            });
  }

  private static io.fabric8.kubernetes.api.model.ResourceRequirements requests(
      String cpu, String memory) {
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity(cpu))
        .addToRequests("memory", new Quantity(memory))
        .build();
  }

  private static Container container(String name, String cpu, String memory, String restart) {
    return new ContainerBuilder()
        .withName(name)
        .withImage("busybox")
        .withRestartPolicy(restart)
        .withResources(requests(cpu, memory))
        .build();
  }

  private static io.fabric8.kubernetes.api.model.NodeSelectorTerm term(
      String key, String operator, String... values) {
    return new NodeSelectorTermBuilder()
        .addToMatchExpressions(
            new NodeSelectorRequirementBuilder()
                .withKey(key)
                .withOperator(operator)
                .withValues(values.length == 0 ? null : List.of(values))
                .build())
        .build();
  }

  private static void require(
      PodSpec s, io.fabric8.kubernetes.api.model.NodeSelectorTerm... terms) {
    s.setAffinity(
        new io.fabric8.kubernetes.api.model.AffinityBuilder()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .withNodeSelectorTerms(terms)
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .build());
  }

  private static io.fabric8.kubernetes.api.model.TopologySpreadConstraint spread(
      String app, String key, String whenUnsatisfiable) {
    return new TopologySpreadConstraintBuilder()
        .withMaxSkew(1)
        .withTopologyKey(key)
        .withWhenUnsatisfiable(whenUnsatisfiable)
        .withNewLabelSelector()
        .addToMatchLabels("app", app)
        .endLabelSelector()
        .build();
  }
}
