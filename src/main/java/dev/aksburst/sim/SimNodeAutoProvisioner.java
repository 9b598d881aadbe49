package dev.aksburst.sim;

import dev.aksburst.model.Placement;
import dev.aksburst.model.Resources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Karpenter-like node auto-provisioning, run once a tick after the scheduler: Pending pods that no
 * node (Ready, or launched and still coming) can hold get new nodes of the NodePool's shape, Ready
 * after the provisioning delay; a node that is empty (DaemonSets aside), or whose pods the other
 * nodes can take, for the consolidation delay is removed. It provisions for every Pending pod
 * whatever its priority, placeholders included: that is what makes placeholders work. Callers hold
 * the {@link SimCluster}'s monitor.
 */
final class SimNodeAutoProvisioner {
  private static final Duration REGISTER_BEFORE_READY = Duration.ofSeconds(15);

  /** From the cordon to the node gone (drain and VM deletion). */
  private static final Duration TERMINATION = Duration.ofSeconds(30);

  private final SimState state;
  private final SimNodeAutoProvisioning spec;
  private final Map<String, Instant> candidateSince = new HashMap<>();
  private int launched;
  private int consolidated;

  SimNodeAutoProvisioner(SimState state, SimNodeAutoProvisioning spec) {
    this.state = state;
    this.spec = spec;
  }

  /** Nodes launched since the start (warm-up included). */
  int launched() {
    return launched;
  }

  /** Empty nodes removed since the start. */
  int consolidated() {
    return consolidated;
  }

  static boolean launchedByNap(SimNode n) {
    return n.labels().containsKey(SimNodeAutoProvisioning.NODEPOOL_LABEL);
  }

  void reconcile(Instant now) {
    provision(now);
    consolidate(now);
  }

  private void provision(Instant now) {
    List<SimPod> pending =
        state.pods.values().stream()
            .filter(p -> p.active() && p.node().isEmpty() && p.created().isBefore(now))
            .sorted(Comparator.comparing(SimPod::created).thenComparing(SimPod::name))
            .toList();
    if (pending.isEmpty()) {
      return;
    }
    // Room of the nodes launched and not Ready yet, less the Pending pods already counted on them.
    Map<String, Resources> used = new LinkedHashMap<>();
    Map<String, Integer> count = new LinkedHashMap<>();
    List<SimNode> coming = new ArrayList<>();
    for (SimNode n : state.nodes.values()) {
      if (launchedByNap(n) && !n.ready(now) && !n.cordoned()) {
        coming.add(n);
        used.put(n.name(), n.daemonSetRequested());
        count.put(n.name(), n.daemonSetPods());
      }
    }
    for (SimPod p : pending) {
      Placement placement = placementOf(p);
      if (placement == null) {
        continue;
      }
      boolean placed = false;
      for (SimNode n : coming) {
        if (fits(asReady(n, now), p.requests(), placement, used, count, now)) {
          used.merge(n.name(), p.requests(), Resources::plus);
          count.merge(n.name(), 1, Integer::sum);
          placed = true;
          break;
        }
      }
      if (placed) {
        continue;
      }
      SimNode fresh = newNode(now);
      Map<String, Resources> u = new HashMap<>(Map.of(fresh.name(), fresh.daemonSetRequested()));
      Map<String, Integer> c = new HashMap<>(Map.of(fresh.name(), fresh.daemonSetPods()));
      if (!fits(asReady(fresh, now), p.requests(), placement, u, c, now)) {
        continue; // no node of this NodePool can hold the pod: Karpenter launches nothing
      }
      state.nodes.put(fresh.name(), fresh);
      launched++;
      coming.add(fresh);
      used.put(fresh.name(), fresh.daemonSetRequested().plus(p.requests()));
      count.put(fresh.name(), fresh.daemonSetPods() + 1);
    }
  }

