package dev.aksburst.sim;

import dev.aksburst.model.Placement;
import dev.aksburst.model.PodRequests;
import dev.aksburst.model.Resources;
import dev.aksburst.model.WorkloadRef;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Deployment of the scenario, with its labels and annotations as they would be on the cluster.
 *
 * @param requests one pod's requests
 * @param placement the pod template's tolerations and node affinity
 * @param annotations the Deployment's annotations; its policy is parsed from the {@code
 *     aksburst.dev/*} ones on every read, as the Kubernetes adapter does
 */
public record SimWorkloadSpec(
    WorkloadRef ref,
    Map<String, String> labels,
    Map<String, String> annotations,
    int replicas,
    Resources requests,
    Placement placement,
    Optional<SimHpaSpec> hpa) {
  public SimWorkloadSpec {
    Objects.requireNonNull(ref, "ref");
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(placement, "placement");
    Objects.requireNonNull(hpa, "hpa");
    if (replicas < 0) {
      throw new IllegalArgumentException(ref + ": replicas must be >= 0");
    }
  }

  /**
   * A Deployment whose pod template lists its containers: one pod's requests follow from them as
   * the scheduler computes them ({@link PodRequests}), sidecars and init containers included.
   */
  public SimWorkloadSpec(
      WorkloadRef ref,
      Map<String, String> labels,
      Map<String, String> annotations,
      int replicas,
      List<PodRequests.Container> containers,
      Resources overhead,
      Placement placement,
      Optional<SimHpaSpec> hpa) {
    this(ref, labels, annotations, replicas, PodRequests.of(containers, overhead), placement, hpa);
  }
}
