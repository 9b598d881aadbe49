package dev.aksburst.reconcile;

/**
 * A write that did not take effect.
 *
 * @see #code() a short machine code: HTTP status or Azure error code (e.g. {@code 409}, {@code
 *     OperationNotAllowed}, {@code QuotaExceeded})
 */
public class WriteFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String code;
  private final boolean retryable;

  public WriteFailure(String code, String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.retryable = retryable;
  }

  public WriteFailure(String code, String message, boolean retryable) {
    this(code, message, retryable, null);
  }

  public String code() {
    return code;
  }

  /** A later reconcile may succeed (conflict, throttling, transient server error). */
  public boolean retryable() {
    return retryable;
  }
}
