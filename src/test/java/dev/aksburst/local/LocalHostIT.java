package dev.aksburst.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aksburst.intent.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The local host over real HTTP on 127.0.0.1 (an ephemeral port), backed by the simulator with
 * simulated time at 120x: every route, keys, Event Grid validation and notification, problem+json
 * errors, and the ReconcileFunction timer firing on the simulated clock.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalHostIT {
  private static String KEY;
  private static final String W = "/api/bursts/virtualnode/nginx-vn";
  private static final List<String> CONSOLE = new CopyOnWriteArrayList<>();
  private static LocalHost host;
  private static HttpClient http;

  @BeforeAll
  static void start() throws IOException {
    host = LocalHost.start(Map.of("AKSBURST_SIM_SPEED", "120"), CONSOLE::add, OptionalInt.of(0));
    KEY = host.key();
    http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @AfterAll
  static void stop() {
    host.close();
  }

  private static HttpResponse<String> send(
      String method, String pathAndQuery, String body, String... headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + pathAndQuery))
            .timeout(Duration.ofSeconds(10))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static HttpResponse<String> withKey(String method, String path, String body)
      throws Exception {
    return send(method, path, body, "x-functions-key", KEY, "Content-Type", "application/json");
  }

  private static String sample(String path) throws IOException {
    return Files.readString(Path.of("src/test/resources/samples", path));
  }

  @Test
  @Order(1)
  void keysAreRequiredInTheHeaderOrTheCodeQuery() throws Exception {
    HttpResponse<String> none = send("GET", "/api/bursts", null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(send("GET", "/api/bursts", null, "x-functions-key", "wrong").statusCode())
        .isEqualTo(401);
    assertThat(send("GET", "/api/bursts?code=" + KEY, null).statusCode()).isEqualTo(200);
    assertThat(send("GET", "/api/nothing?code=" + KEY, null).statusCode()).isEqualTo(404);
    HttpResponse<String> get = withKey("GET", "/api/alerts", null);
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST");
  }

  @Test
  @Order(2)
  void theAlertFiresThroughAlertFunctionAndTheTimerCarriesTheBurstThrough() throws Exception {
    HttpResponse<String> res = withKey("POST", "/api/alerts", SeedDemo.resource(SeedDemo.FIRED));
    assertThat(res.statusCode()).isEqualTo(200);
    JsonNode body = Json.parse(res.body());
    assertThat(body.path("outcome").asText()).isEqualTo("recorded");
    assertThat(body.at("/intents/0/replicas").asInt()).isEqualTo(20);
    assertThat(body.at("/reconcile/actions").findValuesAsText("action"))
        .contains("ScaleDeployment", "ScaleNodePool");

    // 120x: a simulated minute every half second; nodes are Ready after 3 simulated minutes and
    // the backfill needs a few reconciles more. Only the ReconcileFunction timer can do that.
    JsonNode status = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      status = Json.parse(withKey("GET", W, null).body());
      if (status.path("podsOnVirtualNodes").asInt() == 0
          && status.path("readyReplicas").asInt() == 20
          && status.path("desiredReplicas").asInt() == 20) {
        break;
      }
      Thread.sleep(200);
    }
    assertThat(status.path("podsOnVmNodes").asInt()).isEqualTo(20);
    assertThat(status.path("podsOnVirtualNodes").asInt()).isZero();
    assertThat(status.at("/nodePool/count").asInt()).isEqualTo(7);
    assertThat(status.path("floor").asInt()).isEqualTo(20);
    assertThat(CONSOLE).anyMatch(l -> l.contains("virtualnode/nginx-vn: 20/20 ready, 20 on VMs"));
  }

  @Test
  @Order(3)
  void burstsAreListedStartedAndEnded() throws Exception {
    HttpResponse<String> list = withKey("GET", "/api/bursts", null);
    assertThat(list.statusCode()).isEqualTo(200);
    assertThat(Json.parse(list.body()).path("workloads").findValuesAsText("deployment"))
        .containsExactly("nginx-vn");

    HttpResponse<String> started =
        withKey(
            "POST",
            "/api/bursts",
            "{\"namespace\":\"virtualnode\",\"deployment\":\"nginx-vn\",\"replicas\":25,"
                + "\"duration\":\"10m\",\"reason\":\"load test\"}");
    assertThat(started.statusCode()).isEqualTo(202);
    assertThat(Json.parse(started.body()).at("/intent/replicas").asInt()).isEqualTo(25);

    HttpResponse<String> one = withKey("GET", W, null);
    assertThat(Json.parse(one.body()).path("floor").asInt()).isEqualTo(25);

    HttpResponse<String> ended = withKey("DELETE", W, null);
    assertThat(ended.statusCode()).isEqualTo(200);
    JsonNode e = Json.parse(ended.body());
    assertThat(e.path("ended")).hasSize(1);
    // what stays up and why: the alert's floor is 20, the replicas stay at 25 for the cooldown
    assertThat(e.path("floor").asInt()).isEqualTo(20);
    assertThat(e.path("holds").findValuesAsText("by")).contains("cooldown");
    assertThat(e.path("heldBy").asText()).isNotEqualTo("none");
  }

  @Test
  @Order(4)
  void badInputIsA400ProblemNamingTheField() throws Exception {
    HttpResponse<String> res =
        withKey("POST", "/api/bursts", "{\"namespace\":\"virtualnode\",\"replicas\":5}");
    assertThat(res.statusCode()).isEqualTo(400);
    assertThat(res.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonNode p = Json.parse(res.body());
    assertThat(p.path("status").asInt()).isEqualTo(400);
    assertThat(p.path("field").asText()).isEqualTo("deployment");

    HttpResponse<String> missing = withKey("GET", "/api/bursts/virtualnode/absent", null);
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(Json.parse(missing.body()).path("title").asText()).isNotBlank();
  }

  @Test
  @Order(5)
  void eventGridValidationIsAnsweredWithTheCode() throws Exception {
    HttpResponse<String> res =
        send(
            "POST",
            "/runtime/webhooks/eventgrid?functionName=EventGridFunction&code=" + KEY,
            sample("eventgrid/subscription-validation-eventgridschema.json"),
            "aeg-event-type",
            "SubscriptionValidation",
            "Content-Type",
            "application/json");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(Json.parse(res.body()).path("validationResponse").asText())
        .isEqualTo("512d38b6-c7b8-40c8-89fe-f46f9e9622b6");
  }

  @Test
  @Order(6)
  void eventGridNotificationsReachTheFunction() throws Exception {
    String path = "/runtime/webhooks/eventgrid?functionName=EventGridFunction&code=" + KEY;
    HttpResponse<String> res =
        send(
            "POST",
            path,
            sample("eventgrid/eventgridschema-array-resource-write-success.json"),
            "aeg-event-type",
            "Notification");
    assertThat(res.statusCode()).isEqualTo(202);

    HttpResponse<String> unknownType =
        send("POST", path, "[{\"id\":\"1\"}]", "aeg-event-type", "Bogus");
    assertThat(unknownType.statusCode()).isEqualTo(400);
    assertThat(Json.parse(unknownType.body()).path("field").asText()).isEqualTo("aeg-event-type");

    HttpResponse<String> otherFunction =
        send(
            "POST",
            "/runtime/webhooks/eventgrid?functionName=Nope&code=" + KEY,
            "[]",
            "aeg-event-type",
            "Notification");
    assertThat(otherFunction.statusCode()).isEqualTo(404);

    HttpResponse<String> notJson = send("POST", path, "not json", "aeg-event-type", "Notification");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  @Test
  @Order(7)
  void nowTrueDatesASampleAlertOnTheHostsClock() throws Exception {
    HttpResponse<String> wrong =
        withKey("POST", "/api/alerts?now=maybe", SeedDemo.resource(SeedDemo.RESOLVED));
    assertThat(wrong.statusCode()).isEqualTo(400);
    assertThat(Json.parse(wrong.body()).path("field").asText()).isEqualTo("now");

    java.time.Instant before = host.app().clock().instant();
    HttpResponse<String> res =
        withKey("POST", "/api/alerts?now=true", SeedDemo.resource(SeedDemo.RESOLVED));
    assertThat(res.statusCode()).isEqualTo(200);
    // resolved now: the floor holds aksburst.dev/hold (5m) from now, not from 2025-04-15
    java.time.Instant until =
        java.time.Instant.parse(Json.parse(res.body()).at("/intents/0/until").asText());
    assertThat(until).isAfterOrEqualTo(before.plus(Duration.ofMinutes(5)));
    assertThat(until).isBefore(host.app().clock().instant().plus(Duration.ofMinutes(6)));
    JsonNode status = Json.parse(withKey("GET", W, null).body());
    assertThat(status.path("floor").asInt()).isEqualTo(20);
  }
}
