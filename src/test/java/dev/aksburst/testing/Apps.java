package dev.aksburst.testing;

import dev.aksburst.app.AksBurst;
import dev.aksburst.app.Settings;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.Plan;
import dev.aksburst.plan.Planner;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds an {@link AksBurst} over {@link InMemoryCluster}s with a fixed clock. */
public final class Apps {
  private Apps() {}

  public static AksBurst app(Instant now, InMemoryCluster... clusters) {
    String ids = String.join(",", Arrays.stream(clusters).map(c -> c.clusterId).toList());
    Settings settings = Settings.parse(Map.of(Settings.CLUSTER_ID, ids));
    return AksBurst.create(
        settings,
        Arrays.stream(clusters).map(InMemoryCluster::ports).toList(),
        FLOOR_PLANNER,
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

  /**
   * A minimal planner for trigger tests: raise each workload to its highest active floor. The real
   * planner is tested on its own; here only "a reconcile ran on what the trigger recorded" matters.
   */
  public static final Planner FLOOR_PLANNER =
      (ClusterSnapshot snapshot,
          List<Intent> intents,
          dev.aksburst.plan.PlannerConfig config,
          Instant now) -> {
        List<Action> actions = new ArrayList<>();
        for (WorkloadView w : snapshot.workloads()) {
          int floor =
              intents.stream()
                  .filter(i -> i.target().equals(w.ref()) && i.activeAt(now))
                  .mapToInt(Intent::replicas)
                  .max()
                  .orElse(0);
          if (floor > w.specReplicas()) {
            actions.add(
                new Action.ScaleDeployment(
                    w.ref(),
                    floor,
                    w.specReplicas(),
                    Optional.empty(),
                    "FloorPlanner",
                    "floor " + floor));
          }
        }
        return new Plan(actions, List.of());
      };
}
