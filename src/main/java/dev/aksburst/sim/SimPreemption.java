package dev.aksburst.sim;

import dev.aksburst.model.Placement;
import dev.aksburst.model.Resources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * kube-scheduler's DefaultPreemption, reduced to this simulator: run only for a pod no node fits
 * (kube-scheduler's PostFilter), it looks for the VM node where evicting pods of lower priority
 * lets the pod fit, keeps (reprieves) as many of them as still lets it fit, highest priority first,
 * and picks the node with the fewest victims (then by name). Victims are pods of a strictly lower
 * priority only; virtual nodes are never a preemption target.
 */
final class SimPreemption {
  private SimPreemption() {}

  /** The pods to evict so that the pod fits, or empty when no node works out. */
  static List<SimPod> victims(
      Resources requests,
      Placement placement,
      int priority,
      List<SimNode> nodes,
      List<SimPod> pods,
      ToIntFunction<SimPod> priorityOf,
      Instant now) {
    List<SimPod> best = null;
    for (SimNode n : nodes.stream().sorted(Comparator.comparing(SimNode::name)).toList()) {
      if (n.virtual()) {
        continue;
      }
      List<SimPod> on =
          pods.stream()
              .filter(p -> p.holdsResources() && p.node().equals(Optional.of(n.name())))
              .toList();
      List<SimPod> lower =
          on.stream()
              .filter(p -> priorityOf.applyAsInt(p) < priority)
              .sorted(
                  Comparator.comparingInt(priorityOf)
                      .reversed()
                      .thenComparing(SimPod::created)
                      .thenComparing(SimPod::name))
              .toList();
      if (lower.isEmpty()) {
        continue;
      }
      List<SimPod> kept = new ArrayList<>(on);
      kept.removeAll(lower);
      if (!fits(n, requests, placement, kept, now)) {
        continue;
      }
      // Reprieve: put back the highest-priority (then oldest) victims while the pod still fits.
      List<SimPod> evicted = new ArrayList<>();
      for (SimPod v : lower) {
        kept.add(v);
        if (!fits(n, requests, placement, kept, now)) {
          kept.remove(v);
          evicted.add(v);
        }
      }
      if (best == null || evicted.size() < best.size()) {
        best = evicted;
      }
    }
    return best == null ? List.of() : List.copyOf(best);
  }

  private static boolean fits(
      SimNode n, Resources requests, Placement placement, List<SimPod> on, Instant now) {
    Map<String, Resources> requested = new LinkedHashMap<>();
    Map<String, Integer> count = new LinkedHashMap<>();
    Resources r = n.daemonSetRequested();
    for (SimPod p : on) {
      r = r.plus(p.requests());
    }
    requested.put(n.name(), r);
    count.put(n.name(), n.daemonSetPods() + on.size());
    return SimScheduler.filter(n, requests, placement, requested, count, now).isEmpty();
  }
}
