package dev.aksburst.reconcile;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.VirtualNodeSet;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.Plan;
import dev.aksburst.plan.PlannerConfig;
import dev.aksburst.plan.PoolWritePolicy;
import dev.aksburst.reconcile.ActionOutcome.Cause;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The applier's rails, each a reason to hold an action: hard caps (max-replicas, HPA max, pool max,
 * the virtual nodes' StatefulSet), the pool-write holds of {@link PoolWritePolicy}, the hourly
 * write budget per workload and pool, and the stale-plan guard over a lane's guarded writes.
 */
final class ApplyRails {
  private final int maxPoolNodes;
  private final PoolWritePolicy poolWrites;
  private final WriteBudget budget;

  ApplyRails(PlannerConfig config) {
    this.maxPoolNodes = config.maxPoolNodes();
    this.poolWrites = config.poolWrites();
    this.budget = new WriteBudget(config.writeBudget());
  }

  /** A rail that holds an action: which one, and the words for humans. */
  record Refusal(Cause cause, String message) {}

  /** Counts a write of {@code key} against its hourly budget. */
  void spend(String key, Instant now) {
    budget.spend(key, now);
  }

  /** Workload actions share the workload's lane; pool actions the pool's. */
  static String lane(Action action) {
    if (action instanceof Action.ScaleNodePool p) {
      return "pool/" + p.pool();
    }
    if (action instanceof Action.ScalePlaceholders ph) {
      // Its own lane: a failed placeholder write does not hold the workload's backfill or shed.
      return ph.target();
    }
    return action.workloads().isEmpty() ? action.target() : action.workloads().get(0).toString();
  }

  /**
   * Why the lane's plan started from a value that is no longer live, if it did: the first guarded
   * write of each key in the lane is compared with the live value (a later one of the same key
   * starts from the lane's own earlier write).
   */
  static Optional<String> staleLane(Plan plan, String lane, LiveValues live) {
    Set<String> checked = new HashSet<>();
    for (Action a : plan.actions()) {
      String key = LiveValues.key(a);
      if (key == null || !lane(a).equals(lane) || !checked.add(key)) {
        continue;
      }
      OptionalInt now = live.current(a);
      int from = LiveValues.from(a);
      if (now.isPresent() && now.getAsInt() != from) {
        return Optional.of(
            a.target()
                + " was planned from "
                + from
                + " but is "
                + now.getAsInt()
                + " now; re-planning");
      }
    }
    return Optional.empty();
  }

  /** The rail that holds the action, if one does. */
  Optional<Refusal> refusal(Action action, ClusterSnapshot snapshot, Instant now) {
    Optional<Refusal> cap = capRefusal(action, snapshot, now);
    if (cap.isPresent()) {
      return cap;
    }
    String key = LiveValues.key(action);
    if (key != null && !budget.allows(key, now)) {
      return Optional.of(
          new Refusal(
              Cause.WRITE_BUDGET,
              "refusing to write "
                  + action.target()
                  + ": it had "
                  + budget.perHour()
                  + " writes in the last hour, the most one workload or pool gets"));
    }
    return Optional.empty();
  }

