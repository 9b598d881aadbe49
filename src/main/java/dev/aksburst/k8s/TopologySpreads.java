package dev.aksburst.k8s;

import static dev.aksburst.k8s.KubeObjects.nullSafe;

import dev.aksburst.model.NodeSelectorRequirement;
import dev.aksburst.model.TopologySpread;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod template's {@code topologySpreadConstraints} with the API's defaults: {@code
 * whenUnsatisfiable} DoNotSchedule unless ScheduleAnyway, {@code nodeAffinityPolicy} Honor, {@code
 * nodeTaintsPolicy} Ignore, {@code minDomains} 1; {@code matchLabels} and {@code matchExpressions}
 * both become requirements on pod labels ({@code matchLabelKeys} is not read: it narrows the count
 * to one revision, which the planner's count of the workload's pods approximates).
 */
final class TopologySpreads {
  private TopologySpreads() {}

  static List<TopologySpread> of(PodSpec spec) {
    if (spec == null) {
      return List.of();
    }
    List<TopologySpread> out = new ArrayList<>();
    for (TopologySpreadConstraint c : nullSafe(spec.getTopologySpreadConstraints())) {
      if (c == null) {
        continue;
      }
      LabelSelector sel = c.getLabelSelector();
      List<NodeSelectorRequirement> selector = new ArrayList<>();
      if (sel != null) {
        if (sel.getMatchLabels() != null) {
          sel.getMatchLabels().forEach((k, v) -> selector.add(NodeSelectorRequirement.in(k, v)));
        }
        for (LabelSelectorRequirement r : nullSafe(sel.getMatchExpressions())) {
          selector.add(
              new NodeSelectorRequirement(r.getKey(), r.getOperator(), nullSafe(r.getValues())));
        }
      }
      out.add(
          new TopologySpread(
              c.getMaxSkew() == null ? 1 : c.getMaxSkew(),
              c.getTopologyKey(),
              !"ScheduleAnyway".equals(c.getWhenUnsatisfiable()),
              selector,
              sel != null,
              c.getMinDomains() == null ? 1 : c.getMinDomains(),
              "Honor".equals(c.getNodeTaintsPolicy()),
              !"Ignore".equals(c.getNodeAffinityPolicy())));
    }
    return out;
  }
}
