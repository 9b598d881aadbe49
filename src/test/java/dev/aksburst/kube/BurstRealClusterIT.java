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
import io.fabric8.kubernetes.api.model.apps.Deployment;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole burst on the real scheduler and controllers: the product's reconciler, with its
 * Kubernetes adapters running as the ServiceAccount bound by {@code infra/k8s/rbac.yaml}, and a
 * stateful agent pool whose VMs are kwok nodes (NotReady, Ready after a boot delay). A fired alert
 * takes {@code nginx-vn} to 20 Ready with the overflow on the virtual node; the pool grows;
 * backfill moves the pods onto the new VM nodes with Ready replicas (sampled every second from the
 * API server) never below the floor; the resolved alert brings it back to 2 with the virtual-node
 * pods deleted first; the pool returns to its baseline. Then ACI-first at the final scale-in: the
 * real ReplicaSet deletes the virtual-node pods first, against its own co-location ranking.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BurstRealClusterIT {
  static final Path DEPLOYMENT = Path.of("infra/k8s/nginx-vn.yaml");
  static final WorkloadRef NGINX_VN = WorkloadRef.of("virtualnode", "nginx-vn");
  static final Map<String, String> SELECTOR = Map.of("app", "nginx-vn");
  static final String POOL = "agentpool";

  static RealCluster cluster;
  static KubernetesClient admin;
  static KubernetesClient app;
  static KwokNodePoolScaler pool;
  static Reconciler reconciler;
  static ScheduledExecutorService loops;
  static boolean reconciling;

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
    RbacSetup.bindToServiceAccount(admin);
    createDeployment();
    Await.until(
        "2 Ready pods of nginx-vn",
        Duration.ofSeconds(90),
        () -> Placements.of(admin, "virtualnode", SELECTOR),
        p -> p.total() == 2 && p.ready() == 2);

    app =
        KubernetesClients.build(
            new KubernetesClients.Kubeconfig(
                cluster.kubeconfig(RbacSetup.token(cluster)), "real cluster (burst)"));
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

  /** The product reconciles every 2 s from the first test on. */
  private static synchronized void reconciling() {
    if (reconciling) {
      return;
    }
    reconciling = true;
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
  }

  @Test
  @Order(1)
  void aFiredAlertBurstsBackfillsAndShedsOnTheRealControllers() {
    reconciling();
    writeIntent("alert-nginx-vn-latency", 20, Optional.empty());

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
    writeIntent("alert-nginx-vn-latency", 20, Optional.of(Instant.now()));
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

  /**
   * ACI-first at the final scale-in, on the real ReplicaSet controller: 8 pods, 6 on the VM and 2
   * on the virtual node, the pool never grows. Resolved to 2, the ReplicaSet's own ranking
   * (co-location: 6 share the VM) would delete VM pods and keep the virtual ones; the product's
   * lower {@code pod-deletion-cost} on the virtual-node pods makes it delete those first: the 2
   * left are VM pods of before.
   */
  @Test
  @Order(2)
  void aciFirstShedsTheVirtualNodePodsFirstOnTheRealReplicaSet() {
    // The Deployment controller and the reconcile loop write this Deployment too: annotate it
    // before the loop runs, retrying the compare-and-swap a controller's write may win.
    for (int attempt = 1; ; attempt++) {
      try {
        admin
            .apps()
            .deployments()
            .inNamespace(NGINX_VN.namespace())
            .withName(NGINX_VN.name())
            .edit(
                d -> {
                  d.getMetadata().getAnnotations().put("aksburst.dev/strategy", "aci-first");
                  return d;
                });
        break;
      } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
    reconciling();
    int poolBefore = pool.count();
    writeIntent("alert-nginx-vn-aci-first", 8, Optional.empty());
    Placements burst =
        Await.until(
            "8 Ready pods of nginx-vn, some on the virtual node",
            Duration.ofSeconds(120),
            () -> Placements.of(admin, "virtualnode", SELECTOR),
            p -> p.ready() == 8 && p.total() == 8 && p.onVirtual() > 0);
    System.out.println("aci-first burst: " + burst);
    assertThat(burst.onVm())
        .as("more pods share the VM than the virtual node: co-location alone sheds VM pods")
        .isGreaterThan(burst.onVirtual());
    assertThat(pool.count()).as("aci-first never grows the pool").isEqualTo(poolBefore);

    writeIntent("alert-nginx-vn-aci-first", 8, Optional.of(Instant.now()));
    Placements after =
        Await.until(
            "back to 2 replicas",
            Duration.ofMinutes(3),
            () -> Placements.of(admin, "virtualnode", SELECTOR),
            p -> p.total() == 2);
    System.out.println("aci-first after resolve: " + after);
    assertThat(after.names())
        .as("the ReplicaSet deleted the virtual-node pods first")
        .doesNotContainAnyElementsOf(burst.namesOnVirtual())
        .isSubsetOf(burst.namesOnVm());
  }

  private static void writeIntent(String id, int replicas, Optional<Instant> until) {
    try (KubernetesClient c = cluster.admin()) {
      new dev.aksburst.k8s.AnnotationIntentStore(app)
          .update(
              NGINX_VN,
              s ->
                  s.withIntent(
                      new Intent(
                          id,
                          IntentSource.ALERT,
                          NGINX_VN,
                          replicas,
                          Instant.now().minusSeconds(1),
                          until,
                          "alert " + id,
                          Optional.empty(),
                          Instant.now())));
    }
  }

  private static void createDeployment() throws IOException {
    createNginxVn(admin);
  }

  /**
   * {@code infra/k8s/nginx-vn.yaml} with its namespace, on pool {@code agentpool}, strategy
   * vm-first, a hold of one second and no windows.
   */
  static void createNginxVn(KubernetesClient admin) throws IOException {
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
}
