package dev.aksburst.arm;

import java.util.Objects;

/** What one poll of a long-running operation found. */
sealed interface OperationPoll {
  record InProgress(String state) implements OperationPoll {
    public InProgress {
      Objects.requireNonNull(state, "state");
    }
  }

  record Succeeded() implements OperationPoll {}

  record Failed(ArmError error) implements OperationPoll {
    public Failed {
      Objects.requireNonNull(error, "error");
    }
  }

  /**
   * The poll itself failed (429, 408, 5xx on the operation-status GET): nothing is known about the
   * operation, which is taken as still running; the pool's provisioningState is the truth.
   */
  record Unknown(String why) implements OperationPoll {
    public Unknown {
      Objects.requireNonNull(why, "why");
    }
  }
}
