package dev.aksburst.k8s;

import static dev.aksburst.k8s.Fixtures.create;
import static dev.aksburst.k8s.Fixtures.deployment;
import static dev.aksburst.k8s.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.infra.Bicep;
import dev.aksburst.k8s.ApiCall.Permission;
import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.reconcile.ReconcileLock;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes permissions of aks-burst are derived from the requests its adapters send, not
 * written down twice. Every adapter of {@link KubernetesAdapters} is driven through every operation
 * against the CRUD mock server (a snapshot in both namespace modes, each writer, a compare-and-swap
 * retried after 409, the pool-state ConfigMap created and patched, an Event created and bumped, the
 * Lease acquired, refused, released, reacquired and taken over); each recorded HTTP request is
 * mapped to (API group, resource, verb) and then checked against {@code infra/k8s/rbac.yaml} and
 * against the data actions of the Azure custom role in {@code infra/modules/access.bicep}, both
 * ways: everything called is granted, and nothing is granted that no call uses.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesPermissionsIT {
  static final Path MANIFEST = Path.of("infra/k8s/rbac.yaml");

  /** The capacity mode placeholders only: applied beside rbac.yaml. */
  static final Path PLACEHOLDERS_MANIFEST = Path.of("infra/k8s/rbac-placeholders.yaml");

  static final Path ACCESS_BICEP = Path.of("infra/modules/access.bicep");
  static final WorkloadRef WEB = WorkloadRef.of("shop", "web");
  static final ReconcileContext CONTEXT = ReconcileContext.of("alert", "permissions");

  static KubernetesMockServer server;
  static KubernetesClient client;

  private static int taken;

  /** The requests of each adapter (by its component name in {@link KubernetesAdapters}). */
  private static final Map<String, List<ApiCall>> CALLS = new LinkedHashMap<>();

  private static int intentChanges;
  private static int poolChanges;

  @BeforeAll
  static void driveEveryAdapter() throws InterruptedException {
    KubernetesOptions options =
        Fixtures.options().withVirtualNodeStatefulSet(Optional.of("vn2/virtualnode"));
    seed();
    drain();

    KubernetesAdapters all = KubernetesAdapters.over(client, options);

    all.reader().read();
    new KubernetesClusterReader(client, options.withNamespaces(List.of("shop", "batch"))).read();
    record("reader");

    all.writer().scale(WEB, 5);
    all.writer().setHpaMinReplicas(WEB, "web-hpa", 8);
    all.writer().setDeletionCost(WEB, List.of("web-2"), -100);
    all.writer().scaleVirtualNodes("vn2", "virtualnode", 2, OptionalInt.of(1), false);
    all.writer().scaleVirtualNodes("vn2", "virtualnode", 1, OptionalInt.empty(), true);
    // aksburst.dev/capacity: placeholders: create, replace, delete the placeholder Deployment.
    all.writer().writePlaceholders(WEB, KubernetesPlaceholdersIT.template(), 3);
    all.writer().writePlaceholders(WEB, KubernetesPlaceholdersIT.template(), 2);
    all.writer().writePlaceholders(WEB, KubernetesPlaceholdersIT.template(), 0);
    record("writer");

    all.intents().read(WEB);
    AtomicInteger intentCalls = new AtomicInteger();
    all.intents()
        .update(
            WEB,
            s -> {
              if (intentCalls.incrementAndGet() == 1) {
                // another writer lands between the read and the write: the write gets 409
                new AnnotationIntentStore(client).update(WEB, o -> o.withIntent(intent("other")));
              }
              return s.withIntent(intent("mine"));
            });
    intentChanges = intentCalls.get();
    record("intents");

    all.poolStates().readAll();
    all.poolStates().update("userpool", s -> s.withBaseline(OptionalInt.of(3)));
    AtomicInteger poolCalls = new AtomicInteger();
    all.poolStates()
        .update(
            "userpool",
            s -> {
              if (poolCalls.incrementAndGet() == 1) {
                new ConfigMapPoolStateStore(client, options.stateNamespace())
                    .update("spot", o -> o.withLastScaleIn(Fixtures.NOW));
              }
              return s.withLastScaleOut(Fixtures.NOW);
            });
    poolChanges = poolCalls.get();
    record("poolStates");

    all.events().record(WEB, "BurstStarted", "alert cpu-high: 2 -> 6 replicas", false, CONTEXT);
    all.events().record(WEB, "BurstStarted", "alert cpu-high: 2 -> 6 replicas", false, CONTEXT);
    record("events");

    Optional<ReconcileLock.Held> first = all.lock().tryAcquire("instance-a");
    Optional<ReconcileLock.Held> refused = all.lock().tryAcquire("instance-b");
    first.orElseThrow().close();
    Optional<ReconcileLock.Held> again = all.lock().tryAcquire("instance-b");
    Clock later = Clock.fixed(Fixtures.NOW.plus(LeaseReconcileLock.TTL), ZoneOffset.UTC);
    Optional<ReconcileLock.Held> stolen =
        new LeaseReconcileLock(client, options.stateNamespace(), later).tryAcquire("instance-c");
    again.orElseThrow().close();
    stolen.orElseThrow().close();
    assertThat(refused).as("a held Lease is refused").isEmpty();
    record("lock");
  }

  private static void seed() {
    create(
        client,
        Fixtures.vmNode("aks-userpool-0", "userpool", true),
        Fixtures.virtualNode(),
        deployment("shop", "web", 2, true).build(),
        deployment("shop", "legacy", 2, false).build(),
        KubernetesVirtualNodesIT.statefulSet(1, Map.of()),
        pod("shop", "web-1", "web", "aks-userpool-0", "250m", "256Mi"),
        pod("shop", "web-2", "web", "virtual-node-aci-linux", "250m", "256Mi"),
        Fixtures.daemonSetPod("kube-proxy-a", "aks-userpool-0"),
        new HorizontalPodAutoscalerBuilder()
            .withNewMetadata()
            .withNamespace("shop")
            .withName("web-hpa")
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

  private static Intent intent(String id) {
    return new Intent(
        id,
        IntentSource.MANUAL,
        WEB,
        6,
        Fixtures.NOW,
        Optional.empty(),
        "permissions " + id,
        Optional.empty(),
        Fixtures.NOW);
  }

  /** The requests sent since the last call, not attributed to any adapter (the seed). */
  private static List<RecordedRequest> drain() throws InterruptedException {
    List<RecordedRequest> requests = new ArrayList<>();
    while (taken < server.getRequestCount()) {
      RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
      assertThat(r).as("request %d the mock server counted", taken + 1).isNotNull();
      requests.add(r);
      taken++;
    }
    return requests;
  }

  private static void record(String adapter) throws InterruptedException {
    CALLS.put(adapter, drain().stream().map(r -> ApiCall.of(r.getMethod(), r.getPath())).toList());
  }

  private static List<ApiCall> allCalls() {
    return CALLS.values().stream().flatMap(List::stream).toList();
  }

  // ------------------------------------------------------------------ the recorded run

  @Test
  void everyAdapterWasDrivenAndTheConflictsWereRetried() {
    Set<String> components =
        Arrays.stream(KubernetesAdapters.class.getRecordComponents())
            .map(RecordComponent::getName)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(CALLS.keySet()).containsExactlyInAnyOrderElementsOf(components);
    CALLS.forEach((adapter, calls) -> assertThat(calls).as(adapter).isNotEmpty());
    assertThat(intentChanges).as("intent change applied again after 409").isEqualTo(2);
    assertThat(poolChanges).as("pool change applied again after 409").isEqualTo(2);
    assertThat(allCalls())
        .extracting(ApiCall::verb)
        .as("every kind of call the adapters make was seen")
        .contains("get", "list", "create", "patch");
    var event =
        client.v1().events().inNamespace("shop").list().getItems().stream()
            .filter(e -> "BurstStarted".equals(e.getReason()))
            .findFirst()
            .orElseThrow();
    assertThat(event.getCount()).as("second record bumped the count").isEqualTo(2);
    var lease =
        client
            .leases()
            .inNamespace(KubernetesOptions.DEFAULT_STATE_NAMESPACE)
            .withName(LeaseReconcileLock.NAME)
            .get();
    assertThat(lease.getSpec().getLeaseTransitions())
        .as("reacquired after release, then taken over after expiry")
        .isEqualTo(2);
  }

  // ------------------------------------------------------------------ infra/k8s/rbac.yaml

  private static List<HasMetadata> manifest() throws IOException {
    return load(MANIFEST);
  }

  private static List<HasMetadata> load(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return Serialization.unmarshal(in);
    }
  }

  /** The cluster-wide rules with both files applied (the capacity mode placeholders). */
  private static List<PolicyRule> clusterRules() throws IOException {
    List<PolicyRule> rules = new ArrayList<>(only(manifest(), ClusterRole.class).getRules());
    rules.addAll(only(load(PLACEHOLDERS_MANIFEST), ClusterRole.class).getRules());
    return rules;
  }

  private static <T> T only(List<HasMetadata> objects, Class<T> kind) {
    List<T> of = objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    assertThat(of).as("%s objects in %s", kind.getSimpleName(), MANIFEST).hasSize(1);
    return of.get(0);
  }

  private static boolean grants(List<PolicyRule> rules, ApiCall call) {
    return rules.stream().anyMatch(r -> grants(r, call));
  }

  private static boolean grants(PolicyRule r, ApiCall call) {
    return listed(r.getApiGroups(), call.group())
        && listed(r.getResources(), call.rbacResource())
        && listed(r.getVerbs(), call.verb())
        && (r.getResourceNames() == null
            || r.getResourceNames().isEmpty()
            || r.getResourceNames().contains(call.name()));
  }

  private static boolean listed(List<String> values, String value) {
    return values != null && (values.contains(value) || values.contains("*"));
  }

  /** Calls in the state namespace that the Role grants are the Role's; all others the cluster's. */
  private static boolean byRole(Role role, ApiCall call) {
    return call.namespace().equals(role.getMetadata().getNamespace())
        && grants(role.getRules(), call);
  }

  private static Set<Permission> expand(List<PolicyRule> rules) {
    Set<Permission> out = new TreeSet<>();
    for (PolicyRule r : rules) {
      for (String g : r.getApiGroups()) {
        for (String res : r.getResources()) {
          for (String v : r.getVerbs()) {
            out.add(new Permission(g, res, v));
          }
        }
      }
    }
    return out;
  }

  @Test
  void theManifestBindsBothRolesInTheStateNamespaceThatTheDeploymentCreates() throws IOException {
    List<HasMetadata> objects = manifest();
    // The namespace is an AKS managed namespace of infra/modules/aks.bicep in both modes: a
    // Namespace here would fight it (and would be missing in the Azure RBAC mode).
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactly("ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
    assertThat(objects).noneMatch(Namespace.class::isInstance);
    String state = KubernetesOptions.DEFAULT_STATE_NAMESPACE;
    Role role = only(objects, Role.class);
    RoleBinding roleBinding = only(objects, RoleBinding.class);
    ClusterRole clusterRole = only(objects, ClusterRole.class);
    ClusterRoleBinding clusterBinding = only(objects, ClusterRoleBinding.class);
    assertThat(role.getMetadata().getNamespace()).isEqualTo(state);
    assertThat(roleBinding.getMetadata().getNamespace()).isEqualTo(state);
    assertThat(roleBinding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
    assertThat(clusterBinding.getRoleRef().getName())
        .isEqualTo(clusterRole.getMetadata().getName());
    assertThat(roleBinding.getSubjects()).isEqualTo(clusterBinding.getSubjects());

    List<HasMetadata> placeholders = load(PLACEHOLDERS_MANIFEST);
    assertThat(placeholders)
        .extracting(HasMetadata::getKind)
        .containsExactly("ClusterRole", "ClusterRoleBinding", "PriorityClass");
    ClusterRoleBinding placeholderBinding = only(placeholders, ClusterRoleBinding.class);
    assertThat(placeholderBinding.getRoleRef().getName())
        .isEqualTo(only(placeholders, ClusterRole.class).getMetadata().getName());
    assertThat(placeholderBinding.getSubjects()).isEqualTo(clusterBinding.getSubjects());
  }

  @Test
  void withoutThePlaceholdersManifestNoDeploymentCanBeCreatedOrDeleted() throws IOException {
    List<HasMetadata> objects = manifest();
    Role role = only(objects, Role.class);
    ClusterRole clusterRole = only(objects, ClusterRole.class);
    List<ApiCall> ungranted =
        allCalls().stream()
            .filter(c -> !byRole(role, c) && !grants(clusterRole.getRules(), c))
            .toList();
    assertThat(ungranted)
        .as("what rbac.yaml alone does not grant: the placeholder Deployments' writes only")
        .isNotEmpty()
        .allSatisfy(
            c -> {
              assertThat(c.rbacResource()).isEqualTo("deployments");
              assertThat(c.verb()).isIn("create", "update", "delete");
            });
    assertThat(expand(clusterRole.getRules()))
        .noneMatch(
            p ->
                p.resource().equals("deployments")
                    && List.of("create", "update", "delete").contains(p.verb()));
  }

  @Test
  void theManifestGrantsEveryCallTheAdaptersMake() throws IOException {
    List<HasMetadata> objects = manifest();
    Role role = only(objects, Role.class);
    List<PolicyRule> clusterRules = clusterRules();
    List<String> missing = new ArrayList<>();
    CALLS.forEach(
        (adapter, calls) ->
            calls.stream()
                .filter(c -> !byRole(role, c) && !grants(clusterRules, c))
                .forEach(c -> missing.add(adapter + ": " + c)));
    assertThat(missing).as("calls %s does not grant", MANIFEST).isEmpty();
  }

  @Test
  void theManifestGrantsNothingTheAdaptersDoNotCall() throws IOException {
    List<HasMetadata> objects = manifest();
    Role role = only(objects, Role.class);
    ClusterRole clusterRole = only(objects, ClusterRole.class);
    Set<Permission> roleUsed =
        allCalls().stream()
            .filter(c -> byRole(role, c))
            .map(ApiCall::permission)
            .collect(Collectors.toCollection(TreeSet::new));
    Set<Permission> clusterUsed =
        allCalls().stream()
            .filter(c -> !byRole(role, c))
            .map(ApiCall::permission)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(expand(role.getRules()))
        .as(
            "Role %s in %s: every grant is used in its namespace",
            role.getMetadata().getName(), MANIFEST)
        .containsExactlyElementsOf(roleUsed);
    assertThat(expand(clusterRules()))
        .as(
            "ClusterRoles %s in %s and %s: every grant is used outside the Role",
            clusterRole.getMetadata().getName(), MANIFEST, PLACEHOLDERS_MANIFEST)
        .containsExactlyElementsOf(clusterUsed);
    assertThat(roleUsed)
        .extracting(Permission::resource)
        .as("only the Lease and the pool-state ConfigMap are namespaced state")
        .containsOnly("leases", "configmaps");
  }

  // ------------------------------------------------------------------ Azure RBAC (access.bicep)

  /** Calls on the namespaced state (the Lease and the ConfigMap) in the state namespace. */
  private static boolean onState(ApiCall call) {
    return call.namespace().equals(KubernetesOptions.DEFAULT_STATE_NAMESPACE)
        && Set.of("leases", "configmaps").contains(call.rbacResource());
  }

  private static Set<String> dataActions(boolean state) {
    return allCalls().stream()
        .filter(c -> onState(c) == state)
        .map(ApiCall::azureDataAction)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void theClusterWideAzureRoleGrantsExactlyTheDataActionsOfTheCallsOutsideTheState() {
    List<String> declared = Bicep.read(ACCESS_BICEP).stringArrayVar("clusterDataActions");
    assertThat(declared).as("clusterDataActions in %s", ACCESS_BICEP).doesNotHaveDuplicates();
    assertThat(new TreeSet<>(declared))
        .as("clusterDataActions in %s against the adapters' calls outside the state", ACCESS_BICEP)
        .containsExactlyElementsOf(dataActions(false));
    assertThat(declared)
        .as("no ConfigMap or Lease right in every namespace (kube-system included)")
        .noneMatch(a -> a.contains("/configmaps/") || a.contains("/leases/"));
    Set<String> writes =
        declared.stream()
            .filter(a -> a.endsWith("/write") || a.endsWith("/delete"))
            .collect(Collectors.toCollection(TreeSet::new));
    Set<String> writtenOutsideTheState =
        allCalls().stream()
            .filter(c -> !onState(c) && !c.verb().equals("get") && !c.verb().equals("list"))
            .map(ApiCall::azureDataAction)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(writes)
        .as(
            "cluster-wide writes are only those of recorded patches, Event creates and the"
                + " placeholder Deployments' create, update and delete")
        .containsExactlyElementsOf(writtenOutsideTheState);
  }

  @Test
  void theStateRoleGrantsExactlyTheLeaseAndConfigMapCallsAndIsAssignedOnTheNamespace() {
    Bicep access = Bicep.read(ACCESS_BICEP);
    List<String> declared = access.stringArrayVar("stateNamespaceDataActions");
    assertThat(declared).doesNotHaveDuplicates();
    assertThat(new TreeSet<>(declared))
        .as("stateNamespaceDataActions in %s against the calls on the state", ACCESS_BICEP)
        .containsExactlyElementsOf(dataActions(true));
    assertThat(access.source())
        .as("%s assigns the state role on the managed namespace, not on the cluster", ACCESS_BICEP)
        .containsPattern(
            "resource appKubernetesState [^\\n]+ = if \\(grantKubernetesDataActions\\) \\{\\s*"
                + "name: [^\\n]+\\s*scope: aks::state\\s*properties: \\{\\s*"
                + "roleDefinitionId: kubernetesStateKeeper\\.id")
        .containsPattern(
            "resource state 'managedNamespaces' existing = \\{\\s*name: stateNamespace");
  }
}
