package dev.aksburst.app;

import dev.aksburst.arm.ClusterId;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** How the app reaches one cluster's Kubernetes API, decided from the settings at start. */
sealed interface KubeAccess {
  /** {@code AKSBURST_KUBECONFIG}: the file, whatever the cluster id. */
  record File(Path path) implements KubeAccess {
    public File {
      Objects.requireNonNull(path, "path");
    }
  }

  /**
   * {@code AKSBURST_KUBE_AUTH=local}: the kubeconfig of ARM {@code listClusterUserCredential}
   * (clusters with local accounts).
   */
  record LocalAccounts(ClusterId cluster) implements KubeAccess {
    public LocalAccounts {
      Objects.requireNonNull(cluster, "cluster");
    }
  }

  /**
   * {@code AKSBURST_KUBE_AUTH=entra} (the default): server and CA from the user kubeconfig, a
   * managed-identity token for the AKS server application as the bearer token.
   */
  record Entra(ClusterId cluster) implements KubeAccess {
    public Entra {
      Objects.requireNonNull(cluster, "cluster");
    }
  }

  /**
   * The access for one cluster: a kubeconfig file wins; else the ARM id is needed and {@code
   * AKSBURST_KUBE_AUTH} chooses.
   *
   * @param arm the cluster's parsed ARM id; empty when the id is a plain name
   * @throws IllegalArgumentException naming the setting when neither is usable
   */
  static KubeAccess choose(Settings settings, String clusterId, Optional<ClusterId> arm) {
    if (settings.kubeconfig().isPresent()) {
      return new File(settings.kubeconfig().get());
    }
    ClusterId id =
        arm.orElseThrow(
            () ->
                new IllegalArgumentException(
                    Settings.CLUSTER_ID
                        + ": \""
                        + clusterId
                        + "\" is not a managed cluster ARM id, and without "
                        + Settings.KUBECONFIG
                        + " the Kubernetes API is found through ARM; set the ARM id or a"
                        + " kubeconfig file"));
    return switch (settings.kubeAuth()) {
      case LOCAL -> new LocalAccounts(id);
      case ENTRA -> new Entra(id);
    };
  }

  /** For the start-up log line. */
  default String describe() {
    if (this instanceof File f) {
      return "kubeconfig file " + f.path() + " (" + Settings.KUBECONFIG + ")";
    } else if (this instanceof LocalAccounts l) {
      return "the user kubeconfig of listClusterUserCredential ("
          + Settings.KUBE_AUTH
          + "=local) of "
          + l.cluster().name();
    } else if (this instanceof Entra e) {
      return "an Entra ID token of the app's identity ("
          + Settings.KUBE_AUTH
          + "=entra), server and CA from listClusterUserCredential of "
          + e.cluster().name();
    }
    throw new IllegalStateException("unknown Kubernetes access " + this);
  }
}
