package dev.aksburst.sim;

import dev.aksburst.model.Placement;
import dev.aksburst.model.Resources;
import dev.aksburst.model.WorkloadPolicy;
import dev.aksburst.model.WorkloadRef;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Deployment of the scenario, with its labels and annotations as they would be on the cluster.
 *
 * @param requests one pod's requests
 * @param placement the pod template's tolerations and node affinity
 * @param policy the policy its {@code aksburst.dev/*} annotations state
 */
public record SimWorkloadSpec(
    WorkloadRef ref,
    Map<String, String> labels,
    Map<String, String> annotations,
    int replicas,
    Resources requests,
    Placement placement,
    WorkloadPolicy policy,
    Optional<SimHpaSpec> hpa) {
  public SimWorkloadSpec {
    Objects.requireNonNull(ref, "ref");
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
    Objects.requireNonNull(requests, "requests");
    Objects.requireNonNull(placement, "placement");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(hpa, "hpa");
    if (replicas < 0) {
      throw new IllegalArgumentException(ref + ": replicas must be >= 0");
    }
  }
}