  /**
   * Karpenter's {@code WhenEmptyOrUnderutilized}: a node that is empty, or whose pods all fit the
   * free room of the other Ready VM nodes, for the consolidation delay is cordoned and its pods
   * evicted (their ReplicaSets re-create them elsewhere); one node per pass, as single-node
   * consolidation does.
   */
  private void consolidate(Instant now) {
    boolean oneThisPass = false;
    for (SimNode n : List.copyOf(state.nodes.values())) {
      if (!launchedByNap(n) || !n.ready(now) || n.cordoned()) {
        candidateSince.remove(n.name());
        continue;
      }
      List<SimPod> on =
          state.pods.values().stream().filter(p -> p.node().equals(Optional.of(n.name()))).toList();
      if (!on.isEmpty() && !fitElsewhere(n, on, now)) {
        candidateSince.remove(n.name());
        continue;
      }
      Instant since = candidateSince.computeIfAbsent(n.name(), k -> now);
      if (!oneThisPass && !now.isBefore(since.plus(spec.consolidationDelay()))) {
        for (SimPod p : on) {
          state.pods.put(p.name(), p.delete(now, "Evicted: node " + n.name() + " consolidated"));
        }
        state.nodes.put(n.name(), n.cordon(now.plus(TERMINATION)));
        candidateSince.remove(n.name());
        consolidated++;
        oneThisPass = true;
      }
    }
  }

  /** The pods fit the free room of the other Ready, schedulable VM nodes (first fit). */
  private boolean fitElsewhere(SimNode from, List<SimPod> pods, Instant now) {
    List<SimNode> others =
        state.nodes.values().stream()
            .filter(o -> !o.virtual() && !o.name().equals(from.name()))
            .filter(o -> o.ready(now) && !o.cordoned())
            .toList();
    Map<String, Resources> used = new HashMap<>();
    Map<String, Integer> count = new HashMap<>();
    for (SimNode o : others) {
      used.put(o.name(), state.requestedOn(o));
      count.put(
          o.name(),
          o.daemonSetPods()
              + (int)
                  state.pods.values().stream()
                      .filter(p -> p.holdsResources() && p.node().equals(Optional.of(o.name())))
                      .count());
    }
    for (SimPod p : pods) {
      if (!p.active()) {
        continue;
      }
      Placement placement = placementOf(p);
      SimNode target = null;
      for (SimNode o : others) {
        if (placement != null && fits(o, p.requests(), placement, used, count, now)) {
          target = o;
          break;
        }
      }
      if (target == null) {
        return false;
      }
      used.merge(target.name(), p.requests(), Resources::plus);
      count.merge(target.name(), 1, Integer::sum);
    }
    return true;
  }

  private Placement placementOf(SimPod p) {
    SimDeployment d = state.deployments.get(p.owner());
    return d == null ? null : d.spec().placement();
  }

  private static boolean fits(
      SimNode n,
      Resources requests,
      Placement placement,
      Map<String, Resources> used,
      Map<String, Integer> count,
      Instant now) {
    return SimScheduler.filter(n, requests, placement, used, count, now).isEmpty();
  }

  /** The node as it will be once Ready (the filter then sees no not-ready taint). */
  private static SimNode asReady(SimNode n, Instant now) {
    return new SimNode(
        n.name(),
        n.pool(),
        n.vmSize(),
        n.labels(),
        n.taints(),
        false,
        n.allocatable(),
        n.maxPods(),
        n.daemonSetRequested(),
        n.daemonSetPods(),
        n.orderedAt(),
        now,
        now,
        Optional.empty(),
        n.index());
  }

  private SimNode newNode(Instant now) {
    int index = launched;
    String name = "aks-" + spec.nodePool() + "-" + String.format("%05d", index);
    Instant ready = now.plus(spec.provisioningDelay());
    Instant registered = ready.minus(REGISTER_BEFORE_READY);
    return new SimNode(
        name,
        Optional.empty(),
        spec.vmSize(),
        Map.of(
            SimNodeAutoProvisioning.NODEPOOL_LABEL,
            spec.nodePool(),
            "kubernetes.io/os",
            "linux",
            "kubernetes.io/hostname",
            name,
            "node.kubernetes.io/instance-type",
            spec.vmSize()),
        List.of(),
        false,
        spec.allocatable(),
        spec.maxPods(),
        spec.daemonSetRequested(),
        spec.daemonSetPods(),
        now,
        registered.isBefore(now) ? now : registered,
        ready,
        Optional.empty(),
        index);
  }
}
