package dev.aksburst.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aksburst.arm.ArmClients;
import dev.aksburst.arm.ClusterId;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.reconcile.ClusterPorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which way each cluster is reached, decided from settings alone (no server is contacted). */
class AzureClusterPortsFactoryTest {
  static final String ID =
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg"
          + "/providers/Microsoft.ContainerService/managedClusters/aks";
  static final String ID2 = ID + "2";

  @TempDir Path dir;

  Path kubeconfig(String currentContext) throws IOException {
    Path file = dir.resolve("config");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        %s
        clusters:
        - name: dev
          cluster:
            server: https://127.0.0.1:6443
        contexts:
        - name: dev-admin
          context:
            cluster: dev
            user: me
        users:
        - name: me
          user:
            token: t
        """
            .formatted(currentContext.isEmpty() ? "" : "current-context: " + currentContext));
    return file;
  }

  static Settings settings(Map<String, String> env) {
    return Settings.parse(env);
  }

  @Test
  void aKubeconfigFileWinsOverArmAndKubeAuth() throws IOException {
    Path file = kubeconfig("dev-admin");
    Settings s =
        settings(
            Map.of(
                Settings.CLUSTER_ID,
                ID,
                Settings.KUBECONFIG,
                file.toString(),
                Settings.KUBE_AUTH,
                "local"));
    assertThat(KubeAccess.choose(s, ID, AzureClusterPortsFactory.armId(s, ID)))
        .isEqualTo(new KubeAccess.File(file));
  }

  @Test
  void withoutAKubeconfigKubeAuthChoosesLocalAccountsOrEntraByDefault() {
    ClusterId id = ClusterId.parse(ID);
    Settings local = settings(Map.of(Settings.CLUSTER_ID, ID, Settings.KUBE_AUTH, "LOCAL"));
    assertThat(KubeAccess.choose(local, ID, Optional.of(id)))
        .isEqualTo(new KubeAccess.LocalAccounts(id));
    Settings entra = settings(Map.of(Settings.CLUSTER_ID, ID));
    assertThat(KubeAccess.choose(entra, ID, Optional.of(id))).isEqualTo(new KubeAccess.Entra(id));
  }

  @Test
  void aPlainNameWithoutAKubeconfigNamesTheSettings() {
    Settings entra = settings(Map.of(Settings.CLUSTER_ID, ID));
    IllegalArgumentException e =
        catchThrowableOfType(
            IllegalArgumentException.class,
            () -> KubeAccess.choose(entra, "dev", Optional.empty()));
    assertThat(e.getMessage()).contains("AKSBURST_CLUSTER_ID", "\"dev\"", "AKSBURST_KUBECONFIG");
  }

  @Test
  void kubeconfigOnlyIsOneClusterNamedByItsContextWithNoPoolsAndNoArm() throws IOException {
    Settings s = settings(Map.of(Settings.KUBECONFIG, kubeconfig("dev-admin").toString()));
    AzureClusterPortsFactory factory =
        new AzureClusterPortsFactory(
            arm -> {
              throw new AssertionError("ARM clients built for a kubeconfig-only run");
            });

    List<ClusterPorts> ports = factory.create(s, Clock.systemUTC());

    assertThat(s.clusterIds()).containsExactly("dev-admin");
    assertThat(ports).singleElement().extracting(ClusterPorts::clusterId).isEqualTo("dev-admin");
    assertThat(ports.get(0).pools().describe()).isEmpty();
  }

  @Test
  void armClientsAreBuiltOnceForEveryClusterAndNothingIsContacted() {
    AtomicInteger built = new AtomicInteger();
    AzureClusterPortsFactory factory =
        new AzureClusterPortsFactory(
            arm -> {
              built.incrementAndGet();
              assertThat(arm.resourceManagerEndpoint()).isEqualTo("https://arm.example");
              return ArmClients.create(arm);
            });
    Settings s =
        settings(
            Map.of(
                Settings.CLUSTER_ID,
                ID + "," + ID2,
                Settings.ARM_ENDPOINT,
                "https://arm.example/"));

    List<ClusterPorts> ports = factory.create(s, Clock.systemUTC());

    assertThat(ports).extracting(ClusterPorts::clusterId).containsExactly(ID, ID2);
    assertThat(built).hasValue(1);
  }

  @Test
  void withoutSimulateTheRealFactoryBuildsTheClusters() throws IOException {
    AksBurst app =
        AksBurst.fromEnvironment(
            Map.of(Settings.KUBECONFIG, kubeconfig("dev-admin").toString()), new BurstPlanner());
    assertThat(app.clusters()).extracting(ClusterRuntime::clusterId).containsExactly("dev-admin");
  }

  @Test
  void wrongSettingsFailAtStartNamingTheSetting() throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put(Settings.CLUSTER_ID, ID + "," + ID2);
    env.put(Settings.ARM_ENDPOINT, "http://arm.example/");
    env.put(Settings.KUBE_AUTH, "kerberos");
    env.put(Settings.KUBECONFIG, kubeconfig("").toString());
    env.put(
        Settings.VMSS_POOLS,
        "burst=/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/v");

    InvalidSettings e =
        catchThrowableOfType(
            InvalidSettings.class, () -> AksBurst.fromEnvironment(env, new BurstPlanner()));

    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).startsWith("AKSBURST_ARM_ENDPOINT").contains("https"))
        .anySatisfy(p -> assertThat(p).startsWith("AKSBURST_KUBE_AUTH=\"kerberos\""))
        .anySatisfy(
            p -> assertThat(p).startsWith("AKSBURST_KUBECONFIG").contains("current-context"))
        .anySatisfy(
            p ->
                assertThat(p)
                    .startsWith("AKSBURST_KUBECONFIG reaches one cluster but")
                    .contains("2"))
        .anySatisfy(p -> assertThat(p).startsWith("AKSBURST_VMSS_POOLS names scale sets of one"));
    assertThat(e.problems()).hasSize(5);
  }
}
