package dev.aksburst.reconcile;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.NextReview;
import dev.aksburst.plan.Note;
import dev.aksburst.plan.Plan;
import dev.aksburst.plan.Planner;
import dev.aksburst.plan.PlannerConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Observe → plan → log the plan → apply, for the whole cluster, under the cluster's lock. Every
 * trigger ends here; it only changes how soon this runs.
 *
 * <p>Triggers of one process take turns on an in-process lock before they try the cluster's lock
 * (so a burst of duplicates costs no Lease writes), and a trigger whose intents the last reconcile
 * already saw, moments ago, is answered without reconciling again ({@link #reconcileFor}).
 */
public final class Reconciler {
  private static final Logger LOG = Logger.getLogger(Reconciler.class.getName());

  /**
   * @param lockWait how long a trigger waits for a busy lock before answering LOCK_BUSY
   * @param coalesceWithin a reconcile that finished less than this ago answers for a trigger whose
   *     intents it already saw; zero turns coalescing off
   */
  public record Timing(Duration lockWait, Duration coalesceWithin) {
    public Timing {
      Objects.requireNonNull(lockWait);
      Objects.requireNonNull(coalesceWithin);
    }

    /** No coalescing: every trigger reconciles. */
    public static Timing waiting(Duration lockWait) {
      return new Timing(lockWait, Duration.ZERO);
    }
  }

  /** The last reconcile that applied a plan: when it finished and which intents it saw. */
  private record LastRun(Instant finishedAt, Set<Intent> seen, Optional<Instant> next) {}

  private final ClusterPorts ports;
  private final Planner planner;
  private final PlannerConfig config;
  private final Clock clock;
  private final Timing timing;
  private final Applier applier;
  private final String holder;
  private final Consumer<ReconcileResult> observer;
  private final EconomicsSource economics;
  private final ReentrantLock inProcess = new ReentrantLock(true);
  private volatile LastRun last;

  /**
   * @param mode {@code DRY_RUN} for {@code AKSBURST_DRY_RUN}: every reconcile plans and writes
   *     nothing
   */
  public Reconciler(
      ClusterPorts ports,
      Planner planner,
      PlannerConfig config,
      Clock clock,
      ApplyMode mode,
      Timing timing,
      String holder) {
    this(ports, planner, config, clock, mode, timing, holder, result -> {});
  }

  /** As above; {@code observer} sees every result (metrics), after the lock is released. */
  public Reconciler(
      ClusterPorts ports,
      Planner planner,
      PlannerConfig config,
      Clock clock,
      ApplyMode mode,
      Timing timing,
      String holder,
      Consumer<ReconcileResult> observer) {
    this(ports, planner, config, clock, mode, timing, holder, observer, EconomicsSource.CONFIGURED);
  }

  /** As above; {@code economics} fills each reconcile's prices from what it observed. */
  public Reconciler(
      ClusterPorts ports,
      Planner planner,
      PlannerConfig config,
      Clock clock,
      ApplyMode mode,
      Timing timing,
      String holder,
      Consumer<ReconcileResult> observer,
      EconomicsSource economics) {
    this.observer = Objects.requireNonNull(observer, "observer");
    this.economics = Objects.requireNonNull(economics, "economics");
    this.ports = ports;
    this.planner = planner;
    this.config = config;
    this.clock = clock;
    this.timing = timing;
    this.holder = holder;
    this.applier = new Applier(ports, clock, config, mode);
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

  /** The planner's knobs for this snapshot: the configured ones with the price book's prices. */
  public PlannerConfig configFor(ClusterSnapshot snapshot, Instant now) {
    return config.withEconomics(economics.economics(snapshot, config.economics(), now));
  }

  /** What the planner would do on {@code snapshot} now, without applying anything (status). */
  public Plan preview(ClusterSnapshot snapshot) {
    Instant now = clock.instant();
    return planner.plan(snapshot, storedIntents(snapshot), configFor(snapshot, now), now);
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
        withPools.daemonSets(),
        withPools.virtualNodeSet(),
        withPools.placeholders(),
        java.util.OptionalInt.of(config.maxPoolNodes()));
  }

  /** Every stored intent of every opted-in workload. */
  public static List<Intent> storedIntents(ClusterSnapshot snapshot) {
    List<Intent> all = new ArrayList<>();
    for (WorkloadView w : snapshot.workloads()) {
      all.addAll(w.state().intents());
    }
    return all;
  }

  /** Reconciles the cluster now (after any reconcile of it that is running). */
  public ReconcileResult reconcile(ReconcileContext ctx) {
    return run(ctx, List.of());
  }

  /**
   * Reconciles for a trigger that recorded {@code recorded} (as stored): when the last reconcile of
   * this cluster saw every one of them and finished within {@link Timing#coalesceWithin()}, it
   * answers COALESCED without taking the cluster's lock. With nothing recorded this is {@link
   * #reconcile}.
   */
  public ReconcileResult reconcileFor(ReconcileContext ctx, List<Intent> recorded) {
    return run(ctx, List.copyOf(recorded));
  }

  private ReconcileResult run(ReconcileContext ctx, List<Intent> recorded) {
    ReconcileResult result = guarded(ctx, recorded);
    observer.accept(result);
    return result;
  }

  private ReconcileResult guarded(ReconcileContext ctx, List<Intent> recorded) {
    Optional<ReconcileResult> early = coalesced(ctx, recorded);
    if (early.isPresent()) {
      return early.get();
    }
    long deadline = System.nanoTime() + timing.lockWait().toNanos();
    boolean mine;
    try {
      mine = inProcess.tryLock(timing.lockWait().toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      mine = false;
    }
    if (!mine) {
      return coalesced(ctx, recorded).orElseGet(() -> busy(ctx));
    }
    try {
      early = coalesced(ctx, recorded);
      if (early.isPresent()) {
        return early.get();
      }
      Optional<ReconcileLock.Held> held = acquire(deadline);
      if (held.isEmpty()) {
        return busy(ctx);
      }
      try (ReconcileLock.Held lock = held.get()) {
        return reconcileLocked(ctx, true);
      }
    } finally {
      inProcess.unlock();
    }
  }

  private Optional<ReconcileResult> coalesced(ReconcileContext ctx, List<Intent> recorded) {
    LastRun l = last;
    if (recorded.isEmpty() || ctx.dryRun() || l == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    // Strictly within: no coalescing at all when coalesceWithin is zero, even on a clock that
    // did not move since that reconcile (a fixed or virtual clock).
    if (!now.isBefore(l.finishedAt().plus(timing.coalesceWithin()))
        || !l.seen().containsAll(recorded)) {
      return Optional.empty();
    }
    LOG.info(
        ctx.tag()
            + " coalesced: the reconcile of "
            + ports.clusterId()
            + " that finished at "
            + l.finishedAt()
            + " already saw "
            + recorded.stream().map(Intent::id).toList());
    return Optional.of(ReconcileResult.coalesced(ctx, l.finishedAt(), l.next()));
  }

  private ReconcileResult busy(ReconcileContext ctx) {
    LOG.info(ctx.tag() + " another reconcile of " + ports.clusterId() + " holds the lock");
    return ReconcileResult.lockBusy(ctx);
  }

  private ReconcileResult reconcileLocked(ReconcileContext ctx, boolean mayReplan) {
    ClusterSnapshot snapshot;
    try {
      snapshot = observe();
    } catch (RuntimeException e) {
      String why = "could not observe cluster " + ports.clusterId() + ": " + e.getMessage();
      LOG.log(Level.WARNING, ctx.tag() + " " + why, e);
      return ReconcileResult.failed(ctx, why);
    }
    List<Intent> intents = new ArrayList<>(storedIntents(snapshot));
    intents.addAll(ctx.extraIntents());
    Instant now = clock.instant();
    PlannerConfig priced = configFor(snapshot, now);
    Plan plan = planner.plan(snapshot, intents, priced, now);
    ApplyMode applyMode = applier.mode(ctx);
    logPlan(ctx, plan, applyMode);
    List<ActionOutcome> outcomes = applier.apply(plan, snapshot, ctx, LiveValues.of(ports));
    Optional<Instant> next =
        NextReview.at(
            snapshot,
            intents,
            priced,
            now,
            outcomes.stream()
                .filter(o -> o.status() == ActionOutcome.Status.APPLIED)
                .map(ActionOutcome::action)
                .toList());
    if (applyMode == ApplyMode.DRY_RUN) {
      return ReconcileResult.dryRun(ctx, snapshot, plan, outcomes, next);
    }
    boolean stale =
        outcomes.stream()
            .anyMatch(o -> o.cause().equals(Optional.of(ActionOutcome.Cause.STALE_PLAN)));
    if (stale && mayReplan) {
      LOG.info(ctx.tag() + " the cluster changed under the plan: re-planning once");
      ReconcileResult again = reconcileLocked(ctx, false);
      List<ActionOutcome> all = new ArrayList<>(outcomes);
      all.addAll(again.outcomes());
      return again.snapshot().isPresent()
          ? ReconcileResult.done(
              ctx, again.snapshot().get(), again.plan(), all, again.nextReconcileAt())
          : again;
    }
    for (Note note : plan.notes()) {
      note.workload()
          .ifPresent(w -> applier.event(ctx, w, note.reason(), note.message(), note.warning()));
    }
    last = new LastRun(clock.instant(), new HashSet<>(storedIntents(snapshot)), next);
    return ReconcileResult.done(ctx, snapshot, plan, outcomes, next);
  }

  /**
   * Tries the cluster's lock until {@code deadline} (a {@link System#nanoTime()}), at least once.
   */
  private Optional<ReconcileLock.Held> acquire(long deadline) {
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

  private static void logPlan(ReconcileContext ctx, Plan plan, ApplyMode mode) {
    String suffix = mode == ApplyMode.DRY_RUN ? " (dry run: nothing is written)" : "";
    if (plan.actions().isEmpty()) {
      LOG.fine(ctx.tag() + " plan: no action" + suffix);
    } else {
      StringBuilder sb = new StringBuilder(ctx.tag()).append(" plan").append(suffix).append(':');
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
