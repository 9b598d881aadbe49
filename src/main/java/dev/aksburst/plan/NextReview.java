package dev.aksburst.plan;

import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When the next reconcile is due: the earliest instant after {@code now} at which something the
 * planner waits for ends (an intent opens, pre-warms, closes or may be pruned; a scale-in cooldown,
 * pool hold (after the last scale-out and after the last intent ended), backfill timeout or
 * backoff, pool write hold ({@link PoolWritePolicy}) or upgrade pause runs out). Empty when nothing
 * is pending; a reconcile at that instant may still find nothing to do.
 */
public final class NextReview {
  private NextReview() {}

  /**
   * @param applied the actions this reconcile wrote at {@code now} (their cooldowns and holds start
   *     now; the snapshot was observed before them)
   */
  public static Optional<Instant> at(
      ClusterSnapshot snapshot,
      List<Intent> intents,
      PlannerConfig config,
      Instant now,
      List<Action> applied) {
    List<Instant> due = new ArrayList<>();
    for (Action a : applied) {
      if (a instanceof Action.ScaleDeployment || a instanceof Action.SetHpaMinReplicas) {
        due.add(now.plus(config.scaleInCooldown()));
      } else if (a instanceof Action.ScaleNodePool) {
        due.add(now.plus(config.poolHold()));
      }
    }
    boolean poolHeld =
        snapshot.poolStates().values().stream().anyMatch(st -> st.baseline().isPresent())
            || applied.stream()
                .anyMatch(a -> a instanceof Action.ScaleNodePool p && !p.restoresBaseline());
    for (Intent i : intents) {
      i.leadTime().ifPresent(l -> due.add(i.from().minus(l)));
      due.add(i.from());
      i.until()
          .ifPresent(
              u -> {
                due.add(u);
                due.add(u.plus(config.intentRetention()));
                if (poolHeld) {
                  // A pool grown for the burst is restored poolHold after its last intent ended.
                  due.add(u.plus(config.poolHold()));
                }
              });
    }
    for (WorkloadView w : snapshot.workloads()) {
      Bookkeeping bk = w.state().bookkeeping();
      bk.lastScaleUp().ifPresent(t -> due.add(t.plus(config.scaleInCooldown())));
      bk.lastScaleDown().ifPresent(t -> due.add(t.plus(AciPacing.WINDOW)));
      if (poolHeld) {
        // A pool whose burst settled lower follows it down poolHold after the lowering.
        bk.lastScaleDown().ifPresent(t -> due.add(t.plus(config.poolHold())));
      }
      bk.backfill().ifPresent(b -> due.add(b.startedAt().plus(config.backfillTimeout())));
      bk.backfillBackoffUntil().ifPresent(due::add);
    }
    for (PoolState st : snapshot.poolStates().values()) {
      st.retryNotBefore().ifPresent(due::add);
      st.lastScaleOut().ifPresent(t -> due.add(t.plus(config.poolHold())));
      st.rollingSince().ifPresent(t -> due.add(t.plus(config.rollingPauseLimit())));
    }
    for (NodePoolView pool : snapshot.pools()) {
      // The same rule the planner and the applier hold writes by (a failed operation's hold).
      config
          .poolWrites()
          .hold(pool, snapshot.poolState(pool.name()), now)
          .flatMap(PoolWritePolicy.Hold::until)
          .ifPresent(due::add);
    }
    return due.stream().filter(now::isBefore).min(Comparator.naturalOrder());
  }
}
