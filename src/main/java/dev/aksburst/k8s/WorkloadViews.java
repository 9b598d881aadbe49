package dev.aksburst.k8s;

import static dev.aksburst.k8s.KubeObjects.nullSafe;

import dev.aksburst.contract.Annotations;
import dev.aksburst.contract.PodAnnotations;
import dev.aksburst.contract.StateCodec;
import dev.aksburst.contract.WorkloadAnnotations;
import dev.aksburst.model.BurstState;
import dev.aksburst.model.HpaView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.Placement;
import dev.aksburst.model.PodPhase;
import dev.aksburst.model.PodView;
import dev.aksburst.model.Resources;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.logging.Logger;

/**
 * One opted-in Deployment as a {@link WorkloadView}: its annotations and state, its pods (matched
 * by selector client-side), the HPA targeting it, its template's requests and placement, and
 * whether it is rolling out.
 */
final class WorkloadViews {
  private static final Logger LOG = Logger.getLogger(KubernetesClusterReader.class.getName());

  private final KubernetesOptions options;

  WorkloadViews(KubernetesOptions options) {
    this.options = options;
  }

  WorkloadView workload(
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

    Placement placement = TemplatePlacement.placement(podSpec);
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
        TemplatePlacement.readinessProblems(
            podSpec, placement, requests, virtualNodes, options.virtualNodeTaintKey()),
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
            NodeViews.name(p), annotations.get(Annotations.POD_DELETION_COST), problems);
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
        KubeObjects.podRequests(p.getSpec(), problems, "pod " + NodeViews.name(p)),
        cost,
        KubeObjects.time(p.getMetadata().getCreationTimestamp()).orElse(now),
        p.getMetadata().getDeletionTimestamp() != null,
        KubeObjects.labels(p.getMetadata()),
        Optional.ofNullable(status == null ? null : status.getNominatedNodeName())
            .filter(n -> !n.isEmpty()),
        PodAnnotations.managedDeletionCost(annotations));
  }
}
