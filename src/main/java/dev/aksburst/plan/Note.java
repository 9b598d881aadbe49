package dev.aksburst.plan;

import dev.aksburst.model.WorkloadRef;
import java.util.Objects;
import java.util.Optional;

/**
 * Something a plan reports without writing: a blocked burst, a guard that held, an invalid
 * annotation. Recorded as an Event with {@code reason} (Warning when {@code warning}, else Normal)
 * and logged.
 *
 * @param warning something the user should act on (a cap, an invalid annotation, an error), as
 *     opposed to a hold that resolves by itself (cooldown, hold period)
 */
public record Note(
    Optional<WorkloadRef> workload, String reason, String message, String policy, boolean warning) {
  public Note {
    Objects.requireNonNull(workload);
    Objects.requireNonNull(reason);
    Objects.requireNonNull(message);
    Objects.requireNonNull(policy);
  }

  /** A warning about the workload. */
  public static Note of(WorkloadRef workload, String reason, String message, String policy) {
    return new Note(Optional.of(workload), reason, message, policy, true);
  }

  /** A hold that resolves by itself (Normal Event). */
  public static Note info(WorkloadRef workload, String reason, String message, String policy) {
    return new Note(Optional.of(workload), reason, message, policy, false);
  }
}
