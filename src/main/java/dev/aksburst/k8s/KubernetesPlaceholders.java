package dev.aksburst.k8s;

import dev.aksburst.contract.Annotations;
import dev.aksburst.model.NodeSelectorRequirement;
import dev.aksburst.model.NodeSelectorTerm;
import dev.aksburst.model.PlaceholderSet;
import dev.aksburst.model.PlaceholderTemplate;
import dev.aksburst.model.Placement;
import dev.aksburst.model.Resources;
import dev.aksburst.model.Toleration;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.WriteFailure;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorTermBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTermBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The placeholder Deployments of {@code aksburst.dev/capacity: placeholders}: created, replaced
 * (PUT with the resourceVersion read, so a concurrent change is a 409 and a re-read) or deleted,
 * and listed for the snapshot. A Deployment of the placeholder's name that aks-burst did not create
 * is never touched. Each placeholder is owned by its workload's Deployment (an ownerReference), so
 * deleting the workload deletes its placeholders too.
 */
final class KubernetesPlaceholders {
  /** The manifest whose rule grants these writes. */
  static final String MANIFEST = "infra/k8s/rbac-placeholders.yaml";

  private final KubernetesClient client;

  KubernetesPlaceholders(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  void write(Deployment owner, PlaceholderTemplate template, int replicas) {
    WorkloadRef workload =
        WorkloadRef.of(owner.getMetadata().getNamespace(), owner.getMetadata().getName());
    String what =
        "writing placeholders "
            + workload.namespace()
            + "/"
            + template.name()
            + " with "
            + replicas
            + " replicas";
    var ops = client.apps().deployments().inNamespace(workload.namespace());
    for (int attempt = 1; attempt <= Patches.MAX_ATTEMPTS; attempt++) {
      Deployment existing;
      try {
        existing = ops.withName(template.name()).get();
      } catch (KubernetesClientException e) {
        throw Patches.failure(what, e, MANIFEST);
      }
      if (existing != null && !ownedPlaceholder(existing, workload)) {
        throw new WriteFailure(
            "NotOwned",
            what
                + " refused: Deployment "
                + workload.namespace()
                + "/"
                + template.name()
                + " exists and is not aks-burst's placeholder of "
                + workload
                + " (labels "
                + Annotations.MANAGED_BY
                + "="
                + Annotations.MANAGED_BY_VALUE
                + ", "
                + Annotations.PLACEHOLDER_FOR
                + "="
                + workload.name()
                + ")",
            false);
      }
      try {
        if (replicas == 0) {
          if (existing != null) {
            ops.resource(existing).delete();
          }
          return;
        }
        Deployment desired = desired(owner, template, replicas);
        if (existing == null) {
          ops.resource(desired).create();
        } else {
          desired.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
          ops.resource(desired).update();
        }
        return;
      } catch (KubernetesClientException e) {
        if (!Patches.conflict(e) && !(e.getCode() == 409 && existing == null)) {
          throw Patches.failure(what, e, MANIFEST);
        }
      }
    }
    throw Patches.conflicts(what);
  }

  /**
   * Every placeholder Deployment of the watched namespaces (all when empty; one list by label
   * each), with where its live pods run.
   */
  List<PlaceholderSet> read(List<String> namespaces, List<Pod> pods) {
    var api = client.apps().deployments();
    List<Deployment> deployments = new ArrayList<>();
    if (namespaces.isEmpty()) {
      deployments.addAll(
          api.inAnyNamespace()
              .withLabel(Annotations.MANAGED_BY, Annotations.MANAGED_BY_VALUE)
              .list()
              .getItems());
    }
    for (String ns : namespaces) {
      deployments.addAll(
          api.inNamespace(ns)
              .withLabel(Annotations.MANAGED_BY, Annotations.MANAGED_BY_VALUE)
              .list()
              .getItems());
    }
    List<PlaceholderSet> sets = new ArrayList<>();
    for (Deployment d : deployments) {
      Map<String, String> labels = KubeObjects.labels(d.getMetadata());
      if (!Annotations.MANAGED_BY_VALUE.equals(labels.get(Annotations.MANAGED_BY))
          || !labels.containsKey(Annotations.PLACEHOLDER_FOR)) {
        continue;
      }
      String ns = d.getMetadata().getNamespace();
      String name = d.getMetadata().getName();
      List<Pod> live =
          pods.stream()
              .filter(p -> ns.equals(p.getMetadata().getNamespace()))
              .filter(
                  p -> name.equals(KubeObjects.labels(p.getMetadata()).get(PLACEHOLDER_POD_LABEL)))
              .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
              .toList();
      java.util.Optional<java.time.Instant> oldestPending =
          live.stream()
              .filter(p -> p.getSpec() == null || p.getSpec().getNodeName() == null)
              .flatMap(p -> KubeObjects.time(p.getMetadata().getCreationTimestamp()).stream())
              .min(java.time.Instant::compareTo);
      List<String> runningOn =
          live.stream()
              .filter(p -> p.getSpec() != null && p.getSpec().getNodeName() != null)
              .filter(
                  p ->
                      p.getStatus() == null
                          || !"Failed".equals(p.getStatus().getPhase())
                              && !"Succeeded".equals(p.getStatus().getPhase()))
              .map(p -> p.getSpec().getNodeName())
              .toList();
      int replicas =
          d.getSpec() == null || d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
      int ready =
          d.getStatus() == null || d.getStatus().getReadyReplicas() == null
              ? 0
              : d.getStatus().getReadyReplicas();
      sets.add(
          new PlaceholderSet(
              WorkloadRef.of(ns, labels.get(Annotations.PLACEHOLDER_FOR)),
              name,
              replicas,
              ready,
              runningOn,
              oldestPending));
    }
    return sets;
  }

  /** The pod label naming the placeholder Deployment (its selector, with the two others). */
  static final String PLACEHOLDER_POD_LABEL = "aksburst.dev/placeholder";

  private static boolean ownedPlaceholder(Deployment d, WorkloadRef workload) {
    Map<String, String> labels = KubeObjects.labels(d.getMetadata());
    return Annotations.MANAGED_BY_VALUE.equals(labels.get(Annotations.MANAGED_BY))
        && workload.name().equals(labels.get(Annotations.PLACEHOLDER_FOR));
  }

  static Deployment desired(Deployment owner, PlaceholderTemplate t, int replicas) {
    String ns = owner.getMetadata().getNamespace();
    String workload = owner.getMetadata().getName();
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Annotations.MANAGED_BY, Annotations.MANAGED_BY_VALUE);
    labels.put(Annotations.PLACEHOLDER_FOR, workload);
    Map<String, String> podLabels = new LinkedHashMap<>(labels);
    podLabels.put(PLACEHOLDER_POD_LABEL, t.name());
    Placement p = t.placement();
    return new DeploymentBuilder()
        .withNewMetadata()
        .withName(t.name())
        .withNamespace(ns)
        .withLabels(labels)
        .addNewOwnerReference()
        .withApiVersion("apps/v1")
        .withKind("Deployment")
        .withName(workload)
        .withUid(owner.getMetadata().getUid())
        .withController(false)
        .withBlockOwnerDeletion(false)
        .endOwnerReference()
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(podLabels)
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(podLabels)
        .endMetadata()
        .withNewSpec()
        .withPriorityClassName(t.priorityClass())
        .withTerminationGracePeriodSeconds(0L)
        .withAutomountServiceAccountToken(false)
        .withNodeSelector(p.nodeSelector().isEmpty() ? null : p.nodeSelector())
        .withTolerations(p.tolerations().stream().map(KubernetesPlaceholders::toleration).toList())
        .withAffinity(affinity(p))
        .addNewContainer()
        .withName("pause")
        .withImage(t.image())
        .withNewResources()
        .withRequests(requests(t.requests()))
        .endResources()
        .endContainer()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Map<String, Quantity> requests(Resources r) {
    Map<String, Quantity> q = new LinkedHashMap<>();
    q.put("cpu", new Quantity(r.milliCpu() + "m"));
    q.put("memory", new Quantity(Long.toString(r.memoryBytes())));
    r.scalars().forEach((k, v) -> q.put(k, new Quantity(Long.toString(v))));
    return q;
  }

  private static io.fabric8.kubernetes.api.model.Toleration toleration(Toleration t) {
    return new TolerationBuilder()
        .withKey(t.key().isEmpty() ? null : t.key())
        .withOperator(t.operator())
        .withValue(t.value().isEmpty() ? null : t.value())
        .withEffect(t.effect().isEmpty() ? null : t.effect())
        .build();
  }

  private static Affinity affinity(Placement p) {
    if (p.requiredNodeAffinity().isEmpty() && p.preferredNodeAffinity().isEmpty()) {
      return null;
    }
    var node = new AffinityBuilder().withNewNodeAffinity();
    if (!p.requiredNodeAffinity().isEmpty()) {
      node =
          node.withNewRequiredDuringSchedulingIgnoredDuringExecution()
              .withNodeSelectorTerms(
                  p.requiredNodeAffinity().stream().map(KubernetesPlaceholders::term).toList())
              .endRequiredDuringSchedulingIgnoredDuringExecution();
    }
    for (Placement.PreferredTerm pt : p.preferredNodeAffinity()) {
      node =
          node.addToPreferredDuringSchedulingIgnoredDuringExecution(
              new PreferredSchedulingTermBuilder()
                  .withWeight(pt.weight())
                  .withNewPreference()
                  .withMatchExpressions(
                      requirement(
                          new NodeSelectorRequirement(pt.key(), pt.operator(), pt.values())))
                  .endPreference()
                  .build());
    }
    return node.endNodeAffinity().build();
  }

  private static io.fabric8.kubernetes.api.model.NodeSelectorTerm term(NodeSelectorTerm t) {
    return new NodeSelectorTermBuilder()
        .withMatchExpressions(
            t.matchExpressions().stream().map(KubernetesPlaceholders::requirement).toList())
        .withMatchFields(t.matchFields().stream().map(KubernetesPlaceholders::requirement).toList())
        .build();
  }

  private static io.fabric8.kubernetes.api.model.NodeSelectorRequirement requirement(
      NodeSelectorRequirement r) {
    return new NodeSelectorRequirementBuilder()
        .withKey(r.key())
        .withOperator(r.operator())
        .withValues(r.values().isEmpty() ? null : r.values())
        .build();
  }
}
