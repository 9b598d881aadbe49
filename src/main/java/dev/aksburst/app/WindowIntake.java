package dev.aksburst.app;

import dev.aksburst.intent.IntentFactory;
import dev.aksburst.intent.WindowSchedule;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import dev.aksburst.model.Window;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.reconcile.ReconcileContext;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Window intake: records the floor of every window occurrence that is open (or within its lead
 * time) now, and of every learned window of a workload that says {@code aksburst.dev/learn: act},
 * then reconciles every cluster.
 */
public final class WindowIntake {
  private static final Logger LOG = Logger.getLogger(WindowIntake.class.getName());

  private final Clusters clusters;
  private final Clock clock;

  public WindowIntake(Clusters clusters, Clock clock) {
    this.clusters = clusters;
    this.clock = clock;
  }

  /**
   * @param recorded intents recorded by this run (occurrences already stored are left out)
   * @param problems windows that could not be evaluated, by workload
   */
  public record Outcome(
      Instant at,
      List<Intent> recorded,
      List<String> problems,
      List<Clusters.ClusterReconcile> clusters) {
    public Outcome {
      Objects.requireNonNull(at);
      recorded = List.copyOf(recorded);
      problems = List.copyOf(problems);
      clusters = List.copyOf(clusters);
    }
  }

  public Outcome handle(ReconcileContext ctx) {
    Instant now = clock.instant();
    List<Intent> recorded = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<Clusters.ClusterReconcile> results = new ArrayList<>();
    for (ClusterRuntime rt : clusters.all()) {
      ClusterSnapshot snap = rt.ports().reader().read();
      for (WorkloadView w : snap.workloads()) {
        for (Window window : w.policy().windows()) {
          Optional<WindowSchedule.Occurrence> due;
          try {
            due = new WindowSchedule(window).due(now);
          } catch (IllegalArgumentException e) {
            LOG.warning(ctx.tag() + " " + w.ref() + ": " + e.getMessage());
            problems.add(w.ref() + ": " + e.getMessage());
            continue;
          }
          if (due.isEmpty()) {
            continue;
          }
          Intent intent = IntentFactory.fromWindow(window, w.ref(), due.get());
          if (w.state().intents().contains(intent)) {
            continue;
          }
          IntentRecording.record(rt, w.ref(), s -> s.withIntent(intent), intent.id())
              .ifPresent(recorded::add);
        }
        for (Intent intent : LearnedWindowIntents.due(w, now)) {
          IntentRecording.record(rt, w.ref(), s -> s.withIntent(intent), intent.id())
              .ifPresent(recorded::add);
        }
      }
      results.add(new Clusters.ClusterReconcile(rt.clusterId(), rt.reconciler().reconcile(ctx)));
    }
    return new Outcome(now, recorded, problems, results);
  }
}
