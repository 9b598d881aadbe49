package dev.aksburst.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aksburst.contract.Annotations;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.WorkloadWriter;
import dev.aksburst.reconcile.WriteFailure;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Writes replicas, HPA minimums and pod deletion costs of opted-in Deployments.
 *
 * <p>Replicas are written with a JSON merge patch of the Deployment that carries the {@code
 * metadata.resourceVersion} just read, not through the scale subresource: the opt-in label is
 * checked on that same version, so "still opted in" and "replicas written" are one atomic step (a
 * label removed in between makes the patch fail with 409 and the check runs again). The scale
 * subresource can not express that precondition. Targets are absolute, so re-applying after a
 * conflict is safe.
 */
public final class KubernetesWorkloadWriter implements WorkloadWriter {
  private static final Logger LOG = Logger.getLogger(KubernetesWorkloadWriter.class.getName());

  private final KubernetesClient client;
  private final KubernetesVirtualNodeSet virtualNodes;
  private final KubernetesPlaceholders placeholders;

  public KubernetesWorkloadWriter(KubernetesClient client) {
    this(client, java.util.Optional.empty());
  }

  /**
   * @param virtualNodeStatefulSet {@code namespace/name} of the virtual nodes v2 StatefulSet it may
   *     scale; empty: none
   */
  public KubernetesWorkloadWriter(
      KubernetesClient client, java.util.Optional<String> virtualNodeStatefulSet) {
    this.client = Objects.requireNonNull(client, "client");
    this.virtualNodes = new KubernetesVirtualNodeSet(client, virtualNodeStatefulSet);
    this.placeholders = new KubernetesPlaceholders(client);
  }

  @Override
  public void writePlaceholders(
      WorkloadRef workload, dev.aksburst.model.PlaceholderTemplate template, int replicas) {
    Deployment owner =
        optedInDeployment(workload, "writing placeholders " + template.name() + " of " + workload);
    placeholders.write(owner, template, replicas);
  }

  @Override
  public void scaleVirtualNodes(
      String namespace,
      String name,
      int replicas,
      java.util.OptionalInt recordBaseline,
      boolean forgetBaseline) {
    virtualNodes.scale(namespace, name, replicas, recordBaseline, forgetBaseline);
  }

  @Override
  public void scale(WorkloadRef workload, int replicas) {
    String what = "scaling Deployment " + workload + " to " + replicas;
    for (int attempt = 1; attempt <= Patches.MAX_ATTEMPTS; attempt++) {
      Deployment d = optedInDeployment(workload, what);
      Integer current = d.getSpec() == null ? null : d.getSpec().getReplicas();
      if (current != null && current == replicas) {
        return;
      }
      ObjectNode body = Patches.guarded(d.getMetadata().getResourceVersion());
      body.putObject("spec").put("replicas", replicas);
      try {
        Patches.mergePatch(
            client.apps().deployments().inNamespace(workload.namespace()).resource(d), body);
        return;
      } catch (KubernetesClientException e) {
        if (!Patches.conflict(e)) {
          throw Patches.failure(what, e);
        }
        LOG.fine(what + ": conflict on attempt " + attempt + ", re-reading");
      }
    }
    throw Patches.conflicts(what);
  }

  @Override
  public void setHpaMinReplicas(WorkloadRef workload, String hpaName, int minReplicas) {
    String what =
        "setting minReplicas=" + minReplicas + " on HPA " + workload.namespace() + "/" + hpaName;
    for (int attempt = 1; attempt <= Patches.MAX_ATTEMPTS; attempt++) {
      optedInDeployment(workload, what);
      var resource =
          client
              .autoscaling()
              .v2()
              .horizontalPodAutoscalers()
              .inNamespace(workload.namespace())
              .withName(hpaName);
      HorizontalPodAutoscaler h = get(() -> resource.get(), what);
      if (h == null) {
        throw new WriteFailure("NotFound", what + " failed: the HPA does not exist", false);
      }
      var target = h.getSpec() == null ? null : h.getSpec().getScaleTargetRef();
      if (target == null
          || !"Deployment".equals(target.getKind())
          || !workload.name().equals(target.getName())) {
        throw new WriteFailure(
            "HpaTargetMismatch",
            what + " refused: the HPA does not target Deployment " + workload,
            false);
      }
      if (h.getSpec().getMinReplicas() != null && h.getSpec().getMinReplicas() == minReplicas) {
        return;
      }
      ObjectNode body = Patches.guarded(h.getMetadata().getResourceVersion());
      body.putObject("spec").put("minReplicas", minReplicas);
      try {
        Patches.mergePatch(
            client
                .autoscaling()
                .v2()
                .horizontalPodAutoscalers()
                .inNamespace(workload.namespace())
                .resource(h),
            body);
        return;
      } catch (KubernetesClientException e) {
        if (!Patches.conflict(e)) {
          throw Patches.failure(what, e);
        }
      }
    }
    throw Patches.conflicts(what);
  }

