package dev.aksburst.testing;

import dev.aksburst.reconcile.ReconcileLock;
import java.util.Optional;

/** {@link ReconcileLock} held by at most one holder at a time, in this JVM. */
public final class InMemoryReconcileLock implements ReconcileLock {
  private Optional<String> holder = Optional.empty();
  private int attempts;

  @Override
  public synchronized Optional<Held> tryAcquire(String who) {
    attempts++;
    if (holder.isPresent()) {
      return Optional.empty();
    }
    holder = Optional.of(who);
    return Optional.of(this::release);
  }

  /** Every try to take the lock (a Lease PATCH on a real cluster). */
  public synchronized int attempts() {
    return attempts;
  }

  public synchronized Optional<String> holder() {
    return holder;
  }

  private synchronized void release() {
    holder = Optional.empty();
  }
}
