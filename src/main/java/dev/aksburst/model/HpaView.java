package dev.aksburst.model;

import java.util.Objects;

/** The HorizontalPodAutoscaler (possibly made by KEDA) that targets a Deployment. */
public record HpaView(String name, int minReplicas, int maxReplicas, int currentReplicas) {
  public HpaView {
    Objects.requireNonNull(name, "hpa name");
    if (minReplicas < 0 || maxReplicas < minReplicas) {
      throw new IllegalArgumentException(
          "HPA " + name + " has min " + minReplicas + " and max " + maxReplicas);
    }
  }
}
