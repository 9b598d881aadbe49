package dev.aksburst.k8s;

import static dev.aksburst.k8s.KubeObjects.nullSafe;

import dev.aksburst.contract.Annotations;
import dev.aksburst.contract.PodAnnotations;
import dev.aksburst.contract.StateCodec;
import dev.aksburst.contract.WorkloadAnnotations;
import dev.aksburst.model.BurstReadiness;
import dev.aksburst.model.BurstState;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.DisruptionBudgetView;
import dev.aksburst.model.HpaView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.Placement;
import dev.aksburst.model.PodPhase;
import dev.aksburst.model.PodView;
import dev.aksburst.model.Resources;
import dev.aksburst.model.Taint;
import dev.aksburst.model.Toleration;
import dev.aksburst.model.VirtualNodeSet;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.logging.Logger;

/**
 * Reads one snapshot of the cluster with a fixed number of list calls that does not grow with pods
 * or workloads: nodes (1), pods of every namespace (1, needed anyway because DaemonSet and other
 * pods fill the nodes), and per watched scope (all namespaces, or each configured one) opted-in
 * Deployments, HPAs, opted-in DaemonSets and PodDisruptionBudgets. Everything else (pods per
 * Deployment, node usage, DaemonSet overhead) is matched client-side: the mock server and some API
 * servers do not honour field selectors such as {@code spec.nodeName}, and a per-pod or per-node
 * request would not scale.
 *
 * <p>A Deployment is "rolling out" when the controller has not observed its latest generation, when
 * fewer pods run the current template than {@code spec.replicas}, or when pods of an older template
 * remain ({@code status.replicas > status.updatedReplicas}). Readiness of new pods is not part of
 * it: a plain scale-up is not a rollout.
 */
public final class KubernetesClusterReader implements dev.aksburst.reconcile.ClusterReader {
  private static final Logger LOG = Logger.getLogger(KubernetesClusterReader.class.getName());

  private final KubernetesClient client;
  private final KubernetesOptions options;

  public KubernetesClusterReader(KubernetesClient client, KubernetesOptions options) {
    this.client = Objects.requireNonNull(client, "client");
    this.options = Objects.requireNonNull(options, "options");
  }

  @Override
  /**
   * The cluster now; a failed call throws {@link KubernetesUnavailable} naming the API server and
   * the cause.
   */
  public ClusterSnapshot read() {
    try {
      return observe();
    } catch (KubernetesClientException e) {
      throw new KubernetesUnavailable(client.getMasterUrl(), "reading the cluster", e);
    }
  }

  private ClusterSnapshot observe() {
    Instant now = options.clock().instant();
    List<String> problems = new ArrayList<>();
    List<Node> nodes = client.nodes().list().getItems();
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    List<Deployment> deployments = deployments();
    List<HorizontalPodAutoscaler> hpas = hpas();
    List<DisruptionBudgetView> budgets = disruptionBudgets(problems);
    Map<String, Map<String, Quantity>> runtimeOverheads =
        RuntimeClassOverheads.read(client, problems);
    Optional<List<DaemonSet>> daemonSets = DaemonSetViews.list(client, problems);
    for (DaemonSet ds : daemonSets.orElse(List.of())) {
      if (!KubeObjects.optedIn(ds.getMetadata()) || !watched(ds.getMetadata().getNamespace())) {
        continue;
      }
      problems.add(
          "DaemonSet "
              + ds.getMetadata().getNamespace()
              + "/"
              + ds.getMetadata().getName()
              + " carries "
              + Annotations.ENABLED
              + "=true, but DaemonSets can not run on virtual nodes and are never bursted:"
              + " remove the label");
    }

    List<NodeView> nodeViews = nodeViews(nodes, pods, now, problems);
    List<NodeView> virtualNodes = nodeViews.stream().filter(NodeView::virtual).toList();
    Map<String, List<Pod>> podsByNamespace = new HashMap<>();
    for (Pod p : pods) {
      podsByNamespace
          .computeIfAbsent(p.getMetadata().getNamespace(), k -> new ArrayList<>())
          .add(p);
    }
    List<WorkloadView> workloads = new ArrayList<>();
    for (Deployment d : deployments) {
      if (!KubeObjects.optedIn(d.getMetadata())) {
        continue;
      }
      workloads.add(
          workload(
              d,
              podsByNamespace.getOrDefault(d.getMetadata().getNamespace(), List.of()),
              hpas,
              virtualNodes,
              runtimeOverheads,
              now,
              problems));
    }
    workloads.sort(Comparator.comparing(WorkloadView::ref));
    Optional<VirtualNodeSet> virtualNodeSet =
        new KubernetesVirtualNodeSet(client, options.virtualNodeStatefulSet()).read(problems);
    return new ClusterSnapshot(
            options.clusterId(),
            now,
            workloads,
            nodeViews,
            budgets,
            List.of(),
            Map.of(),
            problems,
            daemonSets.map(all -> DaemonSetViews.views(all, runtimeOverheads, problems)))
        .withVirtualNodeSet(virtualNodeSet);
  }

