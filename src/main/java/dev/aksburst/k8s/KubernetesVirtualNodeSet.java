package dev.aksburst.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aksburst.contract.Annotations;
import dev.aksburst.model.VirtualNodeSet;
import dev.aksburst.reconcile.WriteFailure;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The virtual nodes v2 StatefulSet the operator named ({@code AKSBURST_VIRTUAL_NODE_STATEFULSET},
 * {@code namespace/name}): read into the snapshot, and scaled for a burst with a merge patch
 * guarded by the {@code resourceVersion} just read that also records aks-burst's baseline ({@code
 * aksburst.dev/baseline-replicas}) or removes it. No other StatefulSet is ever written.
 */
final class KubernetesVirtualNodeSet {
  private final KubernetesClient client;
  private final Optional<String[]> ref;

  KubernetesVirtualNodeSet(KubernetesClient client, Optional<String> ref) {
    this.client = Objects.requireNonNull(client, "client");
    this.ref = ref.map(KubernetesVirtualNodeSet::parseRef);
  }

  /** {@code namespace/name} split in two; a clear error for anything else. */
  static String[] parseRef(String ref) {
    String[] parts = ref.split("/", -1);
    if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new IllegalArgumentException(
          "the virtual nodes' StatefulSet \""
              + ref
              + "\" must be namespace/name, e.g. vn2/virtualnode");
    }
    return new String[] {parts[0].trim(), parts[1].trim()};
  }

  /** The StatefulSet, or empty (with a problem) when it is named but missing or unreadable. */
  Optional<VirtualNodeSet> read(List<String> problems) {
    if (ref.isEmpty()) {
      return Optional.empty();
    }
    String ns = ref.get()[0];
    String name = ref.get()[1];
    StatefulSet s;
    try {
      s = client.apps().statefulSets().inNamespace(ns).withName(name).get();
    } catch (KubernetesClientException e) {
      problems.add(
          "StatefulSet "
              + ns
              + "/"
              + name
              + " named in AKSBURST_VIRTUAL_NODE_STATEFULSET could not be read (HTTP "
              + e.getCode()
              + (e.getCode() == 403 ? ": apply infra/k8s/rbac.yaml" : "")
              + "): virtual nodes are not added for bursts");
      return Optional.empty();
    }
    if (s == null) {
      problems.add(
          "StatefulSet "
              + ns
              + "/"
              + name
              + " named in AKSBURST_VIRTUAL_NODE_STATEFULSET does not exist: virtual nodes are"
              + " not added for bursts");
      return Optional.empty();
    }
    Map<String, String> annotations = KubeObjects.annotations(s.getMetadata());
    String where = "StatefulSet " + ns + "/" + name;
    OptionalInt baseline = count(annotations, Annotations.BASELINE_REPLICAS, where, problems);
    OptionalInt max = count(annotations, Annotations.MAX_REPLICAS, where, problems);
    int replicas =
        s.getSpec() == null || s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
    int ready =
        s.getStatus() == null || s.getStatus().getReadyReplicas() == null
            ? 0
            : s.getStatus().getReadyReplicas();
    return Optional.of(
        new VirtualNodeSet(
            ns,
            name,
            replicas,
            ready,
            baseline,
            max.isPresent() && max.getAsInt() >= 1
                ? max.getAsInt()
                : VirtualNodeSet.DEFAULT_MAX_REPLICAS,
            unscheduled(s, problems)));
  }

  /**
   * The StatefulSet's pods that are Pending on no node (one list of its namespace by its selector):
   * a virtual node waiting for 3 cores and 12 GB on a VM node. 0 when they can not be listed (with
   * a problem).
   */
  private int unscheduled(StatefulSet s, List<String> problems) {
    var selector = s.getSpec() == null ? null : s.getSpec().getSelector();
    if (selector == null
        || selector.getMatchLabels() == null
        || selector.getMatchLabels().isEmpty()) {
      return 0;
    }
    try {
      return (int)
          client
              .pods()
              .inNamespace(s.getMetadata().getNamespace())
              .withLabels(selector.getMatchLabels())
              .list()
              .getItems()
              .stream()
              .filter(p -> KubeObjects.matches(selector, KubeObjects.labels(p.getMetadata())))
              .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
              .filter(p -> p.getStatus() != null && "Pending".equals(p.getStatus().getPhase()))
              .filter(
                  p ->
                      p.getSpec() == null
                          || p.getSpec().getNodeName() == null
                          || p.getSpec().getNodeName().isEmpty())
              .count();
    } catch (KubernetesClientException e) {
      problems.add(
          "pods of StatefulSet "
              + s.getMetadata().getNamespace()
              + "/"
              + s.getMetadata().getName()
              + " could not be listed (HTTP "
              + e.getCode()
              + "): virtual nodes waiting for a VM node are not counted");
      return 0;
    }
  }

  private static OptionalInt count(
      Map<String, String> annotations, String key, String where, List<String> problems) {
    String v = annotations.get(key);
    if (v == null) {
      return OptionalInt.empty();
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n >= 0) {
        return OptionalInt.of(n);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(where + ": " + key + "=\"" + v + "\" is not a count; ignored");
    return OptionalInt.empty();
  }

  /** Writes replicas (and the baseline) of the named StatefulSet; refuses any other. */
  void scale(
      String namespace,
      String name,
      int replicas,
      OptionalInt recordBaseline,
      boolean forgetBaseline) {
    String what = "scaling virtual nodes StatefulSet " + namespace + "/" + name + " to " + replicas;
    if (ref.isEmpty() || !ref.get()[0].equals(namespace) || !ref.get()[1].equals(name)) {
      throw new WriteFailure(
          "NotConfigured",
          what
              + " refused: it is not the StatefulSet named in AKSBURST_VIRTUAL_NODE_STATEFULSET"
              + ref.map(r -> " (" + r[0] + "/" + r[1] + ")").orElse(" (none is named)"),
          false);
    }
    for (int attempt = 1; attempt <= Patches.MAX_ATTEMPTS; attempt++) {
      StatefulSet s;
      try {
        s = client.apps().statefulSets().inNamespace(namespace).withName(name).get();
      } catch (KubernetesClientException e) {
        throw Patches.failure(what, e);
      }
      if (s == null) {
        throw new WriteFailure("NotFound", what + " failed: it does not exist", false);
      }
      ObjectNode body = Patches.guarded(s.getMetadata().getResourceVersion());
      body.putObject("spec").put("replicas", replicas);
      if (recordBaseline.isPresent()) {
        ((ObjectNode) body.get("metadata"))
            .putObject("annotations")
            .put(Annotations.BASELINE_REPLICAS, Integer.toString(recordBaseline.getAsInt()));
      } else if (forgetBaseline) {
        ((ObjectNode) body.get("metadata"))
            .putObject("annotations")
            .putNull(Annotations.BASELINE_REPLICAS);
      }
      try {
        Patches.mergePatch(client.apps().statefulSets().inNamespace(namespace).resource(s), body);
        return;
      } catch (KubernetesClientException e) {
        if (!Patches.conflict(e)) {
          throw Patches.failure(what, e);
        }
      }
    }
    throw Patches.conflicts(what);
  }
}
