package dev.aksburst.reconcile;

import java.util.Objects;

/**
 * Every port of one cluster, as the composition root (real adapters or the simulator) builds them.
 */
public record ClusterPorts(
    String clusterId,
    ClusterReader reader,
    WorkloadWriter writer,
    NodePoolScaler pools,
    IntentStore intents,
    PoolStateStore poolStates,
    EventRecorder events,
    ReconcileLock lock) {
  public ClusterPorts {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(pools, "pools");
    Objects.requireNonNull(intents, "intents");
    Objects.requireNonNull(poolStates, "poolStates");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(lock, "lock");
  }
}