  private List<Deployment> deployments() {
    if (options.namespaces().isEmpty()) {
      return client
          .apps()
          .deployments()
          .inAnyNamespace()
          .withLabel(Annotations.ENABLED, Annotations.ENABLED_VALUE)
          .list()
          .getItems();
    }
    List<Deployment> all = new ArrayList<>();
    for (String ns : options.namespaces()) {
      all.addAll(
          client
              .apps()
              .deployments()
              .inNamespace(ns)
              .withLabel(Annotations.ENABLED, Annotations.ENABLED_VALUE)
              .list()
              .getItems());
    }
    return all;
  }

  private List<HorizontalPodAutoscaler> hpas() {
    var api = client.autoscaling().v2().horizontalPodAutoscalers();
    if (options.namespaces().isEmpty()) {
      return api.inAnyNamespace().list().getItems();
    }
    List<HorizontalPodAutoscaler> all = new ArrayList<>();
    for (String ns : options.namespaces()) {
      all.addAll(api.inNamespace(ns).list().getItems());
    }
    return all;
  }

  /**
   * PodDisruptionBudgets ({@code policy/v1}) of the watched scope, sorted by namespace and name. A
   * null selector covers no pod and is left out; a selector with {@code matchExpressions} is kept
   * as not understood (its {@code matchLabels} part only) and reported; a budget without {@code
   * status.disruptionsAllowed} (its controller has not counted it yet) allows 0 and is reported.
   * Without permission to list them (an older rbac.yaml) they are reported as not checked rather
   * than failing the snapshot.
   */
  private List<DisruptionBudgetView> disruptionBudgets(List<String> problems) {
    List<PodDisruptionBudget> all;
    try {
      all = listDisruptionBudgets();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 403) {
        throw e;
      }
      problems.add(
          "PodDisruptionBudgets could not be listed (403 Forbidden), so node pool restores do not"
              + " check them and AKS's drain may stall on one: grant list on"
              + " policy/poddisruptionbudgets (infra/k8s/rbac.yaml)");
      return List.of();
    }
    List<DisruptionBudgetView> views = new ArrayList<>();
    for (PodDisruptionBudget b : all) {
      String name = b.getMetadata().getNamespace() + "/" + b.getMetadata().getName();
      var selector = b.getSpec() == null ? null : b.getSpec().getSelector();
      if (selector == null) {
        continue;
      }
      boolean understood = nullSafe(selector.getMatchExpressions()).isEmpty();
      if (!understood) {
        problems.add(
            "PodDisruptionBudget "
                + name
                + " selects pods with matchExpressions, which aks-burst does not evaluate: it"
                + " treats the budget as covering every pod its matchLabels select (all pods of"
                + " the namespace when it has none); use matchLabels only for an exact check");
      }
      Integer allowed = b.getStatus() == null ? null : b.getStatus().getDisruptionsAllowed();
      if (allowed == null) {
        problems.add(
            "PodDisruptionBudget "
                + name
                + " has no status.disruptionsAllowed yet (the disruption controller has not"
                + " counted its pods): taken as 0 until it has");
      }
      views.add(
          new DisruptionBudgetView(
              b.getMetadata().getNamespace(),
              b.getMetadata().getName(),
              selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels(),
              understood,
              allowed == null ? 0 : Math.max(0, allowed)));
    }
    views.sort(
        Comparator.comparing(DisruptionBudgetView::namespace)
            .thenComparing(DisruptionBudgetView::name));
    return views;
  }

  private List<PodDisruptionBudget> listDisruptionBudgets() {
    var api = client.policy().v1().podDisruptionBudget();
    if (options.namespaces().isEmpty()) {
      return api.inAnyNamespace().list().getItems();
    }
    List<PodDisruptionBudget> all = new ArrayList<>();
    for (String ns : options.namespaces()) {
      all.addAll(api.inNamespace(ns).list().getItems());
    }
    return all;
  }

  private boolean watched(String namespace) {
    return options.namespaces().isEmpty() || options.namespaces().contains(namespace);
  }

  // ---------------------------------------------------------------- nodes

  boolean isVirtual(Node n) {
    Map<String, String> labels = KubeObjects.labels(n.getMetadata());
    if (options.virtualLabelValue().equals(labels.get(options.virtualLabelKey()))
        || VirtualNodeKinds.v2(labels)) {
      return true;
    }
    return n.getSpec() != null
        && nullSafe(n.getSpec().getTaints()).stream()
            .anyMatch(t -> options.virtualNodeTaintKey().equals(t.getKey()));
  }

  private List<NodeView> nodeViews(
      List<Node> nodes, List<Pod> pods, Instant now, List<String> problems) {
    Map<String, Usage> usage = new HashMap<>();
    for (Pod p : pods) {
      String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
      if ((node == null || node.isEmpty()) && p.getMetadata().getDeletionTimestamp() == null) {
        // A pod the scheduler nominated (after preempting victims) holds that node's room.
        node = p.getStatus() == null ? null : p.getStatus().getNominatedNodeName();
      }
      if (node == null || node.isEmpty() || finished(p)) {
        continue;
      }
      Resources r = KubeObjects.podRequests(p.getSpec(), problems, "pod " + name(p));
      usage.computeIfAbsent(node, k -> new Usage()).add(r, ownedByDaemonSet(p));
    }
    List<NodeView> views = new ArrayList<>();
    for (Node n : nodes) {
      String name = n.getMetadata().getName();
      Map<String, String> labels = KubeObjects.labels(n.getMetadata());
      boolean virtual = isVirtual(n);
      Optional<String> pool =
          virtual
              ? Optional.empty()
              : Optional.ofNullable(labels.get(Annotations.AGENT_POOL))
                  .or(() -> Optional.ofNullable(labels.get(Annotations.AGENT_POOL_LEGACY)));
      var alloc = n.getStatus() == null ? null : n.getStatus().getAllocatable();
      Resources allocatable =
          KubeObjects.resources(alloc, problems, "node " + name + " allocatable");
      int maxPods =
          alloc == null ? 0 : KubeObjects.count(alloc.get("pods"), problems, "node " + name);
      List<Taint> taints =
          n.getSpec() == null
              ? List.of()
              : nullSafe(n.getSpec().getTaints()).stream()
                  .map(t -> new Taint(t.getKey(), t.getValue(), t.getEffect()))
                  .toList();
      boolean ready =
          n.getStatus() != null
              && nullSafe(n.getStatus().getConditions()).stream()
                  .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
      Optional<Instant> readySince =
          !ready
              ? Optional.empty()
              : nullSafe(n.getStatus().getConditions()).stream()
                  .filter(c -> "Ready".equals(c.getType()))
                  .findFirst()
                  .flatMap(c -> KubeObjects.time(c.getLastTransitionTime()));
      boolean unschedulable =
          n.getSpec() != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
      Usage u = usage.getOrDefault(name, new Usage());
      views.add(
          new NodeView(
              name,
              labels,
              taints,
              pool,
              virtual,
              ready,
              unschedulable,
              allocatable,
              maxPods,
              u.requested,
              u.pods,
              u.daemonSetRequested,
              u.daemonSetPods,
              KubeObjects.time(n.getMetadata().getCreationTimestamp()).orElse(now),
              VirtualNodeKinds.of(virtual, labels),
              readySince));
    }
    views.sort(Comparator.comparing(NodeView::name));
    return views;
  }

  private static final class Usage {
    Resources requested = Resources.ZERO;
    int pods;
    Resources daemonSetRequested = Resources.ZERO;
    int daemonSetPods;

    void add(Resources r, boolean daemonSet) {
      requested = requested.plus(r);
      pods++;
      if (daemonSet) {
        daemonSetRequested = daemonSetRequested.plus(r);
        daemonSetPods++;
      }
    }
  }

  private static boolean ownedByDaemonSet(Pod p) {
    return nullSafe(p.getMetadata().getOwnerReferences()).stream()
        .map(OwnerReference::getKind)
        .anyMatch("DaemonSet"::equals);
  }

  /** Succeeded and Failed pods hold no resources on their node. */
  private static boolean finished(Pod p) {
    PodPhase phase = PodPhase.parse(p.getStatus() == null ? null : p.getStatus().getPhase());
    return phase == PodPhase.SUCCEEDED || phase == PodPhase.FAILED;
  }

  // ---------------------------------------------------------------- workloads

  private WorkloadView workload(
      Deployment d,
      List<Pod> namespacePods,
      List<HorizontalPodAutoscaler> hpas,
      List<NodeView> virtualNodes,
      Map<String, Map<String, Quantity>> runtimeOverheads,
      Instant now,
      List<String> problems) {
    String ns = d.getMetadata().getNamespace();
    WorkloadRef ref = WorkloadRef.of(ns, d.getMetadata().getName());
    Map<String, String> annotations = KubeObjects.annotations(d.getMetadata());
    WorkloadAnnotations.Parsed parsed = WorkloadAnnotations.parse(annotations);
    List<String> policyProblems = new ArrayList<>(parsed.problems());

    StateCodec.Decoded<BurstState> state =
        StateCodec.decode(annotations.get(Annotations.STATE), ref);
    state
        .problem()
        .ifPresent(
            p -> {
              policyProblems.add(p);
              problems.add(p);
              LOG.warning(p);
            });

    var spec = d.getSpec();
    PodSpec podSpec =
        spec == null || spec.getTemplate() == null ? null : spec.getTemplate().getSpec();
    var selector = spec == null ? null : spec.getSelector();
    List<PodView> pods =
        namespacePods.stream()
            .filter(p -> KubeObjects.matches(selector, KubeObjects.labels(p.getMetadata())))
            .map(p -> podView(p, now, problems))
            .sorted(Comparator.comparing(PodView::name))
            .toList();

    Placement placement = placement(podSpec);
    List<HorizontalPodAutoscaler> targeting =
        hpas.stream()
            .filter(h -> ns.equals(h.getMetadata().getNamespace()))
            .filter(
                h ->
                    h.getSpec() != null
                        && h.getSpec().getScaleTargetRef() != null
                        && "Deployment".equals(h.getSpec().getScaleTargetRef().getKind())
                        && ref.name().equals(h.getSpec().getScaleTargetRef().getName()))
            .sorted(Comparator.comparing(h -> h.getMetadata().getName()))
            .toList();
    if (targeting.size() > 1) {
      policyProblems.add(
          "several HPAs target "
              + ref
              + " ("
              + targeting.stream().map(h -> h.getMetadata().getName()).toList()
              + "); they fight each other: keep one. aks-burst uses "
              + targeting.get(0).getMetadata().getName());
    }
    Optional<HpaView> hpa =
        targeting.stream().findFirst().flatMap(h -> hpaView(h, ref, policyProblems));

    DeploymentStatus st = d.getStatus();
    int specReplicas = spec == null || spec.getReplicas() == null ? 1 : spec.getReplicas();
    int ready = st == null || st.getReadyReplicas() == null ? 0 : st.getReadyReplicas();

    Resources requests =
        PodRequests.of(podSpec, runtimeOverheads, problems, "Deployment " + ref + " template");
    return new WorkloadView(
        ref,
        d.getMetadata().getResourceVersion(),
        specReplicas,
        ready,
        rolloutInProgress(d, specReplicas),
        selector == null || selector.getMatchLabels() == null
            ? Map.of()
            : selector.getMatchLabels(),
        requests,
        placement,
        hpa,
        parsed.policy(),
        policyProblems,
        readinessProblems(podSpec, placement, requests, virtualNodes),
        state.state(),
        pods);
  }

  static boolean rolloutInProgress(Deployment d, int specReplicas) {
    DeploymentStatus st = d.getStatus();
    Long generation = d.getMetadata().getGeneration();
    if (st == null) {
      return true;
    }
    long observed = st.getObservedGeneration() == null ? 0 : st.getObservedGeneration();
    if (generation != null && observed < generation) {
      return true;
    }
    int updated = st.getUpdatedReplicas() == null ? 0 : st.getUpdatedReplicas();
    int total = st.getReplicas() == null ? 0 : st.getReplicas();
    return updated < specReplicas || total > updated;
  }

  private static Optional<HpaView> hpaView(
      HorizontalPodAutoscaler h, WorkloadRef ref, List<String> policyProblems) {
    int min = h.getSpec().getMinReplicas() == null ? 1 : h.getSpec().getMinReplicas();
    int max = h.getSpec().getMaxReplicas() == null ? min : h.getSpec().getMaxReplicas();
    int current =
        h.getStatus() == null || h.getStatus().getCurrentReplicas() == null
            ? 0
            : h.getStatus().getCurrentReplicas();
    try {
      return Optional.of(new HpaView(h.getMetadata().getName(), min, max, current));
    } catch (IllegalArgumentException e) {
      policyProblems.add("HPA of " + ref + " can not be used: " + e.getMessage());
      return Optional.empty();
    }
  }

  private static PodView podView(Pod p, Instant now, List<String> problems) {
    Map<String, String> annotations = KubeObjects.annotations(p.getMetadata());
    OptionalInt cost =
        PodAnnotations.deletionCost(
            name(p), annotations.get(Annotations.POD_DELETION_COST), problems);
    var status = p.getStatus();
    boolean ready =
        status != null
            && nullSafe(status.getConditions()).stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    String node = p.getSpec() == null ? null : p.getSpec().getNodeName();
    return new PodView(
        p.getMetadata().getName(),
        node == null || node.isEmpty() ? Optional.empty() : Optional.of(node),
        PodPhase.parse(status == null ? null : status.getPhase()),
        ready,
        KubeObjects.podRequests(p.getSpec(), problems, "pod " + name(p)),
        cost,
        KubeObjects.time(p.getMetadata().getCreationTimestamp()).orElse(now),
        p.getMetadata().getDeletionTimestamp() != null,
        KubeObjects.labels(p.getMetadata()),
        Optional.ofNullable(status == null ? null : status.getNominatedNodeName())
            .filter(n -> !n.isEmpty()));
  }

  private static String name(Pod p) {
    return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
  }

  /**
   * Tolerations, nodeSelector and node affinity of the template. Required terms keep every operator
   * and their {@code matchFields}, evaluated as the scheduler does; preferred terms keep every
   * operator.
   */
  static Placement placement(PodSpec spec) {
    if (spec == null) {
      return Placement.NONE;
    }
    List<Toleration> tolerations =
        nullSafe(spec.getTolerations()).stream()
            .map(t -> new Toleration(t.getKey(), t.getOperator(), t.getValue(), t.getEffect()))
            .toList();
    Map<String, String> nodeSelector =
        spec.getNodeSelector() == null ? Map.of() : spec.getNodeSelector();
    List<dev.aksburst.model.NodeSelectorTerm> required = new ArrayList<>();
    List<Placement.PreferredTerm> preferred = new ArrayList<>();
    Affinity affinity = spec.getAffinity();
    if (affinity != null && affinity.getNodeAffinity() != null) {
      var na = affinity.getNodeAffinity();
      if (na.getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
        for (NodeSelectorTerm term :
            nullSafe(
                na.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms())) {
          required.add(
              new dev.aksburst.model.NodeSelectorTerm(
                  requirements(term.getMatchExpressions()), requirements(term.getMatchFields())));
        }
      }
      for (PreferredSchedulingTerm pt :
          nullSafe(na.getPreferredDuringSchedulingIgnoredDuringExecution())) {
        int weight = pt.getWeight() == null ? 0 : pt.getWeight();
        if (pt.getPreference() == null) {
          continue;
        }
        for (NodeSelectorRequirement r : nullSafe(pt.getPreference().getMatchExpressions())) {
          preferred.add(
              new Placement.PreferredTerm(
                  weight, r.getKey(), r.getOperator(), nullSafe(r.getValues())));
        }
      }
    }
    return new Placement(tolerations, nodeSelector, required, preferred, TopologySpreads.of(spec));
  }

  private static List<dev.aksburst.model.NodeSelectorRequirement> requirements(
      List<NodeSelectorRequirement> in) {
    return nullSafe(in).stream()
        .filter(Objects::nonNull)
        .map(
            r ->
                new dev.aksburst.model.NodeSelectorRequirement(
                    r.getKey(), r.getOperator(), r.getValues()))
        .toList();
  }

  /** Why the template can not run on the virtual node; empty when it can. */
  List<String> readinessProblems(
      PodSpec spec, Placement placement, Resources requests, List<NodeView> virtualNodes) {
    Optional<BurstReadiness.Template> template =
        Optional.ofNullable(spec)
            .map(
                s ->
                    new BurstReadiness.Template(
                        placement,
                        nullSafe(s.getVolumes()).stream()
                            .map(KubernetesClusterReader::volume)
                            .toList(),
                        requests));
    return BurstReadiness.problems(
        template,
        virtualNodes,
        new Taint(
            options.virtualNodeTaintKey(), Annotations.VIRTUAL_NODE_TAINT_VALUE, "NoSchedule"));
  }

  private static BurstReadiness.Volume volume(Volume v) {
    String name = String.valueOf(v.getName());
    if (v.getHostPath() != null) {
      return BurstReadiness.Volume.of(name, BurstReadiness.VolumeKind.HOST_PATH);
    }
    if (v.getPersistentVolumeClaim() != null) {
      return new BurstReadiness.Volume(
          name,
          BurstReadiness.VolumeKind.PERSISTENT_VOLUME_CLAIM,
          v.getPersistentVolumeClaim().getClaimName());
    }
    return BurstReadiness.Volume.of(name, BurstReadiness.VolumeKind.MOUNTABLE);
  }
}
