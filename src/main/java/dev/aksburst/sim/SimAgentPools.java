package dev.aksburst.sim;

import dev.aksburst.contract.Annotations;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolKind;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.PoolState;
import dev.aksburst.reconcile.NodePoolScaler.ScaleOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * AKS agent-pool emulation: VMSS node names and labels, ARM scale writes (one operation at a time,
 * capacity failures, timeouts), manual resizes that drain the newest nodes, and the pools' {@code
 * provisioningState}. Callers hold the {@link SimCluster}'s monitor.
 */
final class SimAgentPools {
  private final SimState state;

  SimAgentPools(SimState state) {
    this.state = state;
  }

  /** Adds a pool of the scenario with its initial nodes, Ready at {@code t0}. */
  void addPool(SimPoolSpec p, Instant t0) {
    String vmss =
        String.format(
            "%08d", Math.floorMod((state.scenario.clusterId() + p.name()).hashCode(), 100_000_000));
    state.pools.put(
        p.name(), new SimPoolRuntime(p, p.minCount(), false, 0, vmss, Optional.empty()));
    addNodes(p.name(), p.count(), t0, t0, t0);
    addNodes(p.name(), p.deallocatedNodes(), t0, t0, t0);
    state.poolNodes(p.name()).stream()
        .sorted(Comparator.comparingInt(SimNode::index))
        .skip(p.count())
        .forEach(n -> state.nodes.put(n.name(), n.deallocate()));
    p.scaleOutError().ifPresent(e -> state.capacityFailures.fail(p.name(), e));
  }

  /** The ARM writes the pools accepted, in order. */
  private final List<SimPoolWrite> writes = new ArrayList<>();

  List<SimPoolWrite> writes() {
    return List.copyOf(writes);
  }

  /**
   * A node whose drain ended: gone, or in a Deallocate pool deallocated (it stays registered,
   * NotReady, and its pods are gone).
   */
  void drained(SimNode n) {
    boolean deallocate =
        n.pool().map(state.pools::get).map(rt -> rt.spec().deallocate()).orElse(false);
    if (deallocate) {
      state.nodes.put(n.name(), n.deallocate());
    } else {
      state.nodes.remove(n.name());
    }
    state.pods.values().removeIf(p -> p.node().equals(Optional.of(n.name())));
  }

  void addNodes(String pool, int n, Instant orderedAt, Instant registerAt, Instant readyAt) {
    SimPoolRuntime rt = state.pools.get(pool);
    SimPoolSpec spec = rt.spec();
    int index = rt.nextIndex();
    for (int i = 0; i < n; i++) {
      String name =
          "aks-"
              + pool
              + "-"
              + rt.vmssId()
              + (spec.virtualMachines() ? "-vms" : "-vmss")
              + String.format("%6s", Integer.toString(index, 36)).replace(' ', '0');
      state.nodes.put(
          name,
          new SimNode(
              name,
              Optional.of(pool),
              spec.vmSize(),
              poolLabels(spec, name),
              spec.taints(),
              false,
              spec.allocatable(),
              spec.maxPods(),
              spec.daemonSetRequested(),
              spec.daemonSetPods(),
              orderedAt,
              registerAt,
              readyAt,
              Optional.empty(),
              index));
      index++;
    }
    state.pools.put(pool, state.pools.get(pool).withNextIndex(index));
  }

  static Map<String, String> poolLabels(SimPoolSpec spec, String nodeName) {
    Map<String, String> labels = new LinkedHashMap<>(spec.labels());
    labels.put(SimCluster.AGENTPOOL_LABEL, spec.name());
    labels.put(Annotations.AGENT_POOL_LEGACY, spec.name());
    labels.put("kubernetes.azure.com/role", "agent");
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/role", "agent");
    labels.put("kubernetes.io/hostname", nodeName);
    labels.put("node.kubernetes.io/instance-type", spec.vmSize());
    labels.put("kubernetes.azure.com/mode", "user");
    return labels;
  }

  /** Cordons the node, evicts its pods (their ReplicaSets recreate them) and removes it later. */
  void drain(SimNode n, Instant now, String why) {
    state.nodes.put(n.name(), n.cordon(now.plus(state.settings.nodeDrainDelay())));
    for (SimPod p : List.copyOf(state.pods.values())) {
      if (p.node().equals(Optional.of(n.name())) && !p.terminating()) {
        state.pods.put(
            p.name(), p.delete(now, "Evicted: node " + n.name() + " is drained (" + why + ")"));
      }
    }
  }

