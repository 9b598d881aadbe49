package dev.aksburst.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aksburst.model.CapacityMode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapacitySettingsTest {
  @Test
  void nodePoolsAndTheShippedPriorityClassByDefault() {
    Settings s = Settings.parse(Map.of(Settings.CLUSTER_ID, SettingsTest.ID));
    assertThat(s.plannerConfig().capacityMode()).isEqualTo(CapacityMode.NODE_POOL);
    assertThat(s.plannerConfig().placeholderPriorityClass()).isEqualTo("aks-burst-placeholder");
  }

  @Test
  void placeholdersAndAnotherPriorityClassReachThePlanner() {
    Settings s =
        Settings.parse(
            Map.of(
                Settings.CLUSTER_ID,
                SettingsTest.ID,
                CapacitySettings.MODE,
                " placeholders ",
                CapacitySettings.PLACEHOLDER_PRIORITY_CLASS,
                "burst-placeholders"));
    assertThat(s.plannerConfig().capacityMode()).isEqualTo(CapacityMode.PLACEHOLDERS);
    assertThat(s.plannerConfig().placeholderPriorityClass()).isEqualTo("burst-placeholders");
  }

  @Test
  void anUnknownModeOrAnInvalidClassIsRefusedNamingTheSettingAndTheValue() {
    InvalidSettings e =
        catchThrowableOfType(
            InvalidSettings.class,
            () ->
                Settings.parse(
                    Map.of(
                        Settings.CLUSTER_ID,
                        SettingsTest.ID,
                        CapacitySettings.MODE,
                        "placeholder",
                        CapacitySettings.PLACEHOLDER_PRIORITY_CLASS,
                        "Low_Priority")));
    assertThat(e.problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("AKSBURST_CAPACITY_MODE=\"placeholder\" is not a capacity mode")
                    .contains("did you mean placeholders?"))
        .anySatisfy(
            p -> assertThat(p).startsWith("AKSBURST_PLACEHOLDER_PRIORITY_CLASS=\"Low_Priority\""));
  }
}
