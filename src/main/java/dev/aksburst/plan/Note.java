package dev.aksburst.plan;

import dev.aksburst.model.WorkloadRef;
import java.util.Objects;
import java.util.Optional;

/**
 * Something a plan reports without writing: a blocked burst, a guard that held, an invalid
 * annotation. Recorded as a Warning Event with {@code reason} and logged.
 */
public record Note(Optional<WorkloadRef> workload, String reason, String message, String policy) {
  public Note {
    Objects.requireNonNull(workload);
    Objects.requireNonNull(reason);
    Objects.requireNonNull(message);
    Objects.requireNonNull(policy);
  }

  public static Note of(WorkloadRef workload, String reason, String message, String policy) {
    return new Note(Optional.of(workload), reason, message, policy);
  }
}
