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
}
