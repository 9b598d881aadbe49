package dev.aksburst.app;

import dev.aksburst.reconcile.ClusterPorts;
import java.time.Clock;
import java.util.List;

/**
 * The seam between the composition root and the adapters: builds the ports of every configured
 * cluster. Two exist: {@link AzureClusterPortsFactory}, backed by the real Kubernetes and ARM
 * adapters ({@link #simulated()} false), and {@link SimClusterPortsFactory}, the embedded simulator
 * (true, chosen by {@code AKSBURST_SIMULATE=true}). Tests pass their own to reach local fakes.
 */
public interface ClusterPortsFactory {
  /** True for the embedded simulator. */
  boolean simulated();

  /** One {@link ClusterPorts} per id of {@link Settings#clusterIds()}, in that order. */
  List<ClusterPorts> create(Settings settings, Clock clock);
}
