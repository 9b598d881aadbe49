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
import java.util.Objects;
import java.util.Optional;

/**
 * What holds a workload (or the VM pool it uses) where it is at {@code now}, and until when: the
 * timings of {@link PlannerConfig} and {@link PoolWritePolicy} as status and the {@code DELETE}
 * answer show them. Pure, and the same rules the policies plan with: the scale-in cooldown of
 * {@code DesiredReplicasPolicy}, the backfill backoff of {@code BackfillPolicy}, the pool hold of
 * {@code PoolRestorePolicy}, the upgrade pause of {@link PlanInputs#rolling} and the pool write
 * holds of {@link PoolWritePolicy#hold}.
 */
public final class Holds {
  private Holds() {}

  /** What holds. Wire names are the {@code heldBy} values of status. */
  public enum By {
    /** Replicas above what the intents want stay until the scale-in cooldown ends. */
    COOLDOWN("cooldown"),
    /** Extra VM nodes stay until the pool hold after the last burst ends. */
    HOLD("hold"),
    /** A backfill surge, or a write to the pool, waits after one that failed or was refused. */
    BACKOFF("backoff"),
    /** A node-pool upgrade pauses backfill, shedding and restore. */
    ROLLOUT("rollout"),
    /** An operation on the pool is running; nothing is written to it until it ends. */
    POOL_BUSY("pool-busy");

    private final String wire;

    By(String wire) {
      this.wire = wire;
    }

    public String wireName() {
      return wire;
    }
  }

  /**
   * One hold.
   *
   * @param until when it ends; empty when it ends with something outside (a running operation)
   * @param what what it holds, in words
   */
  public record Hold(By by, Optional<Instant> until, String what) {
    public Hold {
      Objects.requireNonNull(by);
      Objects.requireNonNull(until);
      Objects.requireNonNull(what);
    }
  }

  /** Every hold on {@code w} and its pool at {@code now}, the one that ends first first. */
  public static List<Hold> of(
      ClusterSnapshot observed, WorkloadView w, PlannerConfig config, Instant now) {
    ClusterSnapshot snapshot = observed.withMaxPoolNodes(config.maxPoolNodes());
    List<Hold> out = new ArrayList<>();
    Bookkeeping bk = w.state().bookkeeping();
    int wanted =
        Math.max(
            w.state().activeIntents(now).stream().mapToInt(Intent::replicas).max().orElse(0),
            bk.baselineReplicas().orElse(0));
    if (bk.lastScaleUp().isPresent() && w.specReplicas() > wanted) {
      Instant until = bk.lastScaleUp().get().plus(config.scaleInCooldown());
      if (now.isBefore(until)) {
        out.add(
            new Hold(
                By.COOLDOWN,
                Optional.of(until),
                w.ref()
                    + " stays at "
                    + w.specReplicas()
                    + " replicas (wants "
                    + wanted
                    + ") until the scale-in cooldown of "
                    + config.scaleInCooldown()
                    + " after its last raise ends"));
      }
    }
    bk.backfillBackoffUntil()
        .filter(now::isBefore)
        .ifPresent(
            u ->
                out.add(
                    new Hold(
                        By.BACKOFF,
                        Optional.of(u),
                        "the next backfill surge of "
                            + w.ref()
                            + " waits: the last one landed on virtual nodes")));
    Optional<String> poolName = snapshot.poolChoice(w).name();
    Optional<NodePoolView> pool = poolName.flatMap(snapshot::pool);
    if (pool.isPresent()) {
      pool(snapshot, pool.get(), config, now, out);
    }
    out.sort(Comparator.comparing((Hold h) -> h.until().orElse(Instant.MAX)));
    return out;
  }

  /**
   * The hold that ends last among those with a known end (a hold that ends with something outside,
   * like a running pool operation, only when no other holds): what keeps the workload and its pool
   * from being back where they were, and until when. Empty when nothing holds.
   */
  public static Optional<Hold> longest(List<Hold> holds) {
    Optional<Hold> timed =
        holds.stream()
            .filter(h -> h.until().isPresent())
            .max(Comparator.comparing((Hold h) -> h.until().get()));
    return timed.or(() -> holds.stream().findFirst());
  }

  private static void pool(
      ClusterSnapshot snapshot,
      NodePoolView pool,
      PlannerConfig config,
      Instant now,
      List<Hold> out) {
    PoolState st = snapshot.poolState(pool.name());
    if (st.rollingPaused(now, config.rollingPauseLimit())) {
      out.add(
          new Hold(
              By.ROLLOUT,
              Optional.of(st.rollingSince().get().plus(config.rollingPauseLimit())),
              "node pool "
                  + pool.name()
                  + " is being upgraded: backfill, shedding and restore pause until it ends"
                  + " (at most "
                  + config.rollingPauseLimit()
                  + ")"));
    } else if (pool.upgrading()) {
      out.add(
          new Hold(
              By.ROLLOUT,
              Optional.empty(),
              "node pool "
                  + pool.name()
                  + " is being upgraded: backfill, shedding and restore pause until it ends"));
    }
    config
        .poolWrites()
        .hold(pool, st, now)
        .ifPresent(
            h ->
                out.add(
                    new Hold(
                        h.cause() == PoolWritePolicy.Cause.POOL_BUSY ? By.POOL_BUSY : By.BACKOFF,
                        h.until(),
                        h.message())));
    if (st.baseline().isEmpty() || pool.writtenValue() <= st.baseline().getAsInt()) {
      return;
    }
    List<WorkloadView> users =
        snapshot.workloads().stream()
            .filter(x -> snapshot.poolChoice(x).name().equals(Optional.of(pool.name())))
            .toList();
    if (users.stream().anyMatch(x -> !x.state().activeIntents(now).isEmpty())) {
      return; // a burst still runs on the pool: its nodes are in use, not held
    }
    Instant since = st.lastScaleOut().orElse(Instant.EPOCH);
    for (WorkloadView x : users) {
      for (Intent i : x.state().intents()) {
        if (i.expiredAt(now) && i.until().get().isAfter(since)) {
          since = i.until().get();
        }
      }
    }
    Instant until = since.plus(config.poolHold());
    if (now.isBefore(until)) {
      out.add(
          new Hold(
              By.HOLD,
              Optional.of(until),
              "node pool "
                  + pool.name()
                  + " keeps "
                  + pool.writtenValue()
                  + " nodes (baseline "
                  + st.baseline().getAsInt()
                  + ") for the pool hold of "
                  + config.poolHold()
                  + " after its last burst"));
    }
  }
}
