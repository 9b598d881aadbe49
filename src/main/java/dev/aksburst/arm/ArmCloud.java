package dev.aksburst.arm;

import com.azure.core.management.AzureEnvironment;
import com.azure.identity.AzureAuthorityHosts;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The Azure clouds {@code AKSBURST_AZURE_CLOUD} can name, spelled as {@code az cloud list}. */
public enum ArmCloud {
  AZURE_CLOUD("AzureCloud", AzureEnvironment.AZURE, AzureAuthorityHosts.AZURE_PUBLIC_CLOUD),
  AZURE_CHINA_CLOUD(
      "AzureChinaCloud", AzureEnvironment.AZURE_CHINA, AzureAuthorityHosts.AZURE_CHINA),
  AZURE_US_GOVERNMENT(
      "AzureUSGovernment",
      AzureEnvironment.AZURE_US_GOVERNMENT,
      AzureAuthorityHosts.AZURE_GOVERNMENT);

  public static final String SETTING = "AKSBURST_AZURE_CLOUD";

  private final String settingValue;
  private final AzureEnvironment environment;
  private final String authorityHost;

  ArmCloud(String settingValue, AzureEnvironment environment, String authorityHost) {
    this.settingValue = settingValue;
    this.environment = environment;
    this.authorityHost = authorityHost;
  }

  /** The cloud named by the setting's value (case-insensitive); blank means AzureCloud. */
  public static ArmCloud fromSetting(String value) {
    if (value == null || value.isBlank()) {
      return AZURE_CLOUD;
    }
    for (ArmCloud c : values()) {
      if (c.settingValue.equalsIgnoreCase(value.trim())) {
        return c;
      }
    }
    throw new IllegalArgumentException(
        SETTING
            + "=\""
            + value.trim()
            + "\" is not a known cloud; use one of "
            + Arrays.stream(values()).map(c -> c.settingValue).collect(Collectors.joining(", "))
            + ", or set AKSBURST_ARM_ENDPOINT for a private cloud");
  }

  public String settingValue() {
    return settingValue;
  }

  AzureEnvironment environment() {
    return environment;
  }

  String authorityHost() {
    return authorityHost;
  }
}
