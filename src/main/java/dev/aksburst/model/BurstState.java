package dev.aksburst.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The controller-owned {@code aksburst.dev/state} annotation: the workload's intents, its burst
 * bookkeeping and the last applied plan. Written only by compare-and-swap.
 */
public record BurstState(List<Intent> intents, Bookkeeping bookkeeping, List<PlanEntry> lastPlan) {
  /** Bounds that keep the annotation small (annotations total at most 256 KiB per object). */
  public static final int MAX_INTENTS = 64;

  public static final int MAX_PLAN_ENTRIES = 20;

  public static final BurstState EMPTY = new BurstState(List.of(), Bookkeeping.EMPTY, List.of());

  public BurstState {
    intents = List.copyOf(intents);
    Objects.requireNonNull(bookkeeping);
    lastPlan = List.copyOf(lastPlan);
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
    byId.merge(intent.id(), intent, Intent::newer);
    if (byId.size() > MAX_INTENTS) {
      throw new IllegalStateException(
          "workload already holds "
              + MAX_INTENTS
              + " intents; end some (DELETE /api/bursts/...) before adding more");
    }
    return new BurstState(new ArrayList<>(byId.values()), bookkeeping, lastPlan);
  }

  public BurstState withoutIntents(Collection<String> ids) {
    return new BurstState(
        intents.stream().filter(i -> !ids.contains(i.id())).toList(), bookkeeping, lastPlan);
  }

  public BurstState withBookkeeping(Bookkeeping b) {
    return new BurstState(intents, b, lastPlan);
  }

  public BurstState withLastPlan(List<PlanEntry> entries) {
    List<PlanEntry> kept =
        entries.size() > MAX_PLAN_ENTRIES
            ? entries.subList(entries.size() - MAX_PLAN_ENTRIES, entries.size())
            : entries;
    return new BurstState(intents, bookkeeping, kept);
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
