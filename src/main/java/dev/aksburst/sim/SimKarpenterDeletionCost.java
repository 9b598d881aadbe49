package dev.aksburst.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Karpenter's pod-deletion-cost controller (alpha, feature gate {@code PodDeletionCostManagement}),
 * as its design and documentation describe it (kubernetes-sigs/karpenter {@code
 * designs/pod-deletion-cost-controller.md}, {@code pkg/controllers/pod/deletioncost/README.md};
 * karpenter.sh "Pod Deletion Cost"):
 *
 * <ul>
 *   <li>every {@link #PERIOD} it ranks the nodes it manages (here: the VM nodes of the named pools;
 *       never a virtual node) by their pod count, fewest first, ties by name, and writes the node's
 *       rank, counting up from {@code base}, into {@code
 *       controller.kubernetes.io/pod-deletion-cost} of every Deployment pod there, with {@code
 *       karpenter.sh/managed-deletion-cost: "true"};
 *   <li>a node it is disrupting gets {@link #DISRUPTED} ({@code -2147483648}) instead;
 *   <li>a pod whose cost is set without the sentinel is the user's and is left alone; a pod with
 *       the sentinel is rewritten whatever was written in between (aks-burst's marks included).
 * </ul>
 *
 * Off until {@link #manage} is called. {@link #rewriteAfterNextMark} models its cycle landing
 * between aks-burst's mark and its scale-in: the next mark of a managed pod is rewritten at once.
 * Callers hold the {@link SimCluster}'s monitor.
 */
public final class SimKarpenterDeletionCost {
  /** The controller's reconcile period (its design: "a singleton reconciler runs every 60 s"). */
  public static final Duration PERIOD = Duration.ofSeconds(60);

  /** The value written for the pods of a node being disrupted (karpenter.sh docs). */
  public static final int DISRUPTED = Integer.MIN_VALUE;

  private Set<String> pools = Set.of();
  private OptionalInt base = OptionalInt.empty();
  private Optional<String> disrupting = Optional.empty();
  private Optional<Instant> next = Optional.empty();
  private boolean rewriteAfterNextMark;
  private int rewrites;

  SimKarpenterDeletionCost() {}

  /**
   * Starts managing the pods on the VM nodes of {@code managedPools}.
   *
   * @param rankBase the rank of the first node; empty: {@code -n} for n managed nodes (its README:
   *     "Ranks start at -len(nodes)"); the alpha pull request used {@code -1000}
   */
  public void manage(Set<String> managedPools, OptionalInt rankBase) {
    if (managedPools.isEmpty()) {
      throw new IllegalArgumentException("Karpenter needs at least one pool to manage");
    }
    this.pools = Set.copyOf(managedPools);
    this.base = Objects.requireNonNull(rankBase, "rankBase");
  }

  /**
   * Karpenter disrupts {@code node} (tainted {@code karpenter.sh/disrupted}): its pods go first.
   */
  public void disrupt(String node) {
    this.disrupting = Optional.of(node);
  }

  public void rewriteAfterNextMark() {
    this.rewriteAfterNextMark = true;
  }

  boolean enabled() {
    return !pools.isEmpty();
  }

  /** How many pod costs it wrote that differed from what the pod had. */
  public int rewrites() {
    return rewrites;
  }

  /** Runs a cycle when one is due. */
  void tick(SimState state, Instant now) {
    if (!enabled() || (next.isPresent() && now.isBefore(next.get()))) {
      return;
    }
    rank(state);
    next = Optional.of(now.plus(PERIOD));
  }

  /** aks-burst marked {@code pods}: in the race, the cycle lands right now. */
  void afterMark(SimState state, List<String> pods) {
    if (!enabled() || !rewriteAfterNextMark) {
      return;
    }
    boolean managedMarked =
        pods.stream()
            .map(state.pods::get)
            .anyMatch(p -> p != null && p.managedDeletionCost() && managed(state, p));
    if (managedMarked) {
      rewriteAfterNextMark = false;
      rank(state);
    }
  }

  private boolean managed(SimState state, SimPod p) {
    return p.node()
        .map(state.nodes::get)
        .filter(n -> !n.virtual())
        .flatMap(SimNode::pool)
        .map(pools::contains)
        .orElse(false);
  }

  private void rank(SimState state) {
    Map<String, Integer> podsOn = new HashMap<>();
    List<SimNode> nodes = new ArrayList<>();
    for (SimNode n : state.nodes.values()) {
      if (!n.virtual() && n.pool().map(pools::contains).orElse(false)) {
        nodes.add(n);
        podsOn.put(n.name(), 0);
      }
    }
    for (SimPod p : state.pods.values()) {
      if (p.active()
          && p.node().isPresent()
          && podsOn.containsKey(p.node().get())
          && state.deployments.containsKey(p.owner())) {
        podsOn.merge(p.node().get(), 1, Integer::sum);
      }
    }
    nodes.sort(
        Comparator.<SimNode>comparingInt(n -> podsOn.get(n.name())).thenComparing(SimNode::name));
    int first = base.orElse(-nodes.size());
    Map<String, Integer> rankOf = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      String name = nodes.get(i).name();
      rankOf.put(name, disrupting.equals(Optional.of(name)) ? DISRUPTED : first + i);
    }
    for (SimPod p : List.copyOf(state.pods.values())) {
      if (!p.active()
          || p.node().isEmpty()
          || !rankOf.containsKey(p.node().get())
          || !state.deployments.containsKey(p.owner())) {
        continue;
      }
      if (p.deletionCost().isPresent() && !p.managedDeletionCost()) {
        continue; // the user's value: Karpenter never overwrites it
      }
      int cost = rankOf.get(p.node().get());
      if (!p.deletionCost().equals(OptionalInt.of(cost))) {
        rewrites++;
      }
      state.pods.put(p.name(), p.withManagedDeletionCost(cost));
    }
  }
}
