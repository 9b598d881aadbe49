package dev.aksburst.intent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aksburst.model.WorkloadRef;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request to burst one Deployment (HTTP {@code POST /api/bursts} or an Event Grid burst request):
 * {@code {namespace, deployment, replicas, duration, reason, dryRun, id}}.
 *
 * @param requestId a caller-supplied id that makes retries idempotent; empty when not given
 */
public record BurstRequest(
    WorkloadRef target,
    int replicas,
    Duration duration,
    String reason,
    boolean dryRun,
    Optional<String> requestId) {
  public static final Duration MIN_DURATION = Duration.ofMinutes(1);
  public static final Duration MAX_DURATION = Duration.ofDays(7);
  public static final Duration DEFAULT_DURATION = Duration.ofMinutes(30);
  public static final int MAX_REPLICAS = 10_000;
  public static final int MAX_REASON = 256;

  private static final Pattern DNS1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  /** The fields a burst request may carry; any other is refused, never ignored. */
  public static final List<String> FIELDS =
      List.of("namespace", "deployment", "replicas", "duration", "reason", "dryRun", "id");

  private static final Pattern REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public BurstRequest {
    Objects.requireNonNull(target);
    Objects.requireNonNull(duration);
    reason = reason == null ? "" : reason;
    Objects.requireNonNull(requestId);
  }

  /** Parses and validates a JSON body; every problem is an {@link InvalidPayload} naming it. */
  public static BurstRequest parse(String body) {
    return parse(Json.parse(body), "");
  }

  /**
   * @param prefix prepended to field names in errors (e.g. {@code data.} for an event)
   */
  public static BurstRequest parse(JsonNode root, String prefix) {
    if (root == null || !root.isObject()) {
      throw new InvalidPayload(
          prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
          "a burst request must be a JSON object");
    }
    KnownFields.require(root, FIELDS, prefix);
    noControlCharacters(root, "namespace", prefix);
    noControlCharacters(root, "deployment", prefix);
    WorkloadRef target =
        target(
            Json.requireText(root, "namespace", prefix + "namespace"),
            Json.requireText(root, "deployment", prefix + "deployment"),
            prefix);
    int replicas = replicas(root.get("replicas"), prefix + "replicas");
    Duration duration =
        Json.optionalText(root, "duration", prefix + "duration")
            .map(t -> Durations.parseBounded(t, prefix + "duration", MIN_DURATION, MAX_DURATION))
            .orElse(DEFAULT_DURATION);
    String reason = Json.optionalText(root, "reason", prefix + "reason").orElse("");
    if (reason.length() > MAX_REASON) {
      throw new InvalidPayload(
          prefix + "reason", prefix + "reason must be at most " + MAX_REASON + " characters");
    }
    boolean dryRun = false;
    JsonNode dry = root.get("dryRun");
    if (dry != null && !dry.isNull()) {
      if (!dry.isBoolean()) {
        throw new InvalidPayload(
            prefix + "dryRun", prefix + "dryRun must be true or false, not " + Json.kind(dry));
      }
      dryRun = dry.asBoolean();
    }
    Optional<String> id = Json.optionalText(root, "id", prefix + "id");
    if (id.isPresent() && !REQUEST_ID.matcher(id.get()).matches()) {
      throw new InvalidPayload(
          prefix + "id",
          prefix + "id must be 1..64 characters of letters, digits, '.', '_' or '-'");
    }
    return new BurstRequest(target, replicas, duration, reason, dryRun, id);
  }

  /**
   * Names are compared after trimming, so a name with a trailing newline or NUL would otherwise
   * silently mean another Deployment: refuse it instead.
   */
  private static void noControlCharacters(JsonNode root, String name, String prefix) {
    JsonNode v = root.get(name);
    if (v != null && v.isTextual() && v.asText().chars().anyMatch(Character::isISOControl)) {
      throw new InvalidPayload(
          prefix + name, prefix + name + " must not contain control characters");
    }
  }

  /** Validates a namespace (DNS-1123 label) and Deployment name (DNS-1123 subdomain). */
  public static WorkloadRef target(String namespace, String deployment, String prefix) {
    if (namespace.length() > 63 || !DNS1123_LABEL.matcher(namespace).matches()) {
      throw new InvalidPayload(
          prefix + "namespace",
          prefix
              + "namespace \""
              + namespace
              + "\" is not a valid namespace name (DNS-1123 label: lower-case letters, digits and"
              + " '-', at most 63 characters)");
    }
    if (deployment.length() > 253 || !DNS1123_SUBDOMAIN.matcher(deployment).matches()) {
      throw new InvalidPayload(
          prefix + "deployment",
          prefix
              + "deployment \""
              + deployment
              + "\" is not a valid Deployment name (DNS-1123 subdomain: lower-case letters,"
              + " digits, '-' and '.', at most 253 characters)");
    }
    return WorkloadRef.of(namespace, deployment);
  }

  private static int replicas(JsonNode v, String field) {
    if (v == null || v.isNull()) {
      throw new InvalidPayload(field, field + " is missing");
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new InvalidPayload(field, field + " must be a whole number, not " + v);
    }
    int n = v.asInt();
    if (n < 1 || n > MAX_REPLICAS) {
      throw new InvalidPayload(
          field, field + " must be between 1 and " + MAX_REPLICAS + ", got " + n);
    }
    return n;
  }
}
