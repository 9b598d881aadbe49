package dev.aksburst.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The controller-owned {@code aksburst.dev/state} annotation: the workload's intents, its burst
 * bookkeeping, the last applied plan and the lengths of its past alert bursts. Written only by
 * compare-and-swap.
 *
 * @param history finished floors (alert, manual, event, window), oldest first, at most {@link
 *     #MAX_HISTORY_PER_KEY} per key (alert rule, window) and {@link #MAX_HISTORY} in all: a floor
 *     that leaves the state (pruned, or replaced by a new occurrence of the same intent) is
 *     remembered here
 * @param learned the windows learned from the history, as last announced (at most {@link
 *     #MAX_LEARNED}); dropped ones stay until the history no longer shows them
 * @param shedAudit the last scale-in of a workload whose deletion costs Karpenter manages, until
 *     the next reconcile compares what the ReplicaSet deleted with what was marked
 */
public record BurstState(
    List<Intent> intents,
    Bookkeeping bookkeeping,
    List<PlanEntry> lastPlan,
    List<PastBurst> history,
    List<LearnedWindow> learned,
    Optional<ShedAudit> shedAudit) {
  /** Bounds that keep the annotation small (annotations total at most 256 KiB per object). */
  public static final int MAX_INTENTS = 64;

  public static final int MAX_PLAN_ENTRIES = 20;

  public static final int MAX_HISTORY_PER_KEY = 8;

  public static final int MAX_HISTORY = 32;

  public static final int MAX_LEARNED = 8;

  public static final BurstState EMPTY = new BurstState(List.of(), Bookkeeping.EMPTY, List.of());

  public BurstState {
    intents = List.copyOf(intents);
    Objects.requireNonNull(bookkeeping);
    lastPlan = List.copyOf(lastPlan);
    history = bounded(history);
    learned = List.copyOf(learned);
    Objects.requireNonNull(shedAudit, "shedAudit");
    if (learned.size() > MAX_LEARNED) {
      throw new IllegalArgumentException(
          learned.size() + " learned windows, above the limit of " + MAX_LEARNED);
    }
  }

  /** A state with no scale-in to audit. */
  public BurstState(
      List<Intent> intents,
      Bookkeeping bookkeeping,
      List<PlanEntry> lastPlan,
      List<PastBurst> history,
      List<LearnedWindow> learned) {
    this(intents, bookkeeping, lastPlan, history, learned, Optional.empty());
  }

  /** A state with no history of past bursts. */
  public BurstState(List<Intent> intents, Bookkeeping bookkeeping, List<PlanEntry> lastPlan) {
    this(intents, bookkeeping, lastPlan, List.of());
  }

  /** A state with no learned windows. */
  public BurstState(
      List<Intent> intents,
      Bookkeeping bookkeeping,
      List<PlanEntry> lastPlan,
      List<PastBurst> history) {
    this(intents, bookkeeping, lastPlan, history, List.of());
  }

  /** Past lengths of the floor with this id, oldest first. */
  public List<Duration> pastLengths(String key) {
    return history.stream().filter(p -> p.key().equals(key)).map(PastBurst::length).toList();
  }

  private static List<PastBurst> bounded(List<PastBurst> all) {
    List<PastBurst> kept = new ArrayList<>();
    Map<String, Integer> perKey = new HashMap<>();
    for (int i = all.size() - 1; i >= 0 && kept.size() < MAX_HISTORY; i--) {
      PastBurst p = all.get(i);
      if (perKey.merge(p.key(), 1, Integer::sum) <= MAX_HISTORY_PER_KEY) {
        kept.add(0, p);
      }
    }
    return List.copyOf(kept);
  }

  private static List<PastBurst> remember(List<PastBurst> history, Intent ended) {
    Optional<PastBurst> p = PastBurst.of(ended);
    if (p.isEmpty() || history.contains(p.get())) {
      return history;
    }
    List<PastBurst> next = new ArrayList<>(history);
    next.add(p.get());
    return next;
  }

  /**
   * Adds or replaces the intent with the same id; when one exists the version the source said last
   * wins. Throws when the intent list is full of other live intents.
   */
  public BurstState withIntent(Intent intent) {
    Map<String, Intent> byId = new LinkedHashMap<>();
    for (Intent i : intents) {
      byId.put(i.id(), i);
    }
    List<PastBurst> past = history;
    Intent before = byId.get(intent.id());
    if (before != null
        && before.until().isPresent()
        && !before.from().equals(intent.from())
        && !intent.from().isBefore(before.until().get())) {
      past = remember(past, before);
    }
    byId.merge(intent.id(), intent, Intent::newer);
    if (byId.size() > MAX_INTENTS) {
      throw new IllegalStateException(
          "workload already holds "
              + MAX_INTENTS
              + " intents; end some (DELETE /api/bursts/...) before adding more");
    }
    return new BurstState(
        new ArrayList<>(byId.values()), bookkeeping, lastPlan, past, learned, shedAudit);
  }

  public BurstState withoutIntents(Collection<String> ids) {
    List<PastBurst> past = history;
    for (Intent i : intents) {
      if (ids.contains(i.id())) {
        past = remember(past, i);
      }
    }
    return new BurstState(
        intents.stream().filter(i -> !ids.contains(i.id())).toList(),
        bookkeeping,
        lastPlan,
        past,
        learned,
        shedAudit);
  }

  public BurstState withBookkeeping(Bookkeeping b) {
    return new BurstState(intents, b, lastPlan, history, learned, shedAudit);
  }

  public BurstState withHistory(List<PastBurst> h) {
    return new BurstState(intents, bookkeeping, lastPlan, h, learned, shedAudit);
  }

  public BurstState withLearned(List<LearnedWindow> l) {
    return new BurstState(intents, bookkeeping, lastPlan, history, l, shedAudit);
  }

  public BurstState withShedAudit(Optional<ShedAudit> a) {
    return new BurstState(intents, bookkeeping, lastPlan, history, learned, a);
  }

  public BurstState withLastPlan(List<PlanEntry> entries) {
    List<PlanEntry> kept =
        entries.size() > MAX_PLAN_ENTRIES
            ? entries.subList(entries.size() - MAX_PLAN_ENTRIES, entries.size())
            : entries;
    return new BurstState(intents, bookkeeping, kept, history, learned, shedAudit);
  }

  public List<Intent> activeIntents(Instant now) {
    return intents.stream().filter(i -> i.activeAt(now)).toList();
  }

  /**
   * The floors an operator's {@code DELETE /api/bursts/{namespace}/{deployment}} ends at {@code
   * now}: the manual and event-requested ones not yet over. Alert and window floors belong to their
   * source.
   */
  public List<Intent> endableByOperator(Instant now) {
    return intents.stream()
        .filter(i -> i.source() == IntentSource.MANUAL || i.source() == IntentSource.EVENT)
        .filter(i -> !i.expiredAt(now))
        .toList();
  }

  /** This state with every floor of {@link #endableByOperator} ended at {@code now}. */
  public BurstState endedByOperator(Instant now) {
    BurstState next = this;
    for (Intent i : endableByOperator(now)) {
      Instant until = now.isBefore(i.from()) ? i.from() : now;
      // The operator's end wins even over a version observed at the same instant.
      next = next.withoutIntents(List.of(i.id())).withIntent(i.withUntil(Optional.of(until), now));
    }
    return next;
  }
}
