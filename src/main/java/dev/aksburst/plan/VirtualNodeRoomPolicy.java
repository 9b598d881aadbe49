package dev.aksburst.plan;

import dev.aksburst.model.NodeView;
import dev.aksburst.model.PodView;
import dev.aksburst.model.VirtualNodeKind;
import dev.aksburst.model.VirtualNodeRoom;
import dev.aksburst.model.VirtualNodeSet;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * Room on virtual nodes v2, which hold 200 pods each whatever they advertise. When the bursting
 * workloads want more pods on virtual nodes than the v2 nodes hold, it says so ({@code
 * VirtualNodesFull}); when the operator named the virtual nodes' StatefulSet it adds virtual nodes
 * for the burst (recording the baseline on the first raise) and takes them back once no workload
 * bursts and no pod runs on the added nodes. Nothing is bounded on the virtual-node add-on: there
 * the ACI quota binds, which {@link CapacityDecisionPolicy} checks.
 *
 * <p>A workload wants on virtual nodes what its desired replicas exceed what VMs hold now (its pods
 * on VM nodes and the free room of its pool's Ready nodes). Pods of other workloads on the v2 nodes
 * take room too.
 *
 * <p>Each virtual node v2 is a StatefulSet pod that takes {@link VirtualNodeKind#V2_NODE_REQUESTS}
 * (3 cores, 12 GB) of one of the cluster's VM nodes: a new one is hosted in the free room of a
 * Ready VM node, or needs one more node of the pool ({@link #hosts}, sized by {@link
 * PoolSizingPolicy}); the scale-out's Event says which.
 */
final class VirtualNodeRoomPolicy {
  static final String NAME = VirtualNodeRoomPolicy.class.getSimpleName();

  /** Virtual nodes being added for {@code workload} that no Ready VM node has the room to host. */
  record Unhosted(WorkloadRef workload, int nodes) {}

  /** What a scale-out of the virtual nodes adds and where their pods go. */
  /**
   * @param hosted new virtual nodes whose pods fit the free room of Ready VM nodes ({@code hosts})
   * @param unhosted new ones and already Pending ones that fit none
   * @param pending the StatefulSet's pods already Pending for a VM node
   * @param pendingUnhosted of those, the ones that fit no Ready VM node's free room now
   */
  private record Growth(
      int hosted, List<String> hosts, int unhosted, int pending, int pendingUnhosted) {}

  /**
   * The virtual nodes this plan adds whose StatefulSet pods fit no Ready VM node's free room: the
   * pool sizing adds room for them.
   */
  List<Unhosted> hosts(Map<WorkloadRef, Desire> desires, PlanInputs in) {
    Wants w = wants(desires, in);
    if (w == null || w.set().isEmpty() || w.want() == 0) {
      return List.of();
    }
    Growth g = growth(w.set().get(), w, in);
    return g.unhosted() <= 0 ? List.of() : List.of(new Unhosted(w.wanting().get(0), g.unhosted()));
  }

  /** What the bursting workloads want of the virtual nodes v2; null when there are none. */
  private record Wants(
      Optional<VirtualNodeSet> set,
      VirtualNodeRoom room,
      List<WorkloadRef> wanting,
      int want,
      int others,
      int shortBy,
      boolean bursting) {}

  /** What the policy found, for the plan's notes and actions. */
  Proposal plan(Map<WorkloadRef, Desire> desires, PlanInputs in) {
    Wants w = wants(desires, in);
    if (w == null) {
      return Proposal.NONE;
    }
    if (w.set().isEmpty()) {
      if (w.shortBy() == 0) {
        return Proposal.NONE;
      }
      String why =
          figures(w.want(), w.others(), w.room())
              + ": "
              + w.shortBy()
              + " pods will wait Pending until VMs take them; name the virtual nodes' StatefulSet"
              + " in AKSBURST_VIRTUAL_NODE_STATEFULSET to let aks-burst add virtual nodes, or"
              + " scale it yourself";
      return notes(w.wanting(), why, true);
    }
    VirtualNodeSet s = w.set().get();
    if (w.want() > 0) {
      return scaleOut(s, w, in);
    }
    if (!w.bursting() && s.baseline().isPresent() && s.replicas() != s.baseline().getAsInt()) {
      return restore(s, in);
    }
    return Proposal.NONE;
  }

  private static Wants wants(Map<WorkloadRef, Desire> desires, PlanInputs in) {
    Optional<VirtualNodeSet> set = in.snapshot().virtualNodeSet();
    VirtualNodeRoom room = in.snapshot().virtualNodeRoom();
    boolean v2 =
        room.kind() == VirtualNodeKind.V2 || (room.kind() == VirtualNodeKind.VM && set.isPresent());
    if (!v2) {
      return null;
    }
    Map<WorkloadRef, Integer> wants = new TreeMap<>();
    int ours = 0;
    boolean bursting = false;
    for (Desire d : desires.values()) {
      WorkloadView w = d.workload();
      if (d.desired() > d.baseline() || w.recordedBaseline().isPresent()) {
        bursting = true;
      }
      if (d.desired() <= d.baseline() || !w.burstReady()) {
        continue;
      }
      int onVms = DesiredReplicasPolicy.vmCapacity(w, in, d.desired());
      int want = Math.max(0, d.desired() - onVms);
      if (want > 0) {
        wants.put(w.ref(), want);
        ours += (int) in.virtualPods(w).stream().filter(p -> onUsableNode(p, in)).count();
      }
    }
    int capacity = room.capacity().orElse(0);
    int others = Math.max(0, room.used() - ours);
    int want = wants.values().stream().mapToInt(Integer::intValue).sum();
    int shortBy = Math.max(0, want + others - capacity);
    List<WorkloadRef> wanting = List.copyOf(wants.keySet());
    return new Wants(set, room, wanting, want, others, shortBy, bursting);
  }

  private static int neededNodes(Wants w) {
    int perNode = VirtualNodeKind.V2_PODS_PER_NODE;
    return (w.want() + w.others() + perNode - 1) / perNode;
  }

  private static int targetNodes(VirtualNodeSet s, Wants w) {
    return Math.min(
        Math.max(s.replicas(), neededNodes(w)), Math.max(s.replicas(), s.maxReplicas()));
  }

  /**
   * The virtual nodes added and those already Pending, and how many of their pods fit the free room
   * of Ready VM nodes (the Pending ones take it first).
   */
  private static Growth growth(VirtualNodeSet s, Wants w, PlanInputs in) {
    int added = Math.max(0, targetNodes(s, w) - s.replicas());
    int pending = s.unscheduled();
    if (added == 0 && pending == 0) {
      return new Growth(0, List.of(), 0, 0, 0);
    }
    List<Packer.Bin> bins = new ArrayList<>();
    for (NodeView n : in.snapshot().nodes()) {
      if (n.usableVm()) {
        bins.add(Packer.Bin.freeRoomOf(n));
      }
    }
    bins.sort(java.util.Comparator.comparing(Packer.Bin::label));
    List<String> hosts = new ArrayList<>();
    int pendingUnhosted = 0;
    for (int i = 0; i < pending; i++) {
      if (host(bins).isEmpty()) {
        pendingUnhosted++;
      }
    }
    int hosted = 0;
    for (int i = 0; i < added; i++) {
      Optional<String> host = host(bins);
      if (host.isEmpty()) {
        break;
      }
      hosts.add(host.get());
      hosted++;
    }
    return new Growth(hosted, hosts, added - hosted + pendingUnhosted, pending, pendingUnhosted);
  }

  /** The first VM bin with room for one virtual node's own pod; that room is taken. */
  private static Optional<String> host(List<Packer.Bin> bins) {
    Optional<Packer.Bin> host =
        bins.stream()
            .filter(
                b ->
                    b.takes(
                        VirtualNodeKind.V2_NODE_REQUESTS,
                        dev.aksburst.model.Placement.NONE,
                        dev.aksburst.model.SpreadCounts.none()))
            .findFirst();
    host.ifPresent(b -> b.take(VirtualNodeKind.V2_NODE_REQUESTS));
    return host.map(Packer.Bin::label);
  }

  private static Proposal scaleOut(VirtualNodeSet s, Wants w, PlanInputs in) {
    List<WorkloadRef> wanting = w.wanting();
    int want = w.want();
    int others = w.others();
    int shortBy = w.shortBy();
    VirtualNodeRoom room = w.room();
    int needed = neededNodes(w);
    int target = targetNodes(s, w);
    List<Action> actions = new ArrayList<>();
    List<Note> notes = new ArrayList<>();
    if (target > s.replicas()) {
      Growth g = growth(s, w, in);
      actions.add(
          new Action.ScaleVirtualNodes(
              s.namespace(),
              s.name(),
              target,
              s.replicas(),
              s.baseline().isEmpty() ? OptionalInt.of(s.replicas()) : OptionalInt.empty(),
              false,
              wanting,
              Optional.of(EventReason.VIRTUAL_NODES_SCALE_OUT),
              NAME,
              "virtual nodes "
                  + s.ref()
                  + " "
                  + s.replicas()
                  + " -> "
                  + target
                  + ": "
                  + figures(want, others, room)
                  + "; "
                  + hosting(g)));
    }
    if (needed > target) {
      notes.addAll(
          notes(
                  wanting,
                  figures(want, others, room)
                      + ": "
                      + needed
                      + " virtual nodes would hold them, but StatefulSet "
                      + s.ref()
                      + " is capped at aksburst.dev/max-replicas="
                      + s.maxReplicas()
                      + "; the rest wait Pending until VMs take them",
                  true)
              .notes());
    } else if (shortBy > 0 && target == s.replicas()) {
      notes.addAll(
          notes(
                  wanting,
                  figures(want, others, room)
                      + ": "
                      + (s.replicas() - room.nodes())
                      + " virtual nodes of "
                      + s.ref()
                      + " are still starting"
                      + (s.unscheduled() > 0
                          ? " ("
                              + s.unscheduled()
                              + " wait Pending for "
                              + VirtualNodeKind.V2_NODE_REQUESTS
                              + " free on a VM node; the pool is sized for them)"
                          : ""),
                  false)
              .notes());
    }
    return new Proposal(actions, notes);
  }

  private static Proposal restore(VirtualNodeSet s, PlanInputs in) {
    int baseline = s.baseline().getAsInt();
    if (s.replicas() > baseline) {
      int busy = 0;
      for (NodeView n : in.snapshot().nodes()) {
        OptionalInt ordinal = ordinal(n.name(), s.name());
        if (n.virtual() && ordinal.isPresent() && ordinal.getAsInt() >= baseline) {
          busy += n.podCount();
        }
      }
      if (busy > 0) {
        return Proposal.NONE;
      }
    }
    return Proposal.of(
        List.of(
            new Action.ScaleVirtualNodes(
                s.namespace(),
                s.name(),
                baseline,
                s.replicas(),
                OptionalInt.empty(),
                true,
                List.of(),
                Optional.of(EventReason.VIRTUAL_NODES_SCALE_IN),
                NAME,
                "virtual nodes "
                    + s.ref()
                    + " back to their baseline "
                    + baseline
                    + ": no burst, no pod on the nodes added")));
  }

  /** The ordinal of a StatefulSet pod's node ({@code <name>-N}), if the node is one of it. */
  static OptionalInt ordinal(String node, String setName) {
    String prefix = setName + "-";
    if (!node.startsWith(prefix) || node.length() == prefix.length()) {
      return OptionalInt.empty();
    }
    String rest = node.substring(prefix.length());
    for (int i = 0; i < rest.length(); i++) {
      if (!Character.isDigit(rest.charAt(i))) {
        return OptionalInt.empty();
      }
    }
    try {
      return OptionalInt.of(Integer.parseInt(rest));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  private static boolean onUsableNode(PodView p, PlanInputs in) {
    return p.nodeName()
        .flatMap(in.snapshot()::node)
        .map(n -> n.ready() && !n.unschedulable())
        .orElse(false);
  }

  /** Where the new virtual nodes' pods go (each takes 3 cores and 12 GB of a VM node). */
  private static String hosting(Growth g) {
    String each =
        "each new virtual node takes "
            + VirtualNodeKind.V2_NODE_REQUESTS
            + " of a VM node (3 cores, 12 GB)";
    StringBuilder sb = new StringBuilder(each);
    if (g.hosted() > 0) {
      sb.append(": ")
          .append(g.hosted())
          .append(" fit the free room of Ready VM node")
          .append(g.hosted() > 1 ? "s " : " ")
          .append(String.join(", ", new java.util.TreeSet<>(g.hosts())));
    }
    int newUnhosted = g.unhosted() - g.pendingUnhosted();
    if (g.pending() > 0) {
      sb.append(g.hosted() > 0 ? "; " : ": ")
          .append(g.pending())
          .append(" already wait Pending for that room");
    }
    if (newUnhosted > 0) {
      sb.append(g.hosted() > 0 || g.pending() > 0 ? "; " : ": ")
          .append(newUnhosted)
          .append(" fit no Ready VM node and stay Pending, not Ready, until the pool has a node")
          .append(" with that room (it is sized for them)");
    }
    return sb.toString();
  }

  private static String figures(int want, int others, VirtualNodeRoom room) {
    return "the burst wants "
        + want
        + " pods on virtual nodes v2"
        + (others > 0 ? " next to " + others + " pods of other workloads" : "")
        + "; "
        + room.nodes()
        + " Ready virtual nodes hold "
        + room.capacity().orElse(0)
        + " ("
        + VirtualNodeKind.V2_PODS_PER_NODE
        + " each)";
  }

  private static Proposal notes(List<WorkloadRef> workloads, String message, boolean warning) {
    List<Note> out = new ArrayList<>();
    for (WorkloadRef w : workloads) {
      out.add(
          new Note(
              Optional.of(w),
              Note.Cause.VIRTUAL_NODES_FULL,
              EventReason.VIRTUAL_NODES_FULL,
              message,
              NAME,
              warning));
    }
    return new Proposal(List.of(), out);
  }
}
