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
    List<String> nodePools,
    Optional<LearnMode> learn,
    Optional<String> learnTimezone,
    Optional<CapacityMode> capacity) {
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
          List.of(),
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
    nodePools = List.copyOf(nodePools);
    if (!nodePools.isEmpty() && !nodePools.get(0).equals(nodePool.orElse(null))
        || nodePools.isEmpty() && nodePool.isPresent()) {
      throw new IllegalArgumentException(
          "nodePool " + nodePool + " must be the first of nodePools " + nodePools);
    }
    Objects.requireNonNull(learn);
    Objects.requireNonNull(learnTimezone);
    Objects.requireNonNull(capacity);
  }

  /** A policy without {@code aksburst.dev/capacity} (the cluster's capacity mode applies). */
  public WorkloadPolicy(
      OptionalInt maxReplicas,
      Optional<BurstSize> burst,
      Optional<Duration> hold,
      List<String> alertRules,
      List<Window> windows,
      OptionalInt maxVirtualPods,
      Optional<String> nodePool,
      Optional<BurstStrategy> strategy,
      List<String> nodePools,
      Optional<LearnMode> learn,
      Optional<String> learnTimezone) {
    this(
        maxReplicas,
        burst,
        hold,
        alertRules,
        windows,
        maxVirtualPods,
        nodePool,
        strategy,
        nodePools,
        learn,
        learnTimezone,
        Optional.empty());
  }

  /** A policy with one node pool at most and the given learn settings. */
  public WorkloadPolicy(
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
    this(
        maxReplicas,
        burst,
        hold,
        alertRules,
        windows,
        maxVirtualPods,
        nodePool,
        strategy,
        nodePool.map(List::of).orElse(List.of()),
        learn,
        learnTimezone);
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
      Optional<BurstStrategy> strategy,
      List<String> nodePools) {
    this(
        maxReplicas,
        burst,
        hold,
        alertRules,
        windows,
        maxVirtualPods,
        nodePool,
        strategy,
        nodePools,
        Optional.empty(),
        Optional.empty());
  }

  /** A policy with one node pool at most ({@code aksburst.dev/node-pool} naming one pool). */
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
        nodePool.map(List::of).orElse(List.of()));
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
        nodePools,
        Optional.of(mode),
        learnTimezone,
        capacity);
  }

  public WorkloadPolicy withCapacity(CapacityMode mode) {
    return new WorkloadPolicy(
        maxReplicas,
        burst,
        hold,
        alertRules,
        windows,
        maxVirtualPods,
        nodePool,
        strategy,
        nodePools,
        learn,
        learnTimezone,
        Optional.of(mode));
  }

  /** {@code aksburst.dev/capacity}, else the cluster's default ({@code AKSBURST_CAPACITY_MODE}). */
  public CapacityMode capacityOr(CapacityMode clusterDefault) {
    return capacity.orElse(clusterDefault);
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