  private Optional<Refusal> capRefusal(Action action, ClusterSnapshot snapshot, Instant now) {
    if (action instanceof Action.ScaleDeployment s) {
      Optional<WorkloadView> w = snapshot.workload(s.workload());
      if (w.isEmpty()) {
        return refuse(Cause.NOT_OPTED_IN, s.workload() + " is not an opted-in Deployment");
      }
      OptionalInt max = w.get().policy().maxReplicas();
      if (max.isPresent() && s.replicas() > max.getAsInt() && s.replicas() > s.fromReplicas()) {
        return refuse(
            Cause.ABOVE_MAX_REPLICAS,
            "refusing to scale "
                + s.workload()
                + " to "
                + s.replicas()
                + ": above aksburst.dev/max-replicas="
                + max.getAsInt());
      }
    } else if (action instanceof Action.SetHpaMinReplicas h) {
      Optional<WorkloadView> w = snapshot.workload(h.workload());
      if (w.isEmpty() || w.get().hpa().isEmpty()) {
        return refuse(Cause.NO_HPA, h.workload() + " has no HPA to write");
      }
      int hpaMax = w.get().hpa().get().maxReplicas();
      if (h.minReplicas() > hpaMax) {
        return refuse(
            Cause.ABOVE_HPA_MAX,
            "refusing HPA minReplicas " + h.minReplicas() + " above its maxReplicas " + hpaMax);
      }
      OptionalInt max = w.get().policy().maxReplicas();
      if (max.isPresent()
          && h.minReplicas() > max.getAsInt()
          && h.minReplicas() > h.fromMinReplicas()) {
        return refuse(
            Cause.ABOVE_MAX_REPLICAS,
            "refusing HPA minReplicas "
                + h.minReplicas()
                + " above aksburst.dev/max-replicas="
                + max.getAsInt());
      }
    } else if (action instanceof Action.ScaleVirtualNodes v) {
      return virtualNodesRefusal(v, snapshot);
    } else if (action instanceof Action.ScalePlaceholders ph && ph.replicas() > ph.from()) {
      Optional<WorkloadView> w = snapshot.workload(ph.workload());
      if (w.isEmpty()) {
        return refuse(Cause.NOT_OPTED_IN, ph.workload() + " is not an opted-in Deployment");
      }
      OptionalInt max = w.get().policy().maxReplicas();
      if (max.isPresent() && ph.replicas() > max.getAsInt()) {
        return refuse(
            Cause.ABOVE_MAX_REPLICAS,
            "refusing "
                + ph.replicas()
                + " placeholders for "
                + ph.workload()
                + ": above aksburst.dev/max-replicas="
                + max.getAsInt());
      }
    } else if (action instanceof Action.ScaleNodePool p) {
      Optional<NodePoolView> pool = snapshot.pool(p.pool());
      if (pool.isEmpty()) {
        return refuse(Cause.POOL_NOT_OBSERVED, "node pool " + p.pool() + " was not observed");
      }
      Optional<PoolWritePolicy.Hold> hold =
          poolWrites.hold(pool.get(), snapshot.poolState(p.pool()), now);
      if (hold.isPresent()) {
        Cause cause =
            switch (hold.get().cause()) {
              case POOL_BUSY -> Cause.POOL_BUSY;
              case FAILED_OPERATION -> Cause.FAILED_OPERATION_HOLD;
              case BACKOFF -> Cause.BACKOFF;
            };
        return refuse(cause, hold.get().message());
      }
      if (p.size() > p.from()) {
        OptionalInt poolMax = pool.get().maxCount();
        if (p.mode() == PoolMode.AUTOSCALER
            && poolMax.isPresent()
            && p.size() > poolMax.getAsInt()) {
          return refuse(
              Cause.ABOVE_POOL_MAX_COUNT,
              "refusing minCount " + p.size() + " above the pool's maxCount " + poolMax.getAsInt());
        }
        if (p.mode() != PoolMode.AUTOSCALER && p.size() > maxPoolNodes) {
          return refuse(
              Cause.ABOVE_MAX_POOL_NODES,
              "refusing to grow node pool "
                  + p.pool()
                  + " to "
                  + p.size()
                  + " nodes: above AKSBURST_MAX_POOL_NODES="
                  + maxPoolNodes);
        }
      }
    }
    return Optional.empty();
  }

  /** Only the StatefulSet the operator named and aks-burst read, never above its max. */
  private static Optional<Refusal> virtualNodesRefusal(
      Action.ScaleVirtualNodes v, ClusterSnapshot snapshot) {
    Optional<VirtualNodeSet> set =
        snapshot
            .virtualNodeSet()
            .filter(s -> s.namespace().equals(v.namespace()) && s.name().equals(v.name()));
    if (set.isEmpty()) {
      return refuse(
          Cause.VIRTUAL_NODE_SET_NOT_OBSERVED,
          "StatefulSet "
              + v.namespace()
              + "/"
              + v.name()
              + " is not the virtual nodes' StatefulSet named in AKSBURST_VIRTUAL_NODE_STATEFULSET,"
              + " or it was not read");
    }
    if (v.replicas() > v.from() && v.replicas() > set.get().maxReplicas()) {
      return refuse(
          Cause.ABOVE_MAX_REPLICAS,
          "refusing "
              + v.replicas()
              + " virtual nodes: above aksburst.dev/max-replicas="
              + set.get().maxReplicas()
              + " on StatefulSet "
              + set.get().ref());
    }
    return Optional.empty();
  }

  private static Optional<Refusal> refuse(Cause cause, String message) {
    return Optional.of(new Refusal(cause, message));
  }
}
