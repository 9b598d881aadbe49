package dev.aksburst.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class KubernetesClientsIT {
  KubernetesMockServer server;
  KubernetesClient client;

  String kubeconfig(String userSection) {
    return """
        apiVersion: v1
        kind: Config
        current-context: aks
        clusters:
        - name: aks
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        contexts:
        - name: aks
          context:
            cluster: aks
            user: me
        users:
        - name: me
          user:
        %s
        """
        .formatted(client.getConfiguration().getMasterUrl(), userSection);
  }

  @Test
  void entraTokenFromTheSupplierIsSentAsBearer() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    // a kubelogin exec section as AKS returns it for Entra clusters: ignored, never run
    String exec =
        "    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n"
            + "      command: kubelogin\n      args: [get-token]\n";
    try (KubernetesClient entra =
        KubernetesClients.build(
            new KubernetesClients.EntraToken(
                kubeconfig(exec), () -> "token-" + asked.incrementAndGet(), "test"))) {
      entra.nodes().list();
      assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer token-1");
      entra.nodes().list();
      assertThat(server.getLastRequest().getHeader("Authorization")).isEqualTo("Bearer token-2");
    }
  }

  @Test
  void kubeconfigFileAndTextConnect(@TempDir Path dir) throws Exception {
    String text = kubeconfig("    token: static-token\n");
    Path file = dir.resolve("config");
    Files.writeString(file, text);
    try (KubernetesClient c =
        KubernetesClients.build(
            new KubernetesClients.KubeconfigFile(file, "AKSBURST_KUBECONFIG"))) {
      c.nodes().list();
      assertThat(server.getLastRequest().getHeader("Authorization"))
          .isEqualTo("Bearer static-token");
    }
    try (KubernetesClient c =
        KubernetesClients.build(
            new KubernetesClients.Kubeconfig(text, "listClusterUserCredential"))) {
      assertThat(c.nodes().list().getItems()).isEmpty();
    }
  }

  @Test
  void wrongSettingsFailFastNamingThem(@TempDir Path dir) {
    assertThatThrownBy(
            () ->
                KubernetesClients.build(
                    new KubernetesClients.KubeconfigFile(
                        dir.resolve("nope"), "AKSBURST_KUBECONFIG")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("AKSBURST_KUBECONFIG=")
        .hasMessageContaining("no such file");
    assertThatThrownBy(
            () ->
                KubernetesClients.build(
                    new KubernetesClients.Kubeconfig("", "listClusterUserCredential")))
        .hasMessage("listClusterUserCredential: the kubeconfig is empty");
    assertThatThrownBy(
            () ->
                KubernetesClients.build(
                    new KubernetesClients.EntraToken(
                        "apiVersion: v1\nkind: Config\nclusters: []\n", () -> "t", "cluster x")))
        .hasMessage("cluster x: the kubeconfig has no current-context");
  }

  @Test
  void anUnreachableApiServerFailsFastNamingTheServerAndTheCause() throws Exception {
    int closed;
    try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
      closed = probe.getLocalPort();
    }
    String url = "https://127.0.0.1:" + closed;
    String text = kubeconfig("    token: t").replace(client.getConfiguration().getMasterUrl(), url);
    try (KubernetesClient down =
        KubernetesClients.build(new KubernetesClients.Kubeconfig(text, "test"))) {
      KubernetesClusterReader reader = new KubernetesClusterReader(down, Fixtures.options());
      long start = System.nanoTime();
      assertThatThrownBy(reader::read)
          .isInstanceOf(KubernetesUnavailable.class)
          .hasMessageContaining("127.0.0.1:" + closed)
          .hasMessageContaining("connection refused");
      java.time.Duration took = java.time.Duration.ofNanos(System.nanoTime() - start);
      assertThat(took)
          .as("no retry loop inside the client: the caller's retry and the timer do that")
          .isLessThan(java.time.Duration.ofSeconds(5));
    }
  }

  @Test
  void timeoutsMustBePositive() {
    assertThatThrownBy(
            () ->
                new KubernetesClients.Timeouts(
                    java.time.Duration.ZERO, java.time.Duration.ofSeconds(1)))
        .hasMessageContaining("connect timeout must be positive");
  }
}
