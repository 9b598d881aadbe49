package dev.aksburst.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.k8s.KubernetesWorkloadWriter;
import dev.aksburst.model.Placement;
import dev.aksburst.model.Resources;
import dev.aksburst.model.Toleration;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimCluster;
import dev.aksburst.sim.SimPod;
import dev.aksburst.sim.SimScenario;
import dev.aksburst.sim.SimSettings;
import dev.aksburst.sim.SimWorkloadSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The seed experiment on the real scheduler and ReplicaSet controller: one VM node of {@code
 * agentpool} with its DaemonSet pods and {@code virtual-node-aci-linux}; {@code
 * infra/k8s/nginx-vn.yaml} applied and scaled 1 → 20 → 2 as the seed did. Where every pod landed is
 * recorded at each step and compared with the simulator replaying the same steps on the same
 * Deployment, and with the seed's own table (1 on the VM; 3 on the VM and 17 on the virtual node; 2
 * on the VM), then again with the seed's own 500m / 1Gi pods, which must give the seed's table. The
 * tables are written to {@code target/real-cluster/seed-placement.md}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SeedRealClusterIT {
  static final Path MANIFEST = Path.of("infra/k8s/nginx-vn.yaml");
  static final WorkloadRef NGINX_VN = WorkloadRef.of("virtualnode", "nginx-vn");
  static final Map<String, String> SELECTOR = Map.of("app", "nginx-vn");
  static final Duration STEP = Duration.ofSeconds(120);
  static final WorkloadRef SEED_SIZED = WorkloadRef.of("virtualnode", "nginx-seed-sized");
  static final Map<String, String> SEED_SIZED_SELECTOR = Map.of("app", "nginx-seed-sized");

  static RealCluster cluster;
  static KubernetesClient admin;
  static final List<String> TABLE = new ArrayList<>();

  @BeforeAll
  static void seedCluster() {
    cluster =
        RealCluster.start("seed", new KwokStages(Duration.ofSeconds(1), Duration.ofSeconds(5)));
    admin = cluster.admin();
    admin.apps().daemonSets().resource(AksObjects.systemDaemons()).create();
    admin
        .nodes()
        .resource(
            AksObjects.vmNode("aks-agentpool-12345678-vmss000000", "agentpool", Duration.ZERO))
        .create();
    admin.nodes().resource(AksObjects.virtualNode()).create();
    Await.until(
        "both nodes Ready and the VM's DaemonSet pod Ready",
        STEP,
        () ->
            Placements.of(admin, "kube-system", Map.of("app", "aks-system-daemons")).ready()
                + admin.nodes().list().getItems().stream()
                    .filter(
                        n ->
                            n.getStatus().getConditions().stream()
                                .anyMatch(
                                    c ->
                                        "Ready".equals(c.getType())
                                            && "True".equals(c.getStatus())))
                    .count(),
        n -> n == 3);
  }

  @AfterAll
  static void stop() throws IOException {
    if (admin != null) {
      admin.close();
    }
    if (cluster != null) {
      cluster.close();
    }
    Files.createDirectories(Path.of("target/real-cluster"));
    Files.write(Path.of("target/real-cluster/seed-placement.md"), TABLE);
  }

  @Test
  @Order(1)
  void seedStepsOnTheRealSchedulerMatchTheSimulator() throws IOException {
    createSeedDeployment();
    List<Step> real = new ArrayList<>();
    real.add(awaitStep(1));
    scale(20);
    real.add(awaitStep(20));
    scale(2);
    real.add(awaitStep(2));

    List<Step> sim = simulate(yamlWorkload());
    TABLE.add(
        "| replicas | real VM | real virtual | sim VM | sim virtual | seed table (AKS 1.19) |");
    TABLE.add("|---|---|---|---|---|---|");
    String[] seed = {"1 / 0", "3 / 17", "2 / 0"};
    for (int i = 0; i < real.size(); i++) {
      TABLE.add(
          "| %d | %d | %d | %d | %d | %s |"
              .formatted(
                  real.get(i).replicas(),
                  real.get(i).onVm(),
                  real.get(i).onVirtual(),
                  sim.get(i).onVm(),
                  sim.get(i).onVirtual(),
                  seed[i]));
    }
    System.out.println(String.join("\n", TABLE));

    assertThat(real.get(0)).as("1 replica: on the VM").isEqualTo(new Step(1, 1, 0));
    assertThat(real.get(2)).as("scaled to 2: both on the VM").isEqualTo(new Step(2, 2, 0));
    assertThat(real.get(1).onVm() + real.get(1).onVirtual()).isEqualTo(20);
    assertThat(sim).as("the simulator on the same steps as the real scheduler").isEqualTo(real);
  }

  @Test
  @Order(2)
  void theReplicaSetDeletesTheLowestDeletionCostFirstEvenAgainstCoLocation() {
    scale(20);
    Placements burst =
        Await.until(
            "20 Ready pods",
            STEP,
            () -> Placements.of(admin, "virtualnode", SELECTOR),
            p -> p.total() == 20 && p.ready() == 20);
    List<String> vmPods = burst.namesOnVm();
    assertThat(vmPods).isNotEmpty();
    assertThat(burst.onVirtual()).isGreaterThan(vmPods.size());

    // Co-location alone would delete virtual-node pods first (more replicas share that node).
    // aks-burst's writer gives the VM pods the lowest cost: the ReplicaSet must take those.
    new KubernetesWorkloadWriter(admin).setDeletionCost(NGINX_VN, vmPods, -100);
    scale(20 - vmPods.size());
    Placements after =
        Await.until(
            (20 - vmPods.size()) + " pods",
            STEP,
            () -> Placements.of(admin, "virtualnode", SELECTOR),
            p -> p.total() == 20 - vmPods.size());
    assertThat(after.names()).doesNotContainAnyElementsOf(vmPods);
    assertThat(after.namesOnVirtual()).containsExactlyElementsOf(burst.namesOnVirtual());
  }

  @Test
  @Order(3)
  void theSeedsOwnPodSizeGivesTheSeedsTable() throws IOException {
    scale(0);
    awaitStep(0);
    Deployment d;
    try (InputStream in = Files.newInputStream(MANIFEST)) {
      d =
          admin.load(in).items().stream()
              .filter(Deployment.class::isInstance)
              .map(Deployment.class::cast)
              .findFirst()
              .orElseThrow();
    }
    admin.apps().deployments().resource(seedSized(d)).create();
    List<Step> real = new ArrayList<>();
    real.add(awaitStep(SEED_SIZED_SELECTOR, 1));
    scale(SEED_SIZED, 20);
    real.add(awaitStep(SEED_SIZED_SELECTOR, 20));
    scale(SEED_SIZED, 2);
    real.add(awaitStep(SEED_SIZED_SELECTOR, 2));

    SimWorkloadSpec yaml = yamlWorkload();
    List<Step> sim =
        simulate(
            new SimWorkloadSpec(
                SEED_SIZED,
                SEED_SIZED_SELECTOR,
                Map.of(),
                1,
                Resources.of(500, 1L << 30),
                yaml.placement(),
                Optional.empty()),
            SEED_SIZED);
    TABLE.add("");
    TABLE.add("The seed's own pods (500m / 1Gi), same manifest otherwise:");
    TABLE.add("");
    TABLE.add(
        "| replicas | real VM | real virtual | sim VM | sim virtual | seed table (AKS 1.19) |");
    TABLE.add("|---|---|---|---|---|---|");
    String[] seed = {"1 / 0", "3 / 17", "2 / 0"};
    for (int i = 0; i < real.size(); i++) {
      TABLE.add(
          "| %d | %d | %d | %d | %d | %s |"
              .formatted(
                  real.get(i).replicas(),
                  real.get(i).onVm(),
                  real.get(i).onVirtual(),
                  sim.get(i).onVm(),
                  sim.get(i).onVirtual(),
                  seed[i]));
    }
    System.out.println(String.join("\n", TABLE));

    assertThat(real)
        .as("the real scheduler reproduces the seed's table with the seed's pod size")
        .containsExactly(new Step(1, 1, 0), new Step(20, 3, 17), new Step(2, 2, 0));
    assertThat(sim).as("the simulator on the same steps").isEqualTo(real);
  }

  private static void createSeedDeployment() throws IOException {
    try (InputStream in = Files.newInputStream(MANIFEST)) {
      for (HasMetadata o : admin.load(in).items()) {
        if (o instanceof Namespace ns) {
          admin.namespaces().resource(ns).create();
        }
      }
    }
    Await.until(
        "ServiceAccount virtualnode/default (the serviceaccount controller)",
        STEP,
        () -> admin.serviceAccounts().inNamespace("virtualnode").withName("default").get(),
        sa -> sa != null);
    try (InputStream in = Files.newInputStream(MANIFEST)) {
      for (HasMetadata o : admin.load(in).items()) {
        if (o instanceof Deployment d) {
          d.getSpec().setReplicas(1);
          admin.apps().deployments().resource(d).create();
        }
      }
    }
  }

  private static void scale(int replicas) {
    scale(NGINX_VN, replicas);
  }

  private static void scale(WorkloadRef ref, int replicas) {
    admin.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()).scale(replicas);
  }

  private static Step awaitStep(int replicas) {
    return awaitStep(SELECTOR, replicas);
  }

  private static Step awaitStep(Map<String, String> selector, int replicas) {
    Placements p =
        Await.until(
            replicas + " Ready pods of " + selector + " and nothing terminating",
            STEP,
            () -> Placements.of(admin, "virtualnode", selector),
            x ->
                x.total() == replicas
                    && x.ready() == replicas
                    && admin
                            .pods()
                            .inNamespace("virtualnode")
                            .withLabels(selector)
                            .list()
                            .getItems()
                            .size()
                        == replicas);
    return new Step(replicas, p.onVm(), p.onVirtual());
  }

  /** The Deployment in {@code infra/k8s/nginx-vn.yaml}, as the simulator models it. */
  private static SimWorkloadSpec yamlWorkload() throws IOException {
    Deployment d;
    try (InputStream in = Files.newInputStream(MANIFEST)) {
      d =
          admin.load(in).items().stream()
              .filter(Deployment.class::isInstance)
              .map(Deployment.class::cast)
              .findFirst()
              .orElseThrow();
    }
    Map<String, Quantity> req =
        d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getRequests();
    Resources requests =
        Resources.of(
            (long) (Quantity.getAmountInBytes(req.get("cpu")).doubleValue() * 1000),
            Quantity.getAmountInBytes(req.get("memory")).longValue());
    var pref =
        d.getSpec()
            .getTemplate()
            .getSpec()
            .getAffinity()
            .getNodeAffinity()
            .getPreferredDuringSchedulingIgnoredDuringExecution()
            .get(0);
    var expr = pref.getPreference().getMatchExpressions().get(0);
    Placement placement =
        new Placement(
            List.of(new Toleration("virtual-kubelet.io/provider", "Exists", "", "")),
            Map.of(),
            List.of(),
            List.of(
                new Placement.PreferredTerm(
                    pref.getWeight(), expr.getKey(), expr.getOperator(), expr.getValues())));
    return new SimWorkloadSpec(
        NGINX_VN, d.getMetadata().getLabels(), Map.of(), 1, requests, placement, Optional.empty());
  }

  /** The manifest's Deployment renamed and with the seed's own 500m / 1Gi pods. */
  private static Deployment seedSized(Deployment d) {
    d.getMetadata().setName(SEED_SIZED.name());
    d.getSpec().getSelector().setMatchLabels(SEED_SIZED_SELECTOR);
    d.getSpec().getTemplate().getMetadata().setLabels(SEED_SIZED_SELECTOR);
    d.getSpec().setReplicas(1);
    var resources = d.getSpec().getTemplate().getSpec().getContainers().get(0).getResources();
    resources.setRequests(Map.of("cpu", new Quantity("500m"), "memory", new Quantity("1Gi")));
    resources.setLimits(null);
    return d;
  }

  /** The same kubectl steps on the simulator, no controller. */
  private static List<Step> simulate(SimWorkloadSpec workload) {
    return simulate(workload, NGINX_VN);
  }

  private static List<Step> simulate(SimWorkloadSpec workload, WorkloadRef ref) {
    SimCluster sim =
        SimCluster.start(
            new SimScenario(
                "sim/real-cluster-seed",
                SeedScenario.START,
                List.of(SeedScenario.pool(1)),
                true,
                List.of(workload),
                SimSettings.DEFAULTS));
    List<Step> steps = new ArrayList<>();
    steps.add(simStep(sim, ref, 1));
    sim.scale(ref, 20);
    sim.advance(Duration.ofMinutes(2));
    steps.add(simStep(sim, ref, 20));
    sim.scale(ref, 2);
    sim.advance(Duration.ofMinutes(1));
    steps.add(simStep(sim, ref, 2));
    return steps;
  }

  private static Step simStep(SimCluster sim, WorkloadRef ref, int replicas) {
    List<SimPod> live = sim.pods(ref).stream().filter(SimPod::active).toList();
    int virtual =
        (int)
            live.stream()
                .filter(p -> p.node().orElse("").equals(SimCluster.VIRTUAL_NODE_NAME))
                .count();
    int vm = (int) live.stream().filter(p -> p.node().isPresent()).count() - virtual;
    return new Step(replicas, vm, virtual);
  }

  record Step(int replicas, int onVm, int onVirtual) {}
}
