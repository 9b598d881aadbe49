package dev.aksburst.testing;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.reconcile.ClusterReader;
import java.util.Optional;

/** {@link ClusterReader} over an {@link InMemoryCluster}; can be told to fail. */
public final class InMemoryClusterReader implements ClusterReader {
  private final InMemoryCluster cluster;
  private Optional<RuntimeException> failure = Optional.empty();
  private int reads;

  InMemoryClusterReader(InMemoryCluster cluster) {
    this.cluster = cluster;
  }

  public void failWith(RuntimeException e) {
    failure = Optional.of(e);
  }

  /** Every read, including the failed ones. */
  public int reads() {
    return reads;
  }

  @Override
  public ClusterSnapshot read() {
    reads++;
    if (failure.isPresent()) {
      throw failure.get();
    }
    return cluster.observe();
  }
}