  private void resizeManual(String pool, int target, Instant now) {
    int count = state.poolCount(pool);
    if (target > count) {
      // A Deallocate pool starts its deallocated nodes first (oldest first), then creates more.
      List<SimNode> deallocated =
          state.poolNodes(pool).stream()
              .filter(SimNode::deallocated)
              .sorted(Comparator.comparingInt(SimNode::index))
              .limit(target - count)
              .toList();
      for (SimNode n : deallocated) {
        state.nodes.put(n.name(), n.start(now, now.plus(state.settings.deallocatedStartDelay())));
      }
      addNodes(
          pool,
          target - count - deallocated.size(),
          now,
          now.plus(state.settings.nodeRegisterDelay()),
          now.plus(state.settings.nodeProvisioningDelay()));
    } else if (target < count) {
      List<SimNode> newestFirst =
          state.poolNodes(pool).stream()
              .filter(n -> !n.cordoned() && !n.deallocated())
              .sorted(Comparator.comparingInt(SimNode::index).reversed())
              .toList();
      for (SimNode n : newestFirst.subList(0, count - target)) {
        drain(n, now, "agent pool " + pool + " scaled to " + target);
      }
    }
  }

  /** Ends ARM operations whose nodes are all Ready or gone, fails those that timed out. */
  void poolOperations(Instant now) {
    for (SimPoolRuntime pool : List.copyOf(state.pools.values())) {
      if (!pool.armOperation()) {
        continue;
      }
      boolean busy =
          state.poolNodes(pool.spec().name()).stream()
              .filter(n -> !n.deallocated())
              .anyMatch(n -> !n.ready(now) || n.cordoned());
      if (!busy) {
        state.pools.put(pool.spec().name(), pool.withArmOperation(false));
      } else if (pool.operation().map(op -> op.timedOut(now)).orElse(false)) {
        state.pools.put(
            pool.spec().name(),
            pool.withArmOperation(false).withOperation(pool.operation().map(op -> op.failed(now))));
      }
    }
  }

  List<NodePoolView> describePools() {
    List<NodePoolView> out = new ArrayList<>();
    for (SimPoolRuntime rt : state.pools.values()) {
      SimPoolSpec s = rt.spec();
      out.add(
          new NodePoolView(
              s.name(),
              s.mode(),
              s.mode() == PoolMode.AUTOSCALER
                  ? state.poolCount(s.name())
                  : state.capacityFailures.goal(s.name()).orElse(state.poolCount(s.name())),
              s.mode() == PoolMode.AUTOSCALER ? rt.minCount() : OptionalInt.empty(),
              s.mode() == PoolMode.AUTOSCALER ? s.maxCount() : OptionalInt.empty(),
              rt.armOperation()
                  ? "Scaling"
                  : poolError(s.name(), rt).isPresent() ? "Failed" : "Succeeded",
              s.vmSize(),
              s.maxPods(),
              rt.armOperation() ? Optional.empty() : poolError(s.name(), rt),
              Optional.empty(),
              new PoolKind(s.virtualMachines(), s.deallocate(), false)));
    }
    return out;
  }

  /** The pool's last error: a scale-out refused for capacity, or the last operation's failure. */
  private Optional<String> poolError(String pool, SimPoolRuntime rt) {
    return state
        .capacityFailures
        .lastError(pool)
        .or(() -> rt.operation().flatMap(SimPoolOperation::error));
  }

