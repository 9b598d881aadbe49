package dev.aksburst.testing;

import dev.aksburst.model.BurstState;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.reconcile.IntentStore;
import java.util.function.UnaryOperator;

/** {@link IntentStore} over the state annotation of the {@link InMemoryCluster}'s workloads. */
public final class InMemoryIntentStore implements IntentStore {
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
    cluster.workloads.put(workload, w.withState(next));
    cluster.writes.add("state " + workload);
    return next;
  }

  private WorkloadView existing(WorkloadRef workload) {
    WorkloadView w = cluster.workloads.get(workload);
    if (w == null) {
      throw new NotOptedIn(workload, cluster.notOptedIn.contains(workload));
    }
    return w;
  }
}
