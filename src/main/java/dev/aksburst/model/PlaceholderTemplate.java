package dev.aksburst.model;

import java.util.Objects;

/**
 * The pod template of a placeholder Deployment: one workload pod's requests (overhead included),
 * the workload's placement without its virtual-node tolerations, a pause image and a priority class
 * below every workload's, so that real pods preempt them and they never land on ACI.
 *
 * @param name the Deployment's name ({@link PlaceholderSet#nameFor})
 */
public record PlaceholderTemplate(
    String name, Resources requests, Placement placement, String priorityClass, String image) {
  /** The image placeholder pods run: does nothing, exits on SIGTERM. */
  public static final String PAUSE_IMAGE = "registry.k8s.io/pause:3.10";

  public PlaceholderTemplate {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(placement, "placement");
    Objects.requireNonNull(image, "image");
    if (priorityClass == null || priorityClass.isBlank()) {
      throw new IllegalArgumentException(name + ": a placeholder needs a priority class");
    }
  }
}
