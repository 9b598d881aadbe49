package dev.aksburst.testing;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.BurstState;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.Placement;
import dev.aksburst.model.PodView;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.Resources;
import dev.aksburst.model.WorkloadPolicy;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.reconcile.ClusterPorts;
import dev.aksburst.reconcile.ReconcileContext;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one in-memory fake of a cluster's ports, shared by the {@code InMemory*} port views: opted-in
 * Deployments (with their state annotation), nodes, pools, pool states, recorded Events and a log
 * of every write. Writes take effect at once; pods do not move. Failures are injected per port
 * ({@link InMemoryClusterReader#failWith}, {@link InMemoryWorkloadWriter#failNext}, {@link
 * InMemoryNodePoolScaler#answerNext}).
 *
 * <p>Built with {@link #seed} (the seed world of the planner fixtures) or {@link #of} (empty) and
 * {@link #add}, {@link #node}, {@link #pool}.
 */
public final class InMemoryCluster {
  /** One recorded Kubernetes Event. */
  public record RecordedEvent(
      WorkloadRef workload,
      String reason,
      String message,
      boolean warning,
      ReconcileContext context) {}

  public static final String DEFAULT_ID = "test-cluster";

  public final String clusterId;
  public final Map<WorkloadRef, WorkloadView> workloads = new TreeMap<>();

  /** Deployments that exist without the opt-in label (refused with 403, not 404). */
  public final Set<WorkloadRef> notOptedIn = new HashSet<>();

  public final List<NodeView> nodes = new ArrayList<>();
  public final Map<String, NodePoolView> pools = new TreeMap<>();
  public final Map<String, PoolState> poolStates = new LinkedHashMap<>();
  public final List<RecordedEvent> events = new ArrayList<>();

  /**
   * Every write in order: {@code scale ns/name=N}, {@code hpa ns/name=N}, {@code cost ns/name
   * [pods]=N}, {@code state ns/name}, {@code pool name=N}.
   */
  public final List<String> writes = new ArrayList<>();

  public final InMemoryClusterReader reader = new InMemoryClusterReader(this);
  public final InMemoryWorkloadWriter writer = new InMemoryWorkloadWriter(this);
  public final InMemoryNodePoolScaler scaler = new InMemoryNodePoolScaler(this);
  public final InMemoryIntentStore intents = new InMemoryIntentStore(this);
  public final InMemoryPoolStateStore poolStateStore = new InMemoryPoolStateStore(this);
  public final InMemoryEventRecorder recorder = new InMemoryEventRecorder(this);
  public final InMemoryReconcileLock lock = new InMemoryReconcileLock();

  /** The virtual nodes v2 StatefulSet aks-burst may scale, when the test names one. */
  public java.util.Optional<dev.aksburst.model.VirtualNodeSet> virtualNodeSet =
      java.util.Optional.empty();

  /** The placeholder Deployments written ({@code aksburst.dev/capacity: placeholders}). */
  public final Map<WorkloadRef, dev.aksburst.model.PlaceholderSet> placeholders =
      new java.util.TreeMap<>();

  private final Clock clock;

  public InMemoryCluster(Clock clock) {
    this(DEFAULT_ID, clock);
  }

  public InMemoryCluster(String clusterId, Clock clock) {
    this.clusterId = clusterId;
    this.clock = clock;
  }

  /** An empty cluster observed at {@code now}, always. */
  public static InMemoryCluster of(String clusterId, Instant now) {
    return new InMemoryCluster(clusterId, Clock.fixed(now, ZoneOffset.UTC));
  }

  /** The seed world: vm-0 (room for 3) of a manual pool of 1, the virtual node. */
  public static InMemoryCluster seed(Clock clock, WorkloadView... ws) {
    InMemoryCluster c = new InMemoryCluster(DEFAULT_ID, clock);
    c.node(Fixtures.vmNode("vm-0")).node(Fixtures.virtualNode()).pool(Fixtures.manualPool(1));
    for (WorkloadView w : ws) {
      c.add(w);
    }
    return c;
  }

  public InMemoryCluster add(WorkloadView w) {
    workloads.put(w.ref(), w);
    return this;
  }

  public InMemoryCluster node(NodeView n) {
    nodes.add(n);
    return this;
  }

  public InMemoryCluster pool(NodePoolView p) {
    pools.put(p.name(), p);
    return this;
  }

  /**
   * An opted-in Deployment in {@code ns} with 250m / 256Mi pods selected by {@code app=name}, no
   * placement and nothing recorded.
   */
  public static WorkloadView workload(String ns, String name, int replicas, WorkloadPolicy policy) {
    return workload(ns, name, replicas, policy, List.of());
  }

  public static WorkloadView workload(
      String ns, String name, int replicas, WorkloadPolicy policy, List<PodView> pods) {
    return new WorkloadView(
        WorkloadRef.of(ns, name),
        "1",
        replicas,
        replicas,
        false,
        Map.of("app", name),
        Resources.of(250, 256L << 20),
        Placement.NONE,
        Optional.empty(),
        policy,
        List.of(),
        List.of(),
        BurstState.EMPTY,
        pods);
  }

  public ClusterPorts ports() {
    return new ClusterPorts(
        clusterId, reader, writer, scaler, intents, poolStateStore, recorder, lock);
  }

  /** A workload of the {@code default} namespace. */
  public WorkloadView workload(String name) {
    return workloads.get(Fixtures.ref(name));
  }

  /** The recorded state of a workload (empty when it has none or does not exist). */
  public BurstState state(WorkloadRef ref) {
    WorkloadView w = workloads.get(ref);
    return w == null ? BurstState.EMPTY : w.state();
  }

  /** Sets a workload's recorded state as a previous run would have left it (not a write). */
  public void putState(WorkloadRef ref, BurstState st) {
    workloads.put(ref, workloads.get(ref).withState(st));
  }

  /** The writes that start with {@code kind} ({@code scale}, {@code state}, {@code pool}...). */
  public List<String> writes(String kind) {
    return writes.stream().filter(w -> w.startsWith(kind + " ")).toList();
  }

  public List<String> eventReasons() {
    return events.stream().map(RecordedEvent::reason).toList();
  }

  /** Cluster reads so far (observes and the stale-plan guard's reads). */
  public int reads() {
    return reader.reads();
  }

  /** What a reader observes: workloads and nodes with usage; pools are added by the reconciler. */
  public ClusterSnapshot observe() {
    List<WorkloadView> ws = List.copyOf(workloads.values());
    return new ClusterSnapshot(
        clusterId,
        clock.instant(),
        ws,
        Fixtures.withUsage(nodes, ws),
        List.of(),
        List.of(),
        Map.of(),
        List.of(),
        java.util.Optional.empty(),
        virtualNodeSet,
        List.copyOf(placeholders.values()));
  }
}
