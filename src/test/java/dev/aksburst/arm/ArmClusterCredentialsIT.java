package dev.aksburst.arm;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ArmClusterCredentialsIT {
  private final FakeArm arm = new FakeArm();
  private final ArmClusterCredentials credentials =
      new ArmClusterCredentials(
          arm.clients(),
          ClusterId.parse(FakeArm.CLUSTER_ID),
          Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

  @AfterEach
  void stop() {
    arm.close();
  }

  @Test
  void fetchesTheUserKubeconfigAsText() {
    String kubeconfig = "apiVersion: v1\nkind: Config\nclusters:\n- name: clustername1\n";
    arm.server.stubFor(
        post(urlPathEqualTo(FakeArm.CLUSTER_ID + "/listClusterUserCredential"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"kubeconfigs\":[{\"name\":\"clusterUser\",\"value\":\""
                            + Base64.getEncoder()
                                .encodeToString(kubeconfig.getBytes(StandardCharsets.UTF_8))
                            + "\"}]}")));

    assertThat(credentials.userKubeconfig()).isEqualTo(kubeconfig);
  }

  @Test
  void forbiddenNamesTheMissingPermission() {
    arm.server.stubFor(
        post(urlPathEqualTo(FakeArm.CLUSTER_ID + "/listClusterUserCredential"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"no\"}}")));

    assertThatThrownBy(credentials::userKubeconfig)
        .hasMessageContaining("AuthorizationFailed")
        .hasMessageContaining("listClusterUserCredential/action");
  }
}