  /**
   * One GET of the Deployment and one list of its pods (by its selector): the deletion cost each
   * named pod has now. A value that is not an int32 counts as none, as for the ReplicaSet.
   */
  @Override
  public Map<String, java.util.OptionalInt> deletionCosts(WorkloadRef workload, List<String> pods) {
    String what = "reading " + Annotations.POD_DELETION_COST + " of pods of " + workload;
    Map<String, Pod> own = ownPods(workload, what);
    Map<String, java.util.OptionalInt> costs = new java.util.LinkedHashMap<>();
    for (String pod : pods) {
      Pod p = own.get(pod);
      if (p != null) {
        costs.put(
            pod,
            dev.aksburst.contract.PodAnnotations.deletionCost(
                pod,
                KubeObjects.annotations(p.getMetadata()).get(Annotations.POD_DELETION_COST),
                new ArrayList<>()));
      }
    }
    return costs;
  }

  /**
   * The workload's pods by name: listed by its selector's labels, matched by the whole selector.
   */
  private Map<String, Pod> ownPods(WorkloadRef workload, String what) {
    Deployment d = optedInDeployment(workload, what);
    var selector = d.getSpec() == null ? null : d.getSpec().getSelector();
    Map<String, String> matchLabels =
        selector == null || selector.getMatchLabels() == null
            ? Map.of()
            : selector.getMatchLabels();
    List<Pod> candidates =
        get(
            () ->
                client
                    .pods()
                    .inNamespace(workload.namespace())
                    .withLabels(matchLabels)
                    .list()
                    .getItems(),
            what);
    return candidates.stream()
        .filter(p -> KubeObjects.matches(selector, KubeObjects.labels(p.getMetadata())))
        .collect(Collectors.toMap(p -> p.getMetadata().getName(), p -> p, (a, b) -> a));
  }

  /**
   * One GET of the Deployment, one list of its pods (by its selector), one merge patch per pod. A
   * named pod that is no longer among the workload's pods is left alone and logged: it is gone or
   * was replaced since the snapshot, which the next reconcile sees.
   */
  @Override
  public void setDeletionCost(WorkloadRef workload, List<String> pods, int cost) {
    String what =
        "setting " + Annotations.POD_DELETION_COST + "=" + cost + " on pods of " + workload;
    Map<String, Pod> own = ownPods(workload, what);
    List<String> skipped = new ArrayList<>();
    String value = Integer.toString(cost);
    for (String pod : pods) {
      if (!own.containsKey(pod)) {
        skipped.add(pod);
        continue;
      }
      ObjectNode body = Patches.object();
      body.putObject("metadata").putObject("annotations").put(Annotations.POD_DELETION_COST, value);
      try {
        Patches.mergePatch(
            client.pods().inNamespace(workload.namespace()).resource(own.get(pod)), body);
      } catch (KubernetesClientException e) {
        if (Patches.notFound(e)) {
          skipped.add(pod);
        } else {
          throw Patches.failure(what + " (pod " + pod + ")", e);
        }
      }
    }
    if (!skipped.isEmpty()) {
      LOG.info(what + ": pods " + skipped + " are no longer pods of the workload; left alone");
    }
  }

  private io.fabric8.kubernetes.client.dsl.RollableScalableResource<Deployment> deployment(
      WorkloadRef w) {
    return client.apps().deployments().inNamespace(w.namespace()).withName(w.name());
  }

  private Deployment optedInDeployment(WorkloadRef workload, String what) {
    Deployment d = get(() -> deployment(workload).get(), what);
    if (d == null) {
      throw new WriteFailure(
          "NotFound", what + " failed: Deployment " + workload + " does not exist", false);
    }
    if (!KubeObjects.optedIn(d.getMetadata())) {
      throw new WriteFailure(
          "NotOptedIn",
          what
              + " refused: Deployment "
              + workload
              + " does not carry the label "
              + Annotations.ENABLED
              + "=true",
          false);
    }
    return d;
  }

  private static <T> T get(java.util.function.Supplier<T> call, String what) {
    try {
      return call.get();
    } catch (KubernetesClientException e) {
      throw Patches.failure(what, e);
    }
  }
}
