package dev.aksburst.model;

import java.time.Instant;
import java.util.Objects;

/** One applied action as kept for status ({@code lastPlan}): action, target, policy, reason. */
public record PlanEntry(String action, String target, String policy, String reason, Instant at) {
  public PlanEntry {
    Objects.requireNonNull(action);
    Objects.requireNonNull(target);
    Objects.requireNonNull(policy);
    Objects.requireNonNull(reason);
    Objects.requireNonNull(at);
  }
}
