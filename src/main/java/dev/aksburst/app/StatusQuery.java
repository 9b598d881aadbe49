package dev.aksburst.app;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Holds;
import dev.aksburst.plan.Plan;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Status: what the opted-in Deployments of a cluster look like now. */
public final class StatusQuery {
  private final Clock clock;
  private final Prices prices;

  public StatusQuery(Clock clock, Prices prices) {
    this.clock = clock;
    this.prices = prices;
  }

  /**
   * Status of one opted-in Deployment.
   *
   * @throws ProblemException 404/403 when it is missing, not opted in or not watched
   */
  public WorkloadStatus of(ClusterRuntime rt, WorkloadRef ref) {
    ClusterSnapshot snap = rt.reconciler().observe();
    WorkloadView w = Clusters.optedIn(rt, snap, ref);
    Plan preview = rt.reconciler().preview(snap);
    return of(rt, snap, w, clock.instant())
        .withMoney(prices.status(rt.clusterId(), snap, w, preview));
  }

  /** Status of every opted-in Deployment of the cluster, by namespace and name. */
  public List<WorkloadStatus> all(ClusterRuntime rt) {
    ClusterSnapshot snap = rt.reconciler().observe();
    Instant now = clock.instant();
    Plan preview = rt.reconciler().preview(snap);
    return snap.workloads().stream()
        .sorted((a, b) -> a.ref().compareTo(b.ref()))
        .map(w -> of(rt, snap, w, now).withMoney(prices.status(rt.clusterId(), snap, w, preview)))
        .toList();
  }

  /** The status of {@code w} with what holds it ({@link Holds}, under the cluster's timings). */
  static WorkloadStatus of(ClusterRuntime rt, ClusterSnapshot snap, WorkloadView w, Instant now) {
    return WorkloadStatus.of(snap, w, now)
        .withHolds(Holds.of(snap, w, rt.reconciler().config(), now));
  }
}
