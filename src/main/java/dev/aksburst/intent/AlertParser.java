package dev.aksburst.intent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aksburst.contract.KnownNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Parses Azure Monitor alert notifications: the common alert schema ({@code schemaId:
 * azureMonitorCommonAlertSchema}, every signal type: metric with static or dynamic thresholds, log
 * search, activity log) and the older metric alert schema ({@code schemaId:
 * AzureMonitorMetricAlert}). Pure; every failure is an {@link InvalidPayload} naming the field.
 */
public final class AlertParser {
  public static final String COMMON_SCHEMA = "azureMonitorCommonAlertSchema";
  public static final String LEGACY_METRIC_SCHEMA = "AzureMonitorMetricAlert";

  private AlertParser() {}

  public static ParsedAlert parse(String body) {
    return parse(Json.parse(body));
  }

  /** Parses an already-read document (e.g. the {@code data} of a forwarded Event Grid event). */
  public static ParsedAlert parse(JsonNode root) {
    if (!root.isObject()) {
      throw new InvalidPayload("body", "an alert must be a JSON object, not " + Json.kind(root));
    }
    String schemaId = Json.requireText(root, "schemaId", "schemaId");
    if (schemaId.equalsIgnoreCase(COMMON_SCHEMA)) {
      return parseCommon(root);
    }
    if (schemaId.equalsIgnoreCase(LEGACY_METRIC_SCHEMA)) {
      return parseLegacyMetric(root);
    }
    throw new InvalidPayload(
        "schemaId",
        "schemaId \""
            + schemaId
            + "\" is not supported: turn on the common alert schema in the action group ("
            + COMMON_SCHEMA
            + ") or send the metric alert schema ("
            + LEGACY_METRIC_SCHEMA
            + ")");
  }

  /** True when the document looks like an alert of a supported schema (used for Event Grid). */
  public static boolean looksLikeAlert(JsonNode node) {
    JsonNode id = node == null ? null : node.get("schemaId");
    return id != null
        && id.isTextual()
        && (id.asText().equalsIgnoreCase(COMMON_SCHEMA)
            || id.asText().equalsIgnoreCase(LEGACY_METRIC_SCHEMA));
  }

  private static ParsedAlert parseCommon(JsonNode root) {
    JsonNode data = Json.requireObject(root, "data", "data");
    JsonNode ess = Json.requireObject(data, "essentials", "data.essentials");
    String rule = Json.requireText(ess, "alertRule", "data.essentials.alertRule");
    String mc = Json.requireText(ess, "monitorCondition", "data.essentials.monitorCondition");
    ParsedAlert.Condition condition = condition(mc, "data.essentials.monitorCondition");
    Instant fired =
        Json.optionalInstant(ess, "firedDateTime", "data.essentials.firedDateTime")
            .orElseThrow(
                () ->
                    new InvalidPayload(
                        "data.essentials.firedDateTime",
                        "data.essentials.firedDateTime is missing"));
    Optional<Instant> resolved =
        Json.optionalInstant(ess, "resolvedDateTime", "data.essentials.resolvedDateTime");
    if (condition == ParsedAlert.Condition.RESOLVED && resolved.isEmpty()) {
      throw new InvalidPayload(
          "data.essentials.resolvedDateTime",
          "data.essentials.resolvedDateTime is missing on a Resolved alert");
    }
    String signalType =
        Json.optionalText(ess, "signalType", "data.essentials.signalType").orElse("");
    List<String> targets = textList(ess.get("alertTargetIDs"), "data.essentials.alertTargetIDs");
    Map<String, String> custom =
        ownProperties(
            Json.stringMap(data, "customProperties", "data.customProperties"),
            "data.customProperties.");
    JsonNode context = data.get("alertContext");
    Conditions c =
        conditions(context == null ? null : context.get("condition"), "data.alertContext");
    return new ParsedAlert(
        ParsedAlert.Schema.COMMON,
        rule,
        condition,
        signalType,
        fired,
        condition == ParsedAlert.Condition.RESOLVED ? resolved : Optional.empty(),
        targets,
        custom,
        c.dimensions,
        c.metricValue,
        c.threshold);
  }

