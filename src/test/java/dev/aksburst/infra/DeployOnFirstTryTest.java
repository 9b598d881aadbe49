package dev.aksburst.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aksburst.k8s.KubernetesOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What made a first `azd up` fail, or a later one do harm, read from the templates and hooks: the
 * principal type, the subscription of every az call, the wait for the functions and the reuse of
 * system topics, the state namespace, the burst pool left alone on re-provision, FTP and basic
 * publishing off, and custom role names that are unique in the tenant.
 */
class DeployOnFirstTryTest {
  private static final Path INFRA = Path.of("infra");
  private static final Path MAIN = INFRA.resolve("main.bicep");
  private static final Path AKS = INFRA.resolve("modules/aks.bicep");
  private static final Path ACCESS = INFRA.resolve("modules/access.bicep");
  private static final Path FUNCTION_APP = INFRA.resolve("modules/functionapp.bicep");
  private static final Path POST_DEPLOY = INFRA.resolve("hooks/post-deploy.bicep");

  private static JsonNode parameters() throws IOException {
    return new ObjectMapper()
        .readTree(INFRA.resolve("main.parameters.json").toFile())
        .path("parameters");
  }

  @Test
  void principalTypeComesFromAzdSoAPipelineCanDeploy() throws IOException {
    assertThat(parameters().path("principalType").path("value").asText())
        .as("a service principal running azd must not be assigned as a User")
        .matches("\\$\\{AZURE_PRINCIPAL_TYPE(=User)?\\}");
    assertThat(Files.readString(MAIN)).contains("adminPrincipalType: principalType");
  }

  /** Each az command of a script, continuation lines joined. */
  private static List<String> azCommands(String script) {
    String joined = script.replaceAll("[\\\\`]\\r?\\n", " ");
    List<String> commands = new ArrayList<>();
    Matcher az =
        Pattern.compile("(?m)(?:^|\\$\\(|[|;]\\s*|@\\()\\s*(az [a-z][^\\n]*)").matcher(joined);
    while (az.find()) {
      commands.add(az.group(1));
    }
    return commands;
  }

  @Test
  void everyAzCallOfTheHooksNamesTheAzdSubscription() throws IOException {
    for (Path file :
        List.of(Path.of("azure.yaml"), BicepStructureTest.HOOK_SH, BicepStructureTest.HOOK_PS1)) {
      for (String command : azCommands(Files.readString(file))) {
        assertThat(command)
            .as("%s: %s", file, command)
            .containsPattern("--subscription \"?\\$(env:)?(AZURE_SUBSCRIPTION_ID|sub)\\b");
      }
    }
    assertThat(azCommands(Files.readString(BicepStructureTest.HOOK_SH))).hasSizeGreaterThan(4);
    assertThat(Files.readString(BicepStructureTest.HOOK_SH))
        .contains("sub=\"${AZURE_SUBSCRIPTION_ID:?");
    assertThat(Files.readString(BicepStructureTest.HOOK_PS1))
        .contains("$sub = $env:AZURE_SUBSCRIPTION_ID");
  }

  @Test
  void theSubscriptionCheckSeesACallWithoutOne() {
    assertThat(azCommands("x=$(az group show --name \"$rg\" --query id -o tsv)\n"))
        .singleElement()
        .satisfies(c -> assertThat(c).doesNotContain("--subscription"));
  }

  @Test
  void theHooksWaitBoundedForBothFunctionsBeforeDeploying() throws IOException {
    for (Path script : List.of(BicepStructureTest.HOOK_SH, BicepStructureTest.HOOK_PS1)) {
      String text = Files.readString(script);
      int list = text.indexOf("az functionapp function list");
      int deploy = text.indexOf("az deployment group create");
      assertThat(list).as("%s lists the functions", script).isNotNegative();
      assertThat(deploy).as("%s deploys after waiting", script).isGreaterThan(list);
      String wait = text.substring(text.lastIndexOf("\n", list - 200 < 0 ? 0 : list - 200), deploy);
      assertThat(wait)
          .as(
              "%s waits for both functions, a bounded number of times, and says why it gives up",
              script)
          .contains("AlertFunction")
          .contains("EventGridFunction")
          .containsPattern("attempt\\S* -ge \\S*attempts")
          .containsPattern("does not list both AlertFunction and EventGridFunction after");
    }
  }

