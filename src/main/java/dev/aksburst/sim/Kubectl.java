package dev.aksburst.sim;

import dev.aksburst.model.WorkloadRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a human (or another controller) does to the simulated cluster behind aks-burst's back, in
 * the terms of {@code kubectl}: the interference scenario tests play with this class instead of
 * reaching into the simulator's state. Every operation takes effect at the simulator's current
 * virtual time; controllers (ReplicaSets, scheduler) react on the next tick.
 */
public final class Kubectl {
  private final SimCluster sim;

  public Kubectl(SimCluster sim) {
    this.sim = Objects.requireNonNull(sim, "sim");
  }

  /** {@code kubectl scale deploy/<name> --replicas=n}. */
  public void scale(WorkloadRef ref, int replicas) {
    sim.scale(ref, replicas);
  }

  /**
   * {@code kubectl annotate deploy/<name> key=value --overwrite}; the workload's policy is parsed
   * from its annotations on every read, so the next reconcile sees the new value.
   */
  public void annotate(WorkloadRef ref, String key, String value) {
    Map<String, String> next = new LinkedHashMap<>(sim.annotations(ref));
    next.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    sim.replaceAnnotations(ref, next);
  }

  /** {@code kubectl annotate deploy/<name> key-}. */
  public void removeAnnotation(WorkloadRef ref, String key) {
    Map<String, String> next = new LinkedHashMap<>(sim.annotations(ref));
    next.remove(key);
    sim.replaceAnnotations(ref, next);
  }

  /** {@code kubectl get deploy/<name> -o jsonpath='{.metadata.annotations}'}. */
  public Map<String, String> annotations(WorkloadRef ref) {
    return Map.copyOf(sim.annotations(ref));
  }

  /**
   * {@code kubectl rollout restart deploy/<name>}: a new pod template, so a new ReplicaSet rolls in
   * with the RollingUpdate defaults (maxSurge 25%, maxUnavailable 25%); the workload reads as
   * {@code rolloutInProgress} until every pod is of the new template.
   */
  public void rolloutRestart(WorkloadRef ref) {
    sim.restartRollout(ref);
  }

  /**
   * {@code kubectl delete deploy/<name>}: the Deployment goes with its annotations (aks-burst's
   * state with it) and its pods terminate; pool baselines, kept apart from it, stay.
   */
  public void delete(WorkloadRef ref) {
    sim.deleteDeployment(ref);
  }

  /** {@code kubectl apply -f} of a Deployment that does not exist: created from the manifest. */
  public void create(SimWorkloadSpec manifest) {
    sim.createDeployment(Objects.requireNonNull(manifest, "manifest"));
  }

  /** The node's kubelet stops reporting: the node turns NotReady (and tainted not-ready). */
  public void nodeNotReady(String node) {
    sim.setNodeReady(node, false);
  }

  /** The node's kubelet reports again: Ready from now. */
  public void nodeReady(String node) {
    sim.setNodeReady(node, true);
  }

  /**
   * {@code kubectl patch hpa/<name>} of the Deployment's HPA to {@code min..max}, as its owner
   * would (aks-burst's raised {@code minReplicas}, if any, stays until aks-burst writes again).
   */
  public void patchHpa(WorkloadRef ref, int minReplicas, int maxReplicas) {
    String name =
        sim.scenario().workloads().stream()
            .filter(w -> w.ref().equals(ref))
            .flatMap(w -> w.hpa().stream())
            .map(SimHpaSpec::name)
            .findFirst()
            .orElse(ref.name());
    sim.replaceHpa(ref, java.util.Optional.of(new SimHpaSpec(name, minReplicas, maxReplicas)));
  }

  /** {@code kubectl delete hpa/<name>}: the Deployment's spec.replicas is its own again. */
  public void deleteHpa(WorkloadRef ref) {
    sim.replaceHpa(ref, java.util.Optional.empty());
  }

  /** The load the HPA's metric reports, in replicas: an HPA-managed workload follows it. */
  public void hpaLoad(WorkloadRef ref, int replicas) {
    sim.setLoad(ref, replicas);
  }
}
