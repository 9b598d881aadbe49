package dev.aksburst.app;

import java.util.Objects;

/** A request refused with a {@link Problem} (404, 403, 422...). */
public final class ProblemException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Problem problem;

  public ProblemException(Problem problem) {
    super(Objects.requireNonNull(problem).detail());
    this.problem = problem;
  }

  public Problem problem() {
    return problem;
  }
}
