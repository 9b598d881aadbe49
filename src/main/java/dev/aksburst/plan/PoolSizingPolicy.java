package dev.aksburst.plan;

import dev.aksburst.model.Intent;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.Placement;
import dev.aksburst.model.PodView;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.Resources;
import dev.aksburst.model.SpreadCounts;
import dev.aksburst.model.VirtualNodeKind;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Grows each VM pool to hold the burst: the pods its workloads want beyond what already runs on
 * VMs, first-fit-decreasing into free room of Ready nodes, then into nodes still provisioning, then
 * onto new empty nodes of the pool's shape. Summed over every workload sharing the pool.
 */
final class PoolSizingPolicy {
  static final String NAME = PoolSizingPolicy.class.getSimpleName();

  /**
   * One pod to place: a pod of {@code workload}, or ({@code virtualNode}) the StatefulSet pod of a
   * virtual node v2 added for it, which has no placement or spread of the workload's.
   */
  private record Item(
      WorkloadRef workload,
      Resources requests,
      WorkloadView view,
      Placement placement,
      boolean virtualNode) {
    Item(WorkloadRef workload, Resources requests, WorkloadView view) {
      this(workload, requests, view, view.placement(), false);
    }
  }

  /**
   * Sizes the pools for every workload except those whose overflow the capacity decision keeps on
   * ACI, and for a workload whose decision keeps part of it on ACI (a binding quota) for the rest.
   */
  Proposal plan(
      Map<WorkloadRef, Desire> desires,
      Map<WorkloadRef, CapacityDecision> decisions,
      PlanInputs in) {
    return plan(desires, decisions, in, List.of());
  }

  /**
   * As {@link #plan(Map, Map, PlanInputs)}, with room for the virtual nodes v2 being added that no
   * Ready VM node can host ({@link VirtualNodeRoomPolicy#hosts}): each is one more pod of {@link
   * VirtualNodeKind#V2_NODE_REQUESTS} in the pool of the workload it is added for.
   */
  Proposal plan(
      Map<WorkloadRef, Desire> desires,
      Map<WorkloadRef, CapacityDecision> decisions,
      PlanInputs in,
      List<VirtualNodeRoomPolicy.Unhosted> unhosted) {
    Map<String, List<Item>> byPool = new TreeMap<>();
    List<Note> notes = new ArrayList<>();
    for (Desire d : desires.values()) {
      WorkloadView w = d.workload();
      if (PlaceholderPolicy.applies(w, in)) {
        // Its VM room comes from placeholder pods (PlaceholderPolicy): no pool write.
        continue;
      }
      List<Item> items = wanted(d, decisions.get(w.ref()), in);
      if (items.isEmpty()) {
        continue;
      }
      dev.aksburst.model.ClusterSnapshot.PoolChoice choice = in.poolChoice(w.ref());
      if (choice.name().isEmpty()) {
        notes.add(
            Note.of(
                w.ref(),
                Note.Cause.POOL_UNKNOWN,
                EventReason.BURST_BLOCKED,
                items.size()
                    + " pods need VM room but the node pool is unknown: set aksburst.dev/node-pool"
                    + " on the Deployment",
                NAME));
        continue;
      }
      if (in.snapshot().pool(choice.name().get()).isEmpty()) {
        notes.add(
            Note.of(
                w.ref(),
                Note.Cause.POOL_NOT_OBSERVED,
                EventReason.BURST_BLOCKED,
                "node pool "
                    + choice.name().get()
                    + " ("
                    + choice.how()
                    + ") was not observed, so it can not be sized for "
                    + items.size()
                    + " pods; check the cluster id and the app's Azure role",
                NAME));
        continue;
      }
      byPool.computeIfAbsent(choice.name().get(), k -> new ArrayList<>()).addAll(items);
    }
    for (VirtualNodeRoomPolicy.Unhosted u : unhosted) {
      Optional<String> pool = in.poolChoice(u.workload()).name();
      Optional<WorkloadView> w = in.snapshot().workload(u.workload());
      if (pool.isEmpty() || w.isEmpty() || in.snapshot().pool(pool.get()).isEmpty()) {
        continue;
      }
      for (int i = 0; i < u.nodes(); i++) {
        byPool
            .computeIfAbsent(pool.get(), k -> new ArrayList<>())
            .add(
                new Item(
                    u.workload(), VirtualNodeKind.V2_NODE_REQUESTS, w.get(), Placement.NONE, true));
      }
    }
    List<Action> actions = new ArrayList<>();
    for (var e : byPool.entrySet()) {
      Proposal p = sizePool(in.snapshot().pool(e.getKey()).orElseThrow(), e.getValue(), in);
      actions.addAll(p.actions());
      notes.addAll(p.notes());
    }
    for (NodePoolView pool : in.snapshot().pools()) {
      if (pool.lastError().isPresent()) {
        List<WorkloadView> ws = in.workloadsOf(pool.name());
        String msg = "node pool " + pool.name() + " reports an error: " + pool.lastError().get();
        if (ws.isEmpty()) {
          notes.add(
              new Note(
                  Optional.empty(),
                  Note.Cause.POOL_ERROR,
                  EventReason.NODE_POOL_ERROR,
                  msg,
                  NAME,
                  true));
        }
        for (WorkloadView w : ws) {
          notes.add(
              Note.of(w.ref(), Note.Cause.POOL_ERROR, EventReason.NODE_POOL_ERROR, msg, NAME));
        }
      }
    }
    return new Proposal(actions, notes);
  }

