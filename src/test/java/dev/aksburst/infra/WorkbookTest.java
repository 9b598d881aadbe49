package dev.aksburst.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aksburst.app.BurstMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Azure Monitor workbook: its JSON parses, its queries read only metrics and dimensions that
 * {@link BurstMetrics} emits, the docs carry the same KQL, and {@code azd up} deploys it on the
 * Application Insights component.
 */
class WorkbookTest {
  static final Path WORKBOOK_JSON = Path.of("infra/workbook/aks-burst.workbook.json");
  static final Path WORKBOOK_BICEP = Path.of("infra/modules/workbook.bicep");
  static final String PLACEHOLDER = "__APPLICATION_INSIGHTS_ID__";

  private static JsonNode workbook;
  private static Map<String, String> queries;

  @BeforeAll
  static void read() throws IOException {
    workbook = new ObjectMapper().readTree(WORKBOOK_JSON.toFile());
    queries = new LinkedHashMap<>();
    for (JsonNode item : workbook.path("items")) {
      if (item.path("type").asInt() == 3) {
        queries.put(
            item.path("content").path("title").asText(), item.at("/content/query").asText());
      }
    }
  }

  @Test
  void theWorkbookIsANotebookWithAQueryForEveryFigureTheIssueAsksFor() {
    assertThat(workbook.path("version").asText()).isEqualTo("Notebook/1.0");
    assertThat(queries.keySet())
        .contains(
            "Bursts per day",
            "ACI pod-hours",
            "Time to full capacity",
            "Cost and savings",
            "Failures by Azure code");
    for (JsonNode item : workbook.path("items")) {
      if (item.path("type").asInt() == 3) {
        assertThat(item.at("/content/version").asText()).isEqualTo("KqlItem/1.0");
        assertThat(item.at("/content/resourceType").asText())
            .isEqualTo("microsoft.insights/components");
      }
    }
    assertThat(workbook.path("fallbackResourceIds").get(0).asText()).isEqualTo(PLACEHOLDER);
  }

  static final Pattern NAME_EQUALS = Pattern.compile("\\bname\\s*==\\s*\"([^\"]+)\"");
  static final Pattern NAME_IN = Pattern.compile("\\bname\\s+in\\s*\\(([^)]*)\\)");
  static final Pattern LITERAL = Pattern.compile("\"([^\"]+)\"");
  static final Pattern DIMENSION = Pattern.compile("customDimensions\\.(\\w+)");

  static Set<String> metricsNamed(String kql) {
    Set<String> names = new TreeSet<>();
    Matcher eq = NAME_EQUALS.matcher(kql);
    while (eq.find()) {
      names.add(eq.group(1));
    }
    Matcher in = NAME_IN.matcher(kql);
    while (in.find()) {
      Matcher lit = LITERAL.matcher(in.group(1));
      while (lit.find()) {
        names.add(lit.group(1));
      }
    }
    return names;
  }

  @Test
  void everyQueryReadsOnlyMetricsAndDimensionsTheAppEmits() {
    Set<String> used = new TreeSet<>();
    for (Map.Entry<String, String> q : queries.entrySet()) {
      String kql = q.getValue();
      assertThat(kql).as(q.getKey()).contains("customMetrics");
      Set<String> metrics = metricsNamed(kql);
      assertThat(metrics).as("metrics read by \"%s\"", q.getKey()).isNotEmpty();
      assertThat(BurstMetrics.METRICS)
          .as("metrics read by \"%s\" must be BurstMetrics' names", q.getKey())
          .containsAll(metrics);
      used.addAll(metrics);
      Matcher d = DIMENSION.matcher(kql);
      List<String> dims = new ArrayList<>();
      while (d.find()) {
        dims.add(d.group(1));
      }
      assertThat(BurstMetrics.DIMENSIONS)
          .as("dimensions read by \"%s\" must be BurstMetrics' attribute names", q.getKey())
          .containsAll(dims);
      assertThat(balanced(kql)).as("parentheses of \"%s\"", q.getKey()).isTrue();
    }
    assertThat(used)
        .as("the figures the workbook shows")
        .contains(
            BurstMetrics.BURSTS_STARTED,
            BurstMetrics.PODS_ON_VIRTUAL_NODES,
            BurstMetrics.READY_BELOW_FLOOR,
            BurstMetrics.DECISIONS,
            BurstMetrics.DECISION_ROUTE_USD,
            BurstMetrics.DECISION_USD_PER_HOUR,
            BurstMetrics.NODEPOOL_WRITES,
            BurstMetrics.EVENTS,
            BurstMetrics.ALERT_TO_FIRST_WRITE);
  }

