package dev.aksburst.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The matching pods per topology domain for each {@code DoNotSchedule} spread constraint of one pod
 * template, and the PodTopologySpread filter on them: a node is allowed when it has every
 * constraint's key and placing the pod there leaves its domain at most {@code maxSkew} above the
 * least populated eligible domain ({@code count + 1 - min <= maxSkew}). One rule for the planner's
 * packing and the simulator's scheduler; counts grow as pods are placed.
 */
public final class SpreadCounts {
  /** No constraint: every node is allowed. */
  public static SpreadCounts none() {
    return new SpreadCounts(List.of());
  }

  /** A node as spreading sees it: its name (for matchFields), labels and taints. */
  public record Domain(String node, Map<String, String> labels, List<Taint> taints) {}

  private final List<TopologySpread> constraints;
  private final List<Map<String, Integer>> counts = new ArrayList<>();

  private SpreadCounts(List<TopologySpread> constraints) {
    this.constraints = List.copyOf(constraints);
    for (int i = 0; i < this.constraints.size(); i++) {
      counts.add(new HashMap<>());
    }
  }

  /**
   * @param placement the template whose constraints apply
   * @param nodes every node of the cluster (eligible domains are chosen here by each constraint's
   *     node affinity and taint policy)
   * @param pods labels of each live, not terminating pod of the template's namespace bound to a
   *     node, by node name
   */
  public static SpreadCounts of(
      Placement placement, List<Domain> nodes, Map<String, List<Map<String, String>>> pods) {
    return of(
        placement,
        nodes,
        (c, node) -> (int) pods.getOrDefault(node, List.of()).stream().filter(c::counts).count());
  }

  /**
   * Counts where every constraint selects exactly the template's own pods (a simulator whose pods
   * carry no labels).
   *
   * @param ownPods the template's live, not terminating pods per node name
   */
  public static SpreadCounts ofOwnPods(
      Placement placement, List<Domain> nodes, Map<String, Integer> ownPods) {
    return of(placement, nodes, (c, node) -> ownPods.getOrDefault(node, 0));
  }

  private static SpreadCounts of(
      Placement placement,
      List<Domain> nodes,
      java.util.function.ToIntBiFunction<TopologySpread, String> matching) {
    SpreadCounts s =
        new SpreadCounts(
            placement.spread().stream().filter(TopologySpread::doNotSchedule).toList());
    for (int i = 0; i < s.constraints.size(); i++) {
      TopologySpread c = s.constraints.get(i);
      Map<String, Integer> perDomain = s.counts.get(i);
      for (Domain n : nodes) {
        String domain = n.labels().get(c.topologyKey());
        if (domain == null
            || (c.honorAffinity() && !placement.selects(n.node(), n.labels()))
            || (c.honorTaints() && !placement.tolerates(n.taints()))) {
          continue;
        }
        perDomain.merge(domain, matching.applyAsInt(c, n.node()), Integer::sum);
      }
    }
    return s;
  }

  public boolean constrained() {
    return !constraints.isEmpty();
  }

  /** The PodTopologySpread filter admits the pod on a node with these labels. */
  public boolean allows(Map<String, String> labels) {
    for (int i = 0; i < constraints.size(); i++) {
      TopologySpread c = constraints.get(i);
      String domain = labels.get(c.topologyKey());
      if (domain == null) {
        return false;
      }
      Map<String, Integer> perDomain = counts.get(i);
      int here = perDomain.getOrDefault(domain, 0);
      int min = perDomain.containsKey(domain) ? Integer.MAX_VALUE : 0;
      for (int v : perDomain.values()) {
        min = Math.min(min, v);
      }
      int domains = perDomain.size() + (perDomain.containsKey(domain) ? 0 : 1);
      if (domains < c.minDomains()) {
        min = 0;
      }
      if (here + 1 - min > c.maxSkew()) {
        return false;
      }
    }
    return true;
  }

  /** One more pod of the template on a node with these labels (it becomes a domain). */
  public void add(Map<String, String> labels) {
    for (int i = 0; i < constraints.size(); i++) {
      String domain = labels.get(constraints.get(i).topologyKey());
      if (domain != null) {
        counts.get(i).merge(domain, 1, Integer::sum);
      }
    }
  }
}
