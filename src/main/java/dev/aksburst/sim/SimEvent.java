package dev.aksburst.sim;

import dev.aksburst.model.WorkloadRef;
import java.time.Instant;
import java.util.Objects;

/** A Kubernetes Event on a simulated Deployment. */
public record SimEvent(
    Instant at, WorkloadRef workload, boolean warning, String reason, String message) {
  public SimEvent {
    Objects.requireNonNull(at);
    Objects.requireNonNull(workload);
    Objects.requireNonNull(reason);
    message = message == null ? "" : message;
  }

  public String type() {
    return warning ? "Warning" : "Normal";
  }
}
