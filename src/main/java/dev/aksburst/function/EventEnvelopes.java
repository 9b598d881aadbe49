package dev.aksburst.function;

import com.azure.core.models.CloudEvent;
import com.azure.core.util.BinaryData;
import com.azure.messaging.eventgrid.EventGridEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.aksburst.intent.InboundEvent;
import dev.aksburst.intent.InvalidPayload;
import dev.aksburst.intent.Json;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Decodes an Event Grid delivery, single or batched, in the Event Grid schema or CloudEvents 1.0
 * (told apart by {@code specversion}), with the azure-messaging-eventgrid envelope types, into
 * SDK-free {@link InboundEvent}s.
 */
final class EventEnvelopes {
  private EventEnvelopes() {}

  static List<InboundEvent> decode(String payload) {
    JsonNode root = Json.parse(payload);
    JsonNode first = root.isArray() ? root.path(0) : root;
    if (!first.isObject()) {
      throw new InvalidPayload(
          "body", "an Event Grid delivery must be an event object or a non-empty array of them");
    }
    try {
      if (first.has("specversion")) {
        return CloudEvent.fromString(payload).stream().map(EventEnvelopes::fromCloudEvent).toList();
      }
      return EventGridEvent.fromString(payload).stream()
          .map(EventEnvelopes::fromEventGrid)
          .toList();
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new InvalidPayload(
          "body",
          "not a valid "
              + (first.has("specversion") ? "CloudEvents 1.0" : "Event Grid schema")
              + " event: "
              + e.getMessage(),
          e);
    }
  }

  private static InboundEvent fromEventGrid(EventGridEvent e) {
    return new InboundEvent(
        InboundEvent.Schema.EVENT_GRID,
        e.getId(),
        e.getEventType(),
        e.getTopic(),
        e.getSubject(),
        Optional.ofNullable(e.getEventTime()).map(OffsetDateTime::toInstant),
        data(e.getData()));
  }

  private static InboundEvent fromCloudEvent(CloudEvent e) {
    return new InboundEvent(
        InboundEvent.Schema.CLOUD_EVENTS,
        e.getId(),
        e.getType(),
        e.getSource(),
        e.getSubject(),
        Optional.ofNullable(e.getTime()).map(OffsetDateTime::toInstant),
        data(e.getData()));
  }

  private static JsonNode data(BinaryData data) {
    if (data == null) {
      return NullNode.getInstance();
    }
    String text = data.toString();
    if (text.isBlank()) {
      return NullNode.getInstance();
    }
    try {
      return Json.parse(text);
    } catch (InvalidPayload notJson) {
      return TextNode.valueOf(text);
    }
  }
}
