package dev.aksburst.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The last ARM operation on a simulated agent pool. AKS gives up on nodes that do not become Ready
 * and ends the operation {@code Failed}; the pool keeps its count and reports the error until the
 * next write.
 *
 * @param error why it failed, once it did
 */
record SimPoolOperation(Instant startedAt, Optional<String> error) {
  /** How long AKS waits for new nodes to become Ready before it fails the operation. */
  static final Duration TIMEOUT = Duration.ofMinutes(20);

  SimPoolOperation {
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(error, "error");
  }

  static SimPoolOperation started(Instant at) {
    return new SimPoolOperation(at, Optional.empty());
  }

  boolean timedOut(Instant now) {
    return error.isEmpty() && !now.isBefore(startedAt.plus(TIMEOUT));
  }

  SimPoolOperation failed(Instant now) {
    return new SimPoolOperation(
        startedAt,
        Optional.of(
            "VMExtensionProvisioningTimeout: nodes of the scale operation started at "
                + startedAt
                + " did not become Ready within "
                + TIMEOUT.toMinutes()
                + " minutes; the operation failed at "
                + now));
  }
}
