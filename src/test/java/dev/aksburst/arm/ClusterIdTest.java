package dev.aksburst.arm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterIdTest {
  @Test
  void parsesAnIdWithProviderSegmentsInAnyCase() {
    ClusterId id =
        ClusterId.parse(
            " /subscriptions/sub-1/resourcegroups/rg1/providers/microsoft.containerservice/MANAGEDCLUSTERS/aks1/ ");
    assertThat(id).isEqualTo(new ClusterId("sub-1", "rg1", "aks1"));
    assertThat(id.resourceId())
        .isEqualTo(
            "/subscriptions/sub-1/resourceGroups/rg1/providers/Microsoft.ContainerService/managedClusters/aks1");
  }

  @Test
  void badIdNamesTheSettingAndTheExpectedShape() {
    assertThatThrownBy(
            () ->
                ClusterId.parse(
                    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("AKSBURST_CLUSTER_ID")
        .hasMessageContaining("Microsoft.ContainerService/managedClusters/{name}");
    assertThatThrownBy(() -> ClusterId.parse("aks1")).hasMessageContaining("AKSBURST_CLUSTER_ID");
    assertThatThrownBy(() -> ClusterId.parse(" ")).hasMessageContaining("is empty");
  }

  @Test
  void vmssIdIsParsedAndCheckedToo() {
    VmssPool pool =
        VmssPool.parse(
            "workers",
            "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/w",
            30,
            "AKSBURST_VMSS_POOLS");
    assertThat(pool.scaleSetName()).isEqualTo("w");
    assertThatThrownBy(() -> VmssPool.parse("workers", "/nope", 30, "AKSBURST_VMSS_POOLS"))
        .hasMessageContaining("AKSBURST_VMSS_POOLS");
  }
}
