package dev.aksburst.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The per-workload policy from {@code aksburst.dev/*} annotations (the contract documented in
 * docs/annotations.md). Absent annotations are empty; invalid ones are reported by the parser and
 * left empty, never guessed.
 */
public record WorkloadPolicy(
    OptionalInt maxReplicas,
    Optional<BurstSize> burst,
    Optional<Duration> hold,
    List<String> alertRules,
    List<Window> windows,
    OptionalInt maxVirtualPods,
    Optional<String> nodePool,
    Optional<BurstStrategy> strategy,
    Optional<LearnMode> learn,
    Optional<String> learnTimezone) {
  /** What an alert raises the floor to when {@code aksburst.dev/burst} is absent. */
  public static final BurstSize DEFAULT_BURST = new BurstSize.Times(2);

  /** How long a floor outlives its resolved alert when {@code aksburst.dev/hold} is absent. */
  public static final Duration DEFAULT_HOLD = Duration.ofMinutes(15);

  public static final WorkloadPolicy DEFAULTS =
      new WorkloadPolicy(
          OptionalInt.empty(),
          Optional.empty(),
          Optional.empty(),
          List.of(),
          List.of(),
          OptionalInt.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  public WorkloadPolicy {
    Objects.requireNonNull(maxReplicas);
    Objects.requireNonNull(burst);
    Objects.requireNonNull(hold);
    alertRules = List.copyOf(alertRules);
    windows = List.copyOf(windows);
    Objects.requireNonNull(maxVirtualPods);
    Objects.requireNonNull(nodePool);
    Objects.requireNonNull(strategy);
    Objects.requireNonNull(learn);
    Objects.requireNonNull(learnTimezone);
  }

  /** A policy without {@code aksburst.dev/learn} and {@code aksburst.dev/learn-timezone}. */
  public WorkloadPolicy(
      OptionalInt maxReplicas,
      Optional<BurstSize> burst,
      Optional<Duration> hold,
      List<String> alertRules,
      List<Window> windows,
      OptionalInt maxVirtualPods,
      Optional<String> nodePool,
      Optional<BurstStrategy> strategy) {
    this(
        maxReplicas,
        burst,
        hold,
        alertRules,
        windows,
        maxVirtualPods,
        nodePool,
        strategy,
        Optional.empty(),
        Optional.empty());
  }

  /** A policy without {@code aksburst.dev/strategy} (the default strategy applies). */
  public WorkloadPolicy(
      OptionalInt maxReplicas,
      Optional<BurstSize> burst,
      Optional<Duration> hold,
      List<String> alertRules,
      List<Window> windows,
      OptionalInt maxVirtualPods,
      Optional<String> nodePool) {
    this(maxReplicas, burst, hold, alertRules, windows, maxVirtualPods, nodePool, Optional.empty());
  }

  public LearnMode learnOrDefault() {
    return learn.orElse(LearnMode.DEFAULT);
  }

  /**
   * The zone learned surges are taken in: {@code aksburst.dev/learn-timezone}, else the zone of the
   * first scheduled window, else UTC.
   */
  public String learnZoneOrDefault() {
    return learnTimezone.orElse(windows.isEmpty() ? "UTC" : windows.get(0).timezone());
  }

  public WorkloadPolicy withLearn(LearnMode mode) {
    return new WorkloadPolicy(
        maxReplicas,
        burst,
        hold,
        alertRules,
        windows,
        maxVirtualPods,
        nodePool,
        strategy,
        Optional.of(mode),
        learnTimezone);
  }

  public BurstStrategy strategyOrDefault() {
    return strategy.orElse(BurstStrategy.DEFAULT);
  }

  public BurstSize burstOrDefault() {
    return burst.orElse(DEFAULT_BURST);
  }

  public Duration holdOrDefault() {
    return hold.orElse(DEFAULT_HOLD);
  }
}