  @Test
  void systemTopicsForTheSameSourceAreReusedNotCreatedAgain() throws IOException {
    Bicep hook = Bicep.read(POST_DEPLOY);
    String source = hook.source();
    for (String[] t :
        List.of(
            new String[] {
              "newResourceGroupTopic", "existingResourceGroupTopicName", "resourceGroupTopic"
            },
            new String[] {"newClusterTopic", "existingClusterTopicName", "clusterTopic"})) {
      assertThat(source)
          .as("the topic is created only when none exists for its source")
          .containsPattern(
              "resource "
                  + t[0]
                  + " 'Microsoft\\.EventGrid/systemTopics@[\\d-]+' = if \\(empty\\("
                  + t[1]
                  + "\\)\\)")
          .containsPattern(
              "resource " + t[2] + " 'Microsoft\\.EventGrid/systemTopics@[\\d-]+' existing = \\{");
      assertThat(hook.params()).containsKey(t[1]);
    }
    assertThat(Files.readString(BicepStructureTest.HOOK_SH))
        .contains("az eventgrid system-topic list");
    assertThat(Files.readString(BicepStructureTest.HOOK_PS1))
        .contains("az eventgrid system-topic list");
  }

  @Test
  void theStateNamespaceIsCreatedByTheDeploymentAndIsTheOneTheAppUses() throws IOException {
    String state = KubernetesOptions.DEFAULT_STATE_NAMESPACE;
    assertThat(Files.readString(MAIN))
        .containsPattern("(?m)^var stateNamespace = '" + Pattern.quote(state) + "'$")
        .contains("stateNamespace: stateNamespace")
        .contains("stateNamespace: aks.outputs.stateNamespace");
    assertThat(Files.readString(AKS))
        .containsPattern(
            "resource \\w+ 'Microsoft\\.ContainerService/managedClusters/managedNamespaces@2025-09-01' = \\{"
                + "\\s*parent: aks\\s*name: stateNamespace")
        .as("created in both authorization modes: not conditional")
        .doesNotContainPattern("managedNamespaces@[\\d-]+' = if");
    Bicep functionApp = Bicep.read(FUNCTION_APP);
    assertThat(functionApp.params().get("stateNamespace").hasDefault())
        .as("the app's namespace is the one aks.bicep created, never a default of its own")
        .isFalse();
    assertThat(functionApp.source())
        .containsPattern("(?m)^\\s*AKSBURST_STATE_NAMESPACE: stateNamespace$");
  }

  @Test
  void aReProvisionLeavesTheBurstPoolAsABurstLeftIt() throws IOException {
    Bicep aks = Bicep.read(AKS);
    int profiles = aks.code().indexOf("agentPoolProfiles:");
    int open = aks.code().indexOf('[', profiles);
    int close = aks.code().indexOf("\n    ]", open);
    assertThat(aks.code().substring(open, close))
        .as("the cluster PUT (every provision) must not carry the burst pool's count")
        .doesNotContain("burstPoolName")
        .doesNotContain("burstPoolMinCount");
    assertThat(aks.source())
        .containsPattern(
            "resource burstPool 'Microsoft\\.ContainerService/managedClusters/agentPools@[\\d-]+' = "
                + "if \\(!burstPoolExists\\) \\{\\s*parent: aks\\s*name: burstPoolName");
    assertThat(Files.readString(MAIN))
        .containsPattern("(?m)^output AKSBURST_BURST_POOL_EXISTS bool = true$")
        .contains("burstPoolExists: burstPoolExists");
    assertThat(parameters().path("burstPoolExists").path("value").asText())
        .isEqualTo("${AKSBURST_BURST_POOL_EXISTS=false}");
  }

  @Test
  void ftpAndBasicPublishingCredentialsAreOff() throws IOException {
    String source = Files.readString(FUNCTION_APP);
    assertThat(source).containsPattern("(?m)^\\s*ftpsState: 'Disabled'$");
    for (String name : List.of("ftp", "scm")) {
      assertThat(source)
          .as("basic publishing credentials for %s", name)
          .containsPattern(
              "'Microsoft\\.Web/sites/basicPublishingCredentialsPolicies@[\\d-]+' = \\{\\s*"
                  + "parent: functionApp\\s*name: '"
                  + name
                  + "'\\s*properties: \\{\\s*allow: false\\s*\\}");
    }
  }

  @Test
  void customRoleNamesAreUniqueInTheTenant() throws IOException {
    Bicep access = Bicep.read(ACCESS);
    Matcher names = Pattern.compile("(?m)^\\s*roleName: '([^']+)'$").matcher(access.source());
    int roles = 0;
    while (names.find()) {
      roles++;
      assertThat(names.group(1))
          .as("a resource group's name repeats across subscriptions of one tenant")
          .contains("${roleNameSuffix}");
    }
    assertThat(roles).as("custom roles in %s", ACCESS).isEqualTo(4);
    assertThat(access.source())
        .containsPattern(
            "(?m)^var roleNameSuffix = '[^\\n]*\\$\\{uniqueString\\(resourceGroup\\(\\)\\.id\\)\\}[^\\n]*'$");
  }
}
