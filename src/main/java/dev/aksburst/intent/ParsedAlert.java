package dev.aksburst.intent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * An Azure Monitor alert notification reduced to what aks-burst needs, whatever schema carried it.
 *
 * @param schema which payload schema it came in
 * @param rule the alert rule's name ({@code essentials.alertRule}, legacy {@code context.name})
 * @param condition Fired or Resolved
 * @param signalType Metric, Log or Activity Log (legacy metric alerts: Metric)
 * @param firedAt when the alert fired
 * @param resolvedAt when it resolved (Resolved only)
 * @param targetIds {@code alertTargetIDs} (legacy: {@code context.resourceId})
 * @param customProperties the action's custom properties (legacy: {@code data.properties})
 * @param dimensions every condition dimension, name to value (first condition wins on clashes)
 * @param metricValue the first condition's measured value, when given
 * @param threshold the first condition's static threshold, when given (dynamic thresholds may omit)
 */
public record ParsedAlert(
    Schema schema,
    String rule,
    Condition condition,
    String signalType,
    Instant firedAt,
    Optional<Instant> resolvedAt,
    List<String> targetIds,
    Map<String, String> customProperties,
    Map<String, String> dimensions,
    OptionalDouble metricValue,
    OptionalDouble threshold) {

  /** The payload schema. */
  public enum Schema {
    COMMON,
    LEGACY_METRIC
  }

  /** The alert's monitor condition. */
  public enum Condition {
    FIRED,
    RESOLVED
  }

  public ParsedAlert {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(condition, "condition");
    signalType = signalType == null ? "" : signalType;
    Objects.requireNonNull(firedAt, "firedAt");
    Objects.requireNonNull(resolvedAt, "resolvedAt");
    targetIds = List.copyOf(targetIds);
    customProperties = Map.copyOf(customProperties);
    dimensions = Map.copyOf(dimensions);
    Objects.requireNonNull(metricValue, "metricValue");
    Objects.requireNonNull(threshold, "threshold");
    if (condition == Condition.RESOLVED && resolvedAt.isEmpty()) {
      throw new IllegalArgumentException("a resolved alert needs its resolve time");
    }
  }

  /** Activity log alerts never resolve: their floor lasts one hold from the time they fired. */
  public boolean neverResolves() {
    return signalType.equalsIgnoreCase("Activity Log");
  }

  /** The time of this notification: resolve time when resolved, else fire time. */
  public Instant notifiedAt() {
    return resolvedAt.orElse(firedAt);
  }
}
