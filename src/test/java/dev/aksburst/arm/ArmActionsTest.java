package dev.aksburst.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArmActionsTest {
  private static final String CLUSTER =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c";

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET, "
        + CLUSTER
        + "/agentPools?api-version=2025-09-01, Microsoft.ContainerService/managedClusters/agentPools/read",
    "GET, " + CLUSTER + "/agentPools/p, Microsoft.ContainerService/managedClusters/agentPools/read",
    "PUT, "
        + CLUSTER
        + "/agentPools/p?api-version=1, Microsoft.ContainerService/managedClusters/agentPools/write",
    "DELETE, "
        + CLUSTER
        + "/agentPools/p, Microsoft.ContainerService/managedClusters/agentPools/delete",
    "GET, " + CLUSTER + ", Microsoft.ContainerService/managedClusters/read",
    "POST, "
        + CLUSTER
        + "/listClusterUserCredential?api-version=1, Microsoft.ContainerService/managedClusters/listClusterUserCredential/action",
    "GET, /subscriptions/s/providers/Microsoft.ContainerService/locations/westeurope/operations/op1?api-version=2016-03-30, Microsoft.ContainerService/locations/operations/read",
    "PATCH, /subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/v, Microsoft.Compute/virtualMachineScaleSets/write",
  })
  void mapsMethodAndPathToTheAction(String method, String url, String action) {
    assertThat(ArmActions.of(method, url)).isEqualTo(action);
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "GET, /subscriptions/s/resourceGroups/rg",
    "POST, " + CLUSTER + "/agentPools/p",
    "OPTIONS, " + CLUSTER,
  })
  void refusesWhatItCanNotMap(String method, String url) {
    assertThatThrownBy(() -> ArmActions.of(method, url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(url);
  }
}
