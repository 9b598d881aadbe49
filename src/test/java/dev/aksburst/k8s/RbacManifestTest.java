package dev.aksburst.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The shipped manifest parses and grants what the adapters call, nothing broader. */
class RbacManifestTest {
  @Test
  void manifestHasTheNamespaceRolesAndBindings() throws IOException {
    List<HasMetadata> objects;
    try (InputStream in = Files.newInputStream(Path.of("infra/k8s/rbac.yaml"))) {
      objects = Serialization.unmarshal(in);
    }
    assertThat(objects)
        .extracting(HasMetadata::getKind)
        .containsExactly("Namespace", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding");
    ClusterRole cluster = (ClusterRole) objects.get(1);
    Set<String> granted = new TreeSet<>();
    cluster
        .getRules()
        .forEach(
            r ->
                r.getResources()
                    .forEach(res -> r.getVerbs().forEach(v -> granted.add(res + ":" + v))));
    assertThat(granted)
        .containsExactlyInAnyOrder(
            "nodes:list",
            "pods:list",
            "pods:patch",
            "deployments:get",
            "deployments:list",
            "deployments:patch",
            "daemonsets:list",
            "horizontalpodautoscalers:get",
            "horizontalpodautoscalers:list",
            "horizontalpodautoscalers:patch",
            "events:get",
            "events:create",
            "events:patch");
    Role state = (Role) objects.get(3);
    assertThat(state.getMetadata().getNamespace())
        .isEqualTo(KubernetesOptions.DEFAULT_STATE_NAMESPACE);
    assertThat(state.getRules())
        .allSatisfy(r -> assertThat(r.getVerbs()).containsExactly("get", "create", "patch"));
  }
}
