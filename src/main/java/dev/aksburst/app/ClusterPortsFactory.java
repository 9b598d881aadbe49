package dev.aksburst.app;

import dev.aksburst.reconcile.ClusterPorts;
import java.time.Clock;
import java.util.List;

/**
 * The seam between the composition root and the adapters: builds the ports of every configured
 * cluster. Implementations are found with {@link java.util.ServiceLoader} (a {@code
 * META-INF/services/dev.aksburst.app.ClusterPortsFactory} entry): one backed by the real Kubernetes
 * and ARM adapters ({@link #simulated()} false) and one by the embedded simulator (true, chosen by
 * {@code AKSBURST_SIMULATE=true}).
 */
public interface ClusterPortsFactory {
  /** True for the embedded simulator. */
  boolean simulated();

  /** One {@link ClusterPorts} per id of {@link Settings#clusterIds()}, in that order. */
  List<ClusterPorts> create(Settings settings, Clock clock);
}
