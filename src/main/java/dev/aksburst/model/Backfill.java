package dev.aksburst.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A backfill in progress: the workload was surged from {@code baseReplicas} to {@code baseReplicas
 * + surge} when {@code vmReadyBefore} of its pods were Ready on VM nodes.
 */
public record Backfill(int surge, int baseReplicas, int vmReadyBefore, Instant startedAt) {
  public Backfill {
    if (surge <= 0 || baseReplicas < 0 || vmReadyBefore < 0) {
      throw new IllegalArgumentException(
          "backfill needs surge > 0 and non-negative counts: " + surge + "/" + baseReplicas);
    }
    Objects.requireNonNull(startedAt, "startedAt");
  }
}
