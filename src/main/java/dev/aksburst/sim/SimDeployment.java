package dev.aksburst.sim;

import dev.aksburst.contract.Annotations;
import dev.aksburst.model.BurstState;
import dev.aksburst.model.WorkloadRef;
import java.util.OptionalInt;

/** A simulated Deployment's live state. */
record SimDeployment(
    SimWorkloadSpec spec,
    int replicas,
    OptionalInt hpaMin,
    BurstState state,
    long stateVersion,
    long resourceVersion,
    String podPrefix) {
  static final String NAME_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  /** A Deployment as created from its spec: no state annotation, the first ReplicaSet. */
  static SimDeployment created(SimWorkloadSpec spec) {
    return new SimDeployment(
        spec, spec.replicas(), OptionalInt.empty(), BurstState.EMPTY, 0, 1, podPrefix(spec.ref()));
  }

  SimDeployment withReplicas(int r) {
    return new SimDeployment(spec, r, hpaMin, state, stateVersion, resourceVersion + 1, podPrefix);
  }

  SimDeployment withHpaMin(int m) {
    return new SimDeployment(
        spec, replicas, OptionalInt.of(m), state, stateVersion, resourceVersion + 1, podPrefix);
  }

  SimDeployment withSpec(SimWorkloadSpec s) {
    return new SimDeployment(
        s, replicas, hpaMin, state, stateVersion, resourceVersion + 1, podPrefix);
  }

  SimDeployment withState(BurstState s) {
    return new SimDeployment(
        spec, replicas, hpaMin, s, stateVersion + 1, resourceVersion + 1, podPrefix);
  }

  /** A new pod template: a new ReplicaSet whose pods carry {@code prefix}. */
  SimDeployment withPodPrefix(String prefix) {
    return new SimDeployment(
        spec, replicas, hpaMin, state, stateVersion, resourceVersion + 1, prefix);
  }

  boolean optedIn() {
    return Annotations.ENABLED_VALUE.equals(spec.labels().get(Annotations.ENABLED));
  }

  static String podPrefix(WorkloadRef ref) {
    return podPrefix(ref, 0);
  }

  /** The pod name prefix of a ReplicaSet of the Deployment: its name and a template hash. */
  static String podPrefix(WorkloadRef ref, long template) {
    StringBuilder hash = new StringBuilder();
    int h = Math.abs((ref.toString() + (template == 0 ? "" : "#" + template)).hashCode());
    for (int i = 0; i < 10; i++) {
      hash.append(NAME_ALPHABET.charAt(h % NAME_ALPHABET.length()));
      h = h / NAME_ALPHABET.length() + 7 * i;
    }
    return ref.name() + "-" + hash;
  }
}
