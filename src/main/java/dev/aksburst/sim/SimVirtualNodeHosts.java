package dev.aksburst.sim;

import dev.aksburst.model.Placement;
import dev.aksburst.model.VirtualNodeKind;
import dev.aksburst.model.WorkloadRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Where the virtual nodes v2 that the StatefulSet adds run: each is a StatefulSet pod ({@code
 * vn2/virtualnode-N}) that the scheduler binds to a VM node with {@link
 * VirtualNodeKind#V2_NODE_REQUESTS} free (3 cores, 12 GB; nodeSelector {@code
 * kubernetes.io/os=linux}, no toleration, as the chart's values), where it then takes that room.
 * Without room the pod stays Pending and its virtual node is not registered, so it never turns
 * Ready; it is tried again every tick and turns Ready {@link SimVirtualNodesV2#nodeStartDelay()}
 * after it is bound. The virtual nodes present at the start run on VMs outside the simulated pools.
 * Callers hold the {@link SimCluster}'s monitor.
 */
final class SimVirtualNodeHosts {
  /** The StatefulSet that owns the virtual nodes' pods. */
  static final WorkloadRef OWNER =
      WorkloadRef.of(SimVirtualNodesV2.NAMESPACE, SimVirtualNodesV2.NAME);

  /** The chart's nodeSelector; no toleration keeps the pod off virtual nodes. */
  static final Placement PLACEMENT =
      new Placement(
          List.of(), Map.of("kubernetes.io/os", "linux"), List.of(), List.of(), List.of());

  private final TreeSet<Integer> pending = new TreeSet<>();

  private SimVirtualNodeHosts() {}

  static SimVirtualNodeHosts of() {
    return new SimVirtualNodeHosts();
  }

  /** The StatefulSet grew to ordinal {@code ordinal}: its pod is scheduled now or later. */
  void added(SimState state, SimVirtualNodeSet set, int ordinal, Instant now) {
    pending.add(ordinal);
    schedule(state, set, now);
  }

  /** The StatefulSet shrank below {@code ordinal}: its pod goes (its node is cordoned). */
  void removed(SimState state, int ordinal, Instant now) {
    pending.remove(ordinal);
    SimPod p = state.pods.get(SimVirtualNodesV2.nodeName(ordinal));
    if (p != null && p.owner().equals(OWNER)) {
      state.pods.put(p.name(), p.delete(now, "StatefulSet scaled in"));
    }
  }

  /** Binds the pending pods that now fit a VM node; their virtual nodes register. */
  void schedule(SimState state, SimVirtualNodeSet set, Instant now) {
    for (Integer ordinal : List.copyOf(pending)) {
      List<SimNode> vms =
          state.registeredNodes(now).stream().filter(n -> !n.virtual() && !n.cordoned()).toList();
      SimScheduler.Decision d =
          SimScheduler.schedule(
              VirtualNodeKind.V2_NODE_REQUESTS,
              PLACEMENT,
              OWNER,
              vms,
              List.copyOf(state.pods.values()),
              now);
      if (d.node().isEmpty()) {
        continue;
      }
      String name = SimVirtualNodesV2.nodeName(ordinal);
      state.pods.put(
          name,
          SimPod.newPod(name, OWNER, VirtualNodeKind.V2_NODE_REQUESTS, now)
              .bind(d.node().get(), now, now, false, "Scheduled")
              .started(now));
      SimNode n = set.node(ordinal, now);
      state.nodes.put(n.name(), n);
      pending.remove(ordinal);
    }
  }

  /** The ordinals whose pod waits for room. */
  List<Integer> pending() {
    return List.copyOf(pending);
  }

  /** The VM node hosting the virtual node of {@code ordinal}, when its pod is bound. */
  static Optional<String> host(SimState state, int ordinal) {
    SimPod p = state.pods.get(SimVirtualNodesV2.nodeName(ordinal));
    return p == null || !p.owner().equals(OWNER) || p.terminating() ? Optional.empty() : p.node();
  }
}
