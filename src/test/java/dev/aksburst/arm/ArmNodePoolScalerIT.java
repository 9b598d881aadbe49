package dev.aksburst.arm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.PoolState;
import dev.aksburst.reconcile.NodePoolScaler.ScaleOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The real container service SDK over real HTTP against a local fake ARM. */
class ArmNodePoolScalerIT {
  private static final String POOL = FakeArm.POOLS + "/agentpool1";
  private static final String OPERATION =
      "/subscriptions/"
          + FakeArm.SUB
          + "/providers/Microsoft.ContainerService/locations/westeurope/operations/op1";

  private final FakeArm arm = new FakeArm();
  private final ArmNodePoolScaler scaler =
      new ArmNodePoolScaler(arm.clients(), ClusterId.parse(FakeArm.CLUSTER_ID));

  @AfterEach
  void stop() {
    arm.close();
  }

  /** The sample GET body (manual pool, count 3, Succeeded). */
  private static String manualPool(int count, String state) {
    String sample = FakeArm.sample("AgentPoolsGet.2026-01-01.json");
    String pool =
        sample.substring(sample.indexOf("\"body\": {") + 8, sample.lastIndexOf("\"operationId\""));
    // Drop the closing braces of "200" and "responses".
    pool =
        pool.substring(
            0, pool.lastIndexOf('}', pool.lastIndexOf('}', pool.lastIndexOf('}') - 1) - 1) + 1);
    return pool.replace("\"count\": 3", "\"count\": " + count)
        .replace(
            "\"provisioningState\": \"Succeeded\"", "\"provisioningState\": \"" + state + "\"");
  }

  private static String autoscalerPool(int minCount, String state) {
    String sample = FakeArm.sample("AgentPools_Update.2026-01-01.json");
    int start = sample.indexOf("\"body\": {", sample.indexOf("\"200\"")) + 8;
    int end = sample.indexOf("\"201\"");
    String pool = sample.substring(start, end);
    pool = pool.substring(0, pool.lastIndexOf('}', pool.lastIndexOf('}') - 1) + 1);
    return pool.replace("\"maxCount\": 2", "\"maxCount\": 10")
        .replace("\"minCount\": 2", "\"minCount\": " + minCount)
        .replace(
            "\"provisioningState\": \"Succeeded\"", "\"provisioningState\": \"" + state + "\"");
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private void poolGet(String body) {
    arm.server.stubFor(get(urlPathEqualTo(POOL)).willReturn(json(200, body)));
  }

  private NodePoolView manualView(int count) {
    return new NodePoolView(
        "agentpool1",
        PoolMode.MANUAL,
        count,
        java.util.OptionalInt.empty(),
        java.util.OptionalInt.empty(),
        "Succeeded",
        "Standard_DS1_v2",
        110,
        java.util.Optional.empty());
  }

  private NodePoolView autoscalerView(int count, int min) {
    return new NodePoolView(
        "agentpool1",
        PoolMode.AUTOSCALER,
        count,
        java.util.OptionalInt.of(min),
        java.util.OptionalInt.of(10),
        "Succeeded",
        "Standard_DS1_v2",
        110,
        java.util.Optional.empty());
  }

  private List<LoggedRequest> puts() {
    return arm.server.findAll(putRequestedFor(urlPathMatching(".*")));
  }

  private static Map<String, Object> properties(String json) {
    return ArmError.object(ArmError.parseObject(json).get("properties"));
  }

  @Test
  void describeReadsModeCountsSizeAndState() {
    arm.server.stubFor(
        get(urlPathEqualTo(FakeArm.POOLS))
            .willReturn(
                json(
                    200,
                    "{\"value\":["
                        + manualPool(3, "Succeeded")
                        + ","
                        + autoscalerPool(2, "Scaling").replace("agentpool1", "burst")
                        + "]}")));

    List<NodePoolView> pools = scaler.describe();

    assertThat(pools).hasSize(2);
    NodePoolView manual = pools.get(0);
    assertThat(manual.name()).isEqualTo("agentpool1");
    assertThat(manual.mode()).isEqualTo(PoolMode.MANUAL);
    assertThat(manual.count()).isEqualTo(3);
    assertThat(manual.minCount()).isEmpty();
    assertThat(manual.vmSize()).isEqualTo("Standard_DS1_v2");
    assertThat(manual.maxPods()).isEqualTo(110);
    assertThat(manual.lastError()).isEmpty();
    NodePoolView auto = pools.get(1);
    assertThat(auto.mode()).isEqualTo(PoolMode.AUTOSCALER);
    assertThat(auto.minCount()).hasValue(2);
    assertThat(auto.maxCount()).hasValue(10);
    assertThat(auto.operationInProgress()).isTrue();
    arm.server.verify(
        1,
        com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                urlPathEqualTo(FakeArm.POOLS))
            .withHeader("Authorization", equalTo("Bearer test-token")));
  }

