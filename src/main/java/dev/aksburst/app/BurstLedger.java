package dev.aksburst.app;

import dev.aksburst.model.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each workload's current (or last) burst has cost, summed reconcile by reconcile: the rate
 * seen at one reconcile is counted until the next (at most {@link #MAX_GAP}). Kept in memory by the
 * process that reconciles: a restarted process, or another instance, starts the sum again from its
 * first reconcile of the burst ({@code since}).
 */
final class BurstLedger {
  /** A gap between two reconciles longer than this counts only this long. */
  static final Duration MAX_GAP = Duration.ofMinutes(5);

  /**
   * One burst's sums, USD.
   *
   * @param since the first reconcile of the burst this process saw
   * @param ended when the burst ended (no floor, no pod on ACI, no extra node), if it did
   * @param priced every rate so far was priced; otherwise the sums leave out unpriced stretches
   */
  record Burst(
      Instant since,
      Instant lastAt,
      Optional<Instant> ended,
      boolean priced,
      double spent,
      double aciOnly,
      double vmOnly,
      BurstMoney last) {
    Burst {
      Objects.requireNonNull(since);
      Objects.requireNonNull(lastAt);
      Objects.requireNonNull(ended);
      Objects.requireNonNull(last);
    }

    Burst next(BurstMoney now, Instant at) {
      if (ended.isPresent()) {
        return now.active() ? start(now, at) : this;
      }
      double h = hours(at);
      Burst summed =
          new Burst(
              since,
              at,
              Optional.empty(),
              priced && now.priced(),
              spent + last.actualPerHour() * h,
              aciOnly + last.aciOnlyPerHour() * h,
              vmOnly + last.vmOnlyPerHour() * h,
              now);
      return now.active()
          ? summed
          : new Burst(
              since,
              at,
              Optional.of(at),
              summed.priced,
              summed.spent,
              summed.aciOnly,
              summed.vmOnly,
              now);
    }

    private double hours(Instant at) {
      Duration d = Duration.between(lastAt, at);
      if (d.isNegative()) {
        return 0;
      }
      return Math.min(d.toMillis(), MAX_GAP.toMillis()) / 3_600_000.0;
    }

    static Burst start(BurstMoney now, Instant at) {
      return new Burst(at, at, Optional.empty(), now.priced(), 0, 0, 0, now);
    }
  }

  private final Map<String, Map<WorkloadRef, Burst>> bursts = new ConcurrentHashMap<>();

  /** Counts one reconcile's rates for a workload. */
  void record(String cluster, WorkloadRef ref, BurstMoney money, Instant at) {
    Map<WorkloadRef, Burst> of = bursts.computeIfAbsent(cluster, c -> new ConcurrentHashMap<>());
    of.compute(
        ref,
        (k, b) -> b == null ? (money.active() ? Burst.start(money, at) : null) : b.next(money, at));
  }

  Optional<Burst> of(String cluster, WorkloadRef ref) {
    return Optional.ofNullable(bursts.getOrDefault(cluster, Map.of()).get(ref));
  }
}
