package dev.aksburst.sim;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A simulated agent pool's live state.
 *
 * @param armOperation an ARM write is running (provisioningState Scaling) until its nodes are Ready
 *     or gone
 */
record SimPoolRuntime(
    SimPoolSpec spec,
    OptionalInt minCount,
    boolean armOperation,
    int nextIndex,
    String vmssId,
    Optional<SimPoolOperation> operation) {
  SimPoolRuntime withMinCount(OptionalInt m) {
    return new SimPoolRuntime(spec, m, armOperation, nextIndex, vmssId, operation);
  }

  SimPoolRuntime withArmOperation(boolean on) {
    return new SimPoolRuntime(spec, minCount, on, nextIndex, vmssId, operation);
  }

  SimPoolRuntime withNextIndex(int i) {
    return new SimPoolRuntime(spec, minCount, armOperation, i, vmssId, operation);
  }

  SimPoolRuntime withOperation(Optional<SimPoolOperation> op) {
    return new SimPoolRuntime(spec, minCount, armOperation, nextIndex, vmssId, op);
  }
}
