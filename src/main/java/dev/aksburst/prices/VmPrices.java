package dev.aksburst.prices;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The Linux hourly prices of one VM size in one region, USD, as the Retail Prices API lists them
 * (Windows and Cloud Services meters left out).
 *
 * @param payAsYouGo the Consumption meter without Spot or Low Priority
 * @param spot the {@code " Spot"} meter, used only for a Spot pool
 * @param reserved1Year a 1-year reservation's total divided by its 8760 hours
 * @param reserved3Years a 3-year reservation's total divided by its 26280 hours
 * @param savingsPlan1Year the pay-as-you-go meter's 1-year savings-plan hourly price
 * @param savingsPlan3Years the pay-as-you-go meter's 3-year savings-plan hourly price
 */
public record VmPrices(
    String region,
    String vmSize,
    OptionalDouble payAsYouGo,
    OptionalDouble spot,
    OptionalDouble lowPriority,
    OptionalDouble reserved1Year,
    OptionalDouble reserved3Years,
    OptionalDouble savingsPlan1Year,
    OptionalDouble savingsPlan3Years) {
  public VmPrices {
    Objects.requireNonNull(region);
    Objects.requireNonNull(vmSize);
    Objects.requireNonNull(payAsYouGo);
    Objects.requireNonNull(spot);
    Objects.requireNonNull(lowPriority);
    Objects.requireNonNull(reserved1Year);
    Objects.requireNonNull(reserved3Years);
    Objects.requireNonNull(savingsPlan1Year);
    Objects.requireNonNull(savingsPlan3Years);
  }

  /** The list price of a node-hour: Spot for a Spot pool, pay-as-you-go otherwise. */
  public OptionalDouble nodeHourly(boolean spotPool) {
    return spotPool ? spot : payAsYouGo;
  }
}