  /**
   * The pods to find VM room for after the capacity decision: none when it keeps the overflow on
   * ACI (pods no node of the pool can take stay there too, but sizing still reports them), the rest
   * when it keeps part of it on ACI (a binding quota).
   */
  private static List<Item> wanted(Desire d, CapacityDecision c, PlanInputs in) {
    if (c != null
        && c.route() == CapacityDecision.Route.ACI
        && c.cause() != CapacityDecision.Cause.VMS_CANNOT_HOLD) {
      return List.of();
    }
    List<Item> items = demand(d, in);
    if (c != null && c.aciKept() > 0) {
      // ACI capacity binds and the decision keeps what fits it on ACI: size for the rest only.
      items = items.subList(0, Math.max(0, items.size() - c.aciKept()));
    }
    return items;
  }

  /**
   * How many pods the workload wants VM room for, as the pool sizing counts them ({@link #wanted}):
   * what a capacity mode without a pool (placeholders) provides room for.
   *
   * @param decision the workload's capacity decision, or null when there is none
   */
  static int vmRoomWanted(Desire d, CapacityDecision decision, PlanInputs in) {
    return wanted(d, decision, in).size();
  }

  /** How many pods the workload wants that are not on VMs (see {@link #demand}). */
  static int overflow(Desire d, PlanInputs in) {
    return demand(d, in).size();
  }

