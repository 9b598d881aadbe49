package dev.aksburst.function;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aksburst.intent.InvalidPayload;
import dev.aksburst.intent.Json;

/**
 * The timer trigger's payload ({@code {"Schedule":..., "ScheduleStatus":..., "IsPastDue":...}}), of
 * which only {@code IsPastDue} matters: the work is computed from the clock, not from ticks.
 */
record TimerInfo(boolean pastDue) {
  static TimerInfo parse(String payload) {
    if (payload == null || payload.isBlank()) {
      return new TimerInfo(false);
    }
    try {
      JsonNode n = Json.parse(payload);
      return new TimerInfo(n.path("IsPastDue").asBoolean(false));
    } catch (InvalidPayload e) {
      throw new InvalidPayload("timer", "the timer payload is not JSON: " + e.getMessage(), e);
    }
  }
}
