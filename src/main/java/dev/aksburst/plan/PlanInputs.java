package dev.aksburst.plan;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.DeallocatedNodes;
import dev.aksburst.model.Intent;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.PodView;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.SpreadCounts;
import dev.aksburst.model.TopologySpread;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The planner's inputs and the facts every policy derives from them, computed once per plan. */
final class PlanInputs {
  /** Which pool a workload's VM pods belong on, and how that was decided. */
  private final ClusterSnapshot snapshot;

  private final PlannerConfig config;
  private final Instant now;
  private final List<WorkloadView> workloads;
  private final Map<WorkloadRef, List<Intent>> intents;
  private final Map<WorkloadRef, ClusterSnapshot.PoolChoice> poolChoices = new TreeMap<>();

  PlanInputs(ClusterSnapshot snapshot, List<Intent> intents, PlannerConfig config, Instant now) {
    this.snapshot = snapshot.withMaxPoolNodes(config.maxPoolNodes());
    this.config = config;
    this.now = now;
    this.workloads =
        snapshot.workloads().stream().sorted(Comparator.comparing(WorkloadView::ref)).toList();
    this.intents =
        intents.stream()
            .sorted(Comparator.comparing(Intent::id))
            .collect(Collectors.groupingBy(Intent::target, TreeMap::new, Collectors.toList()));
    for (WorkloadView w : workloads) {
      poolChoices.put(w.ref(), this.snapshot.poolChoice(w));
    }
  }

  ClusterSnapshot snapshot() {
    return snapshot;
  }

  PlannerConfig config() {
    return config;
  }

  Instant now() {
    return now;
  }

  List<WorkloadView> workloads() {
    return workloads;
  }

  List<Intent> intentsFor(WorkloadRef ref) {
    return intents.getOrDefault(ref, List.of());
  }

  /** The active intent with the highest floor (ties: smallest id). */
  Optional<Intent> floorIntent(WorkloadRef ref) {
    return intentsFor(ref).stream()
        .filter(i -> i.activeAt(now))
        .max(
            Comparator.comparingInt(Intent::replicas)
                .thenComparing(Intent::id, (a, b) -> b.compareTo(a)));
  }

  /** Intents whose lead time has begun but which are not active yet. */
  List<Intent> prewarmOnly(WorkloadRef ref) {
    return intentsFor(ref).stream().filter(i -> i.prewarmAt(now) && !i.activeAt(now)).toList();
  }

  static String describe(Intent i) {
    String what = i.reason().isBlank() ? i.id() : i.reason();
    String source = i.source().wireName();
    String named =
        what.startsWith(source + " ") || what.startsWith(source + ":") ? what : source + " " + what;
    return named + " floor " + i.replicas();
  }

  // ---- pods

  List<PodView> live(WorkloadView w) {
    return w.pods().stream().filter(PodView::live).toList();
  }

  boolean onVirtual(PodView p) {
    return snapshot.onVirtualNode(p);
  }

  boolean onVm(PodView p) {
    return p.nodeName().flatMap(snapshot::node).map(n -> !n.virtual()).orElse(false);
  }

  List<PodView> virtualPods(WorkloadView w) {
    return live(w).stream().filter(this::onVirtual).toList();
  }

  List<PodView> vmPods(WorkloadView w) {
    return live(w).stream().filter(this::onVm).toList();
  }

  List<PodView> unscheduled(WorkloadView w) {
    return live(w).stream().filter(p -> !p.scheduled()).toList();
  }

  /**
   * Unscheduled pods the scheduler nominated to a VM node: headed there, and that node's room is
   * already held for them (the reader counts nominated pods against their node).
   */
  List<PodView> nominatedToVm(WorkloadView w) {
    return unscheduled(w).stream()
        .filter(p -> p.nominatedNode().flatMap(snapshot::node).map(n -> !n.virtual()).orElse(false))
        .toList();
  }

  int vmReady(WorkloadView w) {
    return (int) vmPods(w).stream().filter(PodView::ready).count();
  }

  int readyLive(WorkloadView w) {
    return (int) live(w).stream().filter(PodView::ready).count();
  }

  /**
   * The workload's topology spread as it stands: its DoNotSchedule constraints over every node,
   * counting the live, not terminating, bound pods of the opted-in workloads of its namespace (the
   * only pods the snapshot labels) that each constraint selects. A fresh count per packing.
   */
  SpreadCounts spread(WorkloadView w) {
    if (w.placement().spread().stream().noneMatch(TopologySpread::doNotSchedule)) {
      return SpreadCounts.none();
    }
    Map<String, List<Map<String, String>>> byNode = new HashMap<>();
    for (WorkloadView o : snapshot.workloads()) {
      if (!o.ref().namespace().equals(w.ref().namespace())) {
        continue;
      }
      for (PodView p : o.pods()) {
        if (p.live() && p.nodeName().isPresent()) {
          byNode
              .computeIfAbsent(p.nodeName().get(), k -> new ArrayList<>())
              .add(p.labelsWith(o.selector()));
        }
      }
    }
    List<SpreadCounts.Domain> domains =
        snapshot.nodes().stream()
            .map(n -> new SpreadCounts.Domain(n.name(), n.labels(), n.taints()))
            .toList();
    return SpreadCounts.of(w.placement(), domains, byNode);
  }

  // ---- pools

  ClusterSnapshot.PoolChoice poolChoice(WorkloadRef ref) {
    return poolChoices.get(ref);
  }

  /** The observed pool the workload maps to, if both are known. */
  Optional<NodePoolView> poolOf(WorkloadRef ref) {
    return poolChoice(ref).name().flatMap(snapshot::pool);
  }

