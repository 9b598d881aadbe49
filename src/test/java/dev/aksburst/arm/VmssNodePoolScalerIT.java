package dev.aksburst.arm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolMode;
import dev.aksburst.reconcile.NodePoolScaler.ScaleOutcome;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Raw VMSS capacity PATCH through the SDK pipeline against a local fake ARM. */
class VmssNodePoolScalerIT {
  private static final String VMSS =
      "/subscriptions/"
          + FakeArm.SUB
          + "/resourceGroups/rg2/providers/Microsoft.Compute/virtualMachineScaleSets/workers";
  private static final String OPERATION =
      "/subscriptions/"
          + FakeArm.SUB
          + "/providers/Microsoft.Compute/locations/westeurope/operations/v1";

  private final FakeArm arm = new FakeArm();
  private final VmssNodePoolScaler scaler =
      new VmssNodePoolScaler(arm.clients(), List.of(VmssPool.parse("workers", VMSS, 30, "test")));

  @AfterEach
  void stop() {
    arm.close();
  }

  private static String vmss(int capacity, String state) {
    return "{\"name\":\"workers\",\"sku\":{\"name\":\"Standard_D4s_v5\",\"tier\":\"Standard\",\"capacity\":"
        + capacity
        + "},\"properties\":{\"provisioningState\":\""
        + state
        + "\"}}";
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private NodePoolView view(int count) {
    return new NodePoolView(
        "workers",
        PoolMode.VMSS,
        count,
        java.util.OptionalInt.empty(),
        java.util.OptionalInt.empty(),
        "Succeeded",
        "Standard_D4s_v5",
        30,
        java.util.Optional.empty());
  }

  @Test
  void describeReadsCapacitySizeAndState() {
    arm.server.stubFor(get(urlPathEqualTo(VMSS)).willReturn(json(200, vmss(2, "Succeeded"))));
    NodePoolView pool = scaler.describe().get(0);
    assertThat(pool.mode()).isEqualTo(PoolMode.VMSS);
    assertThat(pool.count()).isEqualTo(2);
    assertThat(pool.vmSize()).isEqualTo("Standard_D4s_v5");
    assertThat(pool.maxPods()).isEqualTo(30);
  }

  @Test
  void scaleOutPatchesOnlySkuCapacity() {
    arm.server.stubFor(get(urlPathEqualTo(VMSS)).willReturn(json(200, vmss(2, "Succeeded"))));
    arm.server.stubFor(patch(urlPathEqualTo(VMSS)).willReturn(json(200, vmss(5, "Succeeded"))));

    assertThat(scaler.scale(view(2), 5)).isEqualTo(new ScaleOutcome.Started("Succeeded"));

    arm.server.verify(
        1,
        patchRequestedFor(urlPathEqualTo(VMSS))
            .withQueryParam(
                "api-version",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                    VmssNodePoolScaler.API_VERSION))
            .withRequestBody(equalToJson("{\"sku\":{\"capacity\":5}}")));
  }

  @Test
  void restoreToBaselinePatchesTheLowerCapacity() {
    arm.server.stubFor(get(urlPathEqualTo(VMSS)).willReturn(json(200, vmss(5, "Succeeded"))));
    arm.server.stubFor(patch(urlPathEqualTo(VMSS)).willReturn(json(200, vmss(2, "Succeeded"))));

    assertThat(scaler.scale(view(5), 2)).isInstanceOf(ScaleOutcome.Started.class);

    arm.server.verify(
        1,
        patchRequestedFor(urlPathEqualTo(VMSS))
            .withRequestBody(equalToJson("{\"sku\":{\"capacity\":2}}")));
  }

  @Test
  void operationLeftRunningSurfacesItsErrorInTheNextDescribe() {
    arm.server.stubFor(get(urlPathEqualTo(VMSS)).willReturn(json(200, vmss(2, "Succeeded"))));
    arm.server.stubFor(
        patch(urlPathEqualTo(VMSS))
            .willReturn(
                json(200, vmss(2, "Updating"))
                    .withHeader(
                        "Azure-AsyncOperation",
                        FakeArm.ENDPOINT + OPERATION + "?api-version=2024-07-01")));
    arm.server.stubFor(
        get(urlPathEqualTo(OPERATION))
            .inScenario("op")
            .whenScenarioStateIs(STARTED)
            .willReturn(json(200, "{\"status\":\"InProgress\"}"))
            .willSetStateTo("failed"));
    arm.server.stubFor(
        get(urlPathEqualTo(OPERATION))
            .inScenario("op")
            .whenScenarioStateIs("failed")
            .willReturn(
                json(
                    200,
                    "{\"status\":\"Failed\",\"error\":{\"code\":\"OperationNotAllowed\",\"message\":\"Operation could not be completed as it results in exceeding approved standardDSv5Family Cores quota.\"}}")));

    assertThat(scaler.scale(view(2), 40)).isEqualTo(new ScaleOutcome.Started("InProgress"));

    NodePoolView pool = scaler.describe().get(0);
    assertThat(pool.lastError())
        .hasValueSatisfying(
            e ->
                assertThat(e)
                    .startsWith("OperationNotAllowed: Operation could not be completed")
                    .contains("quota"));
  }

  @Test
  void aThrottledPollLeavesTheAcceptedWriteRunningWithNoError() {
    arm.server.stubFor(get(urlPathEqualTo(VMSS)).willReturn(json(200, vmss(2, "Succeeded"))));
    arm.server.stubFor(
        patch(urlPathEqualTo(VMSS))
            .willReturn(
                json(200, vmss(2, "Updating"))
                    .withHeader(
                        "Azure-AsyncOperation",
                        FakeArm.ENDPOINT + OPERATION + "?api-version=2024-07-01")));
    arm.server.stubFor(
        get(urlPathEqualTo(OPERATION))
            .willReturn(
                json(429, "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}")
                    .withHeader("Retry-After", "600")));

    assertThat(scaler.scale(view(2), 5))
        .as("accepted; a throttled poll says nothing about the operation")
        .isEqualTo(new ScaleOutcome.Started("Updating"));
    arm.server.stubFor(get(urlPathEqualTo(VMSS)).willReturn(json(200, vmss(5, "Updating"))));
    NodePoolView during = scaler.describe().get(0);
    assertThat(during.lastError()).isEmpty();
    assertThat(during.provisioningState()).isEqualTo("Updating");
  }

  @Test
  void quotaErrorAnsweredAtOnceIsFailedNotBusy() {
    arm.server.stubFor(get(urlPathEqualTo(VMSS)).willReturn(json(200, vmss(2, "Succeeded"))));
    arm.server.stubFor(
        patch(urlPathEqualTo(VMSS))
            .willReturn(
                json(
                    409,
                    "{\"error\":{\"code\":\"OperationNotAllowed\",\"message\":\"Operation could not be completed as it results in exceeding approved standardDSv5Family Cores quota.\"}}")));

    ScaleOutcome outcome = scaler.scale(view(2), 40);

    assertThat(outcome).isInstanceOf(ScaleOutcome.Failed.class);
    assertThat(((ScaleOutcome.Failed) outcome).hint())
        .contains("quota")
        .contains("Standard_D4s_v5");
  }

  @Test
  void updatingScaleSetGetsNoWrite() {
    arm.server.stubFor(get(urlPathEqualTo(VMSS)).willReturn(json(200, vmss(2, "Updating"))));
    assertThat(scaler.scale(view(2), 5)).isInstanceOf(ScaleOutcome.Busy.class);
    arm.server.verify(0, patchRequestedFor(urlPathEqualTo(VMSS)));
  }
}
