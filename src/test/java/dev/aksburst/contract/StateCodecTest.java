package dev.aksburst.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aksburst.model.Backfill;
import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.BurstState;
import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.LearnedWindow;
import dev.aksburst.model.PastBurst;
import dev.aksburst.model.PlanEntry;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.ShedAudit;
import dev.aksburst.model.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StateCodecTest {
  static final WorkloadRef WEB = WorkloadRef.of("shop", "web");
  static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");

  static BurstState full() {
    Intent open =
        new Intent(
            "alert:cpu-high:shop/web",
            IntentSource.ALERT,
            WEB,
            20,
            T0,
            Optional.empty(),
            "CPU above 80%",
            Optional.empty(),
            T0);
    Intent window =
        new Intent(
            "window:0 8 * * *|0 18 * * *|UTC",
            IntentSource.SCHEDULE,
            WEB,
            12,
            T0,
            Optional.of(T0.plusSeconds(3600)),
            "",
            Optional.of(Duration.ofMinutes(10)),
            T0.minusSeconds(5));
    Bookkeeping b =
        Bookkeeping.EMPTY
            .withBaselineReplicas(OptionalInt.of(2))
            .withHpaBaselineMin(OptionalInt.of(1))
            .withBackfill(Optional.of(new Backfill(3, 20, 4, T0.plusSeconds(60))))
            .withLastScaleUp(T0)
            .withBackfillBackoffUntil(Optional.of(T0.plusSeconds(600)));
    return new BurstState(
        List.of(open, window),
        b,
        List.of(new PlanEntry("ScaleDeployment", "shop/web", "DesiredReplicasPolicy", "x", T0)),
        List.of(
            new PastBurst(
                "alert:cpu-high:shop/web", Duration.ofMinutes(25), T0.minusSeconds(86400)),
            new PastBurst(
                "manual:ops",
                Duration.ofMinutes(5),
                T0.minusSeconds(3600),
                12,
                IntentSource.MANUAL)),
        List.of(learned(Optional.empty()), learned(Optional.of(T0))));
  }

  static LearnedWindow learned(Optional<Instant> droppedAt) {
    return new LearnedWindow(
        "learned:weekdays@08:55" + droppedAt.map(d -> "-dropped").orElse(""),
        LearnedWindow.Pattern.WEEKDAYS,
        LearnedWindow.WEEKDAYS,
        LocalTime.of(8, 55),
        LocalTime.of(9, 40),
        "Europe/Berlin",
        24,
        Duration.ofMinutes(7),
        8,
        8,
        1.0,
        T0.minusSeconds(7200),
        droppedAt,
        "surges on 8 of 8 weekdays");
  }

  @Test
  void aHistoryEntryWrittenBeforeFloorsAndSourcesReadsAsAnAlertOfUnknownFloor() {
    String old =
        "{\"v\":1,\"history\":[{\"key\":\"a\",\"length\":\"PT25M\","
            + "\"endedAt\":\"2025-01-01T00:00:00Z\"}]}";
    StateCodec.Decoded<BurstState> d = StateCodec.decode(old, WEB);
    assertThat(d.problem()).isEmpty();
    assertThat(d.state().history())
        .containsExactly(
            new PastBurst(
                "a",
                Duration.ofMinutes(25),
                Instant.parse("2025-01-01T00:00:00Z"),
                0,
                IntentSource.ALERT));
    assertThat(d.state().learned()).isEmpty();
    assertThat(StateCodec.encode(BurstState.EMPTY)).doesNotContain("learned");
  }

  @Test
  void aStateWrittenBeforeHistoryExistedReadsWithNone() {
    String old = "{\"v\":1,\"intents\":[],\"bookkeeping\":{},\"lastPlan\":[]}";
    StateCodec.Decoded<BurstState> d = StateCodec.decode(old, WEB);
    assertThat(d.problem()).isEmpty();
    assertThat(d.state().history()).isEmpty();
    assertThat(StateCodec.encode(BurstState.EMPTY)).doesNotContain("history");
  }

  @Test
  void roundTripsEveryField() {
    BurstState s = full();
    String json = StateCodec.encode(s);
    StateCodec.Decoded<BurstState> d = StateCodec.decode(json, WEB);
    assertThat(d.problem()).isEmpty();
    assertThat(d.state()).isEqualTo(s);
    assertThat(json).contains("\"source\":\"alert\"").contains("\"until\":null");
  }

  @Test
  void aShedAuditRoundTripsAndAStateWithoutOneReadsWithNone() {
    ShedAudit audit =
        new ShedAudit(
            Instant.parse("2025-01-01T00:00:00Z"),
            2,
            List.of("web-aci-0", "web-aci-1"),
            List.of("web-0", "web-1", "web-aci-0", "web-aci-1"));
    BurstState s = full().withShedAudit(Optional.of(audit));
    String json = StateCodec.encode(s);
    assertThat(json).contains("\"shedAudit\":{\"at\":\"2025-01-01T00:00:00Z\",\"replicas\":2");
    StateCodec.Decoded<BurstState> d = StateCodec.decode(json, WEB);
    assertThat(d.problem()).isEmpty();
    assertThat(d.state().shedAudit()).contains(audit);
    assertThat(StateCodec.encode(full())).doesNotContain("shedAudit");
    assertThat(StateCodec.decode(StateCodec.encode(full()), WEB).state().shedAudit()).isEmpty();
  }

  @Test
  void emptyAndMissingAreEmptyWithoutProblem() {
    assertThat(StateCodec.decode(null, WEB).state()).isEqualTo(BurstState.EMPTY);
    assertThat(StateCodec.decode("", WEB).readable()).isTrue();
    assertThat(StateCodec.decode(StateCodec.encode(BurstState.EMPTY), WEB).state())
        .isEqualTo(BurstState.EMPTY);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{not json",
        "[]",
        "{\"v\":2,\"intents\":[]}",
        "{\"intents\":[]}",
        "{\"v\":1,\"intents\":{}}",
        "{\"v\":1,\"intents\":[{\"id\":\"a\",\"source\":\"carrier-pigeon\",\"replicas\":1,"
            + "\"from\":\"2025-01-01T00:00:00Z\",\"observedAt\":\"2025-01-01T00:00:00Z\"}]}",
        "{\"v\":1,\"intents\":[{\"id\":\"a\",\"source\":\"alert\",\"replicas\":1,"
            + "\"from\":\"yesterday\",\"observedAt\":\"2025-01-01T00:00:00Z\"}]}",
        "{\"v\":1,\"bookkeeping\":{\"baselineReplicas\":\"two\"}}",
        "{\"v\":1,\"history\":[{\"key\":\"a\",\"length\":\"25 minutes\","
            + "\"endedAt\":\"2025-01-01T00:00:00Z\"}]}",
        "{\"v\":1,\"history\":[{\"key\":\"a\",\"length\":\"PT25M\","
            + "\"endedAt\":\"2025-01-01T00:00:00Z\",\"source\":\"rumour\"}]}",
        "{\"v\":1,\"learned\":[{\"key\":\"l\",\"pattern\":\"fortnightly\",\"days\":[\"MONDAY\"],"
            + "\"start\":\"09:00\",\"end\":\"10:00\",\"timezone\":\"UTC\",\"replicas\":3,"
            + "\"leadTime\":\"PT7M\",\"occurrences\":3,\"expected\":3,\"confidence\":1,"
            + "\"learnedAt\":\"2025-01-01T00:00:00Z\"}]}",
        "{\"v\":1,\"learned\":[{\"key\":\"l\",\"pattern\":\"weekly\",\"days\":[\"MONDAY\"],"
            + "\"start\":\"09:00\",\"end\":\"10:00\",\"timezone\":\"UTC\",\"replicas\":3,"
            + "\"leadTime\":\"PT7M\",\"occurrences\":3,\"expected\":3,\"confidence\":\"high\","
            + "\"learnedAt\":\"2025-01-01T00:00:00Z\"}]}",
      })
  void garbledStateIsAProblemAndEmpty(String text) {
    StateCodec.Decoded<BurstState> d = StateCodec.decode(text, WEB);
    assertThat(d.readable()).isFalse();
    assertThat(d.state()).isEqualTo(BurstState.EMPTY);
    assertThat(d.problem().get())
        .startsWith("aksburst.dev/state on shop/web can not be read (")
        .endsWith("will not overwrite it: fix or remove it by hand");
  }

  @Test
  void oversizedStateIsRefusedBothWays() {
    String big = "x".repeat(StateCodec.MAX_BYTES);
    BurstState s =
        BurstState.EMPTY.withIntent(
            new Intent(
                "manual:1",
                IntentSource.MANUAL,
                WEB,
                3,
                T0,
                Optional.empty(),
                big,
                Optional.empty(),
                T0));
    assertThatThrownBy(() -> StateCodec.encode(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("above the limit of 65536");
    assertThat(StateCodec.decode("{\"v\":1,\"pad\":\"" + big + "\"}", WEB).problem().get())
        .contains("larger than 65536 bytes");
  }

  @Test
  void poolStateRoundTripsAndGarbledIsReported() {
    PoolState p =
        PoolState.EMPTY
            .withBaseline(OptionalInt.of(3))
            .withLastScaleOut(T0)
            .withRollingSince(Optional.of(T0))
            .withError(Optional.of("429: throttled"), Optional.of(T0.plusSeconds(30)))
            .withLastBoot(java.time.Duration.ofSeconds(250));
    assertThat(StateCodec.encodePool(p)).contains("\"lastBoot\":\"PT4M10S\"");
    assertThat(StateCodec.decodePool(StateCodec.encodePool(p), "pool userpool").state())
        .isEqualTo(p);
    assertThat(StateCodec.decodePool("{\"v\":1,\"lastBoot\":\"4 minutes\"}", "p").readable())
        .as("a boot that is not an ISO-8601 duration is garbled, not guessed")
        .isFalse();
    StateCodec.Decoded<PoolState> bad = StateCodec.decodePool("{\"v\":1,\"baseline\":[]}", "p");
    assertThat(bad.readable()).isFalse();
    assertThat(bad.state()).isEqualTo(PoolState.EMPTY);
  }
}
