package dev.aksburst.sim;

import dev.aksburst.model.BurstState;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.IntentStore;
import java.util.function.UnaryOperator;

/**
 * The simulated Deployments' {@code aksburst.dev/state}: stored as objects, updated by
 * compare-and-swap on a version counter (the simulator's resourceVersion).
 */
final class SimIntentStore implements IntentStore {
  static final int MAX_ATTEMPTS = 5;
  private final SimCluster sim;

  SimIntentStore(SimCluster sim) {
    this.sim = sim;
  }

  @Override
  public BurstState read(WorkloadRef workload) {
    return sim.readState(workload).state();
  }

  @Override
  public BurstState update(WorkloadRef workload, UnaryOperator<BurstState> change) {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      SimCluster.VersionedState current = sim.readState(workload);
      BurstState next = change.apply(current.state());
      if (sim.compareAndSetState(workload, current.version(), next)) {
        return next;
      }
    }
    throw new IllegalStateException(
        "the state of "
            + workload
            + " changed under "
            + MAX_ATTEMPTS
            + " consecutive updates; another writer is busy, retry the request");
  }
}
