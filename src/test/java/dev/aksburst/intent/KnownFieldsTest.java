package dev.aksburst.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KnownFieldsTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "none",
      value = {
        "dryrun,dryRun",
        "DRYRUN,dryRun",
        "durtion,duration",
        "deploymnet,deployment",
        "replica,replicas",
        "namespaces,namespace",
        "ids,id",
        "dry,dryRun",
        "color,none",
        "x,none",
        "replicasCount,none",
      })
  void suggestsTheBurstFieldAMisspeltOneProbablyMeant(String given, String expected) {
    assertThat(dev.aksburst.contract.KnownNames.closest(given, BurstRequest.FIELDS))
        .isEqualTo(Optional.ofNullable(expected));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"namespace\":\"a\",\"deployment\":\"b\",\"replicas\":5,\"dryrun\":true}|dryrun|did you mean dryRun?",
        "{\"namespace\":\"a\",\"deployment\":\"b\",\"replicas\":5,\"durtion\":\"5m\"}|durtion|did you mean duration?",
        "{\"namespace\":\"a\",\"deploymnet\":\"b\",\"replicas\":5}|deploymnet|did you mean deployment?",
        "{\"namespace\":\"a\",\"deployment\":\"b\",\"replicas\":5,\"colour\":\"red\"}|colour|(known: deployment, dryRun, duration, id, namespace, reason, replicas)",
      })
  void aBurstRequestWithAnUnknownFieldIsRefusedNamingIt(
      String body, String field, String expected) {
    assertThatThrownBy(() -> BurstRequest.parse(body))
        .isInstanceOfSatisfying(
            InvalidPayload.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.getMessage()).startsWith(field + ": unknown field").contains(expected);
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "aksburst.replica,did you mean aksburst.replicas?",
    "aksburst.hodl,did you mean aksburst.hold?"
  })
  void aMisspeltCustomPropertyOfOursIsRefusedButAzureMonitorsOwnStayLenient(
      String property, String expected) {
    String alert =
        """
        {"schemaId":"azureMonitorCommonAlertSchema","data":{
          "essentials":{"alertId":"/x","alertRule":"r","severity":"Sev3","signalType":"Metric",
            "monitorCondition":"Fired","alertTargetIDs":["/subscriptions/s"],
            "firedDateTime":"2025-04-15T18:00:00Z","someNewAzureField":1},
          "customProperties":{"team":"web","%s":"20"}}}
        """
            .formatted(property);
    assertThatThrownBy(() -> AlertParser.parse(alert))
        .isInstanceOfSatisfying(
            InvalidPayload.class,
            e -> {
              assertThat(e.field()).isEqualTo("data.customProperties." + property);
              assertThat(e.getMessage()).contains(expected);
            });
    String fine = alert.replace(property, "aksburst.replicas");
    assertThat(AlertParser.parse(fine).customProperties()).containsEntry("team", "web");
  }
}
