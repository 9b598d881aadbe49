package dev.aksburst.app;

import dev.aksburst.intent.EventRouter;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.reconcile.IntentStore;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.reconcile.ReconcileResult;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The configured clusters and how a trigger finds the one it means: by alert target, by ARM
 * resource id, by the {@code ?cluster=} of a request, or by where a Deployment is opted in.
 */
public final class Clusters {
  private final List<ClusterRuntime> all;

  public Clusters(List<ClusterRuntime> clusters) {
    this.all = List.copyOf(clusters);
    if (all.isEmpty()) {
      throw new IllegalArgumentException("aks-burst needs at least one cluster");
    }
  }

  public List<ClusterRuntime> all() {
    return all;
  }

  public List<String> ids() {
    return all.stream().map(ClusterRuntime::clusterId).toList();
  }

  /** The cluster an alert means: the only one, else the one its alertTargetIDs lie under. */
  public Optional<ClusterRuntime> forTargets(List<String> targetIds) {
    if (all.size() == 1) {
      return Optional.of(all.get(0));
    }
    return all.stream()
        .filter(c -> targetIds.stream().anyMatch(t -> EventRouter.under(t, c.clusterId())))
        .findFirst();
  }

  /** The cluster an ARM resource id lies under (its pools, itself). */
  public Optional<ClusterRuntime> of(String resourceId) {
    return all.stream().filter(c -> EventRouter.under(resourceId, c.clusterId())).findFirst();
  }

  /** The cluster an event names; a blank name means the only cluster. */
  public Optional<ClusterRuntime> named(String clusterIdOrBlank) {
    return clusterIdOrBlank.isBlank() && all.size() == 1
        ? Optional.of(all.get(0))
        : of(clusterIdOrBlank);
  }

  /**
   * The cluster an HTTP request names ({@code ?cluster=} id or name); without one, the only
   * cluster.
   *
   * @throws ProblemException 404 for an unknown cluster, 400 when several are configured and none
   *     is named
   */
  public ClusterRuntime forRequest(Optional<String> requested) {
    if (requested.isPresent()) {
      String want = requested.get();
      return all.stream()
          .filter(
              c ->
                  c.clusterId().equalsIgnoreCase(want)
                      || c.clusterId()
                          .toLowerCase(Locale.ROOT)
                          .endsWith("/" + want.toLowerCase(Locale.ROOT)))
          .findFirst()
          .orElseThrow(
              () ->
                  new ProblemException(
                      Problem.of(
                          "unknown-cluster",
                          "Unknown cluster",
                          404,
                          "cluster \"" + want + "\" is not configured; configured: " + ids(),
                          "cluster")));
    }
    if (all.size() > 1) {
      throw new ProblemException(
          Problem.of(
              "cluster-required",
              "Cluster required",
              400,
              "several clusters are configured (" + ids() + "); name one with ?cluster=<name>",
              "cluster"));
    }
    return all.get(0);
  }

  /**
   * The cluster where the Deployment is opted in.
   *
   * @throws ProblemException 404 when no cluster has it, 403 when one has it not opted in
   */
  public ClusterRuntime holding(WorkloadRef ref) {
    IntentStore.NotOptedIn last = null;
    for (ClusterRuntime c : all) {
      try {
        c.ports().intents().read(ref);
        return c;
      } catch (IntentStore.NotOptedIn e) {
        if (last == null || e.exists()) {
          last = e;
        }
      }
    }
    throw notOptedIn(Objects.requireNonNull(last));
  }

  /** Reconciles every cluster, in order. */
  public List<ClusterReconcile> reconcileAll(ReconcileContext ctx) {
    return all.stream()
        .map(rt -> new ClusterReconcile(rt.clusterId(), rt.reconciler().reconcile(ctx)))
        .toList();
  }

  /** One cluster's reconcile of a trigger that reconciles every cluster. */
  public record ClusterReconcile(String clusterId, ReconcileResult result) {
    public ClusterReconcile {
      Objects.requireNonNull(clusterId);
      Objects.requireNonNull(result);
    }
  }

  /**
   * The opted-in Deployment as observed.
   *
   * @throws ProblemException 404/403 when it is missing or not opted in, 404 when its namespace is
   *     not watched
   */
  static WorkloadView optedIn(ClusterRuntime rt, ClusterSnapshot snap, WorkloadRef ref) {
    Optional<WorkloadView> w = snap.workload(ref);
    if (w.isPresent()) {
      return w.get();
    }
    try {
      rt.ports().intents().read(ref);
    } catch (IntentStore.NotOptedIn e) {
      throw notOptedIn(e);
    }
    throw new ProblemException(
        Problem.of(
            "not-watched",
            "Deployment not watched",
            404,
            "Deployment "
                + ref
                + " is opted in but its namespace is not watched; add it to "
                + Settings.NAMESPACES,
            "namespace"));
  }

  static ProblemException notOptedIn(IntentStore.NotOptedIn e) {
    return new ProblemException(
        e.exists()
            ? Problem.of(
                "not-opted-in", "Deployment not opted in", 403, e.getMessage(), "deployment")
            : Problem.of("not-found", "Deployment not found", 404, e.getMessage(), "deployment"));
  }
}
