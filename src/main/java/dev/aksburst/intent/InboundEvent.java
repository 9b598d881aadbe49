package dev.aksburst.intent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One Event Grid delivery in either schema, reduced to its envelope fields and JSON data.
 *
 * @param schema EVENT_GRID or CLOUD_EVENTS
 * @param source Event Grid {@code topic} or CloudEvents {@code source} (for AKS system events: the
 *     managed cluster's ARM id)
 * @param data the event's data; a JSON null node when it has none
 */
public record InboundEvent(
    Schema schema,
    String id,
    String type,
    String source,
    String subject,
    Optional<Instant> time,
    JsonNode data) {
  /** The envelope schema. */
  public enum Schema {
    EVENT_GRID,
    CLOUD_EVENTS
  }

  public InboundEvent {
    Objects.requireNonNull(schema);
    Objects.requireNonNull(id);
    Objects.requireNonNull(type);
    source = source == null ? "" : source;
    subject = subject == null ? "" : subject;
    Objects.requireNonNull(time);
    Objects.requireNonNull(data);
  }
}