  /**
   * Pods the workload wants that are not on VMs, while it bursts (an active or pre-warming floor,
   * or a recorded baseline): every pod it will keep ({@code sizingDesired}, or more while its HPA
   * runs more) minus its live pods on VM nodes and those nominated to one (their room is held),
   * which is its pods on virtual nodes, its unscheduled pods and those about to be created; plus
   * the extra a pre-warming window will ask for.
   */
  private static List<Item> demand(Desire d, PlanInputs in) {
    WorkloadView w = d.workload();
    if (d.floor().isEmpty()
        && w.recordedBaseline().isEmpty()
        && in.prewarmOnly(w.ref()).isEmpty()) {
      // No burst: the pods it runs with on virtual nodes are how it runs, not a burst to size for.
      return List.of();
    }
    int keep = d.sizingDesired();
    if (w.hpa().isPresent() && w.state().bookkeeping().backfill().isEmpty()) {
      keep = Math.max(keep, w.hpa().get().currentReplicas());
    }
    List<PodView> nominated = in.nominatedToVm(w);
    int onVm = in.vmPods(w).size() + nominated.size();
    int prewarm = 0;
    for (Intent i : in.prewarmOnly(w.ref())) {
      int wanted = i.replicas();
      if (w.policy().maxReplicas().isPresent()) {
        wanted = Math.min(wanted, w.policy().maxReplicas().getAsInt());
      }
      prewarm = Math.max(prewarm, wanted - keep);
    }
    int missing = Math.max(0, keep - onVm);
    List<Item> items = new ArrayList<>();
    List<PodView> notOnVm = new ArrayList<>(in.virtualPods(w));
    notOnVm.addAll(in.unscheduled(w));
    notOnVm.removeAll(nominated);
    notOnVm.sort(Comparator.comparing(PodView::name));
    for (int i = 0; i < missing; i++) {
      Resources r = i < notOnVm.size() ? notOnVm.get(i).requests() : w.podRequests();
      items.add(new Item(w.ref(), r, w));
    }
    for (int i = 0; i < prewarm; i++) {
      items.add(new Item(w.ref(), w.podRequests(), w));
    }
    return items;
  }

