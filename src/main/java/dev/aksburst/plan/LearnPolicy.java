package dev.aksburst.plan;

import dev.aksburst.model.BurstState;
import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.LearnMode;
import dev.aksburst.model.LearnedWindow;
import dev.aksburst.model.PastBurst;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.RecurrenceDetector.Recurrence;
import dev.aksburst.plan.RecurrenceDetector.Surge;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Learns windows from a workload's recurring surges ({@link RecurrenceDetector}) and keeps the
 * workload's learned windows in its state, so each is announced once: {@code WindowLearned} when a
 * recurrence becomes confident, {@code WindowDropped} when a learned window stops matching reality
 * (its last two days had no surge) or the history no longer shows it. Between those, its figures
 * follow the history without an Event.
 *
 * <p>A learned window opens at the earliest start seen, {@link #ALERT_LATENESS} earlier when alerts
 * are among its surges (an alert fires after the surge began), closes at the median end, holds the
 * highest floor seen, and pre-warms the VM pool {@link #leadTime} before it opens. It acts (as a
 * scheduled window, through the windows timer) only under {@code aksburst.dev/learn: act}; whether
 * its pre-warm grows VMs or leaves the pods to ACI is the capacity decision's, as for any window.
 */
final class LearnPolicy {
  static final String NAME = LearnPolicy.class.getSimpleName();

  /** Azure Monitor fires a metric alert one to five minutes after the metric crossed. */
  static final Duration ALERT_LATENESS = Duration.ofMinutes(5);

  /** One period of the windows timer plus a reconcile: the pre-warm's own delay. */
  static final Duration TIMER_MARGIN = Duration.ofMinutes(2);

  private final RecurrenceDetector.Rules rules;

  LearnPolicy() {
    this(RecurrenceDetector.Rules.DEFAULTS);
  }

  LearnPolicy(RecurrenceDetector.Rules rules) {
    this.rules = rules;
  }

  /** The lead time of a learned window: the node boot plus the timer's own margin. */
  static Duration leadTime(Duration nodeBoot) {
    return nodeBoot.plus(TIMER_MARGIN);
  }

  private static Duration lead(Optional<Duration> observed, PlanInputs in) {
    return leadTime(observed.orElse(in.config().economics().nodeBoot()));
  }

  /**
   * How long the workload's pool took to boot the last time aks-burst grew it: from the pool write
   * to the last of the nodes that turned Ready since then (new nodes, and in a Deallocate pool the
   * deallocated nodes it started, whose Node objects are older than the write). Empty while none of
   * them is Ready, or when the pool was never grown or those nodes are gone.
   */
  static Optional<Duration> observedBoot(WorkloadView w, PlanInputs in) {
    Optional<String> pool = in.poolChoice(w.ref()).name();
    if (pool.isEmpty()) {
      return Optional.empty();
    }
    return bootSeen(pool.get(), in).or(() -> in.snapshot().poolState(pool.get()).lastBoot());
  }

  /**
   * The boot the pool's nodes show now: from aks-burst's last write to the last node Ready since
   * (within the provisioning grace), while those nodes exist.
   */
  static Optional<Duration> bootSeen(String pool, PlanInputs in) {
    Optional<Instant> wrote = in.snapshot().poolState(pool).lastScaleOut();
    if (wrote.isEmpty()) {
      return Optional.empty();
    }
    return in.poolNodes(pool).stream()
        .filter(n -> n.readySince().isPresent() && !n.readySince().get().isBefore(wrote.get()))
        .map(n -> Duration.between(wrote.get(), n.readySince().get()))
        .filter(d -> !d.isNegative() && d.compareTo(PlanInputs.PROVISIONING_GRACE) <= 0)
        .max(Duration::compareTo);
  }

  /**
   * Records each pool's boot as its nodes show it, when it differs from the recorded one by more
   * than {@link #BOOT_CHANGE} (a pool's boot grows as its later nodes turn Ready).
   */
  static Proposal recordBoots(PlanInputs in) {
    List<Action> out = new ArrayList<>();
    for (dev.aksburst.model.NodePoolView pool : in.snapshot().pools()) {
      Optional<Duration> seen = bootSeen(pool.name(), in);
      Optional<Duration> kept = in.snapshot().poolState(pool.name()).lastBoot();
      if (seen.isPresent()
          && (kept.isEmpty() || kept.get().minus(seen.get()).abs().compareTo(BOOT_CHANGE) > 0)) {
        out.add(
            new Action.RecordPoolBoot(
                pool.name(),
                seen.get(),
                NAME,
                "node pool "
                    + pool.name()
                    + " grew in "
                    + seen.get().toSeconds()
                    + " s (write to its last new node Ready): remembered for later bursts"));
      }
    }
    return Proposal.of(out);
  }

  /** A recorded boot is rewritten when the nodes show one this much longer or shorter. */
  static final Duration BOOT_CHANGE = Duration.ofSeconds(10);

  Proposal plan(WorkloadView w, PlanInputs in) {
    List<LearnedWindow> stored = w.state().learned();
    LearnMode mode = w.policy().learnOrDefault();
    Optional<ZoneId> zone = zone(w.policy().learnZoneOrDefault());
    if (mode == LearnMode.OFF || zone.isEmpty()) {
      return stored.isEmpty()
          ? Proposal.NONE
          : Proposal.of(
              List.of(
                  new Action.RecordLearnedWindows(
                      w.ref(),
                      List.of(),
                      NAME,
                      "aksburst.dev/learn is off: forget learned windows")));
    }
    Instant now = in.now();
    List<Recurrence> found =
        RecurrenceDetector.detect(surges(w.state(), now), zone.get(), now, rules);
    Optional<Duration> observed = observedBoot(w, in);
    List<LearnedWindow> next = new ArrayList<>();
    List<Note> notes = new ArrayList<>();
    Set<Recurrence> used = new HashSet<>();
    for (LearnedWindow s : stored) {
      Optional<Recurrence> r =
          found.stream().filter(f -> !used.contains(f) && matches(s, f)).findFirst();
      r.ifPresent(used::add);
      if (s.dropped()) {
        if (r.isPresent()
            && r.get().confident()
            && sinceDrop(s, r.get(), zone.get()) >= rules.minOccurrences()) {
          LearnedWindow again = window(s.key(), r.get(), zone.get(), lead(observed, in), now);
          next.add(again);
          notes.add(learned(w, again, mode, "learned again"));
        } else if (r.isPresent()) {
          next.add(s);
        }
        continue;
      }
      if (r.isEmpty()) {
        LearnedWindow d = s.droppedAt(now, "the history no longer shows it recurring");
        next.add(d);
        notes.add(dropped(w, d));
      } else if (r.get().stopped()) {
        LearnedWindow d =
            s.droppedAt(
                now,
                "no surge came on "
                    + String.join(
                        " and ", r.get().lastMisses().stream().map(LocalDate::toString).toList()));
        next.add(d);
        notes.add(dropped(w, d));
      } else {
        // The lead time follows the last observed boot; without a new observation it stays.
        Duration lead = observed.map(LearnPolicy::leadTime).orElse(s.leadTime());
        LearnedWindow u = window(s.key(), r.get(), zone.get(), lead, s.learnedAt());
        next.add(u);
      }
    }
    for (Recurrence r : found) {
      if (used.contains(r) || !r.confident()) {
        continue;
      }
      LearnedWindow l = window(key(r, next), r, zone.get(), lead(observed, in), now);
      next.add(l);
      notes.add(learned(w, l, mode, "learned"));
    }
    next = bounded(next);
    if (next.equals(stored)) {
      return Proposal.NONE;
    }
    String reason =
        next.stream().filter(l -> !l.dropped()).count()
            + " learned windows, "
            + next.stream().filter(LearnedWindow::dropped).count()
            + " dropped";
    return new Proposal(
        List.of(new Action.RecordLearnedWindows(w.ref(), next, NAME, reason)), notes);
  }

  /**
   * What the history says was asked for: every finished floor kept in the history and every floor
   * still in the state (open ones up to now), each once.
   */
  static List<Surge> surges(BurstState state, Instant now) {
    List<Surge> out = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (PastBurst p : state.history()) {
      if (seen.add(p.key() + "@" + p.start())) {
        out.add(new Surge(p.start(), p.endedAt(), p.floor(), p.source()));
      }
    }
    for (Intent i : state.intents()) {
      if (i.from().isAfter(now) || !seen.add(PastBurst.historyKey(i) + "@" + i.from())) {
        continue;
      }
      Instant end = i.until().filter(u -> u.isBefore(now)).orElse(now);
      out.add(
          new Surge(i.from(), end.isBefore(i.from()) ? i.from() : end, i.replicas(), i.source()));
    }
    return out;
  }

  private static Optional<ZoneId> zone(String id) {
    try {
      return Optional.of(ZoneId.of(id));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** The same pattern and days, opening within the tolerance of each other. */
  private boolean matches(LearnedWindow s, Recurrence r) {
    if (s.pattern() != r.pattern() || !s.days().equals(opensOn(r))) {
      return false;
    }
    long a = opening(r).toSecondOfDay();
    long b = s.start().toSecondOfDay();
    long d = Math.abs(a - b);
    return Math.min(d, 86_400 - d) <= rules.tolerance().plus(ALERT_LATENESS).toSeconds();
  }

  private static int sinceDrop(LearnedWindow s, Recurrence r, ZoneId zone) {
    LocalDate dropped = s.droppedAt().orElseThrow().atZone(zone).toLocalDate();
    return (int) r.surgeDates().stream().filter(d -> d.isAfter(dropped)).count();
  }

  private static LocalTime opening(Recurrence r) {
    return r.sources().contains(IntentSource.ALERT) ? r.start().minus(ALERT_LATENESS) : r.start();
  }

  /** The days the window opens on: a slot opened before midnight by the alert lateness moves. */
  private static Set<java.time.DayOfWeek> opensOn(Recurrence r) {
    LocalTime open = opening(r);
    if (r.days().size() == 7 || !open.isAfter(r.start())) {
      return r.days();
    }
    Set<java.time.DayOfWeek> moved = java.util.EnumSet.noneOf(java.time.DayOfWeek.class);
    r.days().forEach(d -> moved.add(d.minus(1)));
    return moved;
  }

  private static LearnedWindow window(
      String key, Recurrence r, ZoneId zone, Duration lead, Instant learnedAt) {
    LocalTime open = opening(r);
    String why =
        r.explain(zone)
            + (open.equals(r.start())
                ? ""
                : "; opens " + ALERT_LATENESS.toMinutes() + " min before the earliest alert");
    return new LearnedWindow(
        key,
        r.pattern(),
        opensOn(r),
        open,
        r.end(),
        zone.getId(),
        r.replicas(),
        lead,
        r.occurrences(),
        r.expected(),
        Math.round(r.confidence() * 1000) / 1000.0,
        learnedAt,
        Optional.empty(),
        why);
  }

  private static String key(Recurrence r, List<LearnedWindow> taken) {
    String day =
        r.pattern() == LearnedWindow.Pattern.WEEKLY
            ? "-" + r.days().iterator().next().name().substring(0, 3).toLowerCase(Locale.ROOT)
            : "";
    String base = "learned:" + r.pattern().wireName() + day + "@" + opening(r);
    Set<String> keys = new HashSet<>();
    taken.forEach(t -> keys.add(t.key()));
    String k = base;
    for (int n = 2; keys.contains(k); n++) {
      k = base + "#" + n;
    }
    return k;
  }

  /** At most {@link BurstState#MAX_LEARNED}: the oldest dropped ones go first, then the oldest. */
  private static List<LearnedWindow> bounded(List<LearnedWindow> all) {
    List<LearnedWindow> kept = new ArrayList<>(all);
    kept.sort(Comparator.comparing(LearnedWindow::key));
    while (kept.size() > BurstState.MAX_LEARNED) {
      LearnedWindow victim =
          kept.stream()
              .min(
                  Comparator.comparing((LearnedWindow l) -> !l.dropped())
                      .thenComparing(LearnedWindow::learnedAt))
              .orElseThrow();
      kept.remove(victim);
    }
    return List.copyOf(kept);
  }

  private static Note learned(WorkloadView w, LearnedWindow l, LearnMode mode, String verb) {
    return Note.info(
        w.ref(),
        Note.Cause.WINDOW_LEARNED,
        EventReason.WINDOW_LEARNED,
        verb
            + " window "
            + l.key()
            + ": "
            + l.describe()
            + ", from "
            + l.why()
            + (mode == LearnMode.ACT
                ? "; it acts (aksburst.dev/learn: act)"
                : "; suggested only: aksburst.dev/learn: act makes it pre-warm"),
        NAME);
  }

  private static Note dropped(WorkloadView w, LearnedWindow l) {
    return Note.info(
        w.ref(),
        Note.Cause.WINDOW_DROPPED,
        EventReason.WINDOW_DROPPED,
        "dropped learned window " + l.key() + " (" + l.describe() + "): " + l.why(),
        NAME);
  }
}
