package dev.aksburst.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  static final String ID =
      "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks";

  @Test
  void defaultsWithOnlyTheClusterAndEmptyValuesCountAsUnset() {
    Settings s =
        Settings.parse(
            Map.of(Settings.CLUSTER_ID, ID, Settings.NAMESPACES, "", Settings.ARM_ENDPOINT, ""));
    assertThat(s.clusterIds()).containsExactly(ID);
    assertThat(s.azureCloud()).isEqualTo(Settings.AzureCloud.AZURE_CLOUD);
    assertThat(s.kubeAuth()).isEqualTo(Settings.KubeAuth.ENTRA);
    assertThat(s.maxPoolNodes()).isEqualTo(10);
    assertThat(s.dryRun()).isFalse();
    assertThat(s.reconcileSchedule()).isEqualTo("0 */1 * * * *");
    assertThat(s.port()).isEqualTo(7071);
    assertThat(s.stateNamespace()).isEqualTo("aks-burst");
    assertThat(s.virtualNodeLabelKey()).isEqualTo("type");
    assertThat(s.virtualNodeLabelValue()).isEqualTo("virtual-kubelet");
    assertThat(s.virtualNodeTaintKey()).isEqualTo("virtual-kubelet.io/provider");
    assertThat(s.plannerConfig().maxPoolNodes()).isEqualTo(10);
  }

  @Test
  void everySettingParsed() {
    Settings s =
        Settings.parse(
            Map.ofEntries(
                Map.entry(Settings.CLUSTER_ID, ID + "," + ID.replace("/aks", "/aks2")),
                Map.entry(Settings.AZURE_CLOUD, "AzureUSGovernment"),
                Map.entry(Settings.ARM_ENDPOINT, "https://127.0.0.1:8443/"),
                Map.entry(Settings.AZURE_CLIENT_ID, "11111111-2222-3333-4444-555555555555"),
                Map.entry(Settings.KUBE_AUTH, "local"),
                Map.entry(Settings.NAMESPACES, "shop, web"),
                Map.entry(Settings.MAX_POOL_NODES, "25"),
                Map.entry(Settings.DRY_RUN, "TRUE"),
                Map.entry(Settings.WINDOWS_SCHEDULE, "00:05:00"),
                Map.entry(Settings.VIRTUAL_NODE_LABEL, "kubernetes.azure.com/role=virtual"),
                Map.entry(Settings.SIM_SPEED, "60")));
    assertThat(s.clusterIds()).hasSize(2);
    assertThat(s.kubeAuth()).isEqualTo(Settings.KubeAuth.LOCAL);
    assertThat(s.namespaces()).containsExactly("shop", "web");
    assertThat(s.dryRun()).isTrue();
    assertThat(s.virtualNodeLabelKey()).isEqualTo("kubernetes.azure.com/role");
    assertThat(s.simSpeed()).isEqualTo(60.0);
  }

  @Test
  void everyProblemIsListedInOneMessage() {
    InvalidSettings e =
        catchThrowableOfType(
            InvalidSettings.class,
            () ->
                Settings.parse(
                    Map.of(
                        Settings.AZURE_CLOUD, "Moon",
                        Settings.MAX_POOL_NODES, "lots",
                        Settings.DRY_RUN, "maybe",
                        Settings.RECONCILE_SCHEDULE, "every minute",
                        Settings.KUBECONFIG, "/nonexistent/kubeconfig",
                        Settings.AZURE_CLIENT_ID, "me",
                        Settings.VMSS_POOLS, "oops",
                        Settings.PORT, "70000")));
    assertThat(e.problems()).hasSize(9);
    assertThat(e.getMessage())
        .contains(
            "AKSBURST_CLUSTER_ID is missing",
            "AKSBURST_AZURE_CLOUD",
            "AKSBURST_MAX_POOL_NODES",
            "AKSBURST_DRY_RUN",
            "AKSBURST_RECONCILE_SCHEDULE",
            "AKSBURST_KUBECONFIG",
            "AZURE_CLIENT_ID",
            "AKSBURST_VMSS_POOLS",
            "AKSBURST_PORT");
  }

  @Test
  void simulatorNeedsNoCluster() {
    Settings s = Settings.parse(Map.of(Settings.SIMULATE, "true"));
    assertThat(s.simulate()).isTrue();
    assertThat(s.clusterIds()).containsExactly("sim");
  }

  @Test
  void aClusterIdThatIsNotAnArmIdIsRefused() {
    InvalidSettings e =
        catchThrowableOfType(
            InvalidSettings.class, () -> Settings.parse(Map.of(Settings.CLUSTER_ID, "my-aks")));
    assertThat(e.getMessage()).contains("\"my-aks\" is not a managed cluster ARM id");
  }

  static final String VMSS =
      "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/";

  @Test
  void vmssPoolsCarryTheirScaleSetAndMaxPods() {
    Settings s =
        Settings.parse(
            Map.of(
                Settings.CLUSTER_ID,
                ID,
                Settings.VMSS_POOLS,
                "burst=" + VMSS + "vmss1;maxPods=30, spare=" + VMSS + "vmss2"));
    assertThat(s.vmssPools().get("burst"))
        .isEqualTo(new dev.aksburst.arm.VmssPool("burst", "s1", "rg", "vmss1", 30));
    assertThat(s.vmssPools().get("spare").maxPods()).isEqualTo(Settings.DEFAULT_VMSS_MAX_PODS);
  }

  @Test
  void aWrongVmssOptionIsNamed() {
    InvalidSettings e =
        catchThrowableOfType(
            InvalidSettings.class,
            () ->
                Settings.parse(
                    Map.of(
                        Settings.CLUSTER_ID,
                        ID,
                        Settings.VMSS_POOLS,
                        "burst=" + VMSS + "vmss1;maxPods=0")));
    assertThat(e.problems()).singleElement().asString().contains("AKSBURST_VMSS_POOLS", "maxPods");
  }

  @Test
  void armEndpointMustBeHttpsAndTheVirtualNodeLabelNeedsAValue() {
    InvalidSettings e =
        catchThrowableOfType(
            InvalidSettings.class,
            () ->
                Settings.parse(
                    Map.of(
                        Settings.CLUSTER_ID, ID,
                        Settings.ARM_ENDPOINT, "http://127.0.0.1:8080/",
                        Settings.VIRTUAL_NODE_LABEL, "type")));
    assertThat(e.problems()).hasSize(2);
    assertThat(e.getMessage()).contains("AKSBURST_ARM_ENDPOINT", "AKSBURST_VIRTUAL_NODE_LABEL");
  }
}
