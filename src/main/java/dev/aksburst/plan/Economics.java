package dev.aksburst.plan;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the planner knows about money and ACI capacity: the price book resolved for this reconcile
 * (explicit settings, then the Retail Prices API's cached figures, then the last known), the VM
 * discount, the region's ACI limits, how long a new node takes and how long an alert burst is
 * expected to last before its history says otherwise.
 *
 * @param poolHourly list price of one node-hour, USD, by pool name; a pool without one has no known
 *     price
 * @param aci ACI prices, when known
 * @param vmDiscount fraction off VM list prices (reservations, savings plans), 0 ≤ d < 1
 * @param nodeBoot from the pool write until a new node takes pods (billed from the write on)
 * @param expectedBurst prior for the length of an alert's floor before it has history
 */
public record Economics(
    Map<String, Double> poolHourly,
    Optional<AciPrices> aci,
    double vmDiscount,
    AciLimits limits,
    Duration nodeBoot,
    Duration expectedBurst) {

  /** ACI's price of a vCPU-hour and a GB-hour, USD. */
  public record AciPrices(double vcpuHour, double gbHour) {
    public AciPrices {
      if (!(vcpuHour >= 0) || !(gbHour >= 0)) {
        throw new IllegalArgumentException(
            "ACI prices must be >= 0: vcpuHour=" + vcpuHour + " gbHour=" + gbHour);
      }
    }
  }

  /**
   * The region's ACI limits for the subscription: standard cores and container groups (every pod on
   * a virtual node is one), creates and deletes per 5 minutes.
   */
  public record AciLimits(int coreQuota, int groupQuota, int createsPer5Min, int deletesPer5Min) {
    /** Azure's defaults per subscription and region. */
    public static final AciLimits AZURE_DEFAULTS = new AciLimits(100, 100, 100, 100);

    public AciLimits {
      if (coreQuota < 0 || groupQuota < 0 || createsPer5Min < 1 || deletesPer5Min < 1) {
        throw new IllegalArgumentException(
            "ACI limits must be >= 0 (rates >= 1): cores="
                + coreQuota
                + " groups="
                + groupQuota
                + " creates/5min="
                + createsPer5Min
                + " deletes/5min="
                + deletesPer5Min);
      }
    }
  }

  /** No price known; Azure's ACI limits; a 5-minute node boot; 30-minute alert prior. */
  public static final Economics UNPRICED =
      new Economics(
          Map.of(),
          Optional.empty(),
          0,
          AciLimits.AZURE_DEFAULTS,
          Duration.ofMinutes(5),
          Duration.ofMinutes(30));

  public Economics {
    poolHourly = Map.copyOf(poolHourly);
    Objects.requireNonNull(aci, "aci");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(nodeBoot, "nodeBoot");
    Objects.requireNonNull(expectedBurst, "expectedBurst");
    if (!(vmDiscount >= 0 && vmDiscount < 1)) {
      throw new IllegalArgumentException("vmDiscount must be in [0, 1): " + vmDiscount);
    }
    if (poolHourly.values().stream().anyMatch(v -> !(v >= 0))) {
      throw new IllegalArgumentException("pool prices must be >= 0: " + poolHourly);
    }
    if (nodeBoot.isNegative() || expectedBurst.isNegative()) {
      throw new IllegalArgumentException("nodeBoot and expectedBurst must not be negative");
    }
  }

  /** What one node of the pool costs an hour after the discount, when its price is known. */
  public OptionalDouble nodeHourly(String pool) {
    Double p = poolHourly.get(pool);
    return p == null ? OptionalDouble.empty() : OptionalDouble.of(p * (1 - vmDiscount));
  }

  public Economics withPoolHourly(Map<String, Double> prices) {
    return new Economics(prices, aci, vmDiscount, limits, nodeBoot, expectedBurst);
  }

  public Economics withAci(Optional<AciPrices> prices) {
    return new Economics(poolHourly, prices, vmDiscount, limits, nodeBoot, expectedBurst);
  }

  public Economics withVmDiscount(double d) {
    return new Economics(poolHourly, aci, d, limits, nodeBoot, expectedBurst);
  }

  public Economics withLimits(AciLimits l) {
    return new Economics(poolHourly, aci, vmDiscount, l, nodeBoot, expectedBurst);
  }

  public Economics withNodeBoot(Duration d) {
    return new Economics(poolHourly, aci, vmDiscount, limits, d, expectedBurst);
  }

  public Economics withExpectedBurst(Duration d) {
    return new Economics(poolHourly, aci, vmDiscount, limits, nodeBoot, d);
  }
}
