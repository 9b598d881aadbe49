package dev.aksburst.contract;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Names a caller may use (JSON fields, annotation keys, alert properties) and what a misspelt one
 * probably meant. A typo is refused rather than ignored: an ignored {@code "dryrun": true} is a
 * real scale-out.
 */
public final class KnownNames {
  private KnownNames() {}

  /**
   * "{@code dryrun}: unknown field; did you mean dryRun? (known: ...)", the suggestion only when
   * one is close.
   *
   * @param shown the name as the message shows it (with its prefix)
   * @param what "field", "annotation", "setting", "custom property"
   */
  public static String unknown(String shown, String given, Collection<String> known, String what) {
    String hint = closest(given, known).map(c -> "; did you mean " + c + "?").orElse("");
    return shown
        + ": unknown "
        + what
        + hint
        + " (known: "
        + String.join(", ", known.stream().sorted().toList())
        + ")";
  }

  /**
   * The known name closest to {@code given}: the same name in another case, else the nearest by
   * edit distance when at most 2 edits away (1 for names of up to 4 characters), else the only
   * known name that starts with it ({@code lead} for {@code leadTime}).
   */
  public static Optional<String> closest(String given, Collection<String> known) {
    String g = given.toLowerCase(Locale.ROOT);
    Optional<String> sameIgnoringCase =
        known.stream().filter(k -> k.toLowerCase(Locale.ROOT).equals(g)).findFirst();
    if (sameIgnoringCase.isPresent()) {
      return sameIgnoringCase;
    }
    int limit = g.length() <= 4 ? 1 : 2;
    LevenshteinDistance distance = new LevenshteinDistance(limit);
    Optional<String> near =
        known.stream()
            .map(k -> new Candidate(k, distance.apply(g, k.toLowerCase(Locale.ROOT))))
            .filter(c -> c.distance() >= 0)
            .min(Comparator.comparingInt(Candidate::distance).thenComparing(Candidate::name))
            .map(Candidate::name);
    if (near.isPresent() || g.length() < 3) {
      return near;
    }
    List<String> extended =
        known.stream().filter(k -> k.toLowerCase(Locale.ROOT).startsWith(g)).toList();
    return extended.size() == 1 ? Optional.of(extended.get(0)) : Optional.empty();
  }

  private record Candidate(String name, int distance) {}
}
