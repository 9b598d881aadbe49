package dev.aksburst.plan;

import dev.aksburst.model.WorkloadRef;
import java.util.Objects;
import java.util.Optional;

/**
 * Something a plan reports without writing: a blocked burst, a guard that held, an invalid
 * annotation. Recorded as an Event with {@code reason} (Warning when {@code warning}, else Normal)
 * and logged.
 *
 * @param cause what held or blocked, for programs and tests; {@code message} says it for humans
 * @param warning something the user should act on (a cap, an invalid annotation, an error), as
 *     opposed to a hold that resolves by itself (cooldown, hold period)
 */
public record Note(
    Optional<WorkloadRef> workload,
    Cause cause,
    String reason,
    String message,
    String policy,
    boolean warning) {

  /** What a note reports, one constant per guard or cap of the planner. */
  public enum Cause {
    /** A floor above {@code aksburst.dev/max-replicas}. */
    ABOVE_MAX_REPLICAS,
    /** A floor above the HPA's {@code maxReplicas}. */
    ABOVE_HPA_MAX,
    /** A raise held back by {@code aksburst.dev/max-virtual-pods} until VMs have room. */
    MAX_VIRTUAL_PODS,
    /** A scale-in held until the scale-in cooldown after the last raise ends. */
    SCALE_IN_COOLDOWN,
    /** Backfill, shedding or a scale-in held while the workload's node pool is upgrading. */
    POOL_ROLLING,
    /** The workload needs VM room but no node pool can be chosen for it. */
    POOL_UNKNOWN,
    /** The workload's node pool was not observed. */
    POOL_NOT_OBSERVED,
    /** The node pool reports an error from its last operation. */
    POOL_ERROR,
    /** The pool's new nodes can not be known (no Ready node of it and no profile to read). */
    POOL_SHAPE_UNKNOWN,
    /** Pods that fit no empty node of the pool, or that its labels and taints do not admit. */
    UNPLACEABLE,
    /** The pool would need more nodes than its maxCount or {@code AKSBURST_MAX_POOL_NODES}. */
    POOL_AT_CAP,
    /** A pool write held by {@link PoolWritePolicy} (busy, failed operation, backoff). */
    POOL_WRITE_HELD,
    /** A pool kept above its baseline because what runs needs its nodes. */
    POOL_STILL_NEEDED,
    /** A pool restore that a PodDisruptionBudget would stall. */
    DRAIN_WOULD_STALL,
    /** A backfill surge that landed on virtual nodes, not on VMs. */
    BACKFILL_ON_VIRTUAL,
    /** The VM-or-ACI decision and its figures. */
    CAPACITY_DECISION,
    /** An invalid {@code aksburst.dev/*} annotation. */
    INVALID_ANNOTATION,
    /** A floor is active but the pods can not run on virtual nodes. */
    NOT_BURST_READY,
    /** A raise, shed or backfill paced within ACI's container-group create or delete rate. */
    ACI_RATE,
    /** A burst needs more virtual-node room (virtual nodes v2: 200 pods each) than exists. */
    VIRTUAL_NODES_FULL,
    /** A recurring surge became a learned window. */
    WINDOW_LEARNED,
    /** A learned window stopped matching reality and was dropped. */
    WINDOW_DROPPED,
    /** Earlier pools of {@code aksburst.dev/node-pool} can not grow: the next one is sized. */
    POOL_FALLBACK,
    /** The workload's node pool is stopped ({@code powerState: Stopped}): never written. */
    POOL_STOPPED,
    /** Karpenter manages the deletion cost of pods being shed; what aks-burst marks instead. */
    DELETION_COST_MANAGED,
    /**
     * Lowering the pool would drain nodes holding pods a workload needs to stay at its floor, with
     * no disruption budget to make the drain gradual: the pool keeps its nodes.
     */
    DRAIN_BELOW_FLOOR,
    /**
     * Placeholder pods Pending longer than a node takes to provision: node auto-provisioning or the
     * cluster autoscaler adds no node for them ({@code aksburst.dev/capacity: placeholders}).
     */
    PLACEHOLDERS_UNPROVISIONED
  }

  public Note {
    Objects.requireNonNull(workload);
    Objects.requireNonNull(cause);
    Objects.requireNonNull(reason);
    Objects.requireNonNull(message);
    Objects.requireNonNull(policy);
  }

  /** A warning about the workload. */
  public static Note of(
      WorkloadRef workload, Cause cause, String reason, String message, String policy) {
    return new Note(Optional.of(workload), cause, reason, message, policy, true);
  }

  /** A hold that resolves by itself (Normal Event). */
  public static Note info(
      WorkloadRef workload, Cause cause, String reason, String message, String policy) {
    return new Note(Optional.of(workload), cause, reason, message, policy, false);
  }
}
