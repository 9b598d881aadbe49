package dev.aksburst.contract;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one grammar of durations users write, in annotations ({@code aksburst.dev/hold}, a window's
 * {@code leadTime}), alert custom properties ({@code aksburst.hold}), Event Grid requests and the
 * HTTP API:
 *
 * <ul>
 *   <li>short: one or more whole numbers, each followed by a unit {@code d}, {@code h}, {@code m}
 *       or {@code s}, largest unit first and each unit at most once: {@code 15m}, {@code 90s},
 *       {@code 1h30m}, {@code 1d}, {@code 2d12h}. Case does not matter and a space may separate a
 *       number from its unit ({@code 30 m});
 *   <li>ISO-8601 as {@link Duration#parse} reads it: {@code PT15M}, {@code P1D}, {@code PT1H30M} (a
 *       leading {@code -} makes it negative, which callers reject).
 * </ul>
 *
 * A day is 24 hours: these durations measure how long a floor is held, not calendar days.
 */
public final class Durations {
  /** What a user is told to write, for error messages. */
  public static final String EXPECTED = "e.g. 15m, 90s, 1h30m, 1d or ISO-8601 PT15M";

  private static final Pattern SHORT =
      Pattern.compile(
          "(?:(\\d{1,9})\\s*d)?\\s*(?:(\\d{1,9})\\s*h)?\\s*(?:(\\d{1,9})\\s*m)?\\s*"
              + "(?:(\\d{1,9})\\s*s)?");

  private Durations() {}

  /**
   * The duration {@code text} denotes, or empty when it is not one. Surrounding blanks are ignored.
   * ISO-8601 values may be negative; short ones never are.
   */
  public static Optional<Duration> parse(String text) {
    String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (t.isEmpty()) {
      return Optional.empty();
    }
    if (t.startsWith("p") || t.startsWith("-p") || t.startsWith("+p")) {
      try {
        return Optional.of(Duration.parse(t.toUpperCase(Locale.ROOT)));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    }
    Matcher m = SHORT.matcher(t);
    if (!m.matches()
        || (m.group(1) == null && m.group(2) == null && m.group(3) == null && m.group(4) == null)) {
      return Optional.empty();
    }
    Duration d = Duration.ZERO;
    if (m.group(1) != null) {
      d = d.plusDays(Long.parseLong(m.group(1)));
    }
    if (m.group(2) != null) {
      d = d.plusHours(Long.parseLong(m.group(2)));
    }
    if (m.group(3) != null) {
      d = d.plusMinutes(Long.parseLong(m.group(3)));
    }
    if (m.group(4) != null) {
      d = d.plusSeconds(Long.parseLong(m.group(4)));
    }
    return Optional.of(d);
  }

  /**
   * {@code d} in the short form {@link #parse} reads back ({@code 3m}, {@code 1h30m}, {@code 7d},
   * {@code 0s}); parts below a second are dropped.
   */
  public static String format(Duration d) {
    long s = d.getSeconds();
    if (s <= 0) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    long[] parts = {s / 86_400, s % 86_400 / 3600, s % 3600 / 60, s % 60};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < parts.length; i++) {
      if (parts[i] > 0) {
        b.append(parts[i]).append(units[i]);
      }
    }
    return b.toString();
  }
}
