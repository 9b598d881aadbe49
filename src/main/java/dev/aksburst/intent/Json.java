package dev.aksburst.intent;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Small, strict helpers to read JSON payloads; every failure names the field. */
public final class Json {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  /** Parses a JSON document; blank or malformed text is an {@link InvalidPayload} for "body". */
  public static JsonNode parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidPayload("body", "the request body is empty; send a JSON document");
    }
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidPayload("body", "the body is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written: " + e.getMessage(), e);
    }
  }

  /** The object at {@code field} of {@code node}; throws when missing or not an object. */
  public static JsonNode requireObject(JsonNode node, String name, String path) {
    JsonNode v = node == null ? null : node.get(name);
    if (v == null || v.isNull()) {
      throw new InvalidPayload(path, path + " is missing");
    }
    if (!v.isObject()) {
      throw new InvalidPayload(path, path + " must be a JSON object, not " + kind(v));
    }
    return v;
  }

  /** A non-blank text field; throws when missing, blank or not a string. */
  public static String requireText(JsonNode node, String name, String path) {
    return optionalText(node, name, path)
        .orElseThrow(() -> new InvalidPayload(path, path + " is missing or blank"));
  }

  /** A text field when present and non-blank; throws when present with another type. */
  public static Optional<String> optionalText(JsonNode node, String name, String path) {
    JsonNode v = node == null ? null : node.get(name);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new InvalidPayload(path, path + " must be a string, not " + kind(v));
    }
    return v.asText().isBlank() ? Optional.empty() : Optional.of(v.asText().trim());
  }

  /** A number given as a JSON number or a numeric string (alert thresholds are strings). */
  public static OptionalDouble optionalNumber(JsonNode node, String name, String path) {
    JsonNode v = node == null ? null : node.get(name);
    if (v == null || v.isNull()) {
      return OptionalDouble.empty();
    }
    if (v.isNumber()) {
      return OptionalDouble.of(v.asDouble());
    }
    if (v.isTextual()) {
      String s = v.asText().trim();
      if (s.isEmpty()) {
        return OptionalDouble.empty();
      }
      try {
        return OptionalDouble.of(Double.parseDouble(s));
      } catch (NumberFormatException e) {
        throw new InvalidPayload(path, path + " must be a number, got \"" + s + "\"", e);
      }
    }
    throw new InvalidPayload(path, path + " must be a number, not " + kind(v));
  }

  /** An ISO-8601 instant with offset (e.g. {@code 2025-04-15T18:17:12.851Z}). */
  public static Optional<Instant> optionalInstant(JsonNode node, String name, String path) {
    return optionalText(node, name, path).map(s -> instant(s, path));
  }

  public static Instant instant(String text, String path) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidPayload(
          path, path + " must be an ISO-8601 date-time with offset, got \"" + text + "\"", e);
    }
  }

  /** A flat map of string-ish values (custom properties); null or absent gives an empty map. */
  public static Map<String, String> stringMap(JsonNode node, String name, String path) {
    JsonNode v = node == null ? null : node.get(name);
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null || v.isNull()) {
      return out;
    }
    if (!v.isObject()) {
      throw new InvalidPayload(path, path + " must be a JSON object, not " + kind(v));
    }
    v.fields()
        .forEachRemaining(
            e -> {
              JsonNode value = e.getValue();
              if (value.isValueNode() && !value.isNull()) {
                out.put(e.getKey(), value.asText());
              }
            });
    return out;
  }

  static String kind(JsonNode v) {
    return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }
}
