package dev.aksburst.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VirtualNodeSettingsTest {
  @Test
  void unsetOrEmptyNamesNoStatefulSet() {
    assertThat(VirtualNodeSettings.parse(Map.of(), p -> {})).isEqualTo(VirtualNodeSettings.NONE);
    assertThat(
            VirtualNodeSettings.parse(Map.of(VirtualNodeSettings.STATEFULSET, " "), p -> {})
                .statefulSet())
        .isEmpty();
  }

  @Test
  void namespaceSlashNameIsRead() {
    assertThat(
            Settings.parse(
                    Map.of(
                        Settings.CLUSTER_ID,
                        SettingsTest.ID,
                        VirtualNodeSettings.STATEFULSET,
                        "vn2/virtualnode"))
                .virtualNodes()
                .statefulSet())
        .contains("vn2/virtualnode");
  }

  @Test
  void anythingElseIsAProblemNamingTheSetting() {
    for (String bad : List.of("virtualnode", "vn2/", "/x", "a/b/c", "VN2/Virtual")) {
      List<String> problems = new ArrayList<>();
      VirtualNodeSettings s =
          VirtualNodeSettings.parse(Map.of(VirtualNodeSettings.STATEFULSET, bad), problems::add);
      assertThat(s.statefulSet()).as(bad).isEmpty();
      assertThat(problems)
          .as(bad)
          .singleElement()
          .asString()
          .contains("AKSBURST_VIRTUAL_NODE_STATEFULSET");
    }
    InvalidSettings e =
        catchThrowableOfType(
            InvalidSettings.class,
            () ->
                Settings.parse(
                    Map.of(
                        Settings.CLUSTER_ID,
                        SettingsTest.ID,
                        VirtualNodeSettings.STATEFULSET,
                        "virtualnode")));
    assertThat(e.getMessage()).contains(VirtualNodeSettings.STATEFULSET);
  }
}
