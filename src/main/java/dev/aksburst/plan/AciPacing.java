package dev.aksburst.plan;

import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.PodView;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps a workload's ACI creates and deletes within the region's rates ({@link
 * Economics.AciLimits#createsPer5Min()}, {@link Economics.AciLimits#deletesPer5Min()}), so ACI
 * never has to refuse them.
 *
 * <ul>
 *   <li>The raise: new pods beyond the free room of the pool's Ready VM nodes go to ACI; they are
 *       at most the creates left in the last 5 minutes (pods on virtual nodes created within them,
 *       of every workload, have used theirs). A raise above that is written in steps across
 *       reconciles, each step as slots free or VM room appears.
 *   <li>The shed: a lowering deletes the workload's ACI pods first; it deletes at most {@code
 *       deletesPer5Min} of them, and a lowering that would delete ACI pods waits while the last
 *       scale-down of the workload is less than 5 minutes old (the state keeps when, not how many).
 *   <li>The backfill: a surge is at most {@code deletesPer5Min} pods, as it deletes as many ACI
 *       pods.
 * </ul>
 */
final class AciPacing {
  static final String NAME = AciPacing.class.getSimpleName();

  /** ACI counts its create and delete rates over 5 minutes. */
  static final Duration WINDOW = Duration.ofMinutes(5);

  /**
   * A desire within the rates, with the Note that says so when they changed it.
   *
   * @param held a lowering waits for the delete rate: nothing else (no backfill) moves this time
   */
  record Paced(Desire desire, Optional<Note> note, boolean held) {}

  /** Creates ACI still allows in the sliding window ending now, over every workload. */
  static int createsLeft(PlanInputs in) {
    Instant since = in.now().minus(WINDOW);
    int used = 0;
    for (WorkloadView o : in.workloads()) {
      for (PodView p : in.virtualPods(o)) {
        if (p.created().isAfter(since)) {
          used++;
        }
      }
    }
    return Math.max(0, in.config().economics().limits().createsPer5Min() - used);
  }

  /** The largest backfill surge the delete rate allows. */
  static int surgeLimit(PlanInputs in) {
    return in.config().economics().limits().deletesPer5Min();
  }

  Paced pace(Desire d, PlanInputs in) {
    if (d.raises()) {
      return raise(d, in);
    }
    if (d.lowers()) {
      return lower(d, in);
    }
    return new Paced(d, Optional.empty(), false);
  }

  private static Paced raise(Desire d, PlanInputs in) {
    WorkloadView w = d.workload();
    if (!w.burstReady()) {
      return new Paced(d, Optional.empty(), false);
    }
    int newPods = d.desired() - d.current();
    int vmRoom = vmRoom(w, in, newPods);
    int left = createsLeft(in);
    if (newPods - vmRoom <= left) {
      return new Paced(d, Optional.empty(), false);
    }
    int step = d.current() + vmRoom + left;
    Economics.AciLimits limits = in.config().economics().limits();
    Note note =
        Note.info(
            w.ref(),
            Note.Cause.ACI_RATE,
            EventReason.BURST_BLOCKED,
            "raise "
                + d.current()
                + " -> "
                + d.desired()
                + " paced by ACI's create rate: "
                + step
                + " now ("
                + vmRoom
                + " fit Ready VMs, "
                + left
                + " of "
                + limits.createsPer5Min()
                + " ACI creates per 5 minutes are left), the rest in the next reconciles"
                + " (AKSBURST_ACI_CREATES_PER_5MIN)",
            NAME);
    return new Paced(with(d, step), Optional.of(note), false);
  }

  private static Paced lower(Desire d, PlanInputs in) {
    WorkloadView w = d.workload();
    int aciPods = in.virtualPods(w).size();
    int aciDeletes = Math.min(aciPods, d.current() - d.desired());
    if (aciDeletes == 0) {
      return new Paced(d, Optional.empty(), false);
    }
    Economics.AciLimits limits = in.config().economics().limits();
    Bookkeeping bk = w.state().bookkeeping();
    Optional<Instant> last = bk.lastScaleDown();
    // The wait continues a lowering that was paced; a raise since the last scale-down starts a new
    // burst whose shed is not the rest of that one (its deletes, at most the rate, go at once).
    boolean raisedSince =
        last.isPresent() && bk.lastScaleUp().map(up -> up.isAfter(last.get())).orElse(false);
    if (last.isPresent() && !raisedSince && in.now().isBefore(last.get().plus(WINDOW))) {
      Note note =
          Note.info(
              w.ref(),
              Note.Cause.ACI_RATE,
              EventReason.SHED,
              "holding "
                  + w.ref()
                  + " at "
                  + d.current()
                  + " (wants "
                  + d.desired()
                  + "): ACI allows "
                  + limits.deletesPer5Min()
                  + " deletes per 5 minutes and the last scale-down was at "
                  + last.get()
                  + "; the next step at "
                  + last.get().plus(WINDOW)
                  + " (AKSBURST_ACI_DELETES_PER_5MIN)",
              NAME);
      return new Paced(with(d, d.current()), Optional.of(note), true);
    }
    if (aciDeletes <= limits.deletesPer5Min()) {
      return new Paced(d, Optional.empty(), false);
    }
    int step = d.current() - limits.deletesPer5Min();
    Note note =
        Note.info(
            w.ref(),
            Note.Cause.ACI_RATE,
            EventReason.SHED,
            "lower "
                + d.current()
                + " -> "
                + d.desired()
                + " paced by ACI's delete rate: "
                + step
                + " now ("
                + limits.deletesPer5Min()
                + " of its "
                + aciPods
                + " ACI pods; ACI allows "
                + limits.deletesPer5Min()
                + " deletes per 5 minutes), the next step in 5 minutes"
                + " (AKSBURST_ACI_DELETES_PER_5MIN)",
            NAME);
    return new Paced(with(d, step), Optional.of(note), false);
  }

  /** Room for new pods of the workload on the free room of its pool's Ready VM nodes. */
  private static int vmRoom(WorkloadView w, PlanInputs in, int limit) {
    Optional<String> pool = in.poolChoice(w.ref()).name();
    if (pool.isEmpty()) {
      return 0;
    }
    int pending = in.unscheduled(w).size();
    Packer packer = new Packer(in.freeBins(pool.get()));
    int room = packer.placeUpTo(w.podRequests(), w.placement(), limit + pending);
    return Math.max(0, room - pending);
  }

  private static Desire with(Desire d, int desired) {
    return new Desire(
        d.workload(), d.current(), d.baseline(), d.floor(), d.sizingDesired(), desired, d.notes());
  }
}
