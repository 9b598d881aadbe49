package dev.aksburst.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aksburst.testing.HeadlessChromium;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser: the local host on the simulator at x60, headless Chromium on
 * {@code /?code=<key>}, the seed demo's alert fired, and the page's chart read back until it shows
 * the burst reaching 20 Ready on ACI first and then the ACI series falling to 0 as VMs take over.
 * Leaves {@code target/dashboard/dashboard-burst.png}.
 */
class DashboardBrowserIT {
  static final String WORKLOAD = "virtualnode/nginx-vn";
  static final Path SCREENSHOT = Path.of("target", "dashboard", "dashboard-burst.png");

  static LocalHost host;
  static HeadlessChromium browser;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    HeadlessChromium.executable(); // fails first, saying how to install Chromium
    host = LocalHost.start(Map.of("AKSBURST_SIM_SPEED", "60"), line -> {}, OptionalInt.of(0));
    base = "http://127.0.0.1:" + host.port();
    browser = HeadlessChromium.open(base + "/?every=400&code=" + host.key(), 1280, 1100);
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (host != null) {
        host.close();
      }
    }
  }

  /** The chart's series of the workload as the page holds them, with labels. */
  record Chart(List<String> labels, List<List<Double>> data, int polls) {
    List<Double> series(String statusField) {
      for (int i = 0; i < labels.size(); i++) {
        if (labels.get(i) != null && labels.get(i).startsWith(statusField)) {
          return data.get(i);
        }
      }
      throw new AssertionError("the chart has no series for " + statusField + ": " + labels);
    }
  }

  static Chart chart() {
    JsonNode v =
        browser.evaluate(
            "(() => { const d = window.aksBurstDashboard; const c = d && d.charts['"
                + WORKLOAD
                + "'];"
                + " return c ? {polls: d.polls, labels: c.series.map(s => s.label ?? null),"
                + " data: c.data} : {polls: d ? d.polls : 0, error: d ? d.lastError : 'no"
                + " dashboard'}; })()");
    if (!v.has("labels")) {
      return new Chart(List.of(), List.of(), v.path("polls").asInt());
    }
    List<String> labels = new ArrayList<>();
    v.path("labels").forEach(l -> labels.add(l.isNull() ? null : l.asText()));
    List<List<Double>> data = new ArrayList<>();
    for (JsonNode s : v.path("data")) {
      List<Double> points = new ArrayList<>();
      s.forEach(p -> points.add(p.asDouble()));
      data.add(points);
    }
    return new Chart(labels, data, v.path("polls").asInt());
  }

  static Chart waitFor(Predicate<Chart> done, Duration within, String what) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    Chart c = chart();
    while (!done.test(c)) {
      if (System.nanoTime() > deadline) {
        browser.screenshot(Path.of("target", "dashboard", "dashboard-timeout.png"));
        throw new AssertionError(
            "the dashboard did not show " + what + " within " + within + "; chart: " + c);
      }
      Thread.sleep(250);
      c = chart();
    }
    return c;
  }

  static String text(String selector) {
    return browser
        .evaluate(
            "(() => { const e = document.querySelector('[data-workload=\""
                + WORKLOAD
                + "\"] "
                + selector
                + "'); return e ? e.textContent : null; })()")
        .asText();
  }

  @Test
  void theChartShowsTheBurstOnAciAndThenTheMoveToVms() throws Exception {
    Chart before =
        waitFor(
            c -> c.polls() >= 2 && !c.labels().isEmpty(), Duration.ofSeconds(30), "a first poll");
    assertThat(before.series("readyReplicas")).isNotEmpty().allMatch(v -> v < 20);

    HttpResponse<String> fired =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/api/alerts"))
                    .header("x-functions-key", host.key())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(SeedDemo.resource(SeedDemo.FIRED)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(fired.statusCode()).as(fired.body()).isEqualTo(200);

    Chart burst =
        waitFor(
            c -> indexOf(c.series("readyReplicas"), 20, 0) >= 0,
            Duration.ofSeconds(90),
            "readyReplicas reaching 20");
    int full = indexOf(burst.series("readyReplicas"), 20, 0);
    assertThat(burst.series("podsOnVirtualNodes").subList(0, full + 1))
        .as("the burst's first Ready pods run on ACI")
        .anyMatch(v -> v > 0);
    assertThat(burst.series("floor").get(full)).isEqualTo(20.0);

    Chart moved =
        waitFor(
            c -> {
              int peak = peakIndex(c.series("podsOnVirtualNodes"));
              return c.series("podsOnVirtualNodes").get(peak) > 0
                  && indexOf(c.series("podsOnVirtualNodes"), 0, peak) >= 0;
            },
            Duration.ofSeconds(90),
            "the ACI series falling to 0 after its peak");
    List<Double> aci = moved.series("podsOnVirtualNodes");
    int zero = indexOf(aci, 0, peakIndex(aci));
    assertThat(moved.series("readyReplicas").get(zero))
        .as("Ready stays at the floor while pods move from ACI to VMs")
        .isEqualTo(20.0);
    assertThat(moved.series("podsOnVmNodes").get(zero)).isEqualTo(20.0);

    waitFor(c -> c.polls() >= moved.polls() + 2, Duration.ofSeconds(10), "two more polls");
    assertThat(text("[data-field=podsOnVirtualNodes] .v")).isEqualTo("0");
    assertThat(text("[data-panel=nodePool] tr:nth-child(2) td:nth-child(3)")).isEqualTo("7");
    assertThat(text("[data-panel=intents] tr:nth-child(2) td:nth-child(1)")).isEqualTo("alert");
    assertThat(text("[data-panel=lastPlan] table")).isNotBlank();

    JsonNode loaded = browser.evaluate("performance.getEntriesByType('resource').map(e => e.name)");
    List<String> urls = new ArrayList<>();
    loaded.forEach(u -> urls.add(u.asText()));
    assertThat(urls)
        .as("the page loads nothing but its own origin")
        .allMatch(u -> u.startsWith(base + "/"));

    browser.screenshot(SCREENSHOT);
    assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
  }

  @Test
  void theDashboardNeedsTheFunctionKey() throws Exception {
    HttpResponse<String> res =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(res.statusCode()).isEqualTo(401);
    HttpResponse<String> page =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/api/dashboard?code=" + host.key()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            v -> assertThat(v).contains("default-src 'none'").contains("connect-src 'self'"));
    assertThat(page.body())
        .contains("data-status-url=\"/api/bursts\"")
        .doesNotContain("src=\"http");
  }

  private static int indexOf(List<Double> s, double value, int from) {
    for (int i = from; i < s.size(); i++) {
      if (s.get(i) == value) {
        return i;
      }
    }
    return -1;
  }

  private static int peakIndex(List<Double> s) {
    int best = 0;
    for (int i = 1; i < s.size(); i++) {
      if (s.get(i) > s.get(best)) {
        best = i;
      }
    }
    return best;
  }
}
