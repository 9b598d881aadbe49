package dev.aksburst.sim;

import dev.aksburst.model.Placement;
import dev.aksburst.model.Resources;
import dev.aksburst.model.SpreadCounts;
import dev.aksburst.model.Taint;
import dev.aksburst.model.WorkloadRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * kube-scheduler's default profile, reduced to what decides placement between VM nodes and the
 * virtual node.
 *
 * <p>Filters: node Ready and schedulable (as the not-ready and unschedulable taints), taints and
 * tolerations (NoSchedule, NoExecute), nodeSelector and required node affinity, requests against
 * allocatable, and max pods.
 *
 * <p>Scores, each normalised to 0..100 and weighted as in the default profile: TaintToleration (3:
 * fewer untolerated PreferNoSchedule taints), NodeAffinity (2: preferred terms, normalised by the
 * best node, so the term's own weight does not matter when it is the only one), PodTopologySpread
 * (2: the system default {@code kubernetes.io/hostname} constraint with maxSkew 3 and
 * ScheduleAnyway: fewer replicas of the same workload on the node scores higher; the zone
 * constraint is left out because the virtual node has no zone), NodeResourcesFit LeastAllocated (1)
 * and NodeResourcesBalancedAllocation (1). The virtual node's huge allocatable makes it the
 * emptiest node, and spreading pushes replicas away from the node that already has them: together
 * they outweigh a "prefer VMs" affinity once a VM node holds a few replicas. Ties go to the first
 * node by name (kube-scheduler picks one at random).
 */
public final class SimScheduler {
  static final int WEIGHT_TAINT_TOLERATION = 3;
  static final int WEIGHT_NODE_AFFINITY = 2;
  static final int WEIGHT_TOPOLOGY_SPREAD = 2;
  static final int WEIGHT_LEAST_ALLOCATED = 1;
  static final int WEIGHT_BALANCED = 1;
  static final int HOSTNAME_MAX_SKEW = 3;

  private SimScheduler() {}

  /**
   * Where the scheduler binds the pod, or why it can not (the FailedScheduling message).
   *
   * @param scores total score per feasible node
   */
  public record Decision(Optional<String> node, String message, Map<String, Integer> scores) {
    public Decision {
      scores = Map.copyOf(scores);
    }
  }

  /**
   * @param requests the pod's requests
   * @param placement its tolerations and node affinity
   * @param owner pods with this owner count for spreading
   * @param nodes every registered node
   * @param pods every pod in the cluster (bound ones hold room)
   */
  public static Decision schedule(
      Resources requests,
      Placement placement,
      WorkloadRef owner,
      List<SimNode> nodes,
      List<SimPod> pods,
      Instant now) {
    Map<String, Resources> requested = new LinkedHashMap<>();
    Map<String, Integer> podCount = new LinkedHashMap<>();
    Map<String, Integer> sameOwner = new LinkedHashMap<>();
    for (SimNode n : nodes) {
      requested.put(n.name(), n.daemonSetRequested());
      podCount.put(n.name(), n.daemonSetPods());
      sameOwner.put(n.name(), 0);
    }
    for (SimPod p : pods) {
      if (!p.holdsResources() || !requested.containsKey(p.node().orElseThrow())) {
        continue;
      }
      String n = p.node().get();
      requested.merge(n, p.requests(), Resources::plus);
      podCount.merge(n, 1, Integer::sum);
      if (p.owner().equals(owner) && !p.terminating()) {
        sameOwner.merge(n, 1, Integer::sum);
      }
    }

    SpreadCounts spreadCounts =
        SpreadCounts.ofOwnPods(
            placement,
            nodes.stream()
                .map(n -> new SpreadCounts.Domain(n.name(), n.labels(), n.taintsAt(now)))
                .toList(),
            sameOwner);
    List<SimNode> feasible = new ArrayList<>();
    Map<String, Integer> reasons = new TreeMap<>();
    for (SimNode n : nodes.stream().sorted(Comparator.comparing(SimNode::name)).toList()) {
      Optional<String> why = filter(n, requests, placement, requested, podCount, now);
      if (why.isEmpty() && !spreadCounts.allows(n.labels())) {
        why = Optional.of("node(s) didn't match pod topology spread constraints");
      }
      if (why.isPresent()) {
        reasons.merge(why.get(), 1, Integer::sum);
      } else {
        feasible.add(n);
      }
    }
    if (feasible.isEmpty()) {
      StringBuilder msg =
          new StringBuilder("0/").append(nodes.size()).append(" nodes are available");
      String sep = ": ";
      for (var e : reasons.entrySet()) {
        msg.append(sep).append(e.getValue()).append(' ').append(e.getKey());
        sep = ", ";
      }
      return new Decision(Optional.empty(), msg.append('.').toString(), Map.of());
    }

    Map<String, Integer> total = new LinkedHashMap<>();
    int[] taint = normalizeReverse(feasible, n -> untoleratedPreferNoSchedule(n, placement, now));
    int[] affinity = normalize(feasible, n -> preferredWeight(n, placement));
    int[] spread = spreadScores(feasible, sameOwner);
    for (int i = 0; i < feasible.size(); i++) {
      SimNode n = feasible.get(i);
      Resources after = requested.get(n.name()).plus(requests);
      int score =
          WEIGHT_TAINT_TOLERATION * taint[i]
              + WEIGHT_NODE_AFFINITY * affinity[i]
              + WEIGHT_TOPOLOGY_SPREAD * spread[i]
              + WEIGHT_LEAST_ALLOCATED * leastAllocated(n.allocatable(), after)
              + WEIGHT_BALANCED * balanced(n.allocatable(), after);
      total.put(n.name(), score);
    }
    String best = feasible.get(0).name();
    for (SimNode n : feasible) {
      if (total.get(n.name()) > total.get(best)) {
        best = n.name();
      }
    }
    return new Decision(Optional.of(best), "Successfully assigned to " + best, total);
  }

  /** Why the node is filtered out, in kube-scheduler's words; empty when it fits. */
  static Optional<String> filter(
      SimNode n,
      Resources requests,
      Placement placement,
      Map<String, Resources> requested,
      Map<String, Integer> podCount,
      Instant now) {
    if (n.cordoned()) {
      return Optional.of("node(s) were unschedulable");
    }
    for (Taint t : n.taintsAt(now)) {
      if (t.effect().equals("PreferNoSchedule")) {
        continue;
      }
      if (placement.tolerations().stream().noneMatch(tol -> tol.tolerates(t))) {
        return Optional.of(
            "node(s) had untolerated taint {"
                + t.key()
                + (t.value().isEmpty() ? "" : ": " + t.value())
                + "}");
      }
    }
    if (!placement.selects(n.name(), n.labels())) {
      return Optional.of("node(s) didn't match Pod's node affinity/selector");
    }
    if (podCount.get(n.name()) + 1 > n.maxPods()) {
      return Optional.of("Too many pods");
    }
    Resources room = n.allocatable().minusFloored(requested.get(n.name()));
    if (requests.milliCpu() > room.milliCpu()) {
      return Optional.of("Insufficient cpu");
    }
    if (requests.memoryBytes() > room.memoryBytes()) {
      return Optional.of("Insufficient memory");
    }
    for (var e : requests.scalars().entrySet()) {
      if (e.getValue() > room.scalar(e.getKey())) {
        return Optional.of("Insufficient " + e.getKey());
      }
    }
    return Optional.empty();
  }

  private static int untoleratedPreferNoSchedule(SimNode n, Placement placement, Instant now) {
    int count = 0;
    for (Taint t : n.taintsAt(now)) {
      if (t.effect().equals("PreferNoSchedule")
          && placement.tolerations().stream().noneMatch(tol -> tol.tolerates(t))) {
        count++;
      }
    }
    return count;
  }

  private static int preferredWeight(SimNode n, Placement placement) {
    int sum = 0;
    for (Placement.PreferredTerm term : placement.preferredNodeAffinity()) {
      if (term.matches(n.labels())) {
        sum += term.weight();
      }
    }
    return sum;
  }

  /** DefaultNormalizeScore: scale so the best node gets 100 (negative sums count as 0). */
  private static int[] normalize(List<SimNode> nodes, java.util.function.ToIntFunction<SimNode> f) {
    int[] raw = nodes.stream().mapToInt(f).map(v -> Math.max(0, v)).toArray();
    int max = 0;
    for (int v : raw) {
      max = Math.max(max, v);
    }
    int[] out = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = max == 0 ? 0 : raw[i] * 100 / max;
    }
    return out;
  }

  /** DefaultNormalizeScore with reverse: fewer is better. */
  private static int[] normalizeReverse(
      List<SimNode> nodes, java.util.function.ToIntFunction<SimNode> f) {
    int[] raw = nodes.stream().mapToInt(f).toArray();
    int max = 0;
    for (int v : raw) {
      max = Math.max(max, v);
    }
    int[] out = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = max == 0 ? 100 : 100 - raw[i] * 100 / max;
    }
    return out;
  }

  /**
   * PodTopologySpread scoring for one hostname constraint: raw = matching pods on the node +
   * (maxSkew - 1); normalised as {@code 100 * (max + min - raw) / max}.
   */
  static int[] spreadScores(List<SimNode> nodes, Map<String, Integer> sameOwner) {
    long[] raw = new long[nodes.size()];
    long min = Long.MAX_VALUE;
    long max = 0;
    for (int i = 0; i < nodes.size(); i++) {
      raw[i] = sameOwner.getOrDefault(nodes.get(i).name(), 0) + (HOSTNAME_MAX_SKEW - 1);
      min = Math.min(min, raw[i]);
      max = Math.max(max, raw[i]);
    }
    int[] out = new int[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = max == 0 ? 100 : (int) (100 * (max + min - raw[i]) / max);
    }
    return out;
  }

  /** NodeResourcesFit LeastAllocated: mean over cpu and memory of free share after placing. */
  static int leastAllocated(Resources allocatable, Resources after) {
    return (int)
        ((freeShare(allocatable.milliCpu(), after.milliCpu())
                + freeShare(allocatable.memoryBytes(), after.memoryBytes()))
            / 2);
  }

  private static long freeShare(long capacity, long used) {
    if (capacity == 0 || used > capacity) {
      return 0;
    }
    return (capacity - used) * 100 / capacity;
  }

  /** NodeResourcesBalancedAllocation: 100 * (1 - std of the cpu and memory fractions). */
  static int balanced(Resources allocatable, Resources after) {
    double cpu =
        allocatable.milliCpu() == 0 ? 1 : (double) after.milliCpu() / allocatable.milliCpu();
    double mem =
        allocatable.memoryBytes() == 0
            ? 1
            : (double) after.memoryBytes() / allocatable.memoryBytes();
    double std = Math.abs(Math.min(1, cpu) - Math.min(1, mem)) / 2;
    return (int) ((1 - std) * 100);
  }
}
