package dev.aksburst.sim;

import java.util.Objects;

/** A HorizontalPodAutoscaler on a simulated Deployment. */
public record SimHpaSpec(String name, int minReplicas, int maxReplicas) {
  public SimHpaSpec {
    Objects.requireNonNull(name, "hpa name");
    if (minReplicas < 1 || maxReplicas < minReplicas) {
      throw new IllegalArgumentException(
          "HPA "
              + name
              + ": need 1 <= minReplicas <= maxReplicas, got "
              + minReplicas
              + ".."
              + maxReplicas);
    }
  }
}
