package dev.aksburst.intent;

import java.util.Objects;

/**
 * A payload that can not be understood: malformed JSON, a missing or mistyped field. {@link
 * #field()} names the offending field as a dotted path (e.g. {@code
 * data.essentials.monitorCondition}); callers answer 400 with it.
 */
public final class InvalidPayload extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public InvalidPayload(String field, String message) {
    super(message);
    this.field = Objects.requireNonNull(field, "field");
  }

  public InvalidPayload(String field, String message, Throwable cause) {
    super(message, cause);
    this.field = Objects.requireNonNull(field, "field");
  }

  /** The offending field, a dotted path from the payload root; empty for the body as a whole. */
  public String field() {
    return field;
  }
}
