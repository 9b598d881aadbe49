package dev.aksburst.app;

import dev.aksburst.intent.AlertTargets;
import dev.aksburst.intent.IntentFactory;
import dev.aksburst.intent.ParsedAlert;
import dev.aksburst.model.Intent;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.reconcile.ReconcileResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Alert intake: finds the cluster and the Deployments an alert means, records the floor it asks for
 * on each, then reconciles. An alert that maps to nothing is answered with the reason.
 */
public final class AlertIntake {
  private static final Logger LOG = Logger.getLogger(AlertIntake.class.getName());

  private final Clusters clusters;
  private final Clock clock;
  private final BurstMetrics metrics;

  public AlertIntake(Clusters clusters, Clock clock) {
    this(clusters, clock, BurstMetrics.noop());
  }

  public AlertIntake(Clusters clusters, Clock clock, BurstMetrics metrics) {
    this.clusters = clusters;
    this.clock = clock;
    this.metrics = Objects.requireNonNull(metrics);
  }

  /** What became of one alert notification. */
  public sealed interface Outcome permits Recorded, Unmapped {
    ParsedAlert alert();
  }

  /**
   * @param intents the intents as stored (a Deployment opted out meanwhile is left out)
   */
  public record Recorded(
      ParsedAlert alert,
      String clusterId,
      AlertTargets.Path targetedBy,
      List<Intent> intents,
      ReconcileResult reconcile)
      implements Outcome {
    public Recorded {
      Objects.requireNonNull(alert);
      Objects.requireNonNull(clusterId);
      Objects.requireNonNull(targetedBy);
      intents = List.copyOf(intents);
      Objects.requireNonNull(reconcile);
    }
  }

  /**
   * @param clusterId the cluster, when the alert's targets lie under one
   */
  public record Unmapped(ParsedAlert alert, Optional<String> clusterId, String reason)
      implements Outcome {
    public Unmapped {
      Objects.requireNonNull(alert);
      Objects.requireNonNull(clusterId);
      Objects.requireNonNull(reason);
    }
  }

  public Outcome handle(ParsedAlert alert, ReconcileContext ctx) {
    Instant received = clock.instant();
    Optional<ClusterRuntime> cluster = clusters.forTargets(alert.targetIds());
    if (cluster.isEmpty()) {
      return unmapped(
          ctx,
          new Unmapped(
              alert,
              Optional.empty(),
              "alertTargetIDs "
                  + alert.targetIds()
                  + " lie under none of the clusters "
                  + clusters.ids()));
    }
    ClusterRuntime rt = cluster.get();
    List<WorkloadView> workloads = rt.ports().reader().read().workloads();
    AlertTargets.Floors floors = AlertTargets.floors(alert, workloads, clock.instant());
    if (floors instanceof AlertTargets.Unmapped u) {
      return unmapped(ctx, new Unmapped(alert, Optional.of(rt.clusterId()), u.reason()));
    }
    AlertTargets.Targeted targeted = (AlertTargets.Targeted) floors;
    List<Intent> stored = new ArrayList<>();
    for (Intent intent : targeted.intents()) {
      IntentRecording.record(
              rt, intent.target(), s -> IntentFactory.applyAlert(s, intent), intent.id())
          .ifPresent(stored::add);
      LOG.info(
          ctx.tag() + " alert " + alert.rule() + " " + alert.condition() + " -> " + intent.id());
    }
    ReconcileResult result = rt.reconciler().reconcileFor(ctx, stored);
    metrics.alertHandled(alert, received, result, clock.instant());
    return new Recorded(alert, rt.clusterId(), targeted.path(), stored, result);
  }

  private static Unmapped unmapped(ReconcileContext ctx, Unmapped u) {
    LOG.warning(ctx.tag() + " alert " + u.alert().rule() + " not mapped: " + u.reason());
    return u;
  }
}
