package dev.aksburst.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aksburst.app.ProblemException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SampleDatesTest {
  static final Instant NOW = Instant.parse("2026-12-04T19:00:00Z");
  static final ObjectMapper MAPPER = new ObjectMapper();

  static String sample(String name) throws IOException {
    return Files.readString(Path.of("src/main/resources/demo/alerts/" + name));
  }

  static JsonNode essentials(Optional<String> body) throws IOException {
    return MAPPER.readTree(body.orElseThrow()).path("data").path("essentials");
  }

  @Test
  void withoutTheParameterTheBodyIsPassedOnUntouched() throws IOException {
    String fired = sample("metric-static-fired.json");
    assertThat(SampleDates.apply(Map.of(), Optional.of(fired), NOW)).contains(fired);
    assertThat(SampleDates.apply(Map.of("now", "false"), Optional.of(fired), NOW)).contains(fired);
  }

  @Test
  void aFiredSampleFiresNowAndNothingElseChanges() throws IOException {
    String fired = sample("metric-static-fired.json");
    Optional<String> out = SampleDates.apply(Map.of("now", "true"), Optional.of(fired), NOW);
    assertThat(essentials(out).path("firedDateTime").asText()).isEqualTo(NOW.toString());
    JsonNode before = MAPPER.readTree(fired);
    JsonNode after = MAPPER.readTree(out.get());
    ((com.fasterxml.jackson.databind.node.ObjectNode) before.path("data").path("essentials"))
        .put("firedDateTime", NOW.toString());
    assertThat(after).isEqualTo(before);
  }

  @Test
  void aResolvedSampleResolvesNowAndFiredAsLongBefore() throws IOException {
    // the sample fired 18:17:12.851 and resolved 18:32:12.851: 15 minutes
    Optional<String> out =
        SampleDates.apply(
            Map.of("now", "TRUE"), Optional.of(sample("metric-static-resolved.json")), NOW);
    assertThat(essentials(out).path("resolvedDateTime").asText()).isEqualTo(NOW.toString());
    assertThat(essentials(out).path("firedDateTime").asText())
        .isEqualTo(NOW.minusSeconds(900).toString());
  }

  @Test
  void theLegacySchemasTimestampMovesToo() throws IOException {
    String legacy =
        "{\"schemaId\":\"AzureMonitorMetricAlert\",\"data\":{\"status\":\"Activated\","
            + "\"context\":{\"timestamp\":\"2025-04-15T18:17:12Z\",\"name\":\"r\"}}}";
    Optional<String> out = SampleDates.apply(Map.of("now", "true"), Optional.of(legacy), NOW);
    assertThat(MAPPER.readTree(out.get()).at("/data/context/timestamp").asText())
        .isEqualTo(NOW.toString());
  }

  @Test
  void aWrongValueOrABodyWithoutTimesIsA400NamingWhat() {
    ProblemException value =
        catchThrowableOfType(
            ProblemException.class,
            () -> SampleDates.apply(Map.of("now", "yes"), Optional.of("{}"), NOW));
    assertThat(value.problem().status()).isEqualTo(400);
    assertThat(value.problem().field()).contains("now");
    ProblemException none =
        catchThrowableOfType(
            ProblemException.class,
            () -> SampleDates.apply(Map.of("now", "true"), Optional.of("{\"data\":{}}"), NOW));
    assertThat(none.problem().detail()).contains("data.essentials.firedDateTime");
  }
}
