package dev.aksburst.sim;

import java.util.Map;

/**
 * Prices the cost meter uses, in US dollars.
 *
 * <p>Defaults: pay-as-you-go Linux list prices for East US as published on
 * azure.microsoft.com/pricing (virtual-machines/linux and container-instances), as known to the
 * authors in 2025; Standard_DS2_v2 at $0.146 per hour, ACI at $0.0000135 per vCPU-second and
 * $0.0000015 per GB-second. <b>Unverified</b>: on 2026-11-25 a search of the stored documentation
 * and web pages found no copy of either Azure price page with these figures (only third-party
 * articles pointing at azure.microsoft.com/pricing/details/container-instances), so they remain the
 * authors' recollection. Set your region's and your discounts through {@link #CostRates(Map,
 * double, double)} (the benchmark: {@code -Dbench.vmHourly=...}).
 *
 * @param vmHourly price per node-hour by VM size
 * @param aciVcpuSecond ACI price per vCPU-second
 * @param aciGbSecond ACI price per GB-second of memory
 * @param poolHourly price per node-hour by node pool, which wins over {@code vmHourly} for that
 *     pool's nodes: the price book of each pool (a Spot pool, a reserved one and a pay-as-you-go
 *     one may share a VM size)
 */
public record CostRates(
    Map<String, Double> vmHourly,
    double aciVcpuSecond,
    double aciGbSecond,
    Map<String, Double> poolHourly) {
  public static final CostRates EAST_US_2025 =
      new CostRates(Map.of("Standard_DS2_v2", 0.146), 0.0000135, 0.0000015);

  public CostRates {
    vmHourly = Map.copyOf(vmHourly);
    poolHourly = Map.copyOf(poolHourly);
    if (aciVcpuSecond < 0
        || aciGbSecond < 0
        || vmHourly.values().stream().anyMatch(v -> v < 0)
        || poolHourly.values().stream().anyMatch(v -> v < 0)) {
      throw new IllegalArgumentException(
          "prices must not be negative: " + vmHourly + " " + poolHourly);
    }
  }

  /** Prices by VM size only (no pool has a price of its own). */
  public CostRates(Map<String, Double> vmHourly, double aciVcpuSecond, double aciGbSecond) {
    this(vmHourly, aciVcpuSecond, aciGbSecond, Map.of());
  }

  /** The same rates with {@code pool}'s nodes at {@code hourly} a node-hour. */
  public CostRates withPool(String pool, double hourly) {
    Map<String, Double> p = new java.util.HashMap<>(poolHourly);
    p.put(pool, hourly);
    return new CostRates(vmHourly, aciVcpuSecond, aciGbSecond, p);
  }

  /**
   * What one node-hour of a node costs: its pool's price when the pool has one, else its VM size's;
   * throws when neither is configured.
   */
  public double nodeHourly(java.util.Optional<String> pool, String vmSize) {
    Double p = pool.map(poolHourly::get).orElse(null);
    return p != null ? p : vmHourly(vmSize);
  }

  /** Price of one node-hour of {@code vmSize}; throws when the size has no price configured. */
  public double vmHourly(String vmSize) {
    Double p = vmHourly.get(vmSize);
    if (p == null) {
      throw new IllegalArgumentException(
          "no price configured for VM size "
              + vmSize
              + "; add it to CostRates.vmHourly (known: "
              + vmHourly.keySet()
              + ")");
    }
    return p;
  }
}
