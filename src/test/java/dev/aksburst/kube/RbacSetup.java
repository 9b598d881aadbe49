package dev.aksburst.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code infra/k8s/rbac.yaml} applied as written, its bindings pointed at ServiceAccount {@code
 * aks-burst/aks-burst} instead of the app's Entra principal, in the namespace AKS manages for it
 * (made by {@code infra/modules/aks.bicep}, not by rbac.yaml). The app's clients then run with
 * {@link RealCluster#serviceAccountToken} of that account.
 *
 * <p>With {@code infra/k8s/rbac-placeholders.yaml} beside it, as the capacity mode placeholders
 * needs (the tests drive that mode too).
 *
 * @param role the ClusterRole as applied
 * @param stateRole the Role in the aks-burst namespace as applied
 * @param placeholderRole the ClusterRole of rbac-placeholders.yaml as applied
 */
record RbacSetup(ClusterRole role, Role stateRole, ClusterRole placeholderRole) {
  static final Path MANIFEST = Path.of("infra/k8s/rbac.yaml");
  static final Path PLACEHOLDERS_MANIFEST = Path.of("infra/k8s/rbac-placeholders.yaml");
  static final String NAMESPACE = "aks-burst";
  static final String SERVICE_ACCOUNT = "aks-burst";

  static RbacSetup bindToServiceAccount(KubernetesClient admin) throws IOException {
    Subject sa =
        new SubjectBuilder()
            .withKind("ServiceAccount")
            .withName(SERVICE_ACCOUNT)
            .withNamespace(NAMESPACE)
            .build();
    admin
        .namespaces()
        .resource(
            new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
        .create();
    admin
        .serviceAccounts()
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withNamespace(NAMESPACE)
                .withName(SERVICE_ACCOUNT)
                .endMetadata()
                .build())
        .create();
    List<HasMetadata> items;
    try (InputStream in = Files.newInputStream(MANIFEST)) {
      items = admin.load(in).items();
    }
    List<HasMetadata> placeholders;
    try (InputStream in = Files.newInputStream(PLACEHOLDERS_MANIFEST)) {
      placeholders = admin.load(in).items();
    }
    ClusterRole placeholderRole = null;
    for (HasMetadata o : placeholders) {
      if (o instanceof ClusterRoleBinding b) {
        b.setSubjects(List.of(sa));
      } else if (o instanceof ClusterRole c) {
        placeholderRole = Serialization.clone(c);
      }
      admin.resource(o).create();
    }
    if (placeholderRole == null) {
      throw new IllegalStateException(PLACEHOLDERS_MANIFEST + " must hold a ClusterRole");
    }
    ClusterRole role = null;
    Role stateRole = null;
    for (HasMetadata o : items) {
      if (o instanceof ClusterRoleBinding b) {
        b.setSubjects(List.of(sa));
      } else if (o instanceof RoleBinding b) {
        b.setSubjects(List.of(sa));
      } else if (o instanceof ClusterRole c) {
        role = Serialization.clone(c);
      } else if (o instanceof Role r) {
        stateRole = Serialization.clone(r);
      }
      admin.resource(o).create();
    }
    if (role == null || stateRole == null) {
      throw new IllegalStateException(MANIFEST + " must hold the ClusterRole and the Role");
    }
    return new RbacSetup(role, stateRole, placeholderRole);
  }

  /** The ServiceAccount's token, for a kubeconfig of the app. */
  static String token(RealCluster cluster) {
    return cluster.serviceAccountToken(NAMESPACE, SERVICE_ACCOUNT);
  }
}
