package dev.aksburst.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.k8s.KubernetesAdapters;
import dev.aksburst.k8s.KubernetesClients;
import dev.aksburst.k8s.KubernetesOptions;
import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.PlannerConfig;
import dev.aksburst.reconcile.ApplyMode;
import dev.aksburst.reconcile.ClusterPorts;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.reconcile.Reconciler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole burst on the real scheduler and controllers: the product's reconciler, with its
 * Kubernetes adapters running as the ServiceAccount bound by {@code infra/k8s/rbac.yaml}, and a
 * stateful agent pool whose VMs are kwok nodes (NotReady, Ready after a boot delay). A fired alert
 * takes {@code nginx-vn} to 20 Ready with the overflow on the virtual node; the pool grows;
 * backfill moves the pods onto the new VM nodes with Ready replicas (sampled every second from the
 * API server) never below the floor; the resolved alert brings it back to 2 with the virtual-node
 * pods deleted first; the pool returns to its baseline.
 */
class BurstRealClusterIT {
  static final Path DEPLOYMENT = Path.of("infra/k8s/nginx-vn.yaml");
  static final Path RBAC = Path.of("infra/k8s/rbac.yaml");
  static final WorkloadRef NGINX_VN = WorkloadRef.of("virtualnode", "nginx-vn");
  static final Map<String, String> SELECTOR = Map.of("app", "nginx-vn");
  static final String POOL = "agentpool";

  static RealCluster cluster;
  static KubernetesClient admin;
  static KubernetesClient app;
  static KwokNodePoolScaler pool;
  static Reconciler reconciler;
  static ScheduledExecutorService loops;

