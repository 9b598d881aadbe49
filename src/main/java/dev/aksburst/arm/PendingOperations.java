package dev.aksburst.arm;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The long-running operations this process started, one per pool, and the error of the last one
 * that failed. A scale returns while its operation runs; the next describe (or scale) polls it
 * once, without waiting, so an operation that fails after the write answered (201 Updating, then
 * QuotaExceeded) still surfaces its Azure code.
 *
 * <p>Limit: this is memory of one process. Another instance of the Function app, or this one after
 * a restart, does not know the operation; it sees only what the pool's GET shows (provisioningState
 * Failed and, for agent pools, {@code status.provisioningError} when AKS fills it in).
 *
 * @param <O> how an operation is polled (an SDK poller, or a polling URL)
 */
final class PendingOperations<O> {
  private static final Logger LOG = Logger.getLogger(PendingOperations.class.getName());

  private final Map<String, O> running = new ConcurrentHashMap<>();
  private final Map<String, ArmError> lastErrors = new ConcurrentHashMap<>();

  void started(String pool, O operation) {
    running.put(pool, operation);
    lastErrors.remove(pool);
  }

  void succeededNow(String pool) {
    running.remove(pool);
    lastErrors.remove(pool);
  }

  void failedNow(String pool, ArmError error) {
    running.remove(pool);
    lastErrors.put(pool, error);
  }

  /**
   * Polls the pool's running operation once, if there is one, and records how it ended.
   *
   * @return the poll, or empty when no operation of this process runs on the pool
   */
  Optional<OperationPoll> pollOnce(String pool, Function<O, OperationPoll> poll) {
    O op = running.get(pool);
    if (op == null) {
      return Optional.empty();
    }
    OperationPoll result;
    try {
      result = poll.apply(op);
    } catch (RuntimeException e) {
      // The pool's own provisioningState stays the source of truth; the next describe tries again.
      LOG.log(
          Level.WARNING,
          "could not poll the running operation on pool " + pool + ": " + e.getMessage(),
          e);
      return Optional.empty();
    }
    if (result instanceof OperationPoll.Unknown u) {
      // The SDK's poller ends at a failed poll; forget it without an error: the pool's GET
      // (provisioningState, status.provisioningError) says how the operation goes from now on.
      LOG.warning("could not poll the operation on pool " + pool + ": " + u.why());
      running.remove(pool);
    } else if (result instanceof OperationPoll.Succeeded) {
      succeededNow(pool);
    } else if (result instanceof OperationPoll.Failed f) {
      LOG.warning("operation on pool " + pool + " failed: " + f.error().summary());
      failedNow(pool, f.error());
    }
    return Optional.of(result);
  }

  void pollAll(Function<O, OperationPoll> poll) {
    for (String pool : running.keySet()) {
      pollOnce(pool, poll);
    }
  }

  Optional<ArmError> lastError(String pool) {
    return Optional.ofNullable(lastErrors.get(pool));
  }
}
