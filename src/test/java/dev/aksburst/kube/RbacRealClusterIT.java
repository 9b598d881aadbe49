package dev.aksburst.kube;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.k8s.Fixtures;
import dev.aksburst.k8s.KubernetesAdapters;
import dev.aksburst.k8s.KubernetesClients;
import dev.aksburst.k8s.KubernetesOptions;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.ReconcileContext;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code infra/k8s/rbac.yaml} (and {@code rbac-placeholders.yaml}, for the capacity mode
 * placeholders) enforced by the real RBAC authorizer. The role is applied as written, bound to
 * ServiceAccount {@code aks-burst/aks-burst} instead of the app's principal; the product's {@link
 * KubernetesAdapters}, built by {@link KubernetesClients} from a kubeconfig holding that account's
 * token, run every operation a reconcile makes: all succeed (the role is sufficient). Then each
 * rule in turn is removed from its role: the operation named for it is refused with 403 (each rule
 * is needed), and it works again when the rule is back. Things a reconcile never does are refused
 * throughout.
 */
class RbacRealClusterIT {
  static final WorkloadRef WEB = WorkloadRef.of("shop", "web");
  static final ReconcileContext CONTEXT = ReconcileContext.of("alert", "rbac-real-cluster");
  static final Duration PROPAGATION = Duration.ofSeconds(20);

  /** Which operation each rule exists for, by the rule's first resource. */
  static final Map<String, String> OPERATION_OF_RESOURCE =
      Map.ofEntries(
          Map.entry("nodes", "snapshot"),
          Map.entry("pods", "snapshot"),
          Map.entry("deployments", "snapshot"),
          // The second rule on deployments: placeholder Deployments (capacity mode placeholders).
          Map.entry("deployments[create, update, delete]", "placeholders"),
          Map.entry("daemonsets", "snapshot"),
          Map.entry("poddisruptionbudgets", "snapshot"),
          Map.entry("runtimeclasses", "snapshot"),
          Map.entry("horizontalpodautoscalers", "hpa-min-replicas"),
          Map.entry("statefulsets", "virtual-nodes"),
          Map.entry("events", "event"),
          Map.entry("leases", "lock"),
          Map.entry("configmaps", "pool-state"));

  static RealCluster cluster;
  static KubernetesClient admin;
  static KubernetesClient app;
  static KubernetesAdapters adapters;
  static ClusterRole role;
  static Role stateRole;
  static ClusterRole placeholderRole;

  @BeforeAll
  static void start() throws IOException {
    cluster =
        RealCluster.start("rbac", new KwokStages(Duration.ofSeconds(1), Duration.ofSeconds(2)));
    admin = cluster.admin();
    RbacSetup rbac = RbacSetup.bindToServiceAccount(admin);
    role = rbac.role();
    stateRole = rbac.stateRole();
    placeholderRole = rbac.placeholderRole();
    admin
        .nodes()
        .resource(AksObjects.vmNode("aks-agentpool-1-vmss000000", "agentpool", Duration.ZERO))
        .create();
    admin.nodes().resource(AksObjects.virtualNode()).create();
    admin.namespaces().resource(namespace("shop")).create();
    // The virtual nodes v2 StatefulSet aks-burst is allowed to scale (no replicas: only its
    // spec is written here).
    admin.namespaces().resource(namespace("vn2")).create();
    admin
        .apps()
        .statefulSets()
        .resource(
            new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                .withNewMetadata()
                .withNamespace("vn2")
                .withName("virtualnode")
                .endMetadata()
                .withNewSpec()
                .withReplicas(0)
                .withServiceName("virtualnode")
                .withNewSelector()
                .addToMatchLabels("app", "virtualnode")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "virtualnode")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("vk")
                .withImage("virtual-kubelet")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build())
        .create();
    Await.until(
        "ServiceAccount shop/default",
        PROPAGATION,
        () -> admin.serviceAccounts().inNamespace("shop").withName("default").get(),
        sa -> sa != null);
    admin.apps().deployments().resource(web()).create();
    admin
        .autoscaling()
        .v2()
        .horizontalPodAutoscalers()
        .resource(
            new HorizontalPodAutoscalerBuilder()
                .withNewMetadata()
                .withNamespace("shop")
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withMinReplicas(2)
                .withMaxReplicas(10)
                .withNewScaleTargetRef()
                .withApiVersion("apps/v1")
                .withKind("Deployment")
                .withName("web")
                .endScaleTargetRef()
                .endSpec()
                .build())
        .create();
    admin
        .policy()
        .v1()
        .podDisruptionBudget()
        .resource(
            new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withNamespace("shop")
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withMinAvailable(new io.fabric8.kubernetes.api.model.IntOrString(1))
                .withNewSelector()
                .addToMatchLabels("app", "web")
                .endSelector()
                .endSpec()
                .build())
        .create();
    Await.until(
        "2 Ready pods of shop/web",
        Duration.ofSeconds(60),
        () -> Placements.of(admin, "shop", Map.of("app", "web")),
        p -> p.ready() == 2);

