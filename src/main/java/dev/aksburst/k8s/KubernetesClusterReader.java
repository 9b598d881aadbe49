package dev.aksburst.k8s;

import dev.aksburst.contract.Annotations;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.DisruptionBudgetView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.Placement;
import dev.aksburst.model.VirtualNodeSet;
import dev.aksburst.model.WorkloadView;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
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
 *
 * <p>The reading is shared out by kind: {@link NodeViews} (nodes and their usage), {@link
 * WorkloadViews} (Deployments, their pods and HPAs), {@link TemplatePlacement} (a template's
 * placement and burst readiness), {@link DisruptionBudgets}, {@link DaemonSetViews} and {@link
 * KubernetesVirtualNodeSet}.
 */
public final class KubernetesClusterReader implements dev.aksburst.reconcile.ClusterReader {

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
    List<DisruptionBudgetView> budgets = new DisruptionBudgets(client, options).read(problems);
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

    List<NodeView> nodeViews = new NodeViews(options).views(nodes, pods, now, problems);
    List<NodeView> virtualNodes = nodeViews.stream().filter(NodeView::virtual).toList();
    Map<String, List<Pod>> podsByNamespace = new HashMap<>();
    for (Pod p : pods) {
      podsByNamespace
          .computeIfAbsent(p.getMetadata().getNamespace(), k -> new ArrayList<>())
          .add(p);
    }
    WorkloadViews workloadViews = new WorkloadViews(options);
    List<WorkloadView> workloads = new ArrayList<>();
    for (Deployment d : deployments) {
      if (!KubeObjects.optedIn(d.getMetadata())) {
        continue;
      }
      workloads.add(
          workloadViews.workload(
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
        .withVirtualNodeSet(virtualNodeSet)
        .withPlaceholders(new KubernetesPlaceholders(client).read(options.namespaces(), pods));
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

  private boolean watched(String namespace) {
    return options.namespaces().isEmpty() || options.namespaces().contains(namespace);
  }

  /** See {@link WorkloadViews#rolloutInProgress}. */
  static boolean rolloutInProgress(Deployment d, int specReplicas) {
    return WorkloadViews.rolloutInProgress(d, specReplicas);
  }

  /** See {@link TemplatePlacement#placement}. */
  static Placement placement(PodSpec spec) {
    return TemplatePlacement.placement(spec);
  }
}