  private Proposal sizePool(NodePoolView pool, List<Item> items, PlanInputs in) {
    int hosts = (int) items.stream().filter(Item::virtualNode).count();
    List<WorkloadRef> bursting = items.stream().map(Item::workload).distinct().sorted().toList();
    if (pool.kind().stopped()) {
      return notes(
          bursting,
          Note.Cause.POOL_STOPPED,
          EventReason.BURST_BLOCKED,
          "node pool "
              + pool.name()
              + " is stopped (powerState Stopped), so it is not sized for "
              + items.size()
              + " pods: aks-burst never starts a stopped pool; start it (az aks nodepool start)"
              + " or list another pool in aksburst.dev/node-pool");
    }
    PoolShape.Learned learned = in.learnShape(pool.name());
    Optional<PoolShape> shape = learned.shape();
    if (shape.isEmpty()) {
      return notes(
          bursting,
          Note.Cause.POOL_SHAPE_UNKNOWN,
          EventReason.BURST_BLOCKED,
          learned.problem() + ", so it can not be sized for " + items.size() + " pods");
    }
    List<Item> sorted = new ArrayList<>(items);
    sorted.sort(
        Comparator.comparingLong((Item i) -> i.requests().milliCpu())
            .thenComparingLong(i -> i.requests().memoryBytes())
            .reversed()
            .thenComparing(Item::workload));
    Packer existing = new Packer(in.freeBins(pool.name()));
    int coming = in.provisioningNodes(pool);
    for (int i = 0; i < coming; i++) {
      existing.add(shape.get().emptyBin("provisioning-" + i, i));
    }
    Packer fresh = new Packer(List.of());
    int newNodes = 0;
    int unplaceable = 0;
    int onNew = 0;
    Map<WorkloadRef, SpreadCounts> spreads = new HashMap<>();
    for (Item item : sorted) {
      SpreadCounts spread =
          item.virtualNode()
              ? SpreadCounts.none()
              : spreads.computeIfAbsent(item.workload(), r -> in.spread(item.view()));
      if (existing.place(item.requests(), item.placement(), spread)) {
        continue;
      }
      if (fresh.place(item.requests(), item.placement(), spread)) {
        onNew++;
        continue;
      }
      // AKS puts each new node in the pool's least full zone: a zone-pinned pod waits for the
      // node of its zone, and the nodes added before it are added too.
      List<Packer.Bin> added = new ArrayList<>();
      Packer.Bin hit = null;
      for (int k = 0; k < Math.max(1, shape.get().zones().size()) && hit == null; k++) {
        Packer.Bin bin = shape.get().emptyBin("new-" + (newNodes + k), coming + newNodes + k);
        added.add(bin);
        if (bin.takes(item.requests(), item.placement(), spread)) {
          hit = bin;
        }
      }
      if (hit != null) {
        hit.take(item.requests(), spread);
        added.forEach(fresh::add);
        newNodes += added.size();
        onNew++;
      } else {
        unplaceable++;
      }
    }
    List<Note> notes = new ArrayList<>();
    if (unplaceable > 0) {
      notes.addAll(
          notes(
                  bursting,
                  Note.Cause.UNPLACEABLE,
                  EventReason.BURST_BLOCKED,
                  unplaceable
                      + " pods do not fit an empty node of pool "
                      + pool.name()
                      + " ("
                      + shape.get()
                      + ") or are not admitted by its labels and taints")
              .notes());
    }
    if (newNodes == 0) {
      return new Proposal(List.of(), notes);
    }
    int needed = in.growthBase(pool) + newNodes;
    int cap =
        pool.mode() == PoolMode.AUTOSCALER
            ? pool.maxCount().orElse(in.config().maxPoolNodes())
            : in.config().maxPoolNodes();
    if (needed > cap) {
      notes.addAll(
          notes(
                  bursting,
                  Note.Cause.POOL_AT_CAP,
                  EventReason.BURST_BLOCKED,
                  "node pool "
                      + pool.name()
                      + " needs "
                      + needed
                      + " nodes, capped at "
                      + cap
                      + (pool.mode() == PoolMode.AUTOSCALER
                          ? " (its maxCount)"
                          : " (AKSBURST_MAX_POOL_NODES)"))
              .notes());
      needed = cap;
    }
    int written = pool.writtenValue();
    // A Failed pool short of its goal is written again at its goal (or more): a PUT, even
    // without a change, is how AKS retries it.
    boolean retryFailed = pool.failed() && needed >= in.growthBase(pool) + 1;
    if (needed <= written && !retryFailed) {
      return new Proposal(List.of(), notes);
    }
    needed = Math.max(needed, written);
    Optional<String> hold = in.poolWriteHold(pool);
    if (hold.isPresent()) {
      notes.addAll(
          notes(
                  bursting,
                  Note.Cause.POOL_WRITE_HELD,
                  EventReason.BURST_BLOCKED,
                  "node pool " + pool.name() + " should grow to " + needed + " but " + hold.get())
              .notes());
      return new Proposal(List.of(), notes);
    }
    OptionalInt recordBaseline =
        in.snapshot().poolState(pool.name()).baseline().isPresent()
            ? OptionalInt.empty()
            : OptionalInt.of(written);
    String field =
        switch (pool.mode()) {
          case MANUAL ->
              pool.kind().virtualMachines() ? "virtualMachinesProfile.scale.manual count" : "count";
          case AUTOSCALER -> "minCount";
          case VMSS -> "capacity";
        };
    String reason =
        "size pool "
            + pool.name()
            + " "
            + field
            + " "
            + written
            + " -> "
            + needed
            + (needed == written ? " (again: the pool is Failed short of its goal)" : "")
            + ": "
            + (items.size() - hosts)
            + " pods of "
            + bursting
            + " are not on VMs"
            + (hosts > 0
                ? " and "
                    + hosts
                    + " new virtual nodes v2 need "
                    + VirtualNodeKind.V2_NODE_REQUESTS
                    + " each on a VM node"
                : "")
            + ", "
            + (items.size() - onNew - unplaceable)
            + " fit on nodes there or coming, "
            + onNew
            + " need "
            + newNodes
            + " new nodes of "
            + shape.get();
    Action action =
        new Action.ScaleNodePool(
            pool.name(),
            pool.mode(),
            needed,
            written,
            recordBaseline,
            false,
            bursting,
            Optional.of(EventReason.NODE_POOL_SCALE_OUT),
            NAME,
            reason);
    return new Proposal(List.of(action), notes);
  }

  private static Proposal notes(
      List<WorkloadRef> workloads, Note.Cause cause, String reason, String message) {
    List<Note> notes = new ArrayList<>();
    for (WorkloadRef w : workloads) {
      notes.add(Note.of(w, cause, reason, message, NAME));
    }
    return new Proposal(List.of(), notes);
  }
}
