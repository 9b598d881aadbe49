package dev.aksburst.reconcile;

import dev.aksburst.model.ClusterSnapshot;

/**
 * Reads the Kubernetes side of a cluster: opted-in workloads (with their state annotation), their
 * pods and every node. Pools and pool states are left empty: the reconciler adds them from {@link
 * NodePoolScaler} and {@link PoolStateStore}.
 */
public interface ClusterReader {
  ClusterSnapshot read();
}
