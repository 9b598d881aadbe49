package dev.aksburst.reconcile;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The live value a write would change, read again before the first lane that writes it (so a plan
 * that waited for the lock, or a pool write seconds after the observe, is checked against the
 * cluster as it is): the workloads once and the pools once per apply, only when a lane writes them.
 */
final class LiveValues {
  private static final Logger LOG = Logger.getLogger(LiveValues.class.getName());

  private final Supplier<ClusterSnapshot> workloads;
  private final Supplier<List<NodePoolView>> pools;
  private ClusterSnapshot workloadRead;
  private List<NodePoolView> poolRead;

  LiveValues(Supplier<ClusterSnapshot> workloads, Supplier<List<NodePoolView>> pools) {
    this.workloads = workloads;
    this.pools = pools;
  }

  static LiveValues of(ClusterPorts ports) {
    return new LiveValues(ports.reader()::read, ports.pools()::describe);
  }

  /**
   * The value the action's {@code from} must still match; empty when the action has none or the
   * live value could not be read (the write then goes ahead on the observed one).
   */
  OptionalInt current(Action a) {
    String key = key(a);
    if (key == null) {
      return OptionalInt.empty();
    }
    try {
      if (a instanceof Action.ScaleNodePool p) {
        if (poolRead == null) {
          poolRead = pools.get();
        }
        return poolRead.stream()
            .filter(v -> v.name().equals(p.pool()))
            .mapToInt(NodePoolView::writtenValue)
            .findFirst();
      }
      if (workloadRead == null) {
        workloadRead = workloads.get();
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "live value for " + key + " could not be read: " + e.getMessage(), e);
      return OptionalInt.empty();
    }
    if (a instanceof Action.ScaleVirtualNodes v) {
      return workloadRead
          .virtualNodeSet()
          .filter(set -> set.namespace().equals(v.namespace()) && set.name().equals(v.name()))
          .map(set -> OptionalInt.of(set.replicas()))
          .orElse(OptionalInt.empty());
    }
    if (a instanceof Action.ScalePlaceholders ph) {
      return OptionalInt.of(
          workloadRead
              .placeholders(ph.workload())
              .map(dev.aksburst.model.PlaceholderSet::replicas)
              .orElse(0));
    }
    Optional<WorkloadView> w =
        a.workloads().isEmpty() ? Optional.empty() : workloadRead.workload(a.workloads().get(0));
    if (w.isEmpty()) {
      return OptionalInt.empty();
    }
    if (a instanceof Action.SetHpaMinReplicas) {
      return w.get().hpa().map(h -> OptionalInt.of(h.minReplicas())).orElse(OptionalInt.empty());
    }
    return OptionalInt.of(w.get().specReplicas());
  }

  /** The budget key of a counted write; null for writes that are not counted or guarded. */
  static String key(Action a) {
    if (a instanceof Action.ScaleNodePool p) {
      return "pool/" + p.pool();
    }
    if (a instanceof Action.ScaleDeployment s) {
      return "replicas/" + s.workload();
    }
    if (a instanceof Action.SetHpaMinReplicas h) {
      return "hpa/" + h.workload();
    }
    if (a instanceof Action.ScaleVirtualNodes v) {
      return v.target();
    }
    if (a instanceof Action.ScalePlaceholders ph) {
      return ph.target();
    }
    return null;
  }

  /** The value the plan read before it planned the action. */
  static int from(Action a) {
    if (a instanceof Action.ScaleNodePool p) {
      return p.from();
    }
    if (a instanceof Action.ScaleDeployment s) {
      return s.fromReplicas();
    }
    if (a instanceof Action.ScaleVirtualNodes v) {
      return v.from();
    }
    if (a instanceof Action.ScalePlaceholders ph) {
      return ph.from();
    }
    return ((Action.SetHpaMinReplicas) a).fromMinReplicas();
  }
}
