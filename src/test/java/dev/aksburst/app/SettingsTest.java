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
    assertThat(s.azureCloud()).isEqualTo(dev.aksburst.arm.ArmCloud.AZURE_CLOUD);
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
    // the cluster comes from the kubeconfig when one is set: its missing file is the one problem
    // there, not also a missing AKSBURST_CLUSTER_ID
    assertThat(e.problems()).hasSize(8);
    assertThat(e.getMessage()).doesNotContain("AKSBURST_CLUSTER_ID is missing");
    assertThat(e.getMessage())
        .contains(
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

  @Test
  void withoutAKubeconfigAMissingClusterIsNamed() {
    InvalidSettings e = catchThrowableOfType(InvalidSettings.class, () -> Settings.parse(Map.of()));
    assertThat(e.problems())
        .singleElement()
        .asString()
        .startsWith("AKSBURST_CLUSTER_ID is missing");
  }

  @Test
  void theTimingsAreSettingsAndReachThePlannerAndTheKubernetesClient() {
    Settings s =
        Settings.parse(
            Map.ofEntries(
                Map.entry(Settings.CLUSTER_ID, ID),
                Map.entry(TimingSettings.SCALE_IN_COOLDOWN, "1m"),
                Map.entry(TimingSettings.POOL_HOLD, "PT20M"),
                Map.entry(TimingSettings.BACKFILL_TIMEOUT, "15m"),
                Map.entry(TimingSettings.BACKFILL_BACKOFF, "2m"),
                Map.entry(TimingSettings.INTENT_RETENTION, "2h"),
                Map.entry(TimingSettings.ROLLING_PAUSE_LIMIT, "1h30m"),
                Map.entry(TimingSettings.POOL_BUSY_RETRY, "30s"),
                Map.entry(TimingSettings.POOL_FAILED_RETRY, "10m"),
                Map.entry(TimingSettings.WRITE_BUDGET, "12"),
                Map.entry(TimingSettings.KUBE_CONNECT_TIMEOUT, "2s"),
                Map.entry(TimingSettings.KUBE_REQUEST_TIMEOUT, "4s")));
    dev.aksburst.plan.PlannerConfig c = s.plannerConfig();
    assertThat(c.scaleInCooldown()).isEqualTo(java.time.Duration.ofMinutes(1));
    assertThat(c.poolHold()).isEqualTo(java.time.Duration.ofMinutes(20));
    assertThat(c.backfillTimeout()).isEqualTo(java.time.Duration.ofMinutes(15));
    assertThat(c.backfillBackoff()).isEqualTo(java.time.Duration.ofMinutes(2));
    assertThat(c.intentRetention()).isEqualTo(java.time.Duration.ofHours(2));
    assertThat(c.rollingPauseLimit()).isEqualTo(java.time.Duration.ofMinutes(90));
    assertThat(c.poolWrites().busyHold()).isEqualTo(java.time.Duration.ofSeconds(30));
    assertThat(c.poolWrites().failedHold()).isEqualTo(java.time.Duration.ofMinutes(10));
    assertThat(c.writeBudget()).isEqualTo(12);
    assertThat(s.timings().kubernetesTimeouts().connect())
        .isEqualTo(java.time.Duration.ofSeconds(2));
    assertThat(s.timings().kubernetesTimeouts().request())
        .isEqualTo(java.time.Duration.ofSeconds(4));
  }

  @Test
  void unsetTimingsAreThePlannersDefaults() {
    Settings s = Settings.parse(Map.of(Settings.CLUSTER_ID, ID));
    assertThat(s.plannerConfig().withEconomics(dev.aksburst.plan.Economics.UNPRICED))
        .isEqualTo(dev.aksburst.plan.PlannerConfig.DEFAULTS);
    assertThat(s.timings().kubernetesTimeouts())
        .isEqualTo(dev.aksburst.k8s.KubernetesClients.Timeouts.DEFAULTS);
  }

  @Test
  void everyBadTimingIsNamedWithItsValueAndWhatItMustBe() {
    InvalidSettings e =
        catchThrowableOfType(
            InvalidSettings.class,
            () ->
                Settings.parse(
                    Map.of(
                        Settings.CLUSTER_ID, ID,
                        TimingSettings.SCALE_IN_COOLDOWN, "three minutes",
                        TimingSettings.POOL_HOLD, "-PT5M",
                        TimingSettings.INTENT_RETENTION, "30d",
                        TimingSettings.WRITE_BUDGET, "0",
                        TimingSettings.KUBE_REQUEST_TIMEOUT, "500ms",
                        TimingSettings.POOL_BUSY_RETRY, "10m",
                        TimingSettings.POOL_FAILED_RETRY, "5m")));
    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "AKSBURST_SCALE_IN_COOLDOWN=\"three minutes\" is not a duration"
                + " (e.g. 15m, 90s, 1h30m, 1d or ISO-8601 PT15M)",
            "AKSBURST_POOL_HOLD=-PT5M must be between 0s and 7d",
            "AKSBURST_INTENT_RETENTION=30d must be between 0s and 7d",
            "AKSBURST_WRITE_BUDGET=0 must be between 1 and 10000",
            "AKSBURST_KUBE_REQUEST_TIMEOUT=\"500ms\" is not a duration"
                + " (e.g. 15m, 90s, 1h30m, 1d or ISO-8601 PT15M)",
            "AKSBURST_POOL_FAILED_RETRY=5m must not be shorter than AKSBURST_POOL_BUSY_RETRY=10m"
                + " (a failed write waits at least as long as a busy one)");
  }

  @Test
  void theKubernetesOptionsOfEachClusterShareTheSettings() {
    Settings s =
        Settings.parse(
            Map.of(
                Settings.CLUSTER_ID, ID + "," + ID.replace("/aks", "/aks2"),
                Settings.NAMESPACES, "shop",
                Settings.STATE_NAMESPACE, "ops"));
    java.time.Clock clock = java.time.Clock.systemUTC();
    dev.aksburst.k8s.KubernetesOptions second = s.kubernetesOptions(s.clusterIds().get(1), clock);
    assertThat(second.clusterId()).endsWith("/aks2");
    assertThat(second.namespaces()).containsExactly("shop");
    assertThat(second.stateNamespace()).isEqualTo("ops");
    assertThat(second.virtualNodeLabel()).isEqualTo("type=virtual-kubelet");
  }

  @Test
  void badKubernetesAndArmSettingsAreAllListed() {
    InvalidSettings e =
        catchThrowableOfType(
            InvalidSettings.class,
            () ->
                Settings.parse(
                    Map.of(
                        Settings.CLUSTER_ID, ID,
                        Settings.NAMESPACES, "Shop",
                        Settings.STATE_NAMESPACE, "a_b",
                        Settings.VIRTUAL_NODE_TAINT, "-bad-",
                        Settings.AZURE_CLIENT_ID, "me",
                        Settings.AZURE_CLOUD, "Moon",
                        Settings.ARM_ENDPOINT, "ftp://arm")));
    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "AKSBURST_NAMESPACES: \"Shop\" is not a namespace name",
            "AKSBURST_STATE_NAMESPACE=\"a_b\" is not a namespace name",
            "AKSBURST_VIRTUAL_NODE_TAINT=\"-bad-\" is not a taint key"
                + " (e.g. virtual-kubelet.io/provider)",
            "AZURE_CLIENT_ID=\"me\" is not a client id (a GUID)",
            "AKSBURST_AZURE_CLOUD=\"Moon\" is not a known cloud; use one of AzureCloud,"
                + " AzureChinaCloud, AzureUSGovernment, or set AKSBURST_ARM_ENDPOINT for a private"
                + " cloud",
            "AKSBURST_ARM_ENDPOINT=\"ftp://arm\" must be an absolute https URL (ARM bearer tokens"
                + " are only sent over https)");
  }
}
