package dev.aksburst.plan;

import dev.aksburst.model.CapacityMode;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.PlaceholderSet;
import dev.aksburst.model.PlaceholderTemplate;
import dev.aksburst.model.Placement;
import dev.aksburst.model.Taint;
import dev.aksburst.model.Toleration;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * VM capacity without an ARM write ({@code aksburst.dev/capacity: placeholders}): for the pods the
 * pool sizing would find VM room for (the overflow on ACI and the unscheduled ones, after the
 * capacity decision), a placeholder Deployment of pause pods that request what one workload pod
 * requests, do not tolerate the virtual nodes and have a priority below every workload's. Their
 * Pending pods make node auto-provisioning (Karpenter) or the cluster autoscaler add VM nodes.
 *
 * <p>Replicas are {@code wanted - free - held}: the pods wanting VM room, less those that fit free
 * room on Ready VM nodes now (backfill surges into it) and less the placeholders already running on
 * Ready VM nodes. So once a placeholder lands on a new node it is released, and its room becomes
 * free room the backfill surge of the next reconcile fills. (kube-scheduler preempts only when no
 * node fits, and the virtual node always fits a workload that tolerates it: a surge would land on
 * ACI beside running placeholders rather than preempt them, so they make way first.) Placeholders
 * go as pods land on VMs, and the Deployment is deleted when nothing wants VM room any more.
 */
final class PlaceholderPolicy {
  static final String NAME = PlaceholderPolicy.class.getSimpleName();

  /** The workload's VM capacity comes from placeholders, not from a node pool. */
  static boolean applies(WorkloadView w, PlanInputs in) {
    return w.policy().capacityOr(in.config().capacityMode()) == CapacityMode.PLACEHOLDERS;
  }

  /** Free room on every Ready, schedulable VM node, whatever its pool (or none, as NAP's). */
  static List<Packer.Bin> vmBins(PlanInputs in) {
    List<Packer.Bin> bins = new ArrayList<>();
    for (NodeView n : in.snapshot().nodes()) {
      if (n.usableVm()) {
        bins.add(Packer.Bin.freeRoomOf(n));
      }
    }
    return bins;
  }

  Proposal plan(
      Map<WorkloadRef, Desire> desires,
      Map<WorkloadRef, CapacityDecision> decisions,
      PlanInputs in) {
    List<Action> actions = new ArrayList<>();
    List<Note> notes = new ArrayList<>();
    for (Desire d : desires.values()) {
      WorkloadView w = d.workload();
      Optional<PlaceholderSet> observed = in.snapshot().placeholders(w.ref());
      if (!applies(w, in)) {
        if (observed.isPresent()) {
          // The workload went back to node-pool mode: its placeholders have no job left.
          actions.add(scale(w, observed.get().replicas(), 0, "capacity mode is node-pool", in));
        }
        continue;
      }
      int wanted = PoolSizingPolicy.vmRoomWanted(d, decisions.get(w.ref()), in);
      int current = observed.map(PlaceholderSet::replicas).orElse(0);
      int free = 0;
      int held = 0;
      if (wanted > 0) {
        free =
            new Packer(vmBins(in)).placeUpTo(w.podRequests(), w.placement(), in.spread(w), wanted);
        Set<String> usable =
            in.snapshot().nodes().stream()
                .filter(NodeView::usableVm)
                .map(NodeView::name)
                .collect(Collectors.toSet());
        held =
            (int)
                observed.map(PlaceholderSet::runningOn).orElse(List.of()).stream()
                    .filter(usable::contains)
                    .count();
      }
      int target = Math.max(0, wanted - free - held);
      unprovisioned(w, observed, target, in).ifPresent(notes::add);
      if (target == current && (target > 0 || observed.isEmpty())) {
        continue;
      }
      String why =
          wanted
              + " pods of "
              + w.ref()
              + " want VM room (on virtual nodes or unscheduled), "
              + free
              + " fit free room on Ready VM nodes, "
              + held
              + " placeholders run on Ready VM nodes (released for the backfill)";
      actions.add(scale(w, current, target, why, in));
    }
    return new Proposal(actions, notes);
  }

  /**
   * A Warning when placeholder pods that are still wanted have waited for a node longer than a node
   * takes to provision ({@link PlanInputs#PROVISIONING_GRACE}): nothing adds VM nodes for them
   * (NodePool limits or instance types, the autoscaler's max, quota), so the overflow stays on ACI.
   */
  private static Optional<Note> unprovisioned(
      WorkloadView w, Optional<PlaceholderSet> observed, int target, PlanInputs in) {
    if (observed.isEmpty() || target == 0 || observed.get().oldestPending().isEmpty()) {
      return Optional.empty();
    }
    PlaceholderSet p = observed.get();
    Duration waited = Duration.between(p.oldestPending().get(), in.now());
    if (waited.compareTo(PlanInputs.PROVISIONING_GRACE) < 0) {
      return Optional.empty();
    }
    int pending = Math.max(0, p.replicas() - p.runningOn().size());
    return Optional.of(
        Note.of(
            w.ref(),
            Note.Cause.PLACEHOLDERS_UNPROVISIONED,
            EventReason.BURST_BLOCKED,
            pending
                + " of "
                + p.replicas()
                + " placeholder pods of "
                + w.ref().namespace()
                + "/"
                + p.name()
                + " have waited "
                + waited.toMinutes()
                + " min for a node: node auto-provisioning or the cluster autoscaler adds none for"
                + " them (NodePool limits or instance types, the autoscaler's max, quota); the"
                + " overflow stays on ACI",
            NAME));
  }

  private static Action.ScalePlaceholders scale(
      WorkloadView w, int from, int to, String why, PlanInputs in) {
    PlaceholderTemplate t = template(w, in);
    String verb = from == 0 ? "create" : to == 0 ? "delete" : "scale";
    return new Action.ScalePlaceholders(
        w.ref(),
        t,
        to,
        from,
        Optional.of(EventReason.PLACEHOLDERS_SCALED),
        NAME,
        verb
            + " placeholders "
            + w.ref().namespace()
            + "/"
            + t.name()
            + " "
            + from
            + " -> "
            + to
            + ": "
            + why
            + "; each requests "
            + t.requests().milliCpu()
            + "m CPU, "
            + t.requests().memoryBytes() / (1024 * 1024)
            + "Mi, priority class "
            + t.priorityClass());
  }

  /**
   * One workload pod's requests, its node selector and affinity, its tolerations without those that
   * admit an observed virtual node's taints (so a placeholder never lands on ACI).
   */
  static PlaceholderTemplate template(WorkloadView w, PlanInputs in) {
    List<Taint> virtualTaints =
        in.snapshot().nodes().stream()
            .filter(NodeView::virtual)
            .flatMap(n -> n.taints().stream())
            .distinct()
            .toList();
    Placement p = w.placement();
    List<Toleration> kept =
        p.tolerations().stream()
            .filter(t -> virtualTaints.stream().noneMatch(t::tolerates))
            .toList();
    Placement placement =
        new Placement(kept, p.nodeSelector(), p.requiredNodeAffinity(), p.preferredNodeAffinity());
    return new PlaceholderTemplate(
        PlaceholderSet.nameFor(w.ref()),
        w.podRequests(),
        placement,
        in.config().placeholderPriorityClass(),
        PlaceholderTemplate.PAUSE_IMAGE);
  }
}
