package dev.aksburst.reconcile;

import java.util.Optional;

/**
 * Serializes reconciles of one cluster across concurrent invocations and instances (a {@code
 * coordination.k8s.io} Lease with a short TTL, stolen when expired).
 */
public interface ReconcileLock {
  /** Empty when another holder has it. Closing the handle releases it. */
  Optional<Held> tryAcquire(String holder);

  /** A held lock. */
  interface Held extends AutoCloseable {
    @Override
    void close();
  }
}