  @Test
  void manualPoolScaleOutPutsOnlyThatPoolWithOnlyCountChanged() {
    String got = manualPool(3, "Succeeded");
    poolGet(got);
    arm.server.stubFor(put(urlPathEqualTo(POOL)).willReturn(json(200, manualPool(6, "Succeeded"))));

    ScaleOutcome outcome = scaler.scale(manualView(3), 6);

    assertThat(outcome).isEqualTo(new ScaleOutcome.Started("Succeeded"));
    assertThat(puts()).hasSize(1);
    LoggedRequest put = puts().get(0);
    assertThat(put.getUrl()).startsWith(POOL + "?");
    Map<String, Object> sent = properties(put.getBodyAsString());
    Map<String, Object> read = properties(got);
    assertThat(sent).containsEntry("count", 6);
    sent.forEach(
        (k, v) -> {
          if (!k.equals("count")) {
            assertThat(read).as("property %s of the PUT", k).containsEntry(k, v);
          }
        });
    assertThat(sent).doesNotContainKeys("minCount", "enableAutoScaling");
  }

  @Test
  void autoscalerPoolRaisesMinCountAndLeavesCountAlone() {
    String got = autoscalerPool(2, "Succeeded");
    poolGet(got);
    arm.server.stubFor(
        put(urlPathEqualTo(POOL)).willReturn(json(200, autoscalerPool(5, "Succeeded"))));

    ScaleOutcome outcome = scaler.scale(autoscalerView(3, 2), 5);

    assertThat(outcome).isInstanceOf(ScaleOutcome.Started.class);
    Map<String, Object> sent = properties(puts().get(0).getBodyAsString());
    assertThat(sent)
        .containsEntry("minCount", 5)
        .containsEntry("count", 3)
        .containsEntry("maxCount", 10)
        .containsEntry("enableAutoScaling", true);
  }

  @Test
  void restoresRecordedBaselineInBothAgentPoolModes() {
    poolGet(manualPool(6, "Succeeded"));
    arm.server.stubFor(put(urlPathEqualTo(POOL)).willReturn(json(200, manualPool(3, "Succeeded"))));
    assertThat(scaler.scale(manualView(6), 3)).isInstanceOf(ScaleOutcome.Started.class);
    assertThat(properties(puts().get(0).getBodyAsString())).containsEntry("count", 3);

    arm.server.resetAll();
    poolGet(autoscalerPool(5, "Succeeded"));
    arm.server.stubFor(
        put(urlPathEqualTo(POOL)).willReturn(json(200, autoscalerPool(2, "Succeeded"))));
    assertThat(scaler.scale(autoscalerView(5, 5), 2)).isInstanceOf(ScaleOutcome.Started.class);
    assertThat(properties(puts().get(0).getBodyAsString()))
        .containsEntry("minCount", 2)
        .containsEntry("count", 3);
  }

  @Test
  void alreadyAtTargetWritesNothing() {
    poolGet(manualPool(4, "Succeeded"));
    assertThat(scaler.scale(manualView(4), 4)).isEqualTo(new ScaleOutcome.Started("Succeeded"));
    assertThat(puts()).isEmpty();
  }

