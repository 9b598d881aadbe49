package dev.aksburst.reconcile;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The state of one fake cluster shared by the {@code InMemory*} port views: workloads (with their
 * state annotation), nodes, pools, pool states and recorded Events. Writes take effect at once;
 * pods do not move. Failures are injected per port.
 */
final class InMemoryCluster {
  /** One recorded Kubernetes Event. */
  record RecordedEvent(
      WorkloadRef workload,
      String reason,
      String message,
      boolean warning,
      ReconcileContext context) {}

  final Map<WorkloadRef, WorkloadView> workloads = new TreeMap<>();
  final List<NodeView> nodes = new ArrayList<>();
  final Map<String, NodePoolView> pools = new TreeMap<>();
  final Map<String, PoolState> poolStates = new HashMap<>();
  final List<RecordedEvent> events = new ArrayList<>();

  /** The virtual nodes v2 StatefulSet aks-burst may scale, when the test names one. */
  java.util.Optional<dev.aksburst.model.VirtualNodeSet> virtualNodeSet = java.util.Optional.empty();

  final InMemoryClusterReader reader = new InMemoryClusterReader(this);
  final InMemoryWorkloadWriter writer = new InMemoryWorkloadWriter(this);
  final InMemoryNodePoolScaler scaler = new InMemoryNodePoolScaler(this);
  final InMemoryIntentStore intents = new InMemoryIntentStore(this);
  final InMemoryPoolStateStore poolStateStore = new InMemoryPoolStateStore(this);
  final InMemoryEventRecorder recorder = new InMemoryEventRecorder(this);
  final InMemoryReconcileLock lock = new InMemoryReconcileLock();
  private final Clock clock;

  InMemoryCluster(Clock clock) {
    this.clock = clock;
  }

  /** The seed world: vm-0 (room for 3) of a manual pool of 1, the virtual node. */
  static InMemoryCluster seed(Clock clock, WorkloadView... ws) {
    InMemoryCluster c = new InMemoryCluster(clock);
    c.nodes.add(Fixtures.vmNode("vm-0"));
    c.nodes.add(Fixtures.virtualNode());
    c.pools.put(Fixtures.POOL, Fixtures.manualPool(1));
    for (WorkloadView w : ws) {
      c.workloads.put(w.ref(), w);
    }
    return c;
  }

  ClusterPorts ports() {
    return new ClusterPorts(
        "test-cluster", reader, writer, scaler, intents, poolStateStore, recorder, lock);
  }

  WorkloadView workload(String name) {
    return workloads.get(Fixtures.ref(name));
  }

  List<String> eventReasons() {
    return events.stream().map(RecordedEvent::reason).toList();
  }

  /** What a reader observes: workloads and nodes with usage; pools are added by the reconciler. */
  ClusterSnapshot observe() {
    List<WorkloadView> ws = List.copyOf(workloads.values());
    return new ClusterSnapshot(
        "test-cluster",
        clock.instant(),
        ws,
        Fixtures.withUsage(nodes, ws),
        List.of(),
        List.of(),
        Map.of(),
        List.of(),
        java.util.Optional.empty(),
        virtualNodeSet);
  }
}
