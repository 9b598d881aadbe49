package dev.aksburst.plan;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import java.util.List;
import java.util.Map;

/**
 * What the planner predicts for one workload of an observed snapshot, with the planner's own
 * packing: how many of its pods the pool's nodes hold now, how many one new node of the pool takes,
 * and whether it can run on the virtual node. For comparing with where a real scheduler puts them.
 */
public final class Predictions {
  private Predictions() {}

  /**
   * @param onVm pods of {@code replicas} the pool's Ready, schedulable nodes hold (free room,
   *     topology spread)
   * @param perNewNode pods one new node of the pool's shape takes
   * @param burstReady the template can run on the virtual node
   */
  public record Prediction(
      int onVm, int perNewNode, boolean burstReady, List<String> readinessProblems) {}

  public static Prediction of(
      ClusterSnapshot observed, WorkloadRef ref, String pool, int replicas) {
    int nodes =
        (int)
            observed.nodes().stream()
                .filter(n -> !n.virtual() && n.pool().map(pool::equals).orElse(false))
                .count();
    NodePoolView view = Fixtures.pool(pool, PoolMode.MANUAL, nodes);
    ClusterSnapshot s = observed.withPools(List.of(view), Map.of());
    PlanInputs in = new PlanInputs(s, List.of(), PlannerConfig.DEFAULTS, s.observedAt());
    WorkloadView w = s.workload(ref).orElseThrow(() -> new AssertionError(ref + " not read"));
    int onVm =
        new Packer(in.freeBins(pool))
            .placeUpTo(w.podRequests(), w.placement(), in.spread(w), replicas);
    PoolShape shape =
        in.shape(pool)
            .orElseThrow(() -> new AssertionError(in.learnShape(pool).problem() + " for " + ref));
    int perNewNode =
        new Packer(List.of(shape.emptyBin("new-0", 0)))
            .placeUpTo(w.podRequests(), w.placement(), in.spread(w), replicas);
    return new Prediction(onVm, perNewNode, w.burstReady(), w.readinessProblems());
  }
}