    String token = RbacSetup.token(cluster);
    app =
        KubernetesClients.build(
            new KubernetesClients.Kubeconfig(cluster.kubeconfig(token), "real cluster (rbac)"));
    adapters =
        KubernetesAdapters.over(
            app,
            KubernetesOptions.defaults("real-cluster", Clock.systemUTC())
                .withVirtualNodeStatefulSet(Optional.of("vn2/virtualnode")));
  }

  @AfterAll
  static void stop() {
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
  void theRoleIsSufficientAndEveryRuleIsNeeded() {
    Map<String, Optional<String>> all = runAll();
    assertThat(all)
        .as("every operation succeeds with the whole role")
        .allSatisfy((op, failure) -> assertThat(failure).as(op).isEmpty());

    List<String> findings = new ArrayList<>();
    for (int i = 0; i < role.getRules().size(); i++) {
      findings.add(withoutRule(role, i));
    }
    for (int i = 0; i < stateRole.getRules().size(); i++) {
      findings.add(withoutRule(stateRole, i));
    }
    for (int i = 0; i < placeholderRole.getRules().size(); i++) {
      findings.add(withoutRule(placeholderRole, i));
    }
    System.out.println("RBAC rule → refused operation:\n  " + String.join("\n  ", findings));
    assertThat(findings)
        .as("a refused placeholder write names the manifest that grants it")
        .anySatisfy(
            f ->
                assertThat(f)
                    .startsWith("deployments [create, update, delete]")
                    .contains("apply infra/k8s/rbac-placeholders.yaml"));
    assertThat(findings)
        .hasSize(
            role.getRules().size()
                + stateRole.getRules().size()
                + placeholderRole.getRules().size());
  }

  @Test
  void whatAReconcileNeverDoesIsRefused() {
    assertForbidden(
        "delete a pod", () -> app.pods().inNamespace("shop").withLabel("app", "web").delete());
    // Creating and deleting Deployments is granted for the placeholders (RBAC can not narrow a
    // create by label); the adapter writes only <workload>-aksburst-placeholder of an opted-in
    // workload, labelled as aks-burst's (KubernetesPlaceholdersIT).
    assertForbidden("read Secrets", () -> app.secrets().inNamespace("kube-system").list());
    assertForbidden(
        "edit a node",
        () ->
            app.nodes()
                .withName(KwokStages.VIRTUAL_NODE)
                .edit(
                    n -> {
                      n.getMetadata().getLabels().put("x", "y");
                      return n;
                    }));
    assertForbidden(
        "scale subresource",
        () -> app.apps().deployments().inNamespace("shop").withName("web").scale(9));
    assertForbidden(
        "create a pod",
        () ->
            app.pods()
                .resource(
                    new PodBuilder()
                        .withNewMetadata()
                        .withNamespace("shop")
                        .withName("x")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("x")
                        .withImage("x")
                        .endContainer()
                        .endSpec()
                        .build())
                .create());
  }

  /** Removes rule {@code i}, checks its operation is refused, puts the rule back. */
  private static String withoutRule(HasMetadata whole, int i) {
    List<PolicyRule> rules = rules(whole);
    PolicyRule removed = rules.get(i);
    String resource = removed.getResources().get(0);
    String expected =
        OPERATION_OF_RESOURCE.getOrDefault(
            resource + removed.getVerbs(), OPERATION_OF_RESOURCE.get(resource));
    assertThat(expected).as("an operation is named for rule on " + resource).isNotNull();
    List<PolicyRule> fewer = new ArrayList<>(rules);
    fewer.remove(i);
    replaceRules(whole, fewer);
    try {
      Map<String, Optional<String>> seen =
          Await.until(
              "without the rule on " + resource + ", operation " + expected + " is refused",
              PROPAGATION,
              RbacRealClusterIT::runAll,
              r -> r.get(expected).isPresent());
      TreeSet<String> refused = new TreeSet<>();
      seen.forEach((op, f) -> f.ifPresent(x -> refused.add(op)));
      return resource
          + " "
          + removed.getVerbs()
          + " → "
          + refused
          + ": "
          + seen.get(expected).get();
    } finally {
      replaceRules(whole, rules);
      Await.until(
          "with the rule on " + resource + " back, everything works",
          PROPAGATION,
          RbacRealClusterIT::runAll,
          r -> r.values().stream().allMatch(Optional::isEmpty));
    }
  }

  /** Every operation a reconcile makes; the value is why it was refused, if it was. */
  private static Map<String, Optional<String>> runAll() {
    Map<String, Optional<String>> r = new LinkedHashMap<>();
    r.put(
        "snapshot",
        attempt(
            () -> {
              ClusterSnapshot s = adapters.reader().read();
              List<String> forbidden =
                  s.problems().stream().filter(p -> p.contains("403")).toList();
              if (!forbidden.isEmpty()) {
                throw new IllegalStateException("snapshot incomplete: " + forbidden);
              }
            }));
    r.put("scale", attempt(() -> adapters.writer().scale(WEB, 2)));
    r.put(
        "placeholders",
        attempt(
            () -> {
              var t =
                  new dev.aksburst.model.PlaceholderTemplate(
                      "web-aksburst-placeholder",
                      dev.aksburst.model.Resources.of(10, 16L * 1024 * 1024),
                      dev.aksburst.model.Placement.NONE,
                      "aks-burst-placeholder",
                      dev.aksburst.model.PlaceholderTemplate.PAUSE_IMAGE);
              adapters.writer().writePlaceholders(WEB, t, 1);
              adapters.writer().writePlaceholders(WEB, t, 2);
              adapters.writer().writePlaceholders(WEB, t, 0);
            }));
    r.put("hpa-min-replicas", attempt(() -> adapters.writer().setHpaMinReplicas(WEB, "web", 2)));
    r.put(
        "virtual-nodes",
        attempt(
            () ->
                adapters
                    .writer()
                    .scaleVirtualNodes("vn2", "virtualnode", 0, OptionalInt.empty(), false)));
    r.put(
        "deletion-cost",
        attempt(
            () -> {
              List<String> pods =
                  admin
                      .pods()
                      .inNamespace("shop")
                      .withLabel("app", "web")
                      .list()
                      .getItems()
                      .stream()
                      .map(p -> p.getMetadata().getName())
                      .toList();
              adapters.writer().setDeletionCost(WEB, pods.subList(0, 1), -100);
            }));
    r.put(
        "intent",
        attempt(
            () ->
                adapters
                    .intents()
                    .update(
                        WEB,
                        s ->
                            s.withIntent(
                                new Intent(
                                    "rbac",
                                    IntentSource.MANUAL,
                                    WEB,
                                    2,
                                    Instant.now(),
                                    Optional.empty(),
                                    "rbac check",
                                    Optional.empty(),
                                    Instant.now())))));
    r.put(
        "pool-state",
        attempt(
            () ->
                adapters.poolStates().update("agentpool", s -> s.withBaseline(OptionalInt.of(1)))));
    r.put(
        "event",
        attempt(
            () -> {
              adapters.events().record(WEB, "BurstStarted", "rbac check", false, CONTEXT);
              adapters.events().record(WEB, "BurstStarted", "rbac check", false, CONTEXT);
            }));
    r.put(
        "lock",
        attempt(
            () ->
                adapters.lock().tryAcquire("rbac-" + System.nanoTime()).ifPresent(h -> h.close())));
    return r;
  }

  private static Optional<String> attempt(Runnable op) {
    try {
      op.run();
      return Optional.empty();
    } catch (RuntimeException e) {
      if (!forbidden(e)
          && !(e instanceof IllegalStateException && e.getMessage().contains("403"))) {
        throw e;
      }
      return Optional.of(firstLine(e.getMessage()));
    }
  }

  private static void assertForbidden(String what, Runnable op) {
    try {
      op.run();
    } catch (RuntimeException e) {
      assertThat(forbidden(e)).as(what + " is refused with 403, got " + e).isTrue();
      return;
    }
    throw new AssertionError(what + " was allowed");
  }

  private static boolean forbidden(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException k && k.getCode() == 403) {
        return true;
      }
    }
    return false;
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  private static List<PolicyRule> rules(HasMetadata r) {
    return r instanceof ClusterRole c ? c.getRules() : ((Role) r).getRules();
  }

  private static void replaceRules(HasMetadata r, List<PolicyRule> rules) {
    if (r instanceof ClusterRole c) {
      admin
          .rbac()
          .clusterRoles()
          .withName(c.getMetadata().getName())
          .edit(
              x -> {
                x.setRules(new ArrayList<>(rules));
                return x;
              });
    } else {
      Role role = (Role) r;
      admin
          .rbac()
          .roles()
          .inNamespace(role.getMetadata().getNamespace())
          .withName(role.getMetadata().getName())
          .edit(
              x -> {
                x.setRules(new ArrayList<>(rules));
                return x;
              });
    }
  }

  private static io.fabric8.kubernetes.api.model.Namespace namespace(String name) {
    return new io.fabric8.kubernetes.api.model.NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .build();
  }

  /** shop/web: two 250m / 256Mi pods tolerating the virtual node, opted in, bursting to 6. */
  private static Deployment web() {
    return Fixtures.deployment("shop", "web", 2, true)
        .editMetadata()
        .addToLabels("app", "web")
        .addToAnnotations("aksburst.dev/burst", "6")
        .addToAnnotations("aksburst.dev/node-pool", "agentpool")
        .withGeneration(null)
        .endMetadata()
        .withStatus(null)
        .build();
  }
}
