package dev.aksburst.reconcile;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.plan.Economics;
import java.time.Instant;

/**
 * Fills the planner's economics for one reconcile from what was observed (the pools' VM sizes,
 * regions and priorities): the price book. It must not wait on the network: a reconcile can be an
 * alert's.
 */
@FunctionalInterface
public interface EconomicsSource {
  /** The configured economics as they are: the settings' prices only. */
  EconomicsSource CONFIGURED = (snapshot, configured, now) -> configured;

  Economics economics(ClusterSnapshot snapshot, Economics configured, Instant now);
}
