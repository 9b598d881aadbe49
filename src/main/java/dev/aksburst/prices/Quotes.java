package dev.aksburst.prices;

import dev.aksburst.plan.Economics;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Prices as the Retail Prices API gave them, with when: node-hour list prices by region, VM size
 * and priority, and ACI's prices by region.
 */
public record Quotes(Map<VmKey, VmQuote> vm, Map<String, AciQuote> aci) {
  public static final Quotes EMPTY = new Quotes(Map.of(), Map.of());

  /** One VM price: a region, a VM size and whether the pool is Spot. */
  public record VmKey(String region, String vmSize, boolean spot) {
    public VmKey {
      Objects.requireNonNull(region);
      Objects.requireNonNull(vmSize);
    }

    @Override
    public String toString() {
      return vmSize + (spot ? " Spot" : "") + " in " + region;
    }
  }

  /** A node-hour's list price and when it was read from the API. */
  public record VmQuote(double hourly, Instant fetchedAt) {
    public VmQuote {
      if (!(hourly >= 0)) {
        throw new IllegalArgumentException("a node-hour price must be >= 0: " + hourly);
      }
      Objects.requireNonNull(fetchedAt);
    }
  }

  /** ACI's prices in a region and when they were read from the API. */
  public record AciQuote(Economics.AciPrices prices, Instant fetchedAt) {
    public AciQuote {
      Objects.requireNonNull(prices);
      Objects.requireNonNull(fetchedAt);
    }
  }

  public Quotes {
    vm = Map.copyOf(vm);
    aci = Map.copyOf(aci);
  }
}