  List<WorkloadView> workloadsOf(String pool) {
    return workloads.stream()
        .filter(w -> poolChoice(w.ref()).name().map(pool::equals).orElse(false))
        .toList();
  }

  /** VM nodes of the pool, by name. */
  List<NodeView> poolNodes(String pool) {
    return snapshot.nodes().stream()
        .filter(n -> !n.virtual() && n.pool().map(pool::equals).orElse(false))
        .sorted(Comparator.comparing(NodeView::name))
        .toList();
  }

  /**
   * The pool's running VM nodes beyond its recorded baseline count, newest first (ties: the later
   * name first, as a scale set's later instance): the nodes returning to the baseline is expected
   * to remove (or, in a Deallocate pool, deallocate). Empty while no baseline is recorded.
   */
  List<NodeView> surplusNodes(String pool) {
    OptionalInt baseline = snapshot.poolState(pool).baseline();
    if (baseline.isEmpty()) {
      return List.of();
    }
    return removedAt(pool, baseline.getAsInt());
  }

  /**
   * The nodes a write of the pool down to {@code size} removes: its newest running nodes, as a
   * scale set removes its latest instances (the later name first on a tie).
   */
  List<NodeView> removedAt(String pool, int size) {
    List<NodeView> nodes = runningNodes(pool);
    int surplus = nodes.size() - size;
    if (surplus <= 0) {
      return List.of();
    }
    return nodes.stream()
        .sorted(Comparator.comparing(NodeView::created).thenComparing(NodeView::name).reversed())
        .limit(surplus)
        .toList();
  }

  Optional<PoolShape> shape(String pool) {
    return learnShape(pool).shape();
  }

  /**
   * The shape of the pool's next node, or why it can not be known; learned from the pool and its
   * running nodes (a deallocated node says nothing about a new one: NotReady, transient taints).
   */
  PoolShape.Learned learnShape(String pool) {
    Optional<NodePoolView> view = snapshot.pool(pool);
    if (view.isEmpty()) {
      return new PoolShape.Learned(Optional.empty(), "node pool " + pool + " was not observed");
    }
    return PoolShape.learn(view.get(), runningNodes(pool), snapshot.nodes(), snapshot.daemonSets());
  }

  /** The taint the cloud node lifecycle controller puts on a node whose VM is shut down. */
  static final String SHUTDOWN_TAINT = DeallocatedNodes.SHUTDOWN_TAINT;

  /** The pool's deallocated nodes ({@link DeallocatedNodes#of}): neither room nor coming. */
  List<NodeView> deallocatedNodes(String pool) {
    return DeallocatedNodes.of(snapshot.pool(pool), poolNodes(pool));
  }

  /** The pool's VM nodes that are not deallocated ({@link #deallocatedNodes}), by name. */
  List<NodeView> runningNodes(String pool) {
    List<NodeView> deallocated = deallocatedNodes(pool);
    return poolNodes(pool).stream().filter(n -> !deallocated.contains(n)).toList();
  }

  /**
   * A NotReady node younger than this is still provisioning (AKS takes 2–5 minutes); an older one
   * is broken and brings no room.
   */
  static final Duration PROVISIONING_GRACE = Duration.ofMinutes(15);

  /**
   * Nodes still coming: the pool's target size minus its nodes that are not deallocated, plus those
   * of them that are not Ready yet and were created within {@link #PROVISIONING_GRACE} (they hold
   * no workload pods). A node NotReady for longer is broken: it is neither room nor coming, except
   * in a Deallocate pool, where a NotReady node the count covers is a deallocated node being
   * started (its creation time is from before it was deallocated). A {@code Failed} pool keeps its
   * goal count while fewer nodes exist: those missing nodes are not coming.
   */
  int provisioningNodes(NodePoolView pool) {
    List<NodeView> nodes = runningNodes(pool.name());
    boolean starting = pool.kind().deallocate();
    int notReady =
        (int)
            nodes.stream()
                .filter(n -> !n.ready())
                .filter(n -> starting || now.isBefore(n.created().plus(PROVISIONING_GRACE)))
                .count();
    int missing = pool.failed() ? 0 : Math.max(0, pool.targetSize() - nodes.size());
    return missing + notReady;
  }

  /**
   * The node count a scale-out of the pool starts from: its target size, or for a {@code Failed}
   * pool (whose goal count the missing nodes never reached) its nodes that exist and run.
   */
  int growthBase(NodePoolView pool) {
    return pool.failed()
        ? Math.min(pool.targetSize(), runningNodes(pool.name()).size())
        : pool.targetSize();
  }

  /** Bins of free room on the pool's Ready, schedulable VM nodes. */
  List<Packer.Bin> freeBins(String pool) {
    List<Packer.Bin> bins = new ArrayList<>();
    for (NodeView n : poolNodes(pool)) {
      if (n.usableVm()) {
        bins.add(Packer.Bin.freeRoomOf(n));
      }
    }
    return bins;
  }

  /** A node-pool upgrade is under way (and the pause has not outlived its limit). */
  boolean rolling(String pool) {
    PoolState st = snapshot.poolState(pool);
    return st.rollingPaused(now, config.rollingPauseLimit())
        || snapshot.pool(pool).map(NodePoolView::upgrading).orElse(false);
  }

  /** Why no write to the pool may be issued now, if any. */
  Optional<String> poolWriteHold(NodePoolView pool) {
    return config
        .poolWrites()
        .hold(pool, snapshot.poolState(pool.name()), now)
        .map(PoolWritePolicy.Hold::message);
  }
}
