package dev.aksburst.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a Bicep compiler would catch first, checked without one: modules exist and receive exactly
 * parameters they declare (all required ones), every parameter is used, the azd parameter file and
 * the post-deploy hook match the templates, and no secret is written down.
 */
class BicepStructureTest {
  private static final Path INFRA = Path.of("infra");
  private static final Path MAIN = INFRA.resolve("main.bicep");
  private static final Path POST_DEPLOY = INFRA.resolve("hooks/post-deploy.bicep");
  static final Path HOOK_SH = INFRA.resolve("hooks/post-deploy.sh");
  static final Path HOOK_PS1 = INFRA.resolve("hooks/post-deploy.ps1");

  static List<Path> bicepFiles() throws IOException {
    try (Stream<Path> files = Files.walk(INFRA)) {
      return files.filter(p -> p.toString().endsWith(".bicep")).sorted().toList();
    }
  }

  @Test
  void theEntryPointsExist() {
    assertThat(MAIN).isRegularFile();
    assertThat(POST_DEPLOY).isRegularFile();
    assertThat(INFRA.resolve("main.parameters.json")).isRegularFile();
    assertThat(Path.of("azure.yaml")).isRegularFile();
  }

  @Test
  void everyModuleExistsAndGetsExactlyItsParameters() throws IOException {
    int modules = 0;
    for (Path file : bicepFiles()) {
      Bicep bicep = Bicep.read(file);
      for (Bicep.ModuleUse use : bicep.modules()) {
        modules++;
        Path target = file.getParent().resolve(use.path()).normalize();
        assertThat(target).as("module %s in %s", use.name(), file).isRegularFile();
        Map<String, Bicep.Param> declared = Bicep.read(target).params();
        assertThat(declared.keySet())
            .as("parameters module %s (%s) passes from %s", use.name(), target, file)
            .containsAll(use.params());
        Set<String> required = new TreeSet<>();
        declared.values().stream()
            .filter(p -> !p.hasDefault())
            .forEach(p -> required.add(p.name()));
        assertThat(use.params())
            .as(
                "module %s in %s must pass every required parameter of %s",
                use.name(), file, target)
            .containsAll(required);
      }
    }
    assertThat(modules).as("modules used by main.bicep").isGreaterThanOrEqualTo(5);
  }

  @Test
  void everyDeclaredParameterIsUsed() throws IOException {
    for (Path file : bicepFiles()) {
      Bicep bicep = Bicep.read(file);
      for (String param : bicep.params().keySet()) {
        assertThat(bicep.uses(param))
            .as("parameter %s of %s is declared but never used", param, file)
            .isGreaterThan(1);
      }
    }
  }

  @Test
  void theAzdParameterFileNamesOnlyMainParametersAndEveryRequiredOne() throws IOException {
    JsonNode parameters =
        new ObjectMapper()
            .readTree(INFRA.resolve("main.parameters.json").toFile())
            .path("parameters");
    Set<String> given = new TreeSet<>();
    parameters.fieldNames().forEachRemaining(given::add);
    Map<String, Bicep.Param> declared = Bicep.read(MAIN).params();
    assertThat(declared.keySet()).containsAll(given);
    declared.values().stream()
        .filter(p -> !p.hasDefault())
        .forEach(p -> assertThat(given).as("required parameter of main.bicep").contains(p.name()));
  }

  @Test
  void thePostDeployHookPassesPostDeployParametersFromMainOutputs() throws IOException {
    String azureYaml = Files.readString(Path.of("azure.yaml"));
    assertThat(azureYaml)
        .contains("postdeploy:")
        .contains("run: ./infra/hooks/post-deploy.sh")
        .contains("run: ./infra/hooks/post-deploy.ps1");
    Map<String, Bicep.Param> hookParams = Bicep.read(POST_DEPLOY).params();
    Set<String> mainOutputs = Bicep.read(MAIN).outputs();
    /* Values the scripts find themselves (existing system topics), not from the azd environment. */
    Set<String> found = Set.of("existingResourceGroupTopicName", "existingClusterTopicName");
    for (Path script : List.of(HOOK_SH, HOOK_PS1)) {
      String text = Files.readString(script);
      assertThat(text).as(script.toString()).contains("infra/hooks/post-deploy.bicep");
      String deploy = text.substring(text.indexOf("az deployment group create"));
      Matcher passed = Pattern.compile("(\\w+)=\"\\$(?:env:)?(\\w+)\"").matcher(deploy);
      Set<String> passedNames = new TreeSet<>();
      while (passed.find()) {
        passedNames.add(passed.group(1));
        assertThat(hookParams)
            .as("%s: post-deploy.bicep parameter", script)
            .containsKey(passed.group(1));
        String value = passed.group(2);
        if (!value.equals("AZURE_ENV_NAME") && !found.contains(passed.group(1))) {
          assertThat(mainOutputs)
              .as(
                  "%s reads $%s, which only main.bicep's outputs put in the azd environment",
                  script, value)
              .contains(value);
        }
      }
      assertThat(passedNames).as("%s passes", script).containsAll(found);
      hookParams.values().stream()
          .filter(p -> !p.hasDefault())
          .forEach(p -> assertThat(passedNames).as("required hook parameter").contains(p.name()));
      assertThat(text).contains("AZURE_RESOURCE_GROUP").contains("AZURE_SUBSCRIPTION_ID");
    }
    assertThat(mainOutputs).contains("AZURE_RESOURCE_GROUP");
  }

  @Test
  void noSecretIsWrittenDown() throws IOException {
    Pattern secret =
        Pattern.compile(
            "(?i)(AccountKey=|SharedAccessSignature|sig=|password\\s*[:=]\\s*'|secret\\s*[:=]\\s*'"
                + "|[?&]code=[A-Za-z0-9_\\-]{8,}|-----BEGIN)");
    Pattern secureParamWithDefault =
        Pattern.compile("(?m)^@secure\\(\\)\\s*\\nparam\\s+\\w+\\s+\\w+\\s*=");
    for (Path file : bicepFiles()) {
      String source = Files.readString(file);
      assertThat(secret.matcher(source).find())
          .as("%s looks like it holds a secret literal", file)
          .isFalse();
      assertThat(secureParamWithDefault.matcher(source).find())
          .as("%s gives a @secure() parameter a default value", file)
          .isFalse();
    }
    for (Path file :
        List.of(INFRA.resolve("main.parameters.json"), Path.of("azure.yaml"), HOOK_SH, HOOK_PS1)) {
      assertThat(secret.matcher(Files.readString(file)).find()).as("%s", file).isFalse();
    }
  }

  @Test
  void theFunctionKeyIsReadAtDeploymentTimeNotWritten() throws IOException {
    String hook = Files.readString(POST_DEPLOY);
    assertThat(hook).contains("useCommonAlertSchema: true").contains("alertFunction.listKeys()");
  }
}
