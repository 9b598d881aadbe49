package dev.aksburst.testing;

import dev.aksburst.app.AksBurst;
import dev.aksburst.app.Settings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Builds an {@link AksBurst} over {@link TestCluster}s with a fixed clock. */
public final class Apps {
  private Apps() {}

  public static AksBurst app(Instant now, TestCluster... clusters) {
    String ids = String.join(",", Arrays.stream(clusters).map(c -> c.clusterId).toList());
    Settings settings = Settings.parse(Map.of(Settings.CLUSTER_ID, ids));
    return AksBurst.create(
        settings,
        Arrays.stream(clusters).map(TestCluster::ports).toList(),
        TestCluster.FLOOR_PLANNER,
        Clock.fixed(now, ZoneOffset.UTC));
  }

  public static final String CLUSTER_A =
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg"
          + "/providers/Microsoft.ContainerService/managedClusters/aks-a";
  public static final String CLUSTER_B =
      "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg"
          + "/providers/Microsoft.ContainerService/managedClusters/aks-b";

  public static List<String> ids() {
    return List.of(CLUSTER_A, CLUSTER_B);
  }
}
