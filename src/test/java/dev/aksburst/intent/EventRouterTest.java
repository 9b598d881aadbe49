package dev.aksburst.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aksburst.model.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Event → intent: what each Event Grid event type asks for, and what it refuses. */
class EventRouterTest {
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
  static final Instant SENT = NOW.minusSeconds(5);
  static final String CLUSTER =
      "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks";

  static InboundEvent event(String type, String data, Optional<Instant> time) {
    return new InboundEvent(
        InboundEvent.Schema.EVENT_GRID, "ev-1", type, CLUSTER, "subject", time, Json.parse(data));
  }

  static InboundEvent event(String type, String data) {
    return event(type, data, Optional.of(SENT));
  }

  static final String ALERT =
      """
      {"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{
        "alertRule":"cpu-high","monitorCondition":"Fired","signalType":"Metric",
        "firedDateTime":"2026-03-01T09:59:00Z","alertTargetIDs":[]},
        "alertContext":{}}}""";

  static Stream<Arguments> routes() {
    return Stream.of(
        Arguments.of(
            "an Event Grid burst request",
            event(
                EventRouter.BURST_REQUESTED_EVENTGRID,
                "{\"namespace\":\"shop\",\"deployment\":\"web\",\"replicas\":9,\"duration\":\"1h\"}"),
            (Consumer<EventDecision>)
                d ->
                    assertThat(d)
                        .isInstanceOfSatisfying(
                            EventDecision.BurstRequested.class,
                            b -> {
                              assertThat(b.request().target())
                                  .isEqualTo(WorkloadRef.of("shop", "web"));
                              assertThat(b.request().replicas()).isEqualTo(9);
                              assertThat(b.request().duration()).isEqualTo(Duration.ofHours(1));
                            })),
        Arguments.of(
            "a CloudEvents burst request",
            event(
                EventRouter.BURST_REQUESTED_CLOUDEVENTS,
                "{\"namespace\":\"shop\",\"deployment\":\"web\",\"replicas\":3}"),
            (Consumer<EventDecision>)
                d ->
                    assertThat(d)
                        .isInstanceOfSatisfying(
                            EventDecision.BurstRequested.class,
                            b ->
                                assertThat(b.request().duration())
                                    .isEqualTo(BurstRequest.DEFAULT_DURATION))),
        Arguments.of(
            "the subscription handshake",
            event(EventRouter.SUBSCRIPTION_VALIDATION, "{\"validationCode\":\"abc\"}"),
            (Consumer<EventDecision>)
                d ->
                    assertThat(d)
                        .isInstanceOfSatisfying(
                            EventDecision.SubscriptionValidation.class,
                            v -> assertThat(v.validationCode()).isEqualTo("abc"))),
        Arguments.of(
            "an agent pool write",
            event(
                EventRouter.RESOURCE_WRITE_SUCCESS,
                "{\"operationName\":\"microsoft.containerservice/managedclusters/agentpools/write\","
                    + "\"resourceUri\":\""
                    + CLUSTER
                    + "/agentPools/np1\"}"),
            (Consumer<EventDecision>)
                d ->
                    assertThat(d)
                        .isInstanceOfSatisfying(
                            EventDecision.PoolWritten.class,
                            p -> assertThat(p.resourceUri()).endsWith("/agentPools/np1"))),
        Arguments.of(
            "another resource write",
            event(
                EventRouter.RESOURCE_WRITE_SUCCESS,
                "{\"operationName\":\"Microsoft.Storage/storageAccounts/write\"}"),
            ignored("Microsoft.Storage/storageAccounts/write is not an agent pool write")),
        Arguments.of(
            "an unnamed resource write",
            event(EventRouter.RESOURCE_WRITE_SUCCESS, "{}"),
            ignored("an unnamed operation")),
        Arguments.of(
            "a pool upgrade starting, at the event's time",
            event(EventRouter.ROLLING_STARTED, "{\"nodePoolName\":\"np1\"}"),
            rolling(true, SENT)),
        Arguments.of(
            "a pool upgrade that succeeded",
            event(EventRouter.ROLLING_SUCCEEDED, "{\"nodePoolName\":\"np1\"}"),
            rolling(false, SENT)),
        Arguments.of(
            "a pool upgrade that failed, with no event time",
            event(EventRouter.ROLLING_FAILED, "{\"nodePoolName\":\"np1\"}", Optional.empty()),
            rolling(false, NOW)),
        Arguments.of(
            "an alert forwarded through a custom topic",
            event("Custom.Alert", ALERT),
            (Consumer<EventDecision>)
                d ->
                    assertThat(d)
                        .isInstanceOfSatisfying(
                            EventDecision.ForwardedAlert.class,
                            a -> assertThat(a.alert().rule()).isEqualTo("cpu-high"))),
        Arguments.of(
            "anything else",
            event("Microsoft.Storage.BlobCreated", "{\"url\":\"x\"}"),
            ignored("event type Microsoft.Storage.BlobCreated is not one aks-burst acts on")));
  }

  static Consumer<EventDecision> ignored(String why) {
    return d ->
        assertThat(d)
            .isInstanceOfSatisfying(
                EventDecision.Ignored.class, i -> assertThat(i.reason()).contains(why));
  }

  static Consumer<EventDecision> rolling(boolean started, Instant at) {
    return d ->
        assertThat(d)
            .isInstanceOfSatisfying(
                EventDecision.PoolRolling.class,
                p -> {
                  assertThat(p.pool()).isEqualTo("np1");
                  assertThat(p.cluster()).isEqualTo(CLUSTER);
                  assertThat(p.started()).isEqualTo(started);
                  assertThat(p.at()).isEqualTo(at);
                });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("routes")
  void anEventAsksFor(String name, InboundEvent e, Consumer<EventDecision> expected) {
    EventDecision d = EventRouter.route(e, NOW);
    assertThat(d.event()).isEqualTo(e);
    expected.accept(d);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of(
            event(EventRouter.BURST_REQUESTED_EVENTGRID, "{\"namespace\":\"shop\"}"),
            "data.deployment"),
        Arguments.of(
            event(
                EventRouter.BURST_REQUESTED_EVENTGRID,
                "{\"namespace\":\"shop\",\"deployment\":\"web\",\"replicas\":3,\"replica\":4}"),
            "data.replica"),
        Arguments.of(event(EventRouter.SUBSCRIPTION_VALIDATION, "{}"), "data.validationCode"),
        Arguments.of(event(EventRouter.ROLLING_STARTED, "{}"), "data.nodePoolName"),
        Arguments.of(
            event(
                EventRouter.RESOURCE_WRITE_SUCCESS,
                "{\"operationName\":\"" + EventRouter.AGENT_POOL_WRITE + "\"}"),
            "data.resourceUri"));
  }

  @ParameterizedTest
  @MethodSource("malformed")
  void aMalformedEventIsRefusedNamingTheField(InboundEvent e, String field) {
    assertThatThrownBy(() -> EventRouter.route(e, NOW))
        .isInstanceOf(InvalidPayload.class)
        .hasMessageContaining(field);
  }

  @Test
  void aResourceIsUnderItsClusterCaseInsensitivelyAndNotUnderASiblingWithTheSamePrefix() {
    assertThat(EventRouter.under(CLUSTER + "/agentPools/np1", CLUSTER)).isTrue();
    assertThat(EventRouter.under(CLUSTER.toUpperCase(), CLUSTER + "/")).isTrue();
    assertThat(EventRouter.under(CLUSTER + "-two/agentPools/np1", CLUSTER)).isFalse();
  }
}
