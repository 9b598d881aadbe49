package dev.aksburst.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The permission tables of the documentation (the README's front door links to them) say what the
 * shipped manifests grant: no more, no less. (The manifests themselves are derived from the
 * adapters' recorded calls by KubernetesPermissionsIT and AzureRoleIT; this keeps the prose a user
 * reads in step with them.)
 */
class ReadmePermissionsTest {
  /** Kubernetes RBAC and the Azure role: {@code kubernetes-rbac}, {@code azure-role}. */
  private static final Path PERMISSIONS = Path.of("docs/permissions.md");

  /** Deploying: {@code deploy}, and within it {@code azure-rbac-data-actions}. */
  private static final Path DEPLOY = Path.of("docs/deploy.md");

  private static String section(Path file, String name) throws IOException {
    String text = Files.readString(file);
    int start = text.indexOf("<!-- section: " + name + " -->");
    int end = text.indexOf("<!-- /section: " + name + " -->");
    assertThat(start).as(file + " section " + name).isNotNegative();
    assertThat(end).isGreaterThan(start);
    return text.substring(start, end);
  }

  @Test
  void theReadmeLinksToThePermissionsAndDeployDocuments() throws IOException {
    assertThat(Files.readString(Path.of("README.md")))
        .contains("(docs/permissions.md)")
        .contains("(docs/deploy.md)");
  }

  /** "group resource verb scope" for every grant in rbac.yaml and rbac-placeholders.yaml. */
  private static Set<String> manifestGrants() throws IOException {
    Set<String> grants = new TreeSet<>();
    for (String file : List.of("infra/k8s/rbac.yaml", "infra/k8s/rbac-placeholders.yaml")) {
      try (InputStream in = Files.newInputStream(Path.of(file))) {
        for (HasMetadata o : Serialization.<java.util.List<HasMetadata>>unmarshal(in)) {
          if (o instanceof ClusterRole cr) {
            add(grants, cr.getRules(), "cluster");
          } else if (o instanceof Role r) {
            add(grants, r.getRules(), r.getMetadata().getNamespace());
          }
        }
      }
    }
    return grants;
  }

  private static void add(Set<String> grants, java.util.List<PolicyRule> rules, String scope) {
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            grants.add(group + " " + resource + " " + verb + " " + scope);
          }
        }
      }
    }
  }

  @Test
  void theKubernetesTableMatchesRbacYaml() throws IOException {
    Pattern row =
        Pattern.compile(
            "^\\| `([^`]*)` \\| ([a-z]+) \\| ([a-z, ]+) \\| `?([a-z-]+)`? \\|", Pattern.MULTILINE);
    Set<String> documented = new TreeSet<>();
    Matcher m = row.matcher(section(PERMISSIONS, "kubernetes-rbac"));
    while (m.find()) {
      String group = m.group(1).equals("\"\"") ? "" : m.group(1);
      for (String verb : m.group(3).split(",\\s*")) {
        documented.add(group + " " + m.group(2) + " " + verb.trim() + " " + m.group(4));
      }
    }
    assertThat(documented).isNotEmpty().isEqualTo(manifestGrants());
  }

  @Test
  void theAzureRoleTableMatchesTheRoleDefinition() throws IOException {
    Set<String> granted = new TreeSet<>();
    for (String file :
        List.of(
            "aks-burst-agentpool-operator.json",
            "aks-burst-node-subnet-joiner.json",
            "aks-burst-scaleset-operator.json")) {
      JsonNode role = new ObjectMapper().readTree(Path.of("infra/roles", file).toFile());
      role.get("Actions").forEach(a -> granted.add(a.asText()));
    }

    Set<String> documented = new TreeSet<>();
    Matcher m =
        Pattern.compile("^\\| ((?:`Microsoft\\.[^`]+`(?:, )?)+) \\|", Pattern.MULTILINE)
            .matcher(section(PERMISSIONS, "azure-role"));
    while (m.find()) {
      Matcher action = Pattern.compile("`(Microsoft\\.[^`]+)`").matcher(m.group(1));
      while (action.find()) {
        documented.add(action.group(1));
      }
    }
    assertThat(documented).isNotEmpty().isEqualTo(granted);
  }

  /** "action scope" for each data action of the two Azure roles in access.bicep. */
  private static Set<String> bicepDataActions() {
    Bicep access = Bicep.read(Path.of("infra/modules/access.bicep"));
    Set<String> grants = new TreeSet<>();
    access.stringArrayVar("clusterDataActions").forEach(a -> grants.add(a + " cluster"));
    access.stringArrayVar("stateNamespaceDataActions").forEach(a -> grants.add(a + " aks-burst"));
    return grants;
  }

  @Test
  void theAzureRbacDataActionTableMatchesAccessBicepWithItsScopes() throws IOException {
    Set<String> documented = new TreeSet<>();
    Matcher m =
        Pattern.compile("^\\| `(Microsoft\\.[^`]+)` \\| `?([a-z-]+)`? \\|$", Pattern.MULTILINE)
            .matcher(section(DEPLOY, "azure-rbac-data-actions"));
    while (m.find()) {
      documented.add(m.group(1) + " " + m.group(2));
    }
    assertThat(documented).isNotEmpty().isEqualTo(bicepDataActions());
  }

  @Test
  void theDeploySectionNamesWhatADeployerNeedsFirst() throws IOException {
    String deploy = section(DEPLOY, "deploy");
    assertThat(deploy)
        .contains("**Owner**")
        .contains("User Access Administrator")
        .contains("Microsoft.Authorization/roleDefinitions/write")
        .contains("az provider register --namespace Microsoft.ContainerInstance")
        .contains("AZURE_PRINCIPAL_TYPE")
        .contains("unique per")
        .contains("kubernetesRbac")
        .containsPattern("no verb \\*patch\\*");
    assertThat(deploy.indexOf("## Before the first deployment"))
        .as("prerequisites come before the first command")
        .isNotNegative()
        .isLessThan(deploy.indexOf("azd up"));
  }

  @Test
  void everyShellVariableOfTheDeploySectionIsSetBeforeItIsUsed() throws IOException {
    String deploy = section(DEPLOY, "deploy");
    Matcher block = Pattern.compile("(?s)```bash\\n(.*?)```").matcher(deploy);
    Set<String> assigned = new TreeSet<>();
    int blocks = 0;
    while (block.find()) {
      blocks++;
      for (String line : block.group(1).split("\\n")) {
        Matcher use = Pattern.compile("\\$([A-Z][A-Z0-9_]*)").matcher(line);
        while (use.find()) {
          assertThat(assigned)
              .as("$%s used in the deploy section before it is set: %s", use.group(1), line)
              .contains(use.group(1));
        }
        Matcher set = Pattern.compile("(?:^|\\s)([A-Z][A-Z0-9_]*)=").matcher(line);
        while (set.find()) {
          assigned.add(set.group(1));
        }
      }
    }
    assertThat(blocks).isGreaterThanOrEqualTo(4);
    String azd = deploy.substring(deploy.indexOf("## With the Azure Developer CLI"));
    azd = azd.substring(0, azd.indexOf("## With the Azure CLI only"));
    assertThat(azd)
        .as("the azd path sets what the later steps use")
        .contains("RG=$(", "AKS=$(", "APP=$(");
  }
}
