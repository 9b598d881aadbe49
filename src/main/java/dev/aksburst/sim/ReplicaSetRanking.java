package dev.aksburst.sim;

import dev.aksburst.model.PodPhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which pods a ReplicaSet deletes when it has too many: the controller's ranking
 * (ActivePodsWithRanks), first deleted first:
 *
 * <ol>
 *   <li>unscheduled before scheduled;
 *   <li>Pending before Unknown before Running;
 *   <li>not Ready before Ready;
 *   <li>lower {@code controller.kubernetes.io/pod-deletion-cost} first (absent counts as 0);
 *   <li>more replicas of the same workload on its node first (co-location rank);
 *   <li>Ready for a shorter time first;
 *   <li>newer first.
 * </ol>
 *
 * The co-location rank is computed once, over all active pods, before any is deleted. With 17
 * replicas on the virtual node and 3 on a VM node, the 17 go first: that is why the seed's "scale
 * to 2" ended with both pods on the VM, and why a single burst pod on ACI can outlive VM pods.
 */
public final class ReplicaSetRanking {
  private ReplicaSetRanking() {}

  /** The {@code count} pods to delete, in deletion order. */
  public static List<SimPod> victims(List<SimPod> active, int count) {
    Map<String, Integer> onNode = new HashMap<>();
    for (SimPod p : active) {
      p.node().ifPresent(n -> onNode.merge(n, 1, Integer::sum));
    }
    List<SimPod> ranked = new ArrayList<>(active);
    ranked.sort(deletionOrder(onNode));
    return List.copyOf(ranked.subList(0, Math.min(count, ranked.size())));
  }

  static Comparator<SimPod> deletionOrder(Map<String, Integer> onNode) {
    Comparator<SimPod> c = Comparator.comparing(p -> p.node().isPresent());
    c = c.thenComparingInt(p -> phaseRank(p.phase()));
    c = c.thenComparing(SimPod::ready);
    c = c.thenComparingInt(p -> p.deletionCost().orElse(0));
    c = c.thenComparing(p -> -p.node().map(n -> onNode.getOrDefault(n, 0)).orElse(0));
    c =
        c.thenComparing(
            p -> p.readySince().orElse(Instant.MAX), Comparator.<Instant>reverseOrder());
    c = c.thenComparing(SimPod::created, Comparator.<Instant>reverseOrder());
    return c.thenComparing(SimPod::name);
  }

  private static int phaseRank(PodPhase phase) {
    return switch (phase) {
      case PENDING -> 0;
      case UNKNOWN -> 1;
      case RUNNING -> 2;
      case SUCCEEDED, FAILED -> 3;
    };
  }
}