  private static ParsedAlert parseLegacyMetric(JsonNode root) {
    JsonNode data = Json.requireObject(root, "data", "data");
    String status = Json.requireText(data, "status", "data.status");
    ParsedAlert.Condition condition;
    if (status.equalsIgnoreCase("Activated")) {
      condition = ParsedAlert.Condition.FIRED;
    } else if (status.equalsIgnoreCase("Resolved") || status.equalsIgnoreCase("Deactivated")) {
      condition = ParsedAlert.Condition.RESOLVED;
    } else {
      throw new InvalidPayload(
          "data.status", "data.status must be Activated or Resolved, got \"" + status + "\"");
    }
    JsonNode context = Json.requireObject(data, "context", "data.context");
    String rule = Json.requireText(context, "name", "data.context.name");
    Instant at =
        Json.optionalInstant(context, "timestamp", "data.context.timestamp")
            .orElseThrow(
                () ->
                    new InvalidPayload(
                        "data.context.timestamp", "data.context.timestamp is missing"));
    List<String> targets =
        Json.optionalText(context, "resourceId", "data.context.resourceId")
            .map(List::of)
            .orElse(List.of());
    Map<String, String> custom =
        ownProperties(Json.stringMap(data, "properties", "data.properties"), "data.properties.");
    Conditions c = conditions(context.get("condition"), "data.context");
    // The legacy schema carries one timestamp: the time of this notification.
    return new ParsedAlert(
        ParsedAlert.Schema.LEGACY_METRIC,
        rule,
        condition,
        "Metric",
        at,
        condition == ParsedAlert.Condition.RESOLVED ? Optional.of(at) : Optional.empty(),
        targets,
        custom,
        c.dimensions,
        c.metricValue,
        c.threshold);
  }

  private static ParsedAlert.Condition condition(String text, String path) {
    if (text.equalsIgnoreCase("Fired")) {
      return ParsedAlert.Condition.FIRED;
    }
    if (text.equalsIgnoreCase("Resolved")) {
      return ParsedAlert.Condition.RESOLVED;
    }
    throw new InvalidPayload(path, path + " must be Fired or Resolved, got \"" + text + "\"");
  }

  private record Conditions(
      Map<String, String> dimensions, OptionalDouble metricValue, OptionalDouble threshold) {}

  /**
   * Reads {@code condition.allOf[]} when present. Activity log alerts have no such condition; log
   * alerts and dynamic thresholds have it with some fields absent.
   */
  private static Conditions conditions(JsonNode condition, String base) {
    Map<String, String> dims = new LinkedHashMap<>();
    OptionalDouble value = OptionalDouble.empty();
    OptionalDouble threshold = OptionalDouble.empty();
    if (condition == null || condition.isNull()) {
      return new Conditions(dims, value, threshold);
    }
    String path = base + ".condition.allOf";
    JsonNode allOf = condition.get("allOf");
    if (allOf == null || allOf.isNull()) {
      return new Conditions(dims, value, threshold);
    }
    if (!allOf.isArray()) {
      throw new InvalidPayload(path, path + " must be an array, not " + Json.kind(allOf));
    }
    for (int i = 0; i < allOf.size(); i++) {
      JsonNode c = allOf.get(i);
      String at = path + "[" + i + "]";
      if (i == 0) {
        value = Json.optionalNumber(c, "metricValue", at + ".metricValue");
        threshold = Json.optionalNumber(c, "threshold", at + ".threshold");
      }
      JsonNode d = c.get("dimensions");
      if (d == null || d.isNull()) {
        continue;
      }
      if (!d.isArray()) {
        throw new InvalidPayload(
            at + ".dimensions", at + ".dimensions must be an array, not " + Json.kind(d));
      }
      for (int j = 0; j < d.size(); j++) {
        String dp = at + ".dimensions[" + j + "]";
        String name = Json.requireText(d.get(j), "name", dp + ".name");
        Optional<String> v = Json.optionalText(d.get(j), "value", dp + ".value");
        v.ifPresent(s -> dims.putIfAbsent(name, s));
      }
    }
    return new Conditions(dims, value, threshold);
  }

  private static List<String> textList(JsonNode node, String path) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw new InvalidPayload(path, path + " must be an array of strings, not " + Json.kind(node));
    }
    for (JsonNode n : node) {
      if (!n.isTextual()) {
        throw new InvalidPayload(path, path + " must hold strings only");
      }
      out.add(n.asText());
    }
    return out;
  }

  /**
   * Azure Monitor's own fields stay lenient, but the custom properties aks-burst defines (those
   * starting {@code aksburst.}) are strict: a misspelt {@code aksburst.replica} is refused, never
   * silently the default.
   */
  private static Map<String, String> ownProperties(Map<String, String> custom, String path) {
    for (String k : custom.keySet()) {
      if (k.startsWith(AlertTargets.PREFIX) && !AlertTargets.PROPERTIES.contains(k)) {
        throw new InvalidPayload(
            path + k, KnownNames.unknown(path + k, k, AlertTargets.PROPERTIES, "custom property"));
      }
    }
    return custom;
  }
}
