package dev.aksburst.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aksburst.intent.InvalidPayload;
import dev.aksburst.intent.Json;
import java.util.Objects;
import java.util.Optional;

/**
 * An RFC 9457 problem ({@code application/problem+json}): {@code type}, {@code title}, {@code
 * status}, {@code detail} and, when one field is to blame, {@code field}.
 */
public record Problem(
    String type, String title, int status, String detail, Optional<String> field) {
  public static final String MEDIA_TYPE = "application/problem+json";
  private static final String BASE = "https://aksburst.dev/problems/";

  public Problem {
    Objects.requireNonNull(type);
    Objects.requireNonNull(title);
    Objects.requireNonNull(detail);
    Objects.requireNonNull(field);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("a problem has a 4xx or 5xx status, not " + status);
    }
  }

  public static Problem invalidPayload(InvalidPayload e) {
    return new Problem(
        BASE + "invalid-request",
        "The request is invalid",
        400,
        e.getMessage(),
        e.field().isEmpty() ? Optional.empty() : Optional.of(e.field()));
  }

  public static Problem of(String slug, String title, int status, String detail, String field) {
    return new Problem(BASE + slug, title, status, detail, Optional.ofNullable(field));
  }

  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("type", type);
    n.put("title", title);
    n.put("status", status);
    n.put("detail", detail);
    field.ifPresent(f -> n.put("field", f));
    return n;
  }
}
