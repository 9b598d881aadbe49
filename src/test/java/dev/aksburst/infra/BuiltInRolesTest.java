package dev.aksburst.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every built-in role the templates assign is one Azure has, under the name the template gives it.
 * A wrong id deploys nothing: the assignment fails with RoleDefinitionDoesNotExist. The ids are
 * written out here from Azure's list of built-in roles, each with its name.
 */
class BuiltInRolesTest {
  /** Built-in role id to its name (learn.microsoft.com, Azure built-in roles). */
  private static final Map<String, String> BUILT_IN =
      Map.of(
          "4d97b98b-1d4f-4787-a291-c67834d212e7", "Network Contributor",
          "b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b", "Azure Kubernetes Service RBAC Cluster Admin",
          "4abbcc35-e782-43d8-92c5-2d3f1bd2253f", "Azure Kubernetes Service Cluster User Role",
          "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner",
          "3913510d-42f4-4e42-8a64-420c390055eb", "Monitoring Metrics Publisher");

  /** The Bicep variable that holds each role's id, as the templates name them. */
  private static final Map<String, String> VARIABLE_NAMES =
      Map.of(
          "networkContributor", "Network Contributor",
          "aksRbacClusterAdmin", "Azure Kubernetes Service RBAC Cluster Admin",
          "aksClusterUserRole", "Azure Kubernetes Service Cluster User Role",
          "storageBlobDataOwner", "Storage Blob Data Owner",
          "monitoringMetricsPublisher", "Monitoring Metrics Publisher");

  private static final Pattern GUID_VAR =
      Pattern.compile(
          "(?m)^var\\s+(\\w+)\\s*=\\s*'([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
              + "[0-9a-fA-F]{4}-[0-9a-fA-F]{12})'");
  private static final Pattern BUILT_IN_USE =
      Pattern.compile(
          "subscriptionResourceId\\(\\s*'Microsoft\\.Authorization/roleDefinitions'\\s*,\\s*([^)]+)\\)");

  @Test
  void everyBuiltInRoleIdIsAzuresUnderItsName() throws IOException {
    int used = 0;
    for (Path file : BicepStructureTest.bicepFiles()) {
      Bicep bicep = Bicep.read(file);
      Map<String, String> ids = new LinkedHashMap<>();
      Matcher v = GUID_VAR.matcher(bicep.source());
      while (v.find()) {
        ids.put(v.group(1), v.group(2).toLowerCase());
      }
      Matcher use = BUILT_IN_USE.matcher(bicep.source());
      while (use.find()) {
        used++;
        String argument = use.group(1).trim();
        String id = argument.startsWith("'") ? argument.replace("'", "") : ids.get(argument);
        assertThat(id)
            .as("%s: the built-in role %s is a GUID literal or a var holding one", file, argument)
            .isNotNull();
        assertThat(BUILT_IN)
            .as("%s: %s = %s is not a built-in role id Azure has", file, argument, id)
            .containsKey(id);
        if (VARIABLE_NAMES.containsKey(argument)) {
          assertThat(BUILT_IN.get(id))
              .as("%s: var %s holds the id of another role", file, argument)
              .isEqualTo(VARIABLE_NAMES.get(argument));
        }
      }
    }
    assertThat(used).as("built-in role assignments in infra/").isGreaterThanOrEqualTo(6);
  }

  @Test
  void theClusterUserRoleOfTheDeployerIsTheBuiltInOne() {
    Bicep access = Bicep.read(Path.of("infra/modules/access.bicep"));
    assertThat(access.source())
        .containsPattern("(?m)^var aksClusterUserRole = '4abbcc35-e782-43d8-92c5-2d3f1bd2253f'$");
  }
}
