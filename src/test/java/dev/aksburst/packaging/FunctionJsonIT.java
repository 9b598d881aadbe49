package dev.aksburst.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks what {@code mvn package} produced (failsafe runs after the package phase): one folder per
 * function with the right trigger, route, methods, function-key auth on HTTP and timer schedules
 * taken from app settings.
 */
class FunctionJsonIT {
  static final Path APP = Path.of("target", "azure-functions", "aks-burst");

  static JsonNode trigger(String function) throws IOException {
    Path file = APP.resolve(function).resolve("function.json");
    assertThat(file).as("packaged " + file).exists();
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    assertThat(root.path("scriptFile").asText()).endsWith(".jar");
    for (JsonNode b : root.path("bindings")) {
      if (b.path("type").asText().endsWith("Trigger")) {
        return b;
      }
    }
    throw new AssertionError(function + " has no trigger binding: " + root);
  }

  static List<String> methods(JsonNode b) {
    List<String> out = new ArrayList<>();
    b.path("methods").forEach(m -> out.add(m.asText().toUpperCase()));
    return out;
  }

  @Test
  void alertFunction() throws IOException {
    JsonNode t = trigger("AlertFunction");
    assertThat(t.path("type").asText()).isEqualTo("httpTrigger");
    assertThat(t.path("route").asText()).isEqualTo("alerts");
    assertThat(methods(t)).containsExactly("POST");
    assertThat(t.path("authLevel").asText()).isEqualToIgnoringCase("FUNCTION");
  }

  @Test
  void burstFunction() throws IOException {
    JsonNode t = trigger("BurstFunction");
    assertThat(t.path("type").asText()).isEqualTo("httpTrigger");
    assertThat(t.path("route").asText()).isEqualTo("bursts/{namespace?}/{deployment?}");
    assertThat(methods(t)).containsExactlyInAnyOrder("GET", "POST", "DELETE");
    assertThat(t.path("authLevel").asText()).isEqualToIgnoringCase("FUNCTION");
  }

  @Test
  void dashboardFunction() throws IOException {
    JsonNode t = trigger("DashboardFunction");
    assertThat(t.path("type").asText()).isEqualTo("httpTrigger");
    assertThat(t.path("route").asText()).isEqualTo("dashboard");
    assertThat(methods(t)).containsExactly("GET");
    assertThat(t.path("authLevel").asText()).isEqualToIgnoringCase("FUNCTION");
  }

  @Test
  void eventGridFunction() throws IOException {
    assertThat(trigger("EventGridFunction").path("type").asText()).isEqualTo("eventGridTrigger");
  }

  @Test
  void timers() throws IOException {
    JsonNode schedule = trigger("ScheduleFunction");
    assertThat(schedule.path("type").asText()).isEqualTo("timerTrigger");
    assertThat(schedule.path("schedule").asText()).isEqualTo("%AKSBURST_WINDOWS_SCHEDULE%");
    JsonNode reconcile = trigger("ReconcileFunction");
    assertThat(reconcile.path("type").asText()).isEqualTo("timerTrigger");
    assertThat(reconcile.path("schedule").asText()).isEqualTo("%AKSBURST_RECONCILE_SCHEDULE%");
  }

  @Test
  void exactlyTheSixFunctions() throws IOException {
    try (var dirs = Files.list(APP)) {
      assertThat(
              dirs.filter(d -> Files.exists(d.resolve("function.json")))
                  .map(d -> d.getFileName().toString()))
          .containsExactlyInAnyOrder(
              "AlertFunction",
              "BurstFunction",
              "DashboardFunction",
              "EventGridFunction",
              "ReconcileFunction",
              "ScheduleFunction");
    }
  }
}
