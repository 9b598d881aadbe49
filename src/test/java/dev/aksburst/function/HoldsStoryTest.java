package dev.aksburst.function;

import static dev.aksburst.testing.FunctionMocks.body;
import static dev.aksburst.testing.FunctionMocks.context;
import static dev.aksburst.testing.FunctionMocks.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import dev.aksburst.app.AksBurst;
import dev.aksburst.app.Settings;
import dev.aksburst.app.SimClusterPortsFactory;
import dev.aksburst.app.TimingSettings;
import dev.aksburst.plan.BurstPlanner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * On the simulated seed cluster with the real planner: after a {@code DELETE} the replicas stay up
 * for the configured scale-in cooldown and the answer says so, with the same words status uses;
 * once the cooldown has passed the replicas come down and status no longer names it.
 */
class HoldsStoryTest {
  static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  /** A clock the test moves. */
  static final class TestClock extends Clock {
    Instant now = T0;

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  final TestClock clock = new TestClock();
  final BurstFunction f;

  HoldsStoryTest() {
    Settings settings =
        Settings.parse(
            Map.of(
                Settings.SIMULATE, "true",
                TimingSettings.SCALE_IN_COOLDOWN, "4m",
                TimingSettings.POOL_HOLD, "20m"));
    AksBurst app =
        AksBurst.create(
            settings,
            List.of(
                SimClusterPortsFactory.following(
                    SimClusterPortsFactory.start("sim", clock), clock)),
            new BurstPlanner(),
            clock);
    f = new BurstFunction(app);
  }

  JsonNode call(HttpMethod m, String path, String body) {
    return body(f.run(request(m, path, body, Map.of()), context()));
  }

  @Test
  void aDeleteSaysWhatStaysUpWhyAndUntilWhen() {
    JsonNode started =
        call(
            HttpMethod.POST,
            "/api/bursts",
            "{\"namespace\":\"virtualnode\",\"deployment\":\"nginx-vn\",\"replicas\":20}");
    assertThat(started.path("reconcile").path("status").asText()).isEqualTo("DONE");
    clock.now = T0.plus(Duration.ofMinutes(1));

    JsonNode ended = call(HttpMethod.DELETE, "/api/bursts/virtualnode/nginx-vn", null);
    assertThat(ended.path("ended")).hasSize(1);
    assertThat(ended.path("desiredReplicas").asInt()).isEqualTo(20);
    assertThat(ended.path("floor").asInt()).isZero();
    List<String> by = new ArrayList<>();
    ended.path("holds").forEach(h -> by.add(h.path("by").asText()));
    assertThat(by).contains("cooldown");
    JsonNode cooldown = hold(ended, "cooldown");
    assertThat(cooldown.path("until").asText())
        .isEqualTo(T0.plus(Duration.ofMinutes(4)).toString());
    assertThat(cooldown.path("what").asText())
        .contains("virtualnode/nginx-vn stays at 20 replicas", "PT4M");
    // heldBy is the hold that ends last: here the 20-minute pool hold after the burst ended
    assertThat(ended.path("heldBy").asText()).isEqualTo("hold");
    assertThat(ended.path("heldUntil").asText())
        .isEqualTo(T0.plus(Duration.ofMinutes(21)).toString());

    JsonNode status = call(HttpMethod.GET, "/api/bursts/virtualnode/nginx-vn", null);
    assertThat(status.path("holds")).isEqualTo(ended.path("holds"));
    assertThat(status.path("heldBy").asText()).isEqualTo("hold");

    clock.now = T0.plus(Duration.ofMinutes(5));
    call(HttpMethod.DELETE, "/api/bursts/virtualnode/nginx-vn", null); // reconciles
    JsonNode later = call(HttpMethod.GET, "/api/bursts/virtualnode/nginx-vn", null);
    assertThat(later.path("desiredReplicas").asInt()).isLessThan(20);
    later.path("holds").forEach(h -> assertThat(h.path("by").asText()).isNotEqualTo("cooldown"));
  }

  private static JsonNode hold(JsonNode answer, String by) {
    for (JsonNode h : answer.path("holds")) {
      if (h.path("by").asText().equals(by)) {
        return h;
      }
    }
    throw new AssertionError("no " + by + " hold in " + answer.path("holds"));
  }
}
