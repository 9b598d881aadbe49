package dev.aksburst.plan;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import java.time.Instant;
import java.util.List;

/**
 * Pure: the same snapshot, intents, config and time give the same plan; no I/O, no clock. Planning
 * again on the state a plan produces gives an empty plan.
 */
public interface Planner {
  /**
   * @param intents the demand floors to honour (normally every workload's stored intents; a dry run
   *     may add hypothetical ones); {@code state().intents()} in the snapshot is not read
   */
  Plan plan(ClusterSnapshot snapshot, List<Intent> intents, PlannerConfig config, Instant now);
}
