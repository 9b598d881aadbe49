package dev.aksburst.sim;

import dev.aksburst.reconcile.ReconcileLock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** One holder at a time, like the Lease of a real cluster (without expiry: one process). */
final class SimReconcileLock implements ReconcileLock {
  private final AtomicReference<String> holder = new AtomicReference<>();

  @Override
  public Optional<Held> tryAcquire(String who) {
    if (!holder.compareAndSet(null, who)) {
      return Optional.empty();
    }
    return Optional.of(() -> holder.compareAndSet(who, null));
  }
}
