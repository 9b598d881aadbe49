package dev.aksburst.k8s;

import static dev.aksburst.k8s.KubeObjects.nullSafe;

import dev.aksburst.contract.Annotations;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.PodPhase;
import dev.aksburst.model.Resources;
import dev.aksburst.model.Taint;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The nodes of a snapshot: which are virtual, their allocatable room and taints, readiness, and the
 * requests of the pods bound (or nominated) to each, DaemonSet pods counted apart. Pods are matched
 * to nodes client-side, so the cost does not grow with a call per node.
 */
final class NodeViews {
  private final KubernetesOptions options;

  NodeViews(KubernetesOptions options) {
    this.options = options;
  }

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

  List<NodeView> views(List<Node> nodes, List<Pod> pods, Instant now, List<String> problems) {
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

  static String name(Pod p) {
    return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
  }
}
