package dev.aksburst.arm;

import com.azure.core.management.AzureEnvironment;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where ARM is and who aks-burst is there.
 *
 * @param cloud the Azure cloud ({@code AKSBURST_AZURE_CLOUD}); gives the ARM endpoint and the Entra
 *     authority
 * @param armEndpoint an explicit ARM base URL ({@code AKSBURST_ARM_ENDPOINT}) for private clouds
 *     and tests; overrides the cloud's
 * @param managedIdentityClientId client id of a user-assigned managed identity ({@code
 *     AZURE_CLIENT_ID}); empty means the system-assigned identity (or a developer credential)
 */
public record ArmSettings(
    ArmCloud cloud, Optional<URI> armEndpoint, Optional<String> managedIdentityClientId) {
  public static final String ARM_ENDPOINT_SETTING = "AKSBURST_ARM_ENDPOINT";
  public static final String CLIENT_ID_SETTING = "AZURE_CLIENT_ID";

  public ArmSettings {
    Objects.requireNonNull(cloud, "cloud");
    Objects.requireNonNull(armEndpoint, "armEndpoint");
    Objects.requireNonNull(managedIdentityClientId, "managedIdentityClientId");
    armEndpoint.ifPresent(ArmSettings::requireHttps);
  }

  /**
   * Reads {@code AKSBURST_AZURE_CLOUD}, {@code AKSBURST_ARM_ENDPOINT} and {@code AZURE_CLIENT_ID}.
   */
  public static ArmSettings fromEnvironment(Map<String, String> env) {
    ArmCloud cloud = ArmCloud.fromSetting(env.get(ArmCloud.SETTING));
    Optional<URI> endpoint =
        Optional.ofNullable(env.get(ARM_ENDPOINT_SETTING))
            .filter(s -> !s.isBlank())
            .map(ArmSettings::parseEndpoint);
    Optional<String> clientId =
        Optional.ofNullable(env.get(CLIENT_ID_SETTING)).map(String::trim).filter(s -> !s.isEmpty());
    return new ArmSettings(cloud, endpoint, clientId);
  }

  private static URI parseEndpoint(String value) {
    try {
      return URI.create(value.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          ARM_ENDPOINT_SETTING
              + " '"
              + value
              + "' is not a URL; set it to the ARM base URL, e.g. https://management.azure.com/",
          e);
    }
  }

  private static void requireHttps(URI uri) {
    if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      throw new IllegalArgumentException(
          ARM_ENDPOINT_SETTING
              + " '"
              + uri
              + "' must be an absolute https URL (ARM bearer tokens are only sent over https)");
    }
  }

  /** The ARM base URL without a trailing slash. */
  public String resourceManagerEndpoint() {
    String url =
        armEndpoint.map(URI::toString).orElse(cloud.environment().getResourceManagerEndpoint());
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The token scope for ARM calls: the ARM endpoint's {@code /.default}. */
  String armScope() {
    return resourceManagerEndpoint() + "/.default";
  }

  /** The cloud's environment with the ARM endpoint replaced when one is configured. */
  AzureEnvironment environment() {
    if (armEndpoint.isEmpty()) {
      return cloud.environment();
    }
    Map<String, String> endpoints = new HashMap<>(cloud.environment().getEndpoints());
    endpoints.put("resourceManagerEndpointUrl", resourceManagerEndpoint() + "/");
    return new AzureEnvironment(endpoints);
  }
}
