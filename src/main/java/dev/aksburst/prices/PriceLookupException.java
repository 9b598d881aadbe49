package dev.aksburst.prices;

/** The Retail Prices API could not be read: what was asked, and what went wrong. */
public final class PriceLookupException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PriceLookupException(String message) {
    super(message);
  }

  public PriceLookupException(String message, Throwable cause) {
    super(message, cause);
  }
}