  ScaleOutcome scalePool(String pool, int target) {
    SimPoolRuntime rt = state.pools.get(pool);
    if (rt == null) {
      return new ScaleOutcome.Failed(
          "NotFound",
          "agent pool " + pool + " does not exist in " + state.scenario.clusterId(),
          "check " + Annotations.NODE_POOL + " on the Deployment",
          false);
    }
    if (rt.armOperation()) {
      return new ScaleOutcome.Busy(
          "OperationNotAllowed",
          "Another agentpool operation (Scaling) is in progress, please wait for it to finish"
              + " before starting a new operation.");
    }
    Instant now = state.clock.instant();
    writes.add(
        new SimPoolWrite(
            pool,
            rt.spec().mode() == PoolMode.AUTOSCALER
                ? "minCount"
                : rt.spec().virtualMachines()
                    ? "virtualMachinesProfile.scale.manual[" + rt.spec().vmSize() + "].count"
                    : "count",
            rt.spec().mode() == PoolMode.AUTOSCALER
                ? rt.minCount().orElse(0)
                : state.capacityFailures.goal(pool).orElse(state.poolCount(pool)),
            target,
            now));
    if (state.capacityFailures.failsScaleOut(pool, target, state.poolCount(pool))) {
      // ARM accepts the PUT; the operation then fails (no capacity): the pool reports Failed.
      return new ScaleOutcome.Started("Failed");
    }
    state.capacityFailures.succeeded(pool);
    switch (rt.spec().mode()) {
      case MANUAL, VMSS -> resizeManual(pool, target, now);
      case AUTOSCALER -> {
        int max = rt.spec().maxCount().orElseThrow();
        if (target > max) {
          return new ScaleOutcome.Failed(
              "InvalidParameter",
              "minCount " + target + " is above maxCount " + max + " of agent pool " + pool,
              "raise the pool's maxCount or lower the burst",
              false);
        }
        state.pools.put(pool, rt.withMinCount(OptionalInt.of(target)));
        int count = state.poolCount(pool);
        if (target > count) {
          resizeManual(pool, target, now);
        }
      }
    }
    startOperation(pool, now);
    return new ScaleOutcome.Started(state.pools.get(pool).armOperation() ? "Scaling" : "Succeeded");
  }

  /**
   * AKS's {@code agentPools/{pool}/deleteMachines}: drains exactly the named nodes (their pods are
   * evicted and their ReplicaSets recreate them) and lowers the pool's count by as many. Refused,
   * changing nothing, for a plain scale set, a busy pool, or a name that is not a running node of
   * the pool (AKS answers 400).
   */
  ScaleOutcome deleteMachines(String pool, List<String> machines) {
    SimPoolRuntime rt = state.pools.get(pool);
    if (rt == null) {
      return new ScaleOutcome.Failed(
          "NotFound",
          "agent pool " + pool + " does not exist in " + state.scenario.clusterId(),
          "check " + Annotations.NODE_POOL + " on the Deployment",
          false);
    }
    if (rt.spec().mode() == PoolMode.VMSS) {
      return new ScaleOutcome.Failed(
          PoolState.DELETE_MACHINES_REFUSED,
          "pool " + pool + " is a plain VM scale set, not an agent pool: no deleteMachines",
          "none: the pool is kept at its size",
          false);
    }
    if (rt.armOperation()) {
      return new ScaleOutcome.Busy(
          "OperationNotAllowed",
          "Another agentpool operation (Scaling) is in progress, please wait for it to finish"
              + " before starting a new operation.");
    }
    if (machines.isEmpty()) {
      return new ScaleOutcome.Failed(
          "InvalidParameter", "machineNames of agent pool " + pool + " is empty", "", false);
    }
    List<SimNode> nodes = new ArrayList<>();
    for (String m : machines) {
      SimNode n = state.nodes.get(m);
      if (n == null
          || !n.pool().equals(Optional.of(pool))
          || n.cordoned()
          || n.deallocated()
          || nodes.contains(n)) {
        return new ScaleOutcome.Failed(
            "InvalidParameter",
            "machine " + m + " is not a running machine of agent pool " + pool,
            "none: the next reconcile reads the pool's nodes again",
            false);
      }
      nodes.add(n);
    }
    Instant now = state.clock.instant();
    int count = state.poolCount(pool);
    writes.add(new SimPoolWrite(pool, "deleteMachines", count, count - nodes.size(), now));
    for (SimNode n : nodes) {
      drain(n, now, "machine deleted from agent pool " + pool);
    }
    startOperation(pool, now);
    return new ScaleOutcome.Started(
        state.pools.get(pool).armOperation() ? "Deleting" : "Succeeded");
  }

  /** The pool's ARM operation starts now (it ends as {@link #poolOperations} advances it). */
  private void startOperation(String pool, Instant now) {
    state.pools.put(
        pool,
        state
            .pools
            .get(pool)
            .withArmOperation(true)
            .withOperation(Optional.of(SimPoolOperation.started(now))));
    poolOperations(now);
  }
}
