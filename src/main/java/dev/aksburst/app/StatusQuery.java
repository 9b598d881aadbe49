package dev.aksburst.app;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Holds;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** Status: what the opted-in Deployments of a cluster look like now. */
public final class StatusQuery {
  private final Clock clock;

  public StatusQuery(Clock clock) {
    this.clock = clock;
  }

  /**
   * Status of one opted-in Deployment.
   *
   * @throws ProblemException 404/403 when it is missing, not opted in or not watched
   */
  public WorkloadStatus of(ClusterRuntime rt, WorkloadRef ref) {
    ClusterSnapshot snap = rt.reconciler().observe();
    return of(rt, snap, Clusters.optedIn(rt, snap, ref), clock.instant());
  }

  /** Status of every opted-in Deployment of the cluster, by namespace and name. */
  public List<WorkloadStatus> all(ClusterRuntime rt) {
    ClusterSnapshot snap = rt.reconciler().observe();
    Instant now = clock.instant();
    return snap.workloads().stream()
        .sorted((a, b) -> a.ref().compareTo(b.ref()))
        .map(w -> of(rt, snap, w, now))
        .toList();
  }

  /** The status of {@code w} with what holds it ({@link Holds}, under the cluster's timings). */
  static WorkloadStatus of(ClusterRuntime rt, ClusterSnapshot snap, WorkloadView w, Instant now) {
    return WorkloadStatus.of(snap, w, now)
        .withHolds(Holds.of(snap, w, rt.reconciler().config(), now));
  }
}