  @Test
  void poolThatIsUpdatingGetsNoWrite() {
    poolGet(manualPool(3, "Updating"));
    ScaleOutcome outcome = scaler.scale(manualView(3), 6);
    assertThat(outcome).isInstanceOf(ScaleOutcome.Busy.class);
    assertThat(((ScaleOutcome.Busy) outcome).message()).contains("Updating");
    assertThat(puts()).isEmpty();
  }

  @Test
  void conflictOperationNotAllowedIsBusy() {
    poolGet(manualPool(3, "Succeeded"));
    arm.server.stubFor(
        put(urlPathEqualTo(POOL))
            .willReturn(
                json(
                    409,
                    "{\"error\":{\"code\":\"OperationNotAllowed\",\"message\":\"Another agentpool operation (Scaling) is in progress, please wait for it to finish before starting a new operation.\"}}")));

    ScaleOutcome outcome = scaler.scale(manualView(3), 6);

    assertThat(outcome).isInstanceOf(ScaleOutcome.Busy.class);
    assertThat(((ScaleOutcome.Busy) outcome).code()).isEqualTo("OperationNotAllowed");
    assertThat(puts()).hasSize(1);
  }

  @Test
  void shortRetryAfterIsHonoured() {
    poolGet(manualPool(3, "Succeeded"));
    arm.server.stubFor(
        put(urlPathEqualTo(POOL))
            .inScenario("throttle")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                json(429, "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}")
                    .withHeader("Retry-After", "1"))
            .willSetStateTo("open"));
    arm.server.stubFor(
        put(urlPathEqualTo(POOL))
            .inScenario("throttle")
            .whenScenarioStateIs("open")
            .willReturn(json(200, manualPool(6, "Succeeded"))));