  @BeforeAll
  static void start() throws IOException {
    cluster =
        RealCluster.start("burst", new KwokStages(Duration.ofSeconds(2), Duration.ofSeconds(10)));
    admin = cluster.admin();
    admin.apps().daemonSets().resource(AksObjects.systemDaemons()).create();
    admin
        .nodes()
        .resource(AksObjects.vmNode(KwokNodePoolScaler.nodeName(POOL, 0), POOL, Duration.ZERO))
        .create();
    admin.nodes().resource(AksObjects.virtualNode()).create();
    bindRbacToServiceAccount();
    createDeployment();
    Await.until(
        "2 Ready pods of nginx-vn",
        Duration.ofSeconds(90),
        () -> Placements.of(admin, "virtualnode", SELECTOR),
        p -> p.total() == 2 && p.ready() == 2);

    app =
        KubernetesClients.build(
            new KubernetesClients.Kubeconfig(
                cluster.kubeconfig(cluster.serviceAccountToken("aks-burst", "aks-burst")),
                "real cluster (burst)"));
    KubernetesAdapters k =
        KubernetesAdapters.over(app, KubernetesOptions.defaults("real", Clock.systemUTC()));
    pool = new KwokNodePoolScaler(admin, POOL, Duration.ofSeconds(15));
    ClusterPorts ports =
        new ClusterPorts(
            "real",
            k.reader(),
            k.writer(),
            pool,
            k.intents(),
            k.poolStates(),
            k.events(),
            k.lock());
    PlannerConfig config =
        new PlannerConfig(
            10,
            Duration.ofSeconds(5),
            Duration.ofSeconds(5),
            Duration.ofMinutes(2),
            Duration.ofSeconds(10),
            PlannerConfig.DEFAULTS.virtualDeletionCost(),
            Duration.ofHours(1),
            Duration.ofHours(3),
            PlannerConfig.DEFAULTS.economics(),
            PlannerConfig.DEFAULTS.poolWrites(),
            PlannerConfig.DEFAULTS.writeBudget());
    reconciler =
        new Reconciler(
            ports,
            new BurstPlanner(),
            config,
            Clock.systemUTC(),
            ApplyMode.WRITE,
            new Reconciler.Timing(Duration.ofSeconds(5), Duration.ofSeconds(10)),
            "it");
    loops = Executors.newScheduledThreadPool(2);
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (loops != null) {
      loops.shutdownNow();
      loops.awaitTermination(30, TimeUnit.SECONDS);
    }
    for (KubernetesClient c : new KubernetesClient[] {app, admin}) {
      if (c != null) {
        c.close();
      }
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aFiredAlertBurstsBackfillsAndShedsOnTheRealControllers() {
    AtomicInteger reconciles = new AtomicInteger();
    loops.scheduleWithFixedDelay(
        () -> {
          try {
            reconciler.reconcile(
                ReconcileContext.of("timer", "it-" + reconciles.incrementAndGet()));
          } catch (RuntimeException e) {
            System.err.println("reconcile failed: " + e);
          }
        },
        0,
        2,
        TimeUnit.SECONDS);
    writeIntent(Optional.empty());

    Placements burst =
        Await.until(
            "20 Ready pods of nginx-vn",
            Duration.ofSeconds(120),
            () -> Placements.of(admin, "virtualnode", SELECTOR),
            p -> p.ready() >= 20);
    System.out.println("burst: " + burst);
    assertThat(burst.onVirtual()).as("the overflow is on the virtual node").isPositive();

    AtomicInteger minReady = new AtomicInteger(Integer.MAX_VALUE);
    AtomicBoolean sampling = new AtomicBoolean(true);
    List<String> samples = new ArrayList<>();
    loops.scheduleAtFixedRate(
        () -> {
          if (sampling.get()) {
            Placements p = Placements.of(admin, "virtualnode", SELECTOR);
            minReady.accumulateAndGet(p.ready(), Math::min);
            synchronized (samples) {
              samples.add(Instant.now() + " " + p);
            }
          }
        },
        0,
        1,
        TimeUnit.SECONDS);

    Await.until("the pool grows", Duration.ofSeconds(60), pool::count, n -> n > 1);
    Placements backfilled =
        Await.until(
            "every pod on a VM node (backfill)",
            Duration.ofMinutes(5),
            () -> Placements.of(admin, "virtualnode", SELECTOR),
            p -> p.onVirtual() == 0 && p.readyOnVm() >= 20);
    sampling.set(false);
    System.out.println("backfilled: " + backfilled + " on " + pool.count() + " VM nodes");
    assertThat(minReady.get())
        .as("Ready replicas during backfill, sampled every second")
        .isGreaterThanOrEqualTo(20);

    List<String> onVirtualAtResolve =
        Placements.of(admin, "virtualnode", SELECTOR).namesOnVirtual();
    writeIntent(Optional.of(Instant.now()));
    Placements after =
        Await.until(
            "back to 2 replicas",
            Duration.ofMinutes(3),
            () -> Placements.of(admin, "virtualnode", SELECTOR),
            p -> p.total() == 2);
    System.out.println(
        "at resolve on the virtual node: " + onVirtualAtResolve + "; after: " + after);
    if (!onVirtualAtResolve.isEmpty()) {
      assertThat(after.names()).doesNotContainAnyElementsOf(onVirtualAtResolve);
    }
    assertThat(after.onVm()).isEqualTo(2);
    Await.until(
        "the pool returns to its baseline of 1", Duration.ofMinutes(3), pool::count, n -> n == 1);
  }

  private static void writeIntent(Optional<Instant> until) {
    try (KubernetesClient c = cluster.admin()) {
      new dev.aksburst.k8s.AnnotationIntentStore(app)
          .update(
              NGINX_VN,
              s ->
                  s.withIntent(
                      new Intent(
                          "alert-nginx-vn-latency",
                          IntentSource.ALERT,
                          NGINX_VN,
                          20,
                          Instant.now().minusSeconds(1),
                          until,
                          "alert nginx-vn-latency",
                          Optional.empty(),
                          Instant.now())));
    }
  }

  private static void createDeployment() throws IOException {
    try (InputStream in = Files.newInputStream(DEPLOYMENT)) {
      for (HasMetadata o : admin.load(in).items()) {
        if (o instanceof Namespace ns) {
          admin.namespaces().resource(ns).create();
        }
      }
    }
    Await.until(
        "ServiceAccount virtualnode/default",
        Duration.ofSeconds(60),
        () -> admin.serviceAccounts().inNamespace("virtualnode").withName("default").get(),
        sa -> sa != null);
    try (InputStream in = Files.newInputStream(DEPLOYMENT)) {
      for (HasMetadata o : admin.load(in).items()) {
        if (o instanceof Deployment d) {
          Map<String, String> a = d.getMetadata().getAnnotations();
          a.put("aksburst.dev/node-pool", POOL);
          a.put("aksburst.dev/strategy", "vm-first");
          a.put("aksburst.dev/hold", "PT1S");
          a.remove("aksburst.dev/windows");
          admin.apps().deployments().resource(d).create();
        }
      }
    }
  }

  private static void bindRbacToServiceAccount() throws IOException {
    Subject sa =
        new SubjectBuilder()
            .withKind("ServiceAccount")
            .withName("aks-burst")
            .withNamespace("aks-burst")
            .build();
    // The namespace is an AKS managed namespace made by infra/modules/aks.bicep, not by rbac.yaml.
    admin
        .namespaces()
        .resource(
            new io.fabric8.kubernetes.api.model.NamespaceBuilder()
                .withNewMetadata()
                .withName("aks-burst")
                .endMetadata()
                .build())
        .create();
    admin
        .serviceAccounts()
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withNamespace("aks-burst")
                .withName("aks-burst")
                .endMetadata()
                .build())
        .create();
    try (InputStream in = Files.newInputStream(RBAC)) {
      for (HasMetadata o : admin.load(in).items()) {
        if (o instanceof ClusterRoleBinding b) {
          b.setSubjects(List.of(sa));
        } else if (o instanceof RoleBinding b) {
          b.setSubjects(List.of(sa));
        }
        admin.resource(o).create();
      }
    }
  }
}
