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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's permission tables say what the shipped manifests grant: no more, no less. (The
 * manifests themselves are derived from the adapters' recorded calls by KubernetesPermissionsIT and
 * AzureRoleIT; this keeps the prose a user reads in step with them.)
 */
class ReadmePermissionsTest {
  private static final Path README = Path.of("README.md");

  private static String section(String name) throws IOException {
    String text = Files.readString(README);
    int start = text.indexOf("<!-- section: " + name + " -->");
    int end = text.indexOf("<!-- /section: " + name + " -->");
    assertThat(start).as("README section " + name).isNotNegative();
    assertThat(end).isGreaterThan(start);
    return text.substring(start, end);
  }

  /** "group resource verb scope" for every grant in rbac.yaml. */
  private static Set<String> manifestGrants() throws IOException {
    Set<String> grants = new TreeSet<>();
    try (InputStream in = Files.newInputStream(Path.of("infra/k8s/rbac.yaml"))) {
      for (HasMetadata o : Serialization.<java.util.List<HasMetadata>>unmarshal(in)) {
        if (o instanceof ClusterRole cr) {
          add(grants, cr.getRules(), "cluster");
        } else if (o instanceof Role r) {
          add(grants, r.getRules(), r.getMetadata().getNamespace());
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
    Matcher m = row.matcher(section("kubernetes-rbac"));
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
    JsonNode role =
        new ObjectMapper()
            .readTree(Path.of("infra/roles/aks-burst-agentpool-operator.json").toFile());
    Set<String> granted = new TreeSet<>();
    role.get("Actions").forEach(a -> granted.add(a.asText()));

    Set<String> documented = new TreeSet<>();
    Matcher m =
        Pattern.compile("^\\| ((?:`Microsoft\\.[^`]+`(?:, )?)+) \\|", Pattern.MULTILINE)
            .matcher(section("azure-role"));
    while (m.find()) {
      Matcher action = Pattern.compile("`(Microsoft\\.[^`]+)`").matcher(m.group(1));
      while (action.find()) {
        documented.add(action.group(1));
      }
    }
    assertThat(documented).isNotEmpty().isEqualTo(granted);
  }
}
