package dev.aksburst.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aksburst.app.Settings;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The settings the code reads, the ones local.settings.json lists and the ones the Function App
 * gets from Bicep are the same set, except the two that only the local host reads. What the code
 * reads is derived from src/main/java: every string literal that is exactly a setting name ({@code
 * "AKSBURST_..."}, {@code "AZURE_CLIENT_ID"}) or a binding expression naming one ({@code
 * "%AKSBURST_..._SCHEDULE%"} in a trigger annotation); {@link Settings} (with PriceSettings and
 * TimingSettings) must name each of them, and docs/settings.md must document each.
 */
class AppSettingsTest {
  private static final Pattern SETTING = Pattern.compile("AKSBURST_[A-Z0-9_]+|AZURE_CLIENT_ID");
  private static final Pattern LITERAL = Pattern.compile("\"%?(" + SETTING.pattern() + ")%?\"");
  private static final Path FUNCTION_APP_BICEP = Path.of("infra/modules/functionapp.bicep");

  /** Read only by the local host (dev.aksburst.local), never by the Function App. */
  private static final Set<String> LOCAL_HOST_ONLY = Set.of("AKSBURST_PORT", "AKSBURST_SIM_SPEED");

  private static Set<String> codeReads;
  private static Set<String> localSettings;
  private static Set<String> bicepSettings;

  @BeforeAll
  static void read() throws IOException {
    codeReads = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = LITERAL.matcher(Files.readString(file));
        while (m.find()) {
          codeReads.add(m.group(1));
        }
      }
    }
    localSettings = new TreeSet<>();
    new ObjectMapper()
        .readTree(Path.of("local.settings.json").toFile())
        .path("Values")
        .fieldNames()
        .forEachRemaining(
            name -> {
              if (SETTING.matcher(name).matches()) {
                localSettings.add(name);
              }
            });
    bicepSettings = new TreeSet<>(Bicep.read(FUNCTION_APP_BICEP).objectVarKeys("aksBurstSettings"));
  }

  /** The values of Settings' public String constants that name a setting. */
  private static Set<String> settingsConstants() throws IllegalAccessException {
    Set<String> names = new TreeSet<>();
    List<Field> fields = new java.util.ArrayList<>(List.of(Settings.class.getFields()));
    fields.addAll(List.of(dev.aksburst.app.PriceSettings.class.getFields()));
    fields.addAll(List.of(dev.aksburst.app.TimingSettings.class.getFields()));
    fields.addAll(List.of(dev.aksburst.app.VirtualNodeSettings.class.getFields()));
    fields.addAll(List.of(dev.aksburst.app.CapacitySettings.class.getFields()));
    for (Field f : fields) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
        String value = (String) f.get(null);
        if (SETTING.matcher(value).matches()) {
          names.add(value);
        }
      }
    }
    return names;
  }

  @Test
  void settingsNamesEverySettingTheCodeReads() throws IllegalAccessException {
    assertThat(settingsConstants())
        .as("setting names among the constants of Settings, PriceSettings and VirtualNodeSettings")
        .containsExactlyElementsOf(codeReads);
  }

  @Test
  void theCodeReadsTheClusterAndTheIdentity() {
    assertThat(codeReads)
        .as("settings read in src/main/java (string literals)")
        .contains("AKSBURST_CLUSTER_ID", "AZURE_CLIENT_ID");
  }

  @Test
  void everySettingTheCodeReadsIsInLocalSettings() {
    assertThat(localSettings).as("local.settings.json Values").containsAll(codeReads);
  }

  @Test
  void everySettingInLocalSettingsIsReadByTheCode() {
    assertThat(codeReads).as("settings the code reads").containsAll(localSettings);
  }

  @Test
  void everySettingTheFunctionAppReadsIsSetByBicep() {
    Set<String> functionApp = new TreeSet<>(codeReads);
    functionApp.removeAll(LOCAL_HOST_ONLY);
    assertThat(bicepSettings)
        .as("aksBurstSettings in " + FUNCTION_APP_BICEP)
        .containsAll(functionApp);
  }

  @Test
  void everySettingBicepSetsIsReadByTheCodeAndNoneIsLocalOnly() {
    assertThat(codeReads).as("settings the code reads").containsAll(bicepSettings);
    assertThat(bicepSettings).doesNotContainAnyElementsOf(LOCAL_HOST_ONLY);
  }

  @Test
  void theIdentityAndTheClusterAreWiredFromTheirResources() throws IOException {
    String functionApp = Files.readString(FUNCTION_APP_BICEP);
    assertThat(functionApp)
        .containsPattern("(?m)^\\s*AZURE_CLIENT_ID: identity\\.properties\\.clientId$")
        .containsPattern("(?m)^\\s*AKSBURST_CLUSTER_ID: clusterId$")
        .containsPattern("userAssignedIdentities: \\{\\s*'\\$\\{identity\\.id\\}': \\{\\}");
    assertThat(Files.readString(Path.of("infra/main.bicep")))
        .containsPattern("(?m)^\\s*clusterId: aks\\.outputs\\.clusterId$");
  }

  @Test
  void everySettingIsDocumented() throws IOException, IllegalAccessException {
    String doc = Files.readString(Path.of("docs/settings.md"));
    Set<String> missing = new TreeSet<>();
    for (String name : settingsConstants()) {
      if (!doc.contains("`" + name + "`")) {
        missing.add(name);
      }
    }
    assertThat(missing).as("settings not named in docs/settings.md").isEmpty();
  }
}
