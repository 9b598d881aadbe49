package dev.aksburst.plan;

import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.LearnedWindow;
import dev.aksburst.model.PlaceholderTemplate;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.WorkloadRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One write a plan proposes, always with an absolute target, the policy that proposed it and a
 * reason a human can read. Re-applying an action that already took effect changes nothing.
 */
public sealed interface Action
    permits Action.ScaleDeployment,
        Action.SetHpaMinReplicas,
        Action.ScaleNodePool,
        Action.MarkDeletionCost,
        Action.SaveBookkeeping,
        Action.PruneIntents,
        Action.ScaleVirtualNodes,
        Action.RecordLearnedWindows,
        Action.ScalePlaceholders,
        Action.RecordPoolBoot {

  /** Short name for logs and status, e.g. {@code ScaleDeployment}. */
  default String kind() {
    return getClass().getSimpleName();
  }

  /** What it writes to: {@code namespace/name} or {@code pool/<name>}. */
  String target();

  /** The policy class that proposed it, e.g. {@code DesiredReplicasPolicy}. */
  String policy();

  String reason();

  /** The Kubernetes Event reason to record when applied (see {@link EventReason}), if any. */
  Optional<String> eventReason();

  /** The workloads whose Deployment gets the Event. */
  List<WorkloadRef> workloads();

  /** Write {@code spec.replicas}. */
  record ScaleDeployment(
      WorkloadRef workload,
      int replicas,
      int fromReplicas,
      Optional<String> eventReason,
      String policy,
      String reason)
      implements Action {
    public ScaleDeployment {
      Objects.requireNonNull(workload);
      if (replicas < 0) {
        throw new IllegalArgumentException("replicas must be >= 0");
      }
      Objects.requireNonNull(eventReason);
      Objects.requireNonNull(policy);
      Objects.requireNonNull(reason);
    }

    @Override
    public String target() {
      return workload.toString();
    }

    @Override
    public List<WorkloadRef> workloads() {
      return List.of(workload);
    }
  }

  /** Write the HPA's {@code minReplicas} (a workload under an HPA). */
  record SetHpaMinReplicas(
      WorkloadRef workload,
      String hpaName,
      int minReplicas,
      int fromMinReplicas,
      Optional<String> eventReason,
      String policy,
      String reason)
      implements Action {
    public SetHpaMinReplicas {
      Objects.requireNonNull(workload);
      Objects.requireNonNull(hpaName);
      if (minReplicas < 1) {
        throw new IllegalArgumentException("HPA minReplicas must be >= 1");
      }
      Objects.requireNonNull(eventReason);
      Objects.requireNonNull(policy);
      Objects.requireNonNull(reason);
    }

    @Override
    public String target() {
      return workload.namespace() + "/hpa/" + hpaName;
    }

    @Override
    public List<WorkloadRef> workloads() {
      return List.of(workload);
    }
  }

  /**
   * Write a pool's size: {@code count} (MANUAL), {@code minCount} (AUTOSCALER) or {@code
   * sku.capacity} (VMSS).
   *
   * @param size the absolute value to write for the mode
   * @param from the value it has now
   * @param recordBaseline record this as the pool's baseline before writing (first scale-out)
   * @param restoresBaseline this write restores the baseline: forget it once applied
   * @param machines empty for a size write; else the pool is lowered by deleting exactly these
   *     machines (AKS {@code agentPools/deleteMachines}, MANUAL pools only), {@code from - size} of
   *     them, instead of letting AKS remove its newest nodes
   */
  record ScaleNodePool(
      String pool,
      PoolMode mode,
      int size,
      int from,
      OptionalInt recordBaseline,
      boolean restoresBaseline,
      List<WorkloadRef> workloads,
      Optional<String> eventReason,
      String policy,
      String reason,
      List<String> machines)
      implements Action {
    public ScaleNodePool {
      Objects.requireNonNull(pool);
      Objects.requireNonNull(mode);
      if (size < 0) {
        throw new IllegalArgumentException("pool size must be >= 0");
      }
      Objects.requireNonNull(recordBaseline);
      workloads = List.copyOf(workloads);
      Objects.requireNonNull(eventReason);
      Objects.requireNonNull(policy);
      Objects.requireNonNull(reason);
      machines = List.copyOf(machines);
      if (!machines.isEmpty()) {
        if (mode != PoolMode.MANUAL) {
          throw new IllegalArgumentException(
              "deleting machines of pool " + pool + " needs a MANUAL agent pool, not " + mode);
        }
        if (machines.size() != from - size || recordBaseline.isPresent()) {
          throw new IllegalArgumentException(
              "deleting "
                  + machines.size()
                  + " machines of pool "
                  + pool
                  + " does not lower it from "
                  + from
                  + " to "
                  + size);
        }
      }
    }

    /** A size write (count, minCount or capacity). */
    public ScaleNodePool(
        String pool,
        PoolMode mode,
        int size,
        int from,
        OptionalInt recordBaseline,
        boolean restoresBaseline,
        List<WorkloadRef> workloads,
        Optional<String> eventReason,
        String policy,
        String reason) {
      this(
          pool,
          mode,
          size,
          from,
          recordBaseline,
          restoresBaseline,
          workloads,
          eventReason,
          policy,
          reason,
          List.of());
    }

    /** Lowers the pool by deleting named machines rather than writing its count. */
    public boolean deletesMachines() {
      return !machines.isEmpty();
    }

    @Override
    public String target() {
      return "pool/" + pool;
    }
  }

  /** Set {@code controller.kubernetes.io/pod-deletion-cost} on these pods to {@code cost}. */
  record MarkDeletionCost(
      WorkloadRef workload,
      List<String> pods,
      int cost,
      Optional<String> eventReason,
      String policy,
      String reason)
      implements Action {
    public MarkDeletionCost {
      Objects.requireNonNull(workload);
      pods = List.copyOf(pods);
      if (pods.isEmpty()) {
        throw new IllegalArgumentException("MarkDeletionCost needs at least one pod");
      }
      Objects.requireNonNull(eventReason);
      Objects.requireNonNull(policy);
      Objects.requireNonNull(reason);
    }

    @Override
    public String target() {
      return workload.toString();
    }

    @Override
    public List<WorkloadRef> workloads() {
      return List.of(workload);
    }
  }

  /** Replace the workload's bookkeeping (intents are left alone: they are written by triggers). */
  record SaveBookkeeping(
      WorkloadRef workload, Bookkeeping bookkeeping, String policy, String reason)
      implements Action {
    public SaveBookkeeping {
      Objects.requireNonNull(workload);
      Objects.requireNonNull(bookkeeping);
      Objects.requireNonNull(policy);
      Objects.requireNonNull(reason);
    }

    @Override
    public String target() {
      return workload.toString();
    }

    @Override
    public Optional<String> eventReason() {
      return Optional.empty();
    }

    @Override
    public List<WorkloadRef> workloads() {
      return List.of(workload);
    }
  }

  /** Remove intents that expired longer ago than the retention. */
  record PruneIntents(WorkloadRef workload, List<String> intentIds, String policy, String reason)
      implements Action {
    public PruneIntents {
      Objects.requireNonNull(workload);
      intentIds = List.copyOf(intentIds);
      Objects.requireNonNull(policy);
      Objects.requireNonNull(reason);
    }

    @Override
    public String target() {
      return workload.toString();
    }

    @Override
    public Optional<String> eventReason() {
      return Optional.empty();
    }

    @Override
    public List<WorkloadRef> workloads() {
      return List.of(workload);
    }
  }

  /**
   * Write {@code spec.replicas} of the virtual nodes v2 StatefulSet: more virtual nodes for a
   * burst, back to the recorded baseline after it.
   *
   * @param replicas the virtual nodes wanted
   * @param from the replicas it has now
   * @param recordBaseline record this as its baseline with the write (first raise)
   * @param restoresBaseline this write restores the baseline: forget it with the write
   */
  record ScaleVirtualNodes(
      String namespace,
      String name,
      int replicas,
      int from,
      OptionalInt recordBaseline,
      boolean restoresBaseline,
      List<WorkloadRef> workloads,
      Optional<String> eventReason,
      String policy,
      String reason)
      implements Action {
    public ScaleVirtualNodes {
      Objects.requireNonNull(namespace);
      Objects.requireNonNull(name);
      if (replicas < 0) {
        throw new IllegalArgumentException("virtual node replicas must be >= 0");
      }
      Objects.requireNonNull(recordBaseline);
      if (recordBaseline.isPresent() && restoresBaseline) {
        throw new IllegalArgumentException("a write either records or restores the baseline");
      }
      workloads = List.copyOf(workloads);
      Objects.requireNonNull(eventReason);
      Objects.requireNonNull(policy);
      Objects.requireNonNull(reason);
    }

    @Override
    public String target() {
      return "statefulset/" + namespace + "/" + name;
    }
  }

  /**
   * Remember how long the pool's last growth took (its pool state), so that later decisions bill a
   * boot the pool showed instead of {@code AKSBURST_NODE_BOOT} once those nodes are gone.
   */
  record RecordPoolBoot(String pool, java.time.Duration boot, String policy, String reason)
      implements Action {
    public RecordPoolBoot {
      Objects.requireNonNull(pool);
      Objects.requireNonNull(boot);
      Objects.requireNonNull(policy);
      Objects.requireNonNull(reason);
    }

    @Override
    public String target() {
      return "pool/" + pool;
    }

    @Override
    public Optional<String> eventReason() {
      return Optional.empty();
    }

    @Override
    public List<WorkloadRef> workloads() {
      return List.of();
    }
  }

  /** Replace the workload's learned windows (their Events are the plan's notes). */
  record RecordLearnedWindows(
      WorkloadRef workload, List<LearnedWindow> learned, String policy, String reason)
      implements Action {
    public RecordLearnedWindows {
      Objects.requireNonNull(workload);
      learned = List.copyOf(learned);
      Objects.requireNonNull(policy);
      Objects.requireNonNull(reason);
    }

    @Override
    public String target() {
      return workload.toString();
    }

    @Override
    public Optional<String> eventReason() {
      return Optional.empty();
    }

    @Override
    public List<WorkloadRef> workloads() {
      return List.of(workload);
    }
  }

  /**
   * Create, scale or delete the workload's placeholder Deployment ({@code aksburst.dev/capacity:
   * placeholders}): {@code replicas} pods of {@code template} in the workload's namespace; 0
   * deletes it.
   *
   * @param from the replicas it has now (0 when it does not exist)
   */
  record ScalePlaceholders(
      WorkloadRef workload,
      PlaceholderTemplate template,
      int replicas,
      int from,
      Optional<String> eventReason,
      String policy,
      String reason)
      implements Action {
    public ScalePlaceholders {
      Objects.requireNonNull(workload);
      Objects.requireNonNull(template);
      if (replicas < 0) {
        throw new IllegalArgumentException("placeholder replicas must be >= 0");
      }
      Objects.requireNonNull(eventReason);
      Objects.requireNonNull(policy);
      Objects.requireNonNull(reason);
    }

    @Override
    public String target() {
      return "placeholders/" + workload.namespace() + "/" + template.name();
    }

    @Override
    public List<WorkloadRef> workloads() {
      return List.of(workload);
    }
  }
}
