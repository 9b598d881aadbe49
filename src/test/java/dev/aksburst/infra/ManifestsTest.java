package dev.aksburst.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped workload manifests parse and carry what aks-burst and the virtual node expect. */
class ManifestsTest {
  private static final Path K8S = Path.of("infra/k8s");
  private static final String ENABLED = "aksburst.dev/enabled";
  private static final List<String> POLICY_ANNOTATIONS =
      List.of(
          "aksburst.dev/max-replicas",
          "aksburst.dev/burst",
          "aksburst.dev/hold",
          "aksburst.dev/alert-rules",
          "aksburst.dev/windows",
          "aksburst.dev/max-virtual-pods",
          "aksburst.dev/node-pool");

  /** Every document of a (multi-document) YAML file, each as the typed fabric8 object. */
  static List<HasMetadata> load(Path file) throws IOException {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
      if (document.lines().anyMatch(l -> !l.isBlank() && !l.startsWith("#"))) {
        objects.add(Serialization.unmarshal(document, HasMetadata.class));
      }
    }
    return objects;
  }

  static Deployment deployment(Path file, String name) throws IOException {
    return load(file).stream()
        .filter(o -> o instanceof Deployment && o.getMetadata().getName().equals(name))
        .map(Deployment.class::cast)
        .findFirst()
        .orElseThrow(() -> new AssertionError(file + " has no Deployment " + name));
  }

  @Test
  void thePlaceholderPriorityClassIsBelowEveryWorkloadAndPreemptsNothing() throws IOException {
    List<HasMetadata> rbac = load(K8S.resolve("rbac-placeholders.yaml"));
    io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass pc =
        rbac.stream()
            .filter(io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass.class::isInstance)
            .map(io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass.class::cast)
            .findFirst()
            .orElseThrow(() -> new AssertionError("rbac-placeholders.yaml has no PriorityClass"));
    assertThat(pc.getMetadata().getName())
        .isEqualTo(dev.aksburst.plan.PlannerConfig.DEFAULT_PLACEHOLDER_PRIORITY_CLASS);
    assertThat(pc.getValue()).isEqualTo(-10);
    assertThat(pc.getGlobalDefault()).isFalse();
    assertThat(pc.getPreemptionPolicy()).isEqualTo("Never");
  }

  @Test
  void deploymentsAreCreatedUpdatedAndDeletedOnlyByTheOptInPlaceholdersManifest()
      throws IOException {
    assertThat(clusterRole("rbac.yaml").getRules())
        .filteredOn(r -> r.getResources().contains("deployments"))
        .extracting(r -> r.getVerbs())
        .containsExactly(List.of("get", "list", "patch"));
    assertThat(clusterRole("rbac-placeholders.yaml").getRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getResources()).containsExactly("deployments");
              assertThat(r.getVerbs()).containsExactly("create", "update", "delete");
            });
  }

  private static io.fabric8.kubernetes.api.model.rbac.ClusterRole clusterRole(String file)
      throws IOException {
    return load(K8S.resolve(file)).stream()
        .filter(io.fabric8.kubernetes.api.model.rbac.ClusterRole.class::isInstance)
        .map(io.fabric8.kubernetes.api.model.rbac.ClusterRole.class::cast)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void everyManifestParsesIntoNamedObjects() throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(K8S)) {
      files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .contains("nginx-vn.yaml", "helloworld-vn.yaml");
    for (Path file : files) {
      List<HasMetadata> objects = load(file);
      assertThat(objects).as("objects in %s", file).isNotEmpty();
      assertThat(objects)
          .as("every object in %s has a kind and a name", file)
          .allSatisfy(
              o -> {
                assertThat(o.getKind()).isNotBlank();
                assertThat(o.getMetadata().getName()).isNotBlank();
              });
    }
  }

  @Test
  void nginxIsOptedInAndCarriesEveryPolicyAnnotation() throws IOException {
    Deployment nginx = deployment(K8S.resolve("nginx-vn.yaml"), "nginx-vn");
    assertThat(nginx.getMetadata().getNamespace()).isEqualTo("virtualnode");
    assertThat(nginx.getMetadata().getLabels()).containsEntry(ENABLED, "true");
    Map<String, String> annotations = nginx.getMetadata().getAnnotations();
    assertThat(annotations).containsKeys(POLICY_ANNOTATIONS.toArray(String[]::new));
    assertThat(annotations.values()).allSatisfy(v -> assertThat(v).isNotBlank());
    assertThat(annotations).doesNotContainKey("aksburst.dev/state");
  }

  @Test
  void nginxWindowsAreKedaStyleJson() throws IOException {
    Deployment nginx = deployment(K8S.resolve("nginx-vn.yaml"), "nginx-vn");
    JsonNode windows =
        new ObjectMapper()
            .readTree(nginx.getMetadata().getAnnotations().get("aksburst.dev/windows"));
    assertThat(windows.isArray()).isTrue();
    assertThat(windows).isNotEmpty();
    for (JsonNode w : windows) {
      assertThat(w.path("start").asText().split(" ")).as("5-field cron").hasSize(5);
      assertThat(w.path("end").asText().split(" ")).as("5-field cron").hasSize(5);
      assertThat(java.time.ZoneId.of(w.path("timezone").asText())).isNotNull();
      assertThat(w.path("replicas").isInt()).isTrue();
    }
  }

  @Test
  void nginxMayOverflowToTheVirtualNodeButPrefersVms() throws IOException {
    PodSpec pod =
        deployment(K8S.resolve("nginx-vn.yaml"), "nginx-vn").getSpec().getTemplate().getSpec();
    assertThat(pod.getTolerations())
        .anySatisfy(
            t -> {
              assertThat(t.getKey()).isEqualTo("virtual-kubelet.io/provider");
              assertThat(t.getOperator()).isEqualTo("Exists");
            });
    List<NodeSelectorRequirement> preferred =
        pod
            .getAffinity()
            .getNodeAffinity()
            .getPreferredDuringSchedulingIgnoredDuringExecution()
            .stream()
            .flatMap(t -> t.getPreference().getMatchExpressions().stream())
            .toList();
    assertThat(preferred)
        .anySatisfy(
            r -> {
              assertThat(r.getKey()).isEqualTo("type");
              assertThat(r.getOperator()).isEqualTo("NotIn");
              assertThat(r.getValues()).containsExactly("virtual-kubelet");
            });
    assertThat(pod.getNodeSelector())
        .as("no hard pin: it must be able to run on VMs")
        .isNullOrEmpty();
    assertThat(pod.getContainers())
        .allSatisfy(c -> assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory"));
  }

  @Test
  void helloworldIsPinnedToTheVirtualNodeAsItIsLabelledAndTainted() throws IOException {
    PodSpec pod =
        deployment(K8S.resolve("helloworld-vn.yaml"), "aci-helloworld")
            .getSpec()
            .getTemplate()
            .getSpec();
    // The virtual node carries type=virtual-kubelet and beta.kubernetes.io/os, not
    // kubernetes.io/os.
    assertThat(pod.getNodeSelector()).containsExactly(Map.entry("type", "virtual-kubelet"));
    assertThat(pod.getTolerations()).extracting(Toleration::getKey).doesNotContain("azure.com/aci");
    // Its taint virtual-kubelet.io/provider=azure:NoSchedule must be tolerated.
    assertThat(pod.getTolerations())
        .anySatisfy(
            t -> {
              assertThat(t.getKey()).isEqualTo("virtual-kubelet.io/provider");
              assertThat(t.getOperator()).isEqualTo("Exists");
              assertThat(t.getEffect()).isIn(null, "NoSchedule");
            });
  }

  /**
   * Matching is by exact name: every rule a sample manifest lists must be one that infra/ or the
   * documentation's commands (the README and docs/, where the deploy guide's "Wire your own alert"
   * lives) really create (a rule named after the cluster can not be listed literally).
   */
  @Test
  void sampleAlertRuleNamesAreRulesTheDeploymentOrTheReadmeCreate() throws IOException {
    Set<String> created = new TreeSet<>();
    List<Path> docs = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> s = Files.list(Path.of("docs"))) {
      s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    for (Path doc : docs) {
      Matcher cli =
          Pattern.compile("az monitor metrics alert create .*?-n ([A-Za-z0-9._-]+)")
              .matcher(Files.readString(doc));
      while (cli.find()) {
        created.add(cli.group(1));
      }
    }
    try (Stream<Path> files = Files.walk(Path.of("infra"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".bicep")).toList()) {
        Matcher m =
            Pattern.compile(
                    "resource \\w+ 'Microsoft.Insights/metricAlerts@[^']+'[^{]*\\{\\s*name: '([^'$]+)'")
                .matcher(Files.readString(f));
        while (m.find()) {
          created.add(m.group(1));
        }
      }
    }
    List<String> listed = new ArrayList<>();
    try (Stream<Path> s = Files.list(K8S)) {
      for (Path f : s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        for (HasMetadata o : load(f)) {
          String rules =
              o.getMetadata().getAnnotations() == null
                  ? null
                  : o.getMetadata().getAnnotations().get("aksburst.dev/alert-rules");
          if (rules != null) {
            for (String r : rules.split(",")) {
              listed.add(r.trim());
            }
          }
        }
      }
    }
    assertThat(listed).as("the sample manifests list alert rules").isNotEmpty();
    assertThat(created).as("rules the README, docs/ or infra/ create").isNotEmpty();
    assertThat(created).containsAll(listed);
  }
}