    long start = System.nanoTime();
    ScaleOutcome outcome = scaler.scale(manualView(3), 6);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(outcome).isEqualTo(new ScaleOutcome.Started("Succeeded"));
    assertThat(puts()).hasSize(2);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(950));
  }

  @Test
  void longRetryAfterIsReturnedAsThrottledWithoutSleeping() {
    poolGet(manualPool(3, "Succeeded"));
    arm.server.stubFor(
        put(urlPathEqualTo(POOL))
            .willReturn(
                json(429, "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}")
                    .withHeader("Retry-After", "120")));

    long start = System.nanoTime();
    ScaleOutcome outcome = scaler.scale(manualView(3), 6);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(outcome).isInstanceOf(ScaleOutcome.Throttled.class);
    assertThat(((ScaleOutcome.Throttled) outcome).retryAfter()).isEqualTo(Duration.ofSeconds(120));
    assertThat(puts()).hasSize(1);
    assertThat(took).isLessThan(Duration.ofSeconds(3));
  }

  private void putAccepted201(boolean asyncOperationHeader) {
    ResponseDefinitionBuilder accepted = json(201, manualPool(3, "Updating"));
    if (asyncOperationHeader) {
      accepted =
          accepted.withHeader(
              "Azure-AsyncOperation", FakeArm.ENDPOINT + OPERATION + "?api-version=2016-03-30");
    }
    arm.server.stubFor(put(urlPathEqualTo(POOL)).willReturn(accepted));
  }

  @Test
  void operationFailingWithQuotaExceededAtItsFirstPollIsFailedWithAHint() {
    poolGet(manualPool(3, "Succeeded"));
    putAccepted201(true);
    arm.server.stubFor(
        get(urlPathEqualTo(OPERATION))
            .willReturn(
                json(
                    200,
                    "{\"status\":\"Failed\",\"error\":{\"code\":\"QuotaExceeded\",\"message\":\"Insufficient regional vcpu quota left for location westeurope\"}}")));

    ScaleOutcome outcome = scaler.scale(manualView(3), 20);

    assertThat(outcome).isInstanceOf(ScaleOutcome.Failed.class);
    ScaleOutcome.Failed failed = (ScaleOutcome.Failed) outcome;
    assertThat(failed.code()).isEqualTo("QuotaExceeded");
    assertThat(failed.hint()).contains("quota").contains("Standard_DS1_v2");
    assertThat(failed.retryable()).isFalse();
  }

  @Test
  void operationLeftInProgressIsPickedUpByTheNextDescribeWithItsAzureError() {
    poolGet(manualPool(3, "Succeeded"));
    putAccepted201(true);
    arm.server.stubFor(
        get(urlPathEqualTo(OPERATION))
            .inScenario("op")
            .whenScenarioStateIs(STARTED)
            .willReturn(json(200, "{\"status\":\"InProgress\"}"))
            .willSetStateTo("still"));
    arm.server.stubFor(
        get(urlPathEqualTo(OPERATION))
            .inScenario("op")
            .whenScenarioStateIs("still")
            .willReturn(json(200, "{\"status\":\"InProgress\"}"))
            .willSetStateTo("failed"));
    arm.server.stubFor(
        get(urlPathEqualTo(OPERATION))
            .inScenario("op")
            .whenScenarioStateIs("failed")
            .willReturn(
                json(
                    200,
                    "{\"status\":\"Failed\",\"error\":{\"code\":\"QuotaExceeded\",\"message\":\"no vCPU left\"}}")));

    ScaleOutcome outcome = scaler.scale(manualView(3), 20);
    assertThat(outcome).isEqualTo(new ScaleOutcome.Started("Updating"));

    // A second write while it runs is refused by the adapter without a PUT.
    assertThat(scaler.scale(manualView(3), 21)).isInstanceOf(ScaleOutcome.Busy.class);
    assertThat(puts()).hasSize(1);

    arm.server.stubFor(
        get(urlPathEqualTo(FakeArm.POOLS))
            .willReturn(json(200, "{\"value\":[" + manualPool(3, "Failed") + "]}")));
    NodePoolView pool = scaler.describe().get(0);
    assertThat(pool.provisioningState()).isEqualTo("Failed");
    assertThat(pool.lastError())
        .hasValueSatisfying(e -> assertThat(e).startsWith("QuotaExceeded: no vCPU left"));
  }

  /**
   * A VirtualMachines pool as the 2025+ API returns it: no {@code count}, no {@code vmSize}; the
   * nodes are {@code virtualMachinesProfile.scale.manual[{size, count}]}.
   */
  private static String virtualMachinesPool(int first, int second, String state) {
    return manualPool(3, state)
        .replace("\"count\": 3,", "\"type\": \"VirtualMachines\",")
        .replace(
            "\"vmSize\": \"Standard_DS1_v2\"",
            "\"virtualMachinesProfile\": {\"scale\": {\"manual\": ["
                + "{\"size\": \"Standard_D4s_v5\", \"count\": "
                + first
                + "}, {\"size\": \"Standard_D4as_v5\", \"count\": "
                + second
                + "}]}}");
  }

  @Test
  void virtualMachinesPoolsAreReadAndScaledThroughTheirManualScaleProfile() {
    String got = virtualMachinesPool(2, 1, "Succeeded");
    arm.server.stubFor(
        get(urlPathEqualTo(FakeArm.POOLS)).willReturn(json(200, "{\"value\":[" + got + "]}")));
    NodePoolView view = scaler.describe().get(0);
    assertThat(view.count()).as("the sum over the pool's sizes").isEqualTo(3);
    assertThat(view.vmSize()).isEqualTo("Standard_D4s_v5");
    assertThat(view.kind().virtualMachines()).as("the pool's type reaches the planner").isTrue();

    poolGet(got);
    arm.server.stubFor(
        put(urlPathEqualTo(POOL)).willReturn(json(200, virtualMachinesPool(7, 1, "Succeeded"))));
    assertThat(scaler.scale(view, 8)).isEqualTo(new ScaleOutcome.Started("Succeeded"));

    Map<String, Object> sent = properties(puts().get(0).getBodyAsString());
    assertThat(sent).doesNotContainKey("count").containsEntry("type", "VirtualMachines");
    assertThat(puts().get(0).getBodyAsString())
        .contains("\"size\":\"Standard_D4s_v5\",\"count\":7")
        .contains("\"size\":\"Standard_D4as_v5\",\"count\":1");

    assertThat(scaler.scale(view, 0))
        .as("the other size's node is not aks-burst's to remove")
        .isInstanceOfSatisfying(
            ScaleOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo("BelowOtherSizes"));
    assertThat(puts()).hasSize(1);
  }

  @Test
  void aFailedPoolAtItsTargetIsPutAgainBecauseThatIsHowAksRecoversIt() {
    poolGet(manualPool(6, "Failed"));
    arm.server.stubFor(put(urlPathEqualTo(POOL)).willReturn(json(200, manualPool(6, "Succeeded"))));

    assertThat(scaler.scale(manualView(6), 6)).isEqualTo(new ScaleOutcome.Started("Succeeded"));
    assertThat(puts()).hasSize(1);
    assertThat(properties(puts().get(0).getBodyAsString())).containsEntry("count", 6);
  }

  @Test
  void aStoppedPoolIsReportedAsStoppedAndNeverWritten() {
    String stopped =
        manualPool(0, "Succeeded")
            .replace(
                "\"maxPods\": 110", "\"maxPods\": 110, \"powerState\": {\"code\": \"Stopped\"}");
    arm.server.stubFor(
        get(urlPathEqualTo(FakeArm.POOLS)).willReturn(json(200, "{\"value\":[" + stopped + "]}")));
    NodePoolView described = scaler.describe().get(0);
    assertThat(described.lastError())
        .hasValueSatisfying(e -> assertThat(e).startsWith("PoolStopped"));
    assertThat(described.kind().stopped()).as("powerState carried to the planner").isTrue();

    poolGet(stopped);
    assertThat(scaler.scale(manualView(0), 3))
        .isInstanceOfSatisfying(
            ScaleOutcome.Failed.class,
            f -> {
              assertThat(f.code()).isEqualTo("PoolStopped");
              assertThat(f.hint()).contains("az aks nodepool start");
              assertThat(f.retryable()).isFalse();
            });
    assertThat(puts()).isEmpty();
  }

  @Test
  void aFailedPollIsUnknownNotAFailedOperation() {
    poolGet(manualPool(3, "Succeeded"));
    putAccepted201(true);
    // The operation-status GET itself fails (throttled, then unavailable), then answers.
    arm.server.stubFor(
        get(urlPathEqualTo(OPERATION))
            .inScenario("op")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                json(429, "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}")
                    .withHeader("Retry-After", "1"))
            .willSetStateTo("503"));
    arm.server.stubFor(
        get(urlPathEqualTo(OPERATION))
            .inScenario("op")
            .whenScenarioStateIs("503")
            .willReturn(
                json(
                    503, "{\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"try later\"}}"))
            .willSetStateTo("done"));
    arm.server.stubFor(
        get(urlPathEqualTo(OPERATION))
            .inScenario("op")
            .whenScenarioStateIs("done")
            .willReturn(json(200, "{\"status\":\"Succeeded\"}")));

    ScaleOutcome outcome = scaler.scale(manualView(3), 20);
    assertThat(outcome)
        .as("the write was accepted; a poll that failed says nothing about the operation")
        .isInstanceOf(ScaleOutcome.Started.class);

    arm.server.stubFor(
        get(urlPathEqualTo(FakeArm.POOLS))
            .willReturn(json(200, "{\"value\":[" + manualPool(20, "Updating") + "]}")));
    NodePoolView during = scaler.describe().get(0);
    assertThat(during.lastError()).as("no stale NodePoolError from a poll hiccup").isEmpty();
    assertThat(during.provisioningState()).isEqualTo("Updating");

    arm.server.stubFor(
        get(urlPathEqualTo(FakeArm.POOLS))
            .willReturn(json(200, "{\"value\":[" + manualPool(20, "Succeeded") + "]}")));
    for (int i = 0; i < 3; i++) {
      assertThat(scaler.describe().get(0).lastError()).isEmpty();
    }
    assertThat(scaler.scale(manualView(20), 20)).isEqualTo(new ScaleOutcome.Started("Succeeded"));
  }

  @Test
  void aDeallocateModePoolIsReadAsSuch() {
    String deallocate =
        manualPool(1, "Succeeded")
            .replace("\"maxPods\": 110", "\"maxPods\": 110, \"scaleDownMode\": \"Deallocate\"");
    arm.server.stubFor(
        get(urlPathEqualTo(FakeArm.POOLS))
            .willReturn(
                json(
                    200,
                    "{\"value\":["
                        + deallocate
                        + ","
                        + manualPool(3, "Succeeded").replace("agentpool1", "other")
                        + "]}")));

    List<NodePoolView> pools = scaler.describe();

    assertThat(pools.get(0).kind().deallocate()).isTrue();
    assertThat(pools.get(0).kind().stopped()).isFalse();
    assertThat(pools.get(1).kind().deallocate()).as("Delete is the default").isFalse();
  }

  @Test
  void aFirstPollThatFailsBeyondItsRetriesLeavesTheAcceptedWriteRunning() {
    poolGet(manualPool(3, "Succeeded"));
    putAccepted201(true);
    // Every poll is throttled for longer than the budget allows: no retry, no answer.
    arm.server.stubFor(
        get(urlPathEqualTo(OPERATION))
            .inScenario("op")
            .whenScenarioStateIs(STARTED)
            .willReturn(
                json(429, "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}")
                    .withHeader("Retry-After", "600"))
            .willSetStateTo("running"));
    arm.server.stubFor(
        get(urlPathEqualTo(OPERATION))
            .inScenario("op")
            .whenScenarioStateIs("running")
            .willReturn(json(200, "{\"status\":\"InProgress\"}")));

    assertThat(scaler.scale(manualView(3), 20))
        .as("accepted by ARM; the unanswered poll means still running, not failed")
        .isInstanceOf(ScaleOutcome.Started.class);
    arm.server.stubFor(
        get(urlPathEqualTo(FakeArm.POOLS))
            .willReturn(json(200, "{\"value\":[" + manualPool(20, "Updating") + "]}")));
    assertThat(scaler.describe().get(0).lastError()).isEmpty();
    poolGet(manualPool(20, "Updating"));
    assertThat(scaler.scale(manualView(20), 21))
        .as("the next poll finds the operation running")
        .isInstanceOf(ScaleOutcome.Busy.class);
    assertThat(puts()).hasSize(1);
  }

  @Test
  void eachLaterPollGetsItsOwnRetryBudgetNotTheWritesSpentOne() throws InterruptedException {
    FakeArm short1 = new FakeArm();
    try {
      ArmNodePoolScaler s =
          new ArmNodePoolScaler(
              short1.clients(Duration.ofMillis(1500)), ClusterId.parse(FakeArm.CLUSTER_ID));
      short1.server.stubFor(
          get(urlPathEqualTo(POOL)).willReturn(json(200, manualPool(3, "Succeeded"))));
      short1.server.stubFor(
          put(urlPathEqualTo(POOL))
              .willReturn(
                  json(201, manualPool(3, "Updating"))
                      .withHeader(
                          "Azure-AsyncOperation",
                          FakeArm.ENDPOINT + OPERATION + "?api-version=2016-03-30")));
      short1.server.stubFor(
          get(urlPathEqualTo(OPERATION))
              .inScenario("op")
              .whenScenarioStateIs(STARTED)
              .willReturn(json(200, "{\"status\":\"InProgress\"}"))
              .willSetStateTo("throttled"));
      short1.server.stubFor(
          get(urlPathEqualTo(OPERATION))
              .inScenario("op")
              .whenScenarioStateIs("throttled")
              .willReturn(
                  json(429, "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}")
                      .withHeader("Retry-After", "1"))
              .willSetStateTo("done"));
      short1.server.stubFor(
          get(urlPathEqualTo(OPERATION))
              .inScenario("op")
              .whenScenarioStateIs("done")
              .willReturn(json(200, "{\"status\":\"Succeeded\"}")));
      short1.server.stubFor(
          get(urlPathEqualTo(FakeArm.POOLS))
              .willReturn(json(200, "{\"value\":[" + manualPool(20, "Succeeded") + "]}")));

      assertThat(s.scale(manualView(3), 20)).isInstanceOf(ScaleOutcome.Started.class);
      Thread.sleep(1700); // the write's budget is spent
      s.describe();

      assertThat(
              short1.server.findAll(
                  com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                      urlPathEqualTo(OPERATION))))
          .as("the throttled poll was retried within its own budget and saw Succeeded")
          .hasSize(3);
      s.describe();
      assertThat(
              short1.server.findAll(
                  com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(
                      urlPathEqualTo(OPERATION))))
          .as("a finished operation is not polled again")
          .hasSize(3);
    } finally {
      short1.close();
    }
  }

  @Test
  void failedPoolShowsItsProvisioningErrorToAnInstanceThatDidNotStartTheOperation() {
    String failed =
        manualPool(3, "Failed")
            .replace(
                "\"maxPods\": 110",
                "\"maxPods\": 110, \"status\": {\"provisioningError\": {\"code\": \"QuotaExceeded\", \"message\": \"quota\"}}");
    arm.server.stubFor(
        get(urlPathEqualTo(FakeArm.POOLS)).willReturn(json(200, "{\"value\":[" + failed + "]}")));

    assertThat(scaler.describe().get(0).lastError()).hasValue("QuotaExceeded: quota");
  }

  @Test
  void operationWithoutHeadersIsPolledThroughThePoolsProvisioningState() {
    poolGet(manualPool(3, "Succeeded"));
    putAccepted201(false);
    // The PUT answered 201 Updating; the poll GETs the pool, which is still Updating.
    arm.server.stubFor(
        get(urlPathEqualTo(POOL))
            .inScenario("pool")
            .whenScenarioStateIs(STARTED)
            .willReturn(json(200, manualPool(3, "Succeeded")))
            .willSetStateTo("updating"));
    arm.server.stubFor(
        get(urlPathEqualTo(POOL))
            .inScenario("pool")
            .whenScenarioStateIs("updating")
            .willReturn(json(200, manualPool(6, "Updating")))
            .willSetStateTo("done"));
    arm.server.stubFor(
        get(urlPathEqualTo(POOL))
            .inScenario("pool")
            .whenScenarioStateIs("done")
            .willReturn(json(200, manualPool(6, "Succeeded"))));

    assertThat(scaler.scale(manualView(3), 6)).isEqualTo(new ScaleOutcome.Started("Updating"));

    arm.server.stubFor(
        get(urlPathEqualTo(FakeArm.POOLS))
            .willReturn(json(200, "{\"value\":[" + manualPool(6, "Succeeded") + "]}")));
    NodePoolView pool = scaler.describe().get(0);
    assertThat(pool.count()).isEqualTo(6);
    assertThat(pool.lastError()).isEmpty();
  }

  private static final String DELETE_MACHINES = POOL + "/deleteMachines";

  @Test
  void deleteMachinesPostsTheNamesAndPollsTheAcceptedOperationToSuccess() {
    poolGet(manualPool(3, "Succeeded"));
    arm.server.stubFor(
        post(urlPathEqualTo(DELETE_MACHINES))
            .willReturn(
                aResponse()
                    .withStatus(202)
                    .withHeader(
                        "Azure-AsyncOperation",
                        FakeArm.ENDPOINT + OPERATION + "?api-version=2016-03-30")
                    .withHeader(
                        "Location", FakeArm.ENDPOINT + OPERATION + "?api-version=2016-03-30")));
    arm.server.stubFor(
        get(urlPathEqualTo(OPERATION))
            .inScenario("delete")
            .whenScenarioStateIs(STARTED)
            .willReturn(json(200, "{\"status\":\"InProgress\"}"))
            .willSetStateTo("done"));
    arm.server.stubFor(
        get(urlPathEqualTo(OPERATION))
            .inScenario("delete")
            .whenScenarioStateIs("done")
            .willReturn(json(200, "{\"status\":\"Succeeded\"}")));

    List<String> machines =
        List.of("aks-agentpool1-12345678-vmss000002", "aks-agentpool1-12345678-vmss000001");
    ScaleOutcome outcome = scaler.deleteMachines(manualView(3), machines);

    assertThat(outcome).isInstanceOf(ScaleOutcome.Started.class);
    List<LoggedRequest> posts = arm.server.findAll(postRequestedFor(urlPathMatching(".*")));
    assertThat(posts).singleElement();
    LoggedRequest post = posts.get(0);
    assertThat(post.getUrl()).startsWith(DELETE_MACHINES + "?");
    assertThat(post.queryParameter("api-version").firstValue())
        .isEqualTo(ArmNodePoolScaler.API_VERSION);
    assertThat(ArmError.parseObject(post.getBodyAsString()).get("machineNames"))
        .isEqualTo(machines);
    assertThat(puts()).as("no count write").isEmpty();
    assertThat(outcome).isEqualTo(new ScaleOutcome.Started("Deleting"));
    // still running at the first poll: the next describe polls it to Succeeded
    arm.server.stubFor(
        get(urlPathEqualTo(FakeArm.POOLS))
            .willReturn(json(200, "{\"value\":[" + manualPool(1, "Succeeded") + "]}")));
    NodePoolView pool = scaler.describe().get(0);
    assertThat(pool.count()).isEqualTo(1);
    assertThat(pool.lastError()).isEmpty();
    assertThat(arm.server.findAll(getRequestedFor(urlPathEqualTo(OPERATION)))).hasSize(2);
    assertThat(arm.server.findAll(postRequestedFor(urlPathMatching(".*")))).hasSize(1);
  }

  @Test
  void aRefusedDeleteMachinesIsAClearFailureTheNextPlanHoldsOn() {
    poolGet(manualPool(3, "Succeeded"));
    arm.server.stubFor(
        post(urlPathEqualTo(DELETE_MACHINES))
            .willReturn(
                json(
                    400,
                    "{\"error\":{\"code\":\"InvalidParameter\",\"message\":\"machine"
                        + " vm-9 is not part of agent pool agentpool1\"}}")));

    ScaleOutcome outcome = scaler.deleteMachines(manualView(3), List.of("vm-9"));

    assertThat(outcome).isInstanceOf(ScaleOutcome.Failed.class);
    ScaleOutcome.Failed failed = (ScaleOutcome.Failed) outcome;
    assertThat(failed.code()).isEqualTo(PoolState.DELETE_MACHINES_REFUSED);
    assertThat(failed.message()).contains("HTTP 400", "InvalidParameter", "[vm-9]");
    assertThat(failed.hint()).contains("deleteMachines", "PodDisruptionBudget");
    assertThat(failed.retryable()).isFalse();
  }

  @Test
  void anAutoscalerPoolIsNotAskedToDeleteMachines() {
    poolGet(autoscalerPool(3, "Succeeded"));
    ScaleOutcome outcome = scaler.deleteMachines(manualView(3), List.of("vm-2"));
    assertThat(outcome).isInstanceOf(ScaleOutcome.Failed.class);
    assertThat(((ScaleOutcome.Failed) outcome).code()).isEqualTo(PoolState.DELETE_MACHINES_REFUSED);
    assertThat(arm.server.findAll(postRequestedFor(urlPathMatching(".*")))).isEmpty();
  }
}
