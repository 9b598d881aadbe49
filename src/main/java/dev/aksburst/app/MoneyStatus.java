package dev.aksburst.app;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The money part of a workload's status: the capacity decision with its figures, what the burst has
 * cost and would cost, and where the prices come from.
 *
 * @param decision the VM-or-ACI decision the planner makes now (empty when not bursting or nothing
 *     is off VMs)
 * @param cost the current (or last) burst's figures, as this process summed them
 */
public record MoneyStatus(Optional<Decision> decision, Optional<Cost> cost, PriceSources prices) {
  public static final MoneyStatus UNKNOWN =
      new MoneyStatus(
          Optional.empty(),
          Optional.empty(),
          new PriceSources(
              Optional.empty(),
              Optional.empty(),
              "none",
              OptionalDouble.empty(),
              OptionalDouble.empty(),
              0,
              List.of()));

  public MoneyStatus {
    Objects.requireNonNull(decision);
    Objects.requireNonNull(cost);
    Objects.requireNonNull(prices);
  }

  /**
   * {@code decision{route, reason, vmUsdPerHour, aciUsdPerHour, expectedRemaining}} and more.
   *
   * @param aciKept pods a quota split keeps on ACI while the pool grows for the rest (0 otherwise)
   */
  public record Decision(
      String route,
      String cause,
      String reason,
      int pods,
      int newNodes,
      int aciKept,
      OptionalDouble vmUsdPerHour,
      OptionalDouble aciUsdPerHour,
      OptionalDouble vmRouteUsd,
      OptionalDouble aciRouteUsd,
      Duration expectedRemaining,
      String expectedBasis) {}

  /**
   * {@code cost{spentUsd, projectedUsd, savedVsAciOnlyUsd, savedVsVmOnlyUsd}} and more.
   *
   * @param projectedUsd spent plus the decided route over the expected remaining burst
   * @param priced false when a stretch of the burst had no price (the sums leave it out)
   */
  public record Cost(
      double spentUsd,
      double projectedUsd,
      double savedVsAciOnlyUsd,
      double savedVsVmOnlyUsd,
      double usdPerHour,
      Instant since,
      Optional<Instant> ended,
      boolean priced) {}

  /**
   * Where the workload's prices come from.
   *
   * @param pool the pool's price, when the workload has a pool
   * @param aciSource {@code setting}, {@code api}, {@code last-known} or {@code none}
   * @param unknown what has no price, in words
   */
  public record PriceSources(
      Optional<PoolPrice> pool,
      Optional<String> region,
      String aciSource,
      OptionalDouble aciVcpuHour,
      OptionalDouble aciGbHour,
      double vmDiscount,
      List<String> unknown) {
    public PriceSources {
      unknown = List.copyOf(unknown);
    }
  }

  /** A pool's list price per node-hour and its source. */
  public record PoolPrice(
      String name,
      String vmSize,
      boolean spot,
      OptionalDouble usdPerNodeHour,
      String source,
      Optional<Instant> fetchedAt) {}
}
