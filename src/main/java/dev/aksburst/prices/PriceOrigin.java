package dev.aksburst.prices;

/** Where a price in the book came from, as status reports it. */
public enum PriceOrigin {
  /** {@code AKSBURST_POOL_PRICES} or {@code AKSBURST_ACI_PRICES}. */
  SETTING("setting"),
  /** The Retail Prices API, read by this process less than the cache's lifetime ago. */
  API("api"),
  /**
   * What the API said earlier: kept from a previous process, or older than the cache's lifetime.
   */
  LAST_KNOWN("last-known"),
  /** No price is known. */
  NONE("none");

  private final String wireName;

  PriceOrigin(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
