package dev.aksburst.intent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.BurstState;
import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.Window;
import dev.aksburst.model.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Manual → intent, event → intent and window → intent, and how an alert's notifications are
 * recorded over an existing floor: one table each.
 */
class IntentFactoryTest {
  static final WorkloadRef WEB = WorkloadRef.of("shop", "web");
  static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  static BurstRequest request(String reason, Optional<String> id) {
    return new BurstRequest(WEB, 12, Duration.ofMinutes(45), reason, false, id);
  }

  static Stream<Arguments> requests() {
    return Stream.of(
        Arguments.of(
            "manual with its own id",
            IntentFactory.fromBurstRequest(request("sale", Optional.of("r-1")), "gen", NOW),
            "manual:shop/web:r-1",
            IntentSource.MANUAL,
            NOW,
            "sale"),
        Arguments.of(
            "manual without id gets the generated one and a default reason",
            IntentFactory.fromBurstRequest(request("", Optional.empty()), "gen-7", NOW),
            "manual:shop/web:gen-7",
            IntentSource.MANUAL,
            NOW,
            "manual burst"),
        Arguments.of(
            "event: keyed and timed by the event, so a redelivery is the same intent",
            IntentFactory.fromBurstEvent(
                request("", Optional.empty()), "ev-9", NOW.minusSeconds(30)),
            "event:ev-9",
            IntentSource.EVENT,
            NOW.minusSeconds(30),
            "burst requested by event ev-9"),
        Arguments.of(
            "event with a reason",
            IntentFactory.fromBurstEvent(request("launch", Optional.empty()), "ev-9", NOW),
            "event:ev-9",
            IntentSource.EVENT,
            NOW,
            "launch"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("requests")
  void aRequestBecomesAFloorForItsDuration(
      String name, Intent i, String id, IntentSource source, Instant from, String reason) {
    assertThat(i.id()).isEqualTo(id);
    assertThat(i.source()).isEqualTo(source);
    assertThat(i.target()).isEqualTo(WEB);
    assertThat(i.replicas()).isEqualTo(12);
    assertThat(i.from()).isEqualTo(from);
    assertThat(i.until()).contains(from.plus(Duration.ofMinutes(45)));
    assertThat(i.reason()).isEqualTo(reason);
    assertThat(i.leadTime()).isEmpty();
  }

  static Stream<Arguments> windows() {
    Window office = new Window("0 8 * * 1-5", "0 18 * * 1-5", "Europe/Berlin", 6, Optional.empty());
    Window warm =
        new Window(
            "0 8 * * 1-5", "0 18 * * 1-5", "Europe/Berlin", 6, Optional.of(Duration.ofMinutes(20)));
    Instant monday8 = Instant.parse("2026-03-02T07:00:00Z");
    Instant monday18 = Instant.parse("2026-03-02T17:00:00Z");
    return Stream.of(
        Arguments.of("inside the window", office, monday8.plusSeconds(3600), monday8, null),
        Arguments.of("at its start", office, monday8, monday8, null),
        Arguments.of("before it without a lead time", office, monday8.minusSeconds(60), null, null),
        Arguments.of(
            "within the lead time",
            warm,
            monday8.minus(Duration.ofMinutes(20)),
            monday8,
            Duration.ofMinutes(20)),
        Arguments.of(
            "before the lead time", warm, monday8.minus(Duration.ofMinutes(21)), null, null),
        Arguments.of("at its end", office, monday18, null, null),
        Arguments.of("at the weekend", office, Instant.parse("2026-03-07T09:00:00Z"), null, null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("windows")
  void aWindowBecomesAFloorOnlyWhileItIsDue(
      String name, Window w, Instant now, Instant start, Duration lead) {
    Optional<WindowSchedule.Occurrence> due = new WindowSchedule(w).due(now);
    if (start == null) {
      assertThat(due).isEmpty();
      return;
    }
    Intent i = IntentFactory.fromWindow(w, WEB, due.orElseThrow());
    assertThat(i.id()).isEqualTo(w.key() + "@" + start);
    assertThat(i.source()).isEqualTo(IntentSource.SCHEDULE);
    assertThat(i.replicas()).isEqualTo(6);
    assertThat(i.from()).isEqualTo(start);
    assertThat(i.until()).contains(start.plus(Duration.ofHours(10)));
    assertThat(i.leadTime()).isEqualTo(Optional.ofNullable(lead));
  }

  // ---- an alert's notifications over the stored floor

  static Intent alertIntent(Optional<Instant> until, Instant observedAt, int replicas) {
    return new Intent(
        "alert:cpu-high:shop/web",
        IntentSource.ALERT,
        WEB,
        replicas,
        NOW,
        until,
        "alert cpu-high",
        Optional.empty(),
        observedAt);
  }

  /**
   * Versions of one firing carry its {@code firedDateTime} as {@code observedAt}; they are ordered
   * by condition, never by comparing the sender's times.
   */
  static Stream<Arguments> notifications() {
    Intent open = alertIntent(Optional.empty(), NOW, 20);
    Instant resolved = NOW.plus(Duration.ofMinutes(20));
    Intent closing = alertIntent(Optional.of(resolved.plusSeconds(600)), NOW, 99);
    Intent closed = open.withUntil(Optional.of(resolved.plusSeconds(600)), NOW);
    Intent nextFiring = alertIntent(Optional.empty(), NOW.plus(Duration.ofHours(1)), 20);
    return Stream.of(
        Arguments.of("fired on nothing opens the floor", BurstState.EMPTY, open, List.of(open)),
        Arguments.of(
            "resolved closes the stored floor and keeps its replicas",
            BurstState.EMPTY.withIntent(open),
            closing,
            List.of(closed)),
        Arguments.of(
            "a duplicate fired after the resolve does not reopen it",
            BurstState.EMPTY.withIntent(closed),
            open,
            List.of(closed)),
        Arguments.of(
            "a resolved of an earlier firing changes nothing",
            BurstState.EMPTY.withIntent(nextFiring),
            closing,
            List.of(nextFiring)),
        Arguments.of(
            "a later firing replaces the closed floor",
            BurstState.EMPTY.withIntent(closed),
            nextFiring,
            List.of(nextFiring)),
        Arguments.of(
            "resolved with nothing stored records the closed floor",
            BurstState.EMPTY,
            closing,
            List.of(closing)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("notifications")
  void anAlertNotificationIsRecordedOverTheStoredFloor(
      String name, BurstState before, Intent notification, List<Intent> after) {
    assertThat(IntentFactory.applyAlert(before, notification).intents())
        .containsExactlyElementsOf(after);
  }

  @Test
  void longIdsAreBoundedAndStillDistinct() {
    String a = "alert:" + "r".repeat(300) + ":shop/web";
    String b = "alert:" + "r".repeat(300) + ":shop/api";
    assertThat(IntentFactory.boundedId(a)).hasSize(Intent.MAX_ID_LENGTH);
    assertThat(IntentFactory.boundedId(a)).isNotEqualTo(IntentFactory.boundedId(b));
    assertThat(IntentFactory.boundedId(a)).isEqualTo(IntentFactory.boundedId(a));
    assertThat(IntentFactory.boundedId("manual:shop/web:x")).isEqualTo("manual:shop/web:x");
  }
}