  @Test
  void theNamesMatchTheFieldNamesOfStatusAndTheDashboard() throws IOException {
    String costs = queries.get("Cost and savings");
    assertThat(costs).contains("vmUsdPerHour", "aciUsdPerHour", "vmRouteUsd", "aciRouteUsd");
    // The CapacityDecision record's own names for the route costs.
    assertThat(
            java.util.Arrays.stream(dev.aksburst.plan.CapacityDecision.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName))
        .contains("vmUsdPerHour", "aciUsdPerHour", "vmRouteUsd", "aciRouteUsd");
    // ... and status's decision, which the dashboard shows.
    assertThat(
            java.util.Arrays.stream(
                    dev.aksburst.app.MoneyStatus.Decision.class.getRecordComponents())
                .map(java.lang.reflect.RecordComponent::getName))
        .contains("route", "cause", "vmUsdPerHour", "aciUsdPerHour", "vmRouteUsd", "aciRouteUsd");
    assertThat(queries.get("ACI pod-hours")).contains("podsOnVirtualNodes");
    String dashboard = Files.readString(Path.of("src/main/resources/dashboard/dashboard.js"));
    assertThat(dashboard).contains("vmUsdPerHour", "aciUsdPerHour", "podsOnVirtualNodes");
  }

  private static boolean balanced(String s) {
    int depth = 0;
    for (char c : s.toCharArray()) {
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }

  @Test
  void theDocsCarryTheSameQueries() throws IOException {
    String docs = Files.readString(Path.of("docs/operating.md"));
    for (Map.Entry<String, String> q : queries.entrySet()) {
      assertThat(docs)
          .as("docs/operating.md carries the query \"%s\" as the workbook runs it", q.getKey())
          .contains("```kusto\n" + q.getValue() + "\n```");
    }
  }

  @Test
  void theWorkbookIsDeployedOnApplicationInsightsWithItsJsonLoadedFromTheFile() {
    Bicep module = Bicep.read(WORKBOOK_BICEP);
    assertThat(module.source()).contains("'Microsoft.Insights/workbooks@");
    Matcher load = Pattern.compile("loadTextContent\\(\\s*'([^']+)'").matcher(module.source());
    assertThat(load.find()).as("workbook.bicep loads its JSON with loadTextContent").isTrue();
    assertThat(WORKBOOK_BICEP.getParent().resolve(load.group(1)).normalize())
        .isEqualTo(WORKBOOK_JSON.normalize());
    assertThat(module.source())
        .contains("'" + PLACEHOLDER + "'")
        .containsPattern("sourceId:\\s*applicationInsightsId");
    Bicep main = Bicep.read(Path.of("infra/main.bicep"));
    assertThat(main.modules())
        .anySatisfy(
            m -> {
              assertThat(m.path()).isEqualTo("modules/workbook.bicep");
              assertThat(m.params()).contains("applicationInsightsId");
            });
    assertThat(main.source())
        .containsPattern("applicationInsightsId:\\s*monitoring\\.outputs\\.applicationInsightsId");
  }

  @Test
  void alwaysReadyHttpInstancesAreAParameterOffByDefault() throws IOException {
    Bicep app = Bicep.read(Path.of("infra/modules/functionapp.bicep"));
    assertThat(app.params().get("alwaysReadyHttpInstances"))
        .isEqualTo(new Bicep.Param("alwaysReadyHttpInstances", "int", true));
    assertThat(app.source())
        .contains("param alwaysReadyHttpInstances int = 0")
        .containsPattern(
            "alwaysReady: alwaysReadyHttpInstances > 0\\s*\\?\\s*\\[\\s*\\{\\s*name: 'http'\\s*"
                + "instanceCount: alwaysReadyHttpInstances");
    Bicep main = Bicep.read(Path.of("infra/main.bicep"));
    assertThat(main.source()).contains("param alwaysReadyHttpInstances int = 0");
    assertThat(main.modules())
        .filteredOn(m -> m.path().equals("modules/functionapp.bicep"))
        .singleElement()
        .satisfies(m -> assertThat(m.params()).contains("alwaysReadyHttpInstances"));
    JsonNode parameters =
        new ObjectMapper().readTree(Path.of("infra/main.parameters.json").toFile());
    assertThat(parameters.at("/parameters/alwaysReadyHttpInstances/value").asText())
        .isEqualTo("${AKSBURST_ALWAYS_READY=0}");
  }
}
