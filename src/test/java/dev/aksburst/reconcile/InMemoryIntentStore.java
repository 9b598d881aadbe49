package dev.aksburst.reconcile;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.BurstState;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import java.util.function.UnaryOperator;

/** {@link IntentStore} over the state annotation of the {@link InMemoryCluster}'s workloads. */
final class InMemoryIntentStore implements IntentStore {
  private final InMemoryCluster cluster;

  InMemoryIntentStore(InMemoryCluster cluster) {
    this.cluster = cluster;
  }

  @Override
  public BurstState read(WorkloadRef workload) {
    return existing(workload).state();
  }

  @Override
  public BurstState update(WorkloadRef workload, UnaryOperator<BurstState> change) {
    WorkloadView w = existing(workload);
    BurstState next = change.apply(w.state());
    cluster.workloads.put(workload, Fixtures.WorkloadBuilder.from(w).state(next).build());
    return next;
  }

  private WorkloadView existing(WorkloadRef workload) {
    WorkloadView w = cluster.workloads.get(workload);
    if (w == null) {
      throw new NotOptedIn(workload, false);
    }
    return w;
  }
}
