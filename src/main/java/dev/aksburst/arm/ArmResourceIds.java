package dev.aksburst.arm;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Splits ARM resource ids of the two kinds aks-burst scales, with errors that name the setting. */
final class ArmResourceIds {
  private static final String SEGMENT = "([^/\\s]+)";

  private ArmResourceIds() {}

  /**
   * Matches {@code /subscriptions/{s}/resourceGroups/{rg}/providers/{provider}/{type}/{name}}, with
   * the fixed segments compared case-insensitively as ARM does.
   *
   * @return subscription, resource group and name
   */
  static String[] split(String value, String setting, String provider, String type) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(
          setting + " is empty; set it to " + example(provider, type));
    }
    Pattern pattern =
        Pattern.compile(
            "/subscriptions/"
                + SEGMENT
                + "/resourceGroups/"
                + SEGMENT
                + "/providers/"
                + Pattern.quote(provider)
                + "/"
                + Pattern.quote(type)
                + "/"
                + SEGMENT
                + "/?",
            Pattern.CASE_INSENSITIVE);
    Matcher m = pattern.matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          setting
              + " '"
              + value
              + "' is not the ARM resource id of a "
              + provider
              + "/"
              + type
              + "; expected "
              + example(provider, type)
              + " (copy it from the resource's JSON view in the portal or `az resource show --query id`)");
    }
    return new String[] {m.group(1), m.group(2), m.group(3)};
  }

  private static String example(String provider, String type) {
    return "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/"
        + provider
        + "/"
        + type
        + "/{name}";
  }
}
