package dev.aksburst.app;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.PlanEntry;
import dev.aksburst.model.PodView;
import dev.aksburst.model.VirtualNodeRoom;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Holds;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The status of one opted-in Deployment as {@code GET /api/bursts/...} reports it. Pure: built from
 * what a reconcile observed.
 *
 * @param desiredReplicas the Deployment's spec.replicas
 * @param floor the highest active intent's replicas (0 when none)
 * @param pendingPods live pods not yet bound to a node
 * @param nodePool the VM pool that backfills it, chosen as the planner chooses it ({@link
 *     ClusterSnapshot#poolChoice})
 * @param holds what holds it and its pool now, and until when ({@link Holds}); the one that ends
 *     last is {@code heldBy} / {@code heldUntil}
 * @param money the capacity decision, the burst's cost and where the prices come from
 * @param learnedWindows the windows learned from its recurring surges ({@code aksburst.dev/learn})
 * @param virtualNodes the cluster's virtual-node room (bounded on virtual nodes v2, 200 pods each)
 * @param placeholders its placeholder Deployment ({@code aksburst.dev/capacity: placeholders}),
 *     when one exists
 */
public record WorkloadStatus(
    String namespace,
    String deployment,
    int desiredReplicas,
    int readyReplicas,
    int floor,
    long podsOnVirtualNodes,
    long podsOnVmNodes,
    long pendingPods,
    List<Intent> intents,
    Optional<PoolStatus> nodePool,
    List<PlanEntry> lastPlan,
    List<String> problems,
    List<Holds.Hold> holds,
    MoneyStatus money,
    List<LearnedWindowStatus> learnedWindows,
    VirtualNodeRoom virtualNodes,
    Optional<PlaceholderStatus> placeholders) {

  /** The placeholder part of the status: the Deployment, its replicas and its pods Ready. */
  public record PlaceholderStatus(String name, int replicas, int ready) {
    public PlaceholderStatus {
      Objects.requireNonNull(name);
    }
  }

  /**
   * The pool part of the status.
   *
   * @param type {@code VirtualMachineScaleSets} or {@code VirtualMachines}
   * @param scaleDownMode {@code Delete} or {@code Deallocate}
   * @param powerState {@code Running} or {@code Stopped} (never written by aks-burst)
   * @param deallocatedNodes nodes registered but deallocated: neither room nor coming
   */
  public record PoolStatus(
      String name,
      String mode,
      int count,
      long readyNodes,
      String provisioningState,
      String type,
      String scaleDownMode,
      String powerState,
      int deallocatedNodes) {
    public PoolStatus {
      Objects.requireNonNull(name);
      Objects.requireNonNull(mode);
      Objects.requireNonNull(provisioningState);
      Objects.requireNonNull(type);
      Objects.requireNonNull(scaleDownMode);
      Objects.requireNonNull(powerState);
    }

    /** A running VMSS pool in Delete mode. */
    public PoolStatus(
        String name, String mode, int count, long readyNodes, String provisioningState) {
      this(
          name,
          mode,
          count,
          readyNodes,
          provisioningState,
          "VirtualMachineScaleSets",
          "Delete",
          "Running",
          0);
    }
  }

  public WorkloadStatus {
    Objects.requireNonNull(namespace);
    Objects.requireNonNull(deployment);
    intents = List.copyOf(intents);
    Objects.requireNonNull(nodePool);
    lastPlan = List.copyOf(lastPlan);
    problems = List.copyOf(problems);
    holds = List.copyOf(holds);
    Objects.requireNonNull(money);
    learnedWindows = List.copyOf(learnedWindows);
    Objects.requireNonNull(virtualNodes);
    Objects.requireNonNull(placeholders);
  }

  /** A status without placeholders. */
  public WorkloadStatus(
      String namespace,
      String deployment,
      int desiredReplicas,
      int readyReplicas,
      int floor,
      long podsOnVirtualNodes,
      long podsOnVmNodes,
      long pendingPods,
      List<Intent> intents,
      Optional<PoolStatus> nodePool,
      List<PlanEntry> lastPlan,
      List<String> problems,
      List<Holds.Hold> holds,
      MoneyStatus money,
      List<LearnedWindowStatus> learnedWindows,
      VirtualNodeRoom virtualNodes) {
    this(
        namespace,
        deployment,
        desiredReplicas,
        readyReplicas,
        floor,
        podsOnVirtualNodes,
        podsOnVmNodes,
        pendingPods,
        intents,
        nodePool,
        lastPlan,
        problems,
        holds,
        money,
        learnedWindows,
        virtualNodes,
        Optional.empty());
  }

  /** A status whose virtual-node room is not known (no virtual node observed). */
  public WorkloadStatus(
      String namespace,
      String deployment,
      int desiredReplicas,
      int readyReplicas,
      int floor,
      long podsOnVirtualNodes,
      long podsOnVmNodes,
      long pendingPods,
      List<Intent> intents,
      Optional<PoolStatus> nodePool,
      List<PlanEntry> lastPlan,
      List<String> problems,
      List<Holds.Hold> holds,
      MoneyStatus money) {
    this(
        namespace,
        deployment,
        desiredReplicas,
        readyReplicas,
        floor,
        podsOnVirtualNodes,
        podsOnVmNodes,
        pendingPods,
        intents,
        nodePool,
        lastPlan,
        problems,
        holds,
        money,
        List.of(),
        VirtualNodeRoom.of(List.of()));
  }

  /** A status without its money part and learned windows. */
  public WorkloadStatus(
      String namespace,
      String deployment,
      int desiredReplicas,
      int readyReplicas,
      int floor,
      long podsOnVirtualNodes,
      long podsOnVmNodes,
      long pendingPods,
      List<Intent> intents,
      Optional<PoolStatus> nodePool,
      List<PlanEntry> lastPlan,
      List<String> problems,
      List<Holds.Hold> holds) {
    this(
        namespace,
        deployment,
        desiredReplicas,
        readyReplicas,
        floor,
        podsOnVirtualNodes,
        podsOnVmNodes,
        pendingPods,
        intents,
        nodePool,
        lastPlan,
        problems,
        holds,
        MoneyStatus.UNKNOWN,
        List.of(),
        VirtualNodeRoom.of(List.of()));
  }

  /** This status with the holds {@link Holds#of} finds (status and the DELETE answer show them). */
  public WorkloadStatus withHolds(List<Holds.Hold> h) {
    return new WorkloadStatus(
        namespace,
        deployment,
        desiredReplicas,
        readyReplicas,
        floor,
        podsOnVirtualNodes,
        podsOnVmNodes,
        pendingPods,
        intents,
        nodePool,
        lastPlan,
        problems,
        h,
        money,
        learnedWindows,
        virtualNodes,
        placeholders);
  }

  /** This status with its money part. */
  public WorkloadStatus withMoney(MoneyStatus m) {
    return new WorkloadStatus(
        namespace,
        deployment,
        desiredReplicas,
        readyReplicas,
        floor,
        podsOnVirtualNodes,
        podsOnVmNodes,
        pendingPods,
        intents,
        nodePool,
        lastPlan,
        problems,
        holds,
        m,
        learnedWindows,
        virtualNodes,
        placeholders);
  }

  /** The hold that ends last, if any: {@code heldBy} and {@code heldUntil}. */
  public Optional<Holds.Hold> heldBy() {
    return Holds.longest(holds);
  }

  public static WorkloadStatus of(ClusterSnapshot snapshot, WorkloadView w, Instant now) {
    Map<String, NodeView> nodes = snapshot.nodesByName();
    List<PodView> live = w.pods().stream().filter(PodView::live).toList();
    long onVirtual =
        live.stream().filter(p -> node(p, nodes).map(NodeView::virtual).orElse(false)).count();
    long onVm =
        live.stream().filter(p -> node(p, nodes).map(n -> !n.virtual()).orElse(false)).count();
    long pending = live.stream().filter(p -> !p.scheduled()).count();
    int floor = w.state().activeIntents(now).stream().mapToInt(Intent::replicas).max().orElse(0);
    Optional<String> poolName = snapshot.poolChoice(w).name();
    Optional<PoolStatus> pool =
        poolName.map(
            name -> {
              long ready =
                  snapshot.nodes().stream()
                      .filter(n -> n.pool().equals(Optional.of(name)) && n.usableVm())
                      .count();
              Optional<NodePoolView> view = snapshot.pool(name);
              dev.aksburst.model.PoolKind kind =
                  view.map(NodePoolView::kind).orElse(dev.aksburst.model.PoolKind.DEFAULT);
              return new PoolStatus(
                  name,
                  view.map(v -> v.mode().name().toLowerCase(java.util.Locale.ROOT))
                      .orElse("unknown"),
                  view.map(NodePoolView::count).orElse(0),
                  ready,
                  view.map(NodePoolView::provisioningState).orElse("Unknown"),
                  kind.virtualMachines() ? "VirtualMachines" : "VirtualMachineScaleSets",
                  kind.deallocate() ? "Deallocate" : "Delete",
                  kind.stopped() ? "Stopped" : "Running",
                  dev.aksburst.model.DeallocatedNodes.of(
                          view,
                          snapshot.nodes().stream()
                              .filter(n -> !n.virtual() && n.pool().equals(Optional.of(name)))
                              .toList())
                      .size());
            });
    List<String> problems =
        java.util.stream.Stream.of(w.policyProblems(), w.readinessProblems())
            .flatMap(List::stream)
            .toList();
    return new WorkloadStatus(
        w.ref().namespace(),
        w.ref().name(),
        w.specReplicas(),
        w.readyReplicas(),
        floor,
        onVirtual,
        onVm,
        pending,
        w.state().intents(),
        pool,
        w.state().lastPlan(),
        problems,
        List.of(),
        MoneyStatus.UNKNOWN,
        LearnedWindowStatus.of(w),
        snapshot.virtualNodeRoom(),
        snapshot
            .placeholders(w.ref())
            .map(p -> new PlaceholderStatus(p.name(), p.replicas(), p.readyReplicas())));
  }

  private static Optional<NodeView> node(PodView p, Map<String, NodeView> nodes) {
    return p.nodeName().map(nodes::get);
  }
}
