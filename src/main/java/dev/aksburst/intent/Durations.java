package dev.aksburst.intent;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as users write them: ISO-8601 ({@code PT30M}, {@code P1D}) or short ({@code 30m}). */
public final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d{1,9})\\s*(s|m|h|d)");

  private Durations() {}

  /**
   * Parses {@code text}; {@code field} names it in the error. Short forms: a whole number followed
   * by {@code s}, {@code m}, {@code h} or {@code d}.
   */
  public static Duration parse(String text, String field) {
    String t = text == null ? "" : text.trim();
    Matcher m = SHORT.matcher(t.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
      if (d.isNegative()) {
        throw new InvalidPayload(field, field + " must not be negative, got \"" + text + "\"");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new InvalidPayload(
          field,
          field
              + " must be a duration like \"30m\", \"2h\" or ISO-8601 \"PT30M\", got \""
              + text
              + "\"",
          e);
    }
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
