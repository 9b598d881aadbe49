package dev.aksburst.reconcile;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.Note;
import dev.aksburst.plan.Plan;
import dev.aksburst.plan.Planner;
import dev.aksburst.plan.PlannerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Observe → plan → log the plan → apply, for the whole cluster, under the cluster's lock. Every
 * trigger ends here; it only changes how soon this runs.
 */
public final class Reconciler {
  private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

  private final ClusterPorts ports;
  private final Planner planner;
  private final PlannerConfig config;
  private final Clock clock;
  private final boolean globalDryRun;
  private final Duration lockWait;
  private final Applier applier;
  private final String holder;
  private final Consumer<ReconcileResult> observer;

  /**
   * @param globalDryRun {@code AKSBURST_DRY_RUN}: every reconcile plans and writes nothing
   * @param lockWait how long to wait for a busy lock before answering LOCK_BUSY
   */
  public Reconciler(
      ClusterPorts ports,
      Planner planner,
      PlannerConfig config,
      Clock clock,
      boolean globalDryRun,
      Duration lockWait,
      String holder) {
    this(ports, planner, config, clock, globalDryRun, lockWait, holder, result -> {});
  }

  /** As above; {@code observer} sees every result (metrics), after the lock is released. */
  public Reconciler(
      ClusterPorts ports,
      Planner planner,
      PlannerConfig config,
      Clock clock,
      boolean globalDryRun,
      Duration lockWait,
      String holder,
      Consumer<ReconcileResult> observer) {
    this.observer = java.util.Objects.requireNonNull(observer, "observer");
    this.ports = ports;
    this.planner = planner;
    this.config = config;
    this.clock = clock;
    this.globalDryRun = globalDryRun;
    this.lockWait = lockWait;
    this.holder = holder;
    this.applier = new Applier(ports, clock, config.maxPoolNodes());
  }

  public ClusterPorts ports() {
    return ports;
  }

  public PlannerConfig config() {
    return config;
  }

  public Clock clock() {
    return clock;
  }

  /** Observes the cluster: Kubernetes side, pools from ARM and recorded pool states. */
  public ClusterSnapshot observe() {
    ClusterSnapshot k8s = ports.reader().read();
    List<String> problems = new ArrayList<>(k8s.problems());
    List<NodePoolView> pools;
    try {
      pools = ports.pools().describe();
    } catch (RuntimeException e) {
      pools = List.of();
      problems.add("node pools could not be read: " + e.getMessage());
      LOG.log(Level.WARNING, "node pools could not be read: " + e.getMessage(), e);
    }
    Map<String, PoolState> states = ports.poolStates().readAll();
    ClusterSnapshot withPools = k8s.withPools(pools, states);
    return new ClusterSnapshot(
        withPools.clusterId(),
        withPools.observedAt(),
        withPools.workloads(),
        withPools.nodes(),
        withPools.disruptionBudgets(),
        withPools.pools(),
        withPools.poolStates(),
        problems,
        withPools.daemonSets());
  }

  /** Every stored intent of every opted-in workload. */
  public static List<Intent> storedIntents(ClusterSnapshot snapshot) {
    List<Intent> all = new ArrayList<>();
    for (WorkloadView w : snapshot.workloads()) {
      all.addAll(w.state().intents());
    }
    return all;
  }

  public ReconcileResult reconcile(ReconcileContext ctx) {
    Optional<ReconcileLock.Held> held = acquire();
    if (held.isEmpty()) {
      LOG.info(ctx.tag() + " another reconcile of " + ports.clusterId() + " holds the lock");
      return new ReconcileResult(
          ctx,
          ReconcileResult.Status.LOCK_BUSY,
          Optional.empty(),
          Plan.EMPTY,
          List.of(),
          Optional.empty());
    }
    ReconcileResult result;
    try (ReconcileLock.Held lock = held.get()) {
      result = reconcileLocked(ctx);
    }
    observer.accept(result);
    return result;
  }

  private ReconcileResult reconcileLocked(ReconcileContext ctx) {
    ClusterSnapshot snapshot;
    try {
      snapshot = observe();
    } catch (RuntimeException e) {
      String why = "could not observe cluster " + ports.clusterId() + ": " + e.getMessage();
      LOG.log(Level.WARNING, ctx.tag() + " " + why, e);
      return new ReconcileResult(
          ctx,
          ReconcileResult.Status.FAILED,
          Optional.empty(),
          Plan.EMPTY,
          List.of(),
          Optional.of(why));
    }
    List<Intent> intents = new ArrayList<>(storedIntents(snapshot));
    intents.addAll(ctx.extraIntents());
    Instant now = clock.instant();
    Plan plan = planner.plan(snapshot, intents, config, now);
    boolean dry = ctx.dryRun() || globalDryRun;
    logPlan(ctx, plan, dry);
    if (dry) {
      List<ActionOutcome> outcomes =
          plan.actions().stream().map(a -> ActionOutcome.skipped(a, "dry run")).toList();
      return new ReconcileResult(
          ctx,
          ReconcileResult.Status.DRY_RUN,
          Optional.of(snapshot),
          plan,
          outcomes,
          Optional.empty());
    }
    List<ActionOutcome> outcomes = applier.apply(plan, snapshot, ctx);
    for (Note note : plan.notes()) {
      note.workload()
          .ifPresent(w -> applier.event(ctx, w, note.reason(), note.message(), note.warning()));
    }
    return new ReconcileResult(
        ctx, ReconcileResult.Status.DONE, Optional.of(snapshot), plan, outcomes, Optional.empty());
  }

  private Optional<ReconcileLock.Held> acquire() {
    long deadline = System.nanoTime() + lockWait.toNanos();
    while (true) {
      Optional<ReconcileLock.Held> held = ports.lock().tryAcquire(holder);
      if (held.isPresent() || System.nanoTime() >= deadline) {
        return held;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  private static void logPlan(ReconcileContext ctx, Plan plan, boolean dry) {
    String mode = dry ? " (dry run: nothing is written)" : "";
    if (plan.actions().isEmpty()) {
      LOG.fine(ctx.tag() + " plan: no action" + mode);
    } else {
      StringBuilder sb = new StringBuilder(ctx.tag()).append(" plan").append(mode).append(':');
      for (Action a : plan.actions()) {
        sb.append("\n  ")
            .append(a.kind())
            .append(' ')
            .append(a.target())
            .append(" (")
            .append(a.policy())
            .append(": ")
            .append(a.reason())
            .append(')');
      }
      LOG.info(sb.toString());
    }
    for (Note n : plan.notes()) {
      LOG.info(
          ctx.tag()
              + " note "
              + n.reason()
              + " "
              + n.workload().map(Object::toString).orElse("-")
              + ": "
              + n.message());
    }
  }
}
