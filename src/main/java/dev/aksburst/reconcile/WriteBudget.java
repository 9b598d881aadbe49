package dev.aksburst.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code perHour} writes in any hour to one key (a workload's replicas, a pool's size),
 * counted by this process: a planner bug that flaps a value costs a bounded number of API calls.
 */
final class WriteBudget {
  static final Duration WINDOW = Duration.ofHours(1);

  private final int perHour;
  private final Map<String, Deque<Instant>> writes = new HashMap<>();

  WriteBudget(int perHour) {
    this.perHour = perHour;
  }

  int perHour() {
    return perHour;
  }

  /** Whether another write to {@code key} fits the budget at {@code now}. */
  synchronized boolean allows(String key, Instant now) {
    return recent(key, now).size() < perHour;
  }

  /** Counts a write issued to {@code key} at {@code now}. */
  synchronized void spend(String key, Instant now) {
    recent(key, now).addLast(now);
  }

  private Deque<Instant> recent(String key, Instant now) {
    Deque<Instant> q = writes.computeIfAbsent(key, k -> new ArrayDeque<>());
    Instant cutoff = now.minus(WINDOW);
    while (!q.isEmpty() && !q.peekFirst().isAfter(cutoff)) {
      q.removeFirst();
    }
    return q;
  }
}
