package dev.aksburst.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aksburst.testing.Samples;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertParserTest {
  static String common(String signalType, String condition, String alertContext) {
    return """
        {"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{
          "alertRule":"rule-1","signalType":"%s","monitorCondition":"%s",
          "alertTargetIDs":["/subscriptions/s/resourcegroups/rg/providers/microsoft.containerservice/managedclusters/aks"],
          "firedDateTime":"2025-01-01T10:00:00.123Z","resolvedDateTime":"2025-01-01T10:30:00Z"},
          "alertContext":%s,"customProperties":null}}
        """
        .formatted(signalType, condition, alertContext);
  }

  @Test
  void publicFiredSample() {
    ParsedAlert a = AlertParser.parse(Samples.read("alerts/metric-static-fired.json"));
    assertThat(a.schema()).isEqualTo(ParsedAlert.Schema.COMMON);
    assertThat(a.rule()).isEqualTo("test-metricAlertRule");
    assertThat(a.condition()).isEqualTo(ParsedAlert.Condition.FIRED);
    assertThat(a.firedAt()).isEqualTo(Instant.parse("2025-04-15T18:17:12.851Z"));
    assertThat(a.resolvedAt()).isEmpty();
    assertThat(a.metricValue()).hasValue(100);
    assertThat(a.threshold()).hasValue(0);
    assertThat(a.dimensions()).containsEntry("ApiName", "GetBlob");
    assertThat(a.customProperties()).containsEntry("customKey1", "value1");
    assertThat(a.targetIds()).hasSize(1);
  }

  @Test
  void publicResolvedSampleWithSevenDigitFractions() {
    ParsedAlert a = AlertParser.parse(Samples.read("alerts/metric-static-resolved.json"));
    assertThat(a.condition()).isEqualTo(ParsedAlert.Condition.RESOLVED);
    assertThat(a.resolvedAt()).contains(Instant.parse("2019-03-22T14:03:16.2246313Z"));
    assertThat(a.metricValue()).hasValue(7.727);
    assertThat(a.threshold()).hasValue(25);
  }

  @Test
  void dynamicThresholdWithoutAStaticThreshold() {
    ParsedAlert a =
        AlertParser.parse(
            common(
                "Metric",
                "Fired",
                """
                {"conditionType":"DynamicThresholdCriteria","condition":{"allOf":[{
                  "alertSensitivity":"High","metricName":"cpu","operator":"GreaterThan",
                  "dimensions":[{"name":"namespace","value":"shop"}],"metricValue":50101}]}}
                """));
    assertThat(a.threshold()).isEmpty();
    assertThat(a.metricValue()).hasValue(50101);
    assertThat(a.dimensions()).containsEntry("namespace", "shop");
  }

  @Test
  void logSearchAlert() {
    ParsedAlert a =
        AlertParser.parse(
            common(
                "Log",
                "Resolved",
                """
                {"conditionType":"LogQueryCriteria","condition":{"windowSize":"PT10M","allOf":[{
                  "searchQuery":"KubePodInventory | count","metricMeasureColumn":null,
                  "operator":"GreaterThan","threshold":"10","timeAggregation":"Count",
                  "dimensions":[{"name":"ControllerName","value":"web"}],"metricValue":42.0}]}}
                """));
    assertThat(a.signalType()).isEqualTo("Log");
    assertThat(a.resolvedAt()).contains(Instant.parse("2025-01-01T10:30:00Z"));
    assertThat(a.dimensions()).containsEntry("ControllerName", "web");
  }

  @Test
  void activityLogAlertHasNoConditionAndNeverResolves() {
    ParsedAlert a =
        AlertParser.parse(
            common(
                "Activity Log",
                "Fired",
                """
                {"authorization":{"action":"Microsoft.ContainerService/managedClusters/write"},
                 "channels":"Operation","operationName":"Microsoft.ContainerService/managedClusters/write",
                 "status":"Succeeded"}
                """));
    assertThat(a.neverResolves()).isTrue();
    assertThat(a.dimensions()).isEmpty();
    assertThat(a.metricValue()).isEmpty();
  }

  @Test
  void malformedAlertsNameTheField() {
    assertThatThrownBy(() -> AlertParser.parse("[]"))
        .isInstanceOf(InvalidPayload.class)
        .hasMessageContaining("JSON object");
    assertThatThrownBy(
            () -> AlertParser.parse("{\"schemaId\":\"Microsoft.Insights/activityLogs\"}"))
        .hasMessageContaining("common alert schema");
    assertThatThrownBy(
            () ->
                AlertParser.parse(
                    common("Metric", "Fired", "null").replace("\"alertRule\":\"rule-1\",", "")))
        .extracting(e -> ((InvalidPayload) e).field())
        .isEqualTo("data.essentials.alertRule");
    assertThatThrownBy(
            () ->
                AlertParser.parse(
                    common(
                        "Metric",
                        "Fired",
                        "{\"condition\":{\"allOf\":[{\"threshold\":\"high\"}]}}")))
        .extracting(e -> ((InvalidPayload) e).field())
        .isEqualTo("data.alertContext.condition.allOf[0].threshold");
    assertThatThrownBy(
            () ->
                AlertParser.parse(
                    common("Metric", "Fired", "null")
                        .replace("2025-01-01T10:00:00.123Z", "yesterday")))
        .extracting(e -> ((InvalidPayload) e).field())
        .isEqualTo("data.essentials.firedDateTime");
  }
}
