package dev.aksburst.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ArmSettingsTest {
  @Test
  void defaultsToThePublicCloud() {
    ArmSettings s = ArmSettings.fromEnvironment(Map.of());
    assertThat(s.cloud()).isEqualTo(ArmCloud.AZURE_CLOUD);
    assertThat(s.resourceManagerEndpoint()).isEqualTo("https://management.azure.com");
    assertThat(s.armScope()).isEqualTo("https://management.azure.com/.default");
    assertThat(s.managedIdentityClientId()).isEmpty();
  }

  @Test
  void selectsSovereignCloudsByTheirAzCliNames() {
    assertThat(
            ArmSettings.fromEnvironment(Map.of("AKSBURST_AZURE_CLOUD", "AzureChinaCloud"))
                .resourceManagerEndpoint())
        .isEqualTo("https://management.chinacloudapi.cn");
    ArmSettings gov =
        ArmSettings.fromEnvironment(Map.of("AKSBURST_AZURE_CLOUD", "azureusgovernment"));
    assertThat(gov.resourceManagerEndpoint()).isEqualTo("https://management.usgovcloudapi.net");
    assertThat(gov.cloud().authorityHost()).contains("login.microsoftonline.us");
  }

  @Test
  void explicitEndpointOverridesTheCloudsAndKeepsItsAuthority() {
    ArmSettings s =
        ArmSettings.fromEnvironment(
            Map.of(
                "AKSBURST_AZURE_CLOUD", "AzureChinaCloud",
                "AKSBURST_ARM_ENDPOINT", "https://arm.private.example/",
                "AZURE_CLIENT_ID", "11111111-2222-3333-4444-555555555555"));
    assertThat(s.resourceManagerEndpoint()).isEqualTo("https://arm.private.example");
    assertThat(s.environment().getResourceManagerEndpoint())
        .isEqualTo("https://arm.private.example/");
    assertThat(s.cloud().authorityHost()).contains("chinacloudapi.cn");
    assertThat(s.managedIdentityClientId()).hasValue("11111111-2222-3333-4444-555555555555");
  }

  @Test
  void rejectsUnknownCloudsAndPlainHttpEndpoints() {
    assertThatThrownBy(() -> ArmSettings.fromEnvironment(Map.of("AKSBURST_AZURE_CLOUD", "Mars")))
        .hasMessageContaining("AKSBURST_AZURE_CLOUD")
        .hasMessageContaining("AzureUSGovernment");
    assertThatThrownBy(
            () ->
                ArmSettings.fromEnvironment(
                    Map.of("AKSBURST_ARM_ENDPOINT", "http://127.0.0.1:8080")))
        .hasMessageContaining("AKSBURST_ARM_ENDPOINT")
        .hasMessageContaining("https");
  }

  @Test
  void timeoutsDefaultToAFewSecondsAndAreSettings() {
    assertThat(ArmSettings.fromEnvironment(Map.of()).timeouts())
        .isEqualTo(
            new ArmSettings.Timeouts(
                java.time.Duration.ofSeconds(3), java.time.Duration.ofSeconds(10)));
    ArmSettings s =
        ArmSettings.fromEnvironment(
            Map.of(
                ArmSettings.CONNECT_TIMEOUT_SETTING, "2s",
                ArmSettings.REQUEST_TIMEOUT_SETTING, "PT30S"));
    assertThat(s.timeouts().connect()).isEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(s.timeouts().request()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThatThrownBy(
            () ->
                ArmSettings.fromEnvironment(
                    Map.of(
                        ArmSettings.CONNECT_TIMEOUT_SETTING, "0s",
                        ArmSettings.REQUEST_TIMEOUT_SETTING, "soon")))
        .hasMessageContaining("AKSBURST_ARM_CONNECT_TIMEOUT=0s must be between 1s and 5m")
        .hasMessageContaining("AKSBURST_ARM_REQUEST_TIMEOUT=\"soon\" is not a duration");
  }
}
