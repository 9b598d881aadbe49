package dev.aksburst.k8s;

import static dev.aksburst.k8s.KubeObjects.nullSafe;

import dev.aksburst.contract.Annotations;
import dev.aksburst.model.BurstReadiness;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.Placement;
import dev.aksburst.model.Resources;
import dev.aksburst.model.Taint;
import dev.aksburst.model.Toleration;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a pod template asks of a node (tolerations, nodeSelector, node affinity, topology spread)
 * and why it can not run on the virtual node (volumes, placement, requests).
 */
final class TemplatePlacement {
  private TemplatePlacement() {}

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

  /**
   * Why the template can not run on the virtual node; empty when it can. {@code
   * virtualNodeTaintKey} is the taint the virtual nodes carry.
   */
  static List<String> readinessProblems(
      PodSpec spec,
      Placement placement,
      Resources requests,
      List<NodeView> virtualNodes,
      String virtualNodeTaintKey) {
    Optional<BurstReadiness.Template> template =
        Optional.ofNullable(spec)
            .map(
                s ->
                    new BurstReadiness.Template(
                        placement,
                        nullSafe(s.getVolumes()).stream().map(TemplatePlacement::volume).toList(),
                        requests));
    return BurstReadiness.problems(
        template,
        virtualNodes,
        new Taint(virtualNodeTaintKey, Annotations.VIRTUAL_NODE_TAINT_VALUE, "NoSchedule"));
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
