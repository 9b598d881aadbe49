package dev.aksburst.prices;

import dev.aksburst.plan.Economics;
import java.util.Optional;

/** Where list prices are looked up: the Retail Prices API ({@link RetailPricesClient}). */
public interface PriceLookup {
  /** The Linux prices of a VM size in a region. */
  VmPrices vm(String region, String vmSize);

  /** ACI's Standard vCPU-hour and GB-hour in a region, when listed. */
  Optional<Economics.AciPrices> aci(String region);

  /** Where it looks (for logs and status). */
  String describe();
}
