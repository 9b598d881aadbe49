package dev.aksburst.model;

/** Kubernetes pod phase. */
public enum PodPhase {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  UNKNOWN;

  public static PodPhase parse(String phase) {
    if (phase == null) {
      return UNKNOWN;
    }
    return switch (phase) {
      case "Pending" -> PENDING;
      case "Running" -> RUNNING;
      case "Succeeded" -> SUCCEEDED;
      case "Failed" -> FAILED;
      default -> UNKNOWN;
    };
  }
}
