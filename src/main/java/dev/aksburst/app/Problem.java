package dev.aksburst.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aksburst.intent.InvalidPayload;
import dev.aksburst.intent.Json;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

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

  /**
   * 503 for a failure nobody foresaw: callers (Azure Monitor action groups, Event Grid, scripts)
   * retry 503 and never a 500, so the intent is not lost, and the detail names what failed.
   */
  public static Problem unavailable(Throwable e) {
    return of(
        "unavailable",
        "aks-burst is not available",
        503,
        describe(e) + "; nothing was changed by this request's failure, retry it",
        null);
  }

  /**
   * What failed, from the whole cause chain: each distinct message, or the exception's class where
   * it has none (a NullPointerException's message can be null), so the answer never says "null".
   */
  public static String describe(Throwable e) {
    StringBuilder sb = new StringBuilder();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      String m = t.getMessage();
      boolean none = m == null || m.isBlank();
      if (!none && sb.indexOf(m) >= 0) {
        continue;
      }
      String part = t.getClass().getSimpleName() + (none ? "" : ": " + m);
      sb.append(sb.isEmpty() ? "" : "; caused by ").append(part);
    }
    return sb.toString();
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
