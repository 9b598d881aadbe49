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
 */
final class VirtualNodeRoomPolicy {
  static final String NAME = VirtualNodeRoomPolicy.class.getSimpleName();

  /** What the policy found, for the plan's notes and actions. */
  Proposal plan(Map<WorkloadRef, Desire> desires, PlanInputs in) {
    Optional<VirtualNodeSet> set = in.snapshot().virtualNodeSet();
    VirtualNodeRoom room = in.snapshot().virtualNodeRoom();
    boolean v2 =
        room.kind() == VirtualNodeKind.V2 || (room.kind() == VirtualNodeKind.VM && set.isPresent());
    if (!v2) {
      return Proposal.NONE;
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
    if (set.isEmpty()) {
      if (shortBy == 0) {
        return Proposal.NONE;
      }
      String why =
          figures(want, others, room)
              + ": "
              + shortBy
              + " pods will wait Pending until VMs take them; name the virtual nodes' StatefulSet"
              + " in AKSBURST_VIRTUAL_NODE_STATEFULSET to let aks-burst add virtual nodes, or"
              + " scale it yourself";
      return notes(wanting, why, true);
    }
    VirtualNodeSet s = set.get();
    if (want > 0) {
      return scaleOut(s, wanting, want, others, shortBy, room);
    }
    if (!bursting && s.baseline().isPresent() && s.replicas() != s.baseline().getAsInt()) {
      return restore(s, in);
    }
    return Proposal.NONE;
  }

  private static Proposal scaleOut(
      VirtualNodeSet s,
      List<WorkloadRef> wanting,
      int want,
      int others,
      int shortBy,
      VirtualNodeRoom room) {
    int perNode = VirtualNodeKind.V2_PODS_PER_NODE;
    int needed = (want + others + perNode - 1) / perNode;
    int target = Math.min(Math.max(s.replicas(), needed), Math.max(s.replicas(), s.maxReplicas()));
    List<Action> actions = new ArrayList<>();
    List<Note> notes = new ArrayList<>();
    if (target > s.replicas()) {
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
                  + figures(want, others, room)));
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
                      + " are still starting",
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
