package dev.aksburst.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aksburst.app.Problem;
import dev.aksburst.app.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/alerts?now=true} on the local host: the alert's times are moved to the host's
 * clock before {@code AlertFunction} reads it, so that a sample recorded on another day (the
 * repository's samples are dated 2025-04-15) behaves as if Azure Monitor sent it now. Only the
 * times change: a fired alert fires now; a resolved one resolves now and fired as long before as in
 * the sample (so the floor it ends is the one its fired twin raised); the legacy schema's one
 * {@code timestamp} becomes now. Without the parameter (or {@code now=false}) the body is passed on
 * untouched, as Azure would.
 */
final class SampleDates {
  static final String PARAMETER = "now";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private SampleDates() {}

  /**
   * The body to hand to {@code AlertFunction}.
   *
   * @throws ProblemException 400 naming {@code now} for a value other than true or false, or naming
   *     the field when {@code now=true} finds no alert time to move
   */
  static Optional<String> apply(Map<String, String> query, Optional<String> body, Instant now) {
    String v = query.get(PARAMETER);
    if (v == null || v.equalsIgnoreCase("false")) {
      return body;
    }
    if (!v.equalsIgnoreCase("true")) {
      throw bad(
          PARAMETER,
          "?now=" + v + " must be true (date the alert now) or false (as sent, the default)");
    }
    if (body.isEmpty()) {
      return body; // AlertFunction says what is missing
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body.get());
    } catch (JsonProcessingException e) {
      return body; // AlertFunction answers the parse error
    }
    JsonNode data = root.path("data");
    if (data.path("essentials").isObject()) {
      redateCommon((ObjectNode) data.get("essentials"), now);
    } else if (data.path("context").isObject() && data.path("context").has("timestamp")) {
      ((ObjectNode) data.get("context")).put("timestamp", now.toString());
    } else {
      throw bad(
          "data.essentials.firedDateTime",
          "?now=true moves data.essentials.firedDateTime (common alert schema) or"
              + " data.context.timestamp (legacy metric alerts), and this body has neither");
    }
    return Optional.of(root.toString());
  }

  private static void redateCommon(ObjectNode essentials, Instant now) {
    Optional<Instant> fired = instant(essentials, "firedDateTime");
    Optional<Instant> resolved = instant(essentials, "resolvedDateTime");
    if (fired.isEmpty()) {
      throw bad(
          "data.essentials.firedDateTime",
          "?now=true needs data.essentials.firedDateTime (an ISO-8601 instant) to move");
    }
    if (resolved.isPresent()) {
      Duration lasted = Duration.between(fired.get(), resolved.get());
      essentials.put("resolvedDateTime", now.toString());
      essentials.put(
          "firedDateTime", now.minus(lasted.isNegative() ? Duration.ZERO : lasted).toString());
    } else {
      essentials.put("firedDateTime", now.toString());
    }
  }

  private static Optional<Instant> instant(ObjectNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.isTextual()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(n.asText()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static ProblemException bad(String field, String detail) {
    return new ProblemException(
        Problem.of("invalid-request", "Invalid request", 400, detail, field));
  }
}
