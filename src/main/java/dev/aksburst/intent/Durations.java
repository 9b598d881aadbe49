package dev.aksburst.intent;

import java.time.Duration;

/**
 * Durations in payloads, in the one grammar users write everywhere ({@link
 * dev.aksburst.contract.Durations}: {@code 30m}, {@code 1h30m}, {@code 1d}, ISO-8601 {@code
 * PT30M}), failing with an {@link InvalidPayload} that names the field.
 */
public final class Durations {
  private Durations() {}

  /** Parses {@code text}; {@code field} names it in the error. Negative durations are refused. */
  public static Duration parse(String text, String field) {
    Duration d =
        dev.aksburst.contract.Durations.parse(text)
            .orElseThrow(
                () ->
                    new InvalidPayload(
                        field,
                        field
                            + " must be a duration ("
                            + dev.aksburst.contract.Durations.EXPECTED
                            + "), got \""
                            + text
                            + "\""));
    if (d.isNegative()) {
      throw new InvalidPayload(field, field + " must not be negative, got \"" + text + "\"");
    }
    return d;
  }

  /** Parses and checks {@code min <= d <= max}. */
  public static Duration parseBounded(String text, String field, Duration min, Duration max) {
    Duration d = parse(text, field);
    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new InvalidPayload(
          field,
          field + " must be between " + min + " and " + max + ", got " + d + " (" + text + ")");
    }
    return d;
  }
}
