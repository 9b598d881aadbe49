package dev.aksburst.testing;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.HpaView;
import dev.aksburst.model.PodView;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.reconcile.WorkloadWriter;
import dev.aksburst.reconcile.WriteFailure;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link WorkloadWriter} over an {@link InMemoryCluster}. {@link #failNext} makes the next write of
 * that kind to that workload throw a {@link WriteFailure}, once.
 */
public final class InMemoryWorkloadWriter implements WorkloadWriter {
  public enum Kind {
    SCALE,
    HPA_MIN,
    DELETION_COST,
    PLACEHOLDERS
  }

  private final InMemoryCluster cluster;
  private final Map<String, WriteFailure> failures = new HashMap<>();
  private final Map<WorkloadRef, Integer> overwrite = new HashMap<>();
  private final Map<WorkloadRef, Integer> overwritesLeft = new HashMap<>();

  InMemoryWorkloadWriter(InMemoryCluster cluster) {
    this.cluster = cluster;
  }

  /**
   * Models Karpenter's cycle landing between a mark and the scale-in: the next {@code times} marks
   * of {@code workload}'s pods are rewritten to {@code cost} (with the sentinel) right after.
   */
  public void overwriteMarks(WorkloadRef workload, int cost, int times) {
    overwrite.put(workload, cost);
    overwritesLeft.put(workload, times);
  }

  public void failNext(Kind kind, WorkloadRef workload, WriteFailure failure) {
    failures.put(kind + " " + workload, failure);
  }

  private WorkloadView existing(Kind kind, WorkloadRef workload) {
    WriteFailure f = failures.remove(kind + " " + workload);
    if (f != null) {
      throw f;
    }
    WorkloadView w = cluster.workloads.get(workload);
    if (w == null) {
      throw new WriteFailure("404", "Deployment " + workload + " not found", false);
    }
    return w;
  }

  @Override
  public void scale(WorkloadRef workload, int replicas) {
    WorkloadView w = existing(Kind.SCALE, workload);
    cluster.workloads.put(workload, copy(w, replicas, w.hpa(), w.pods()));
    cluster.writes.add("scale " + workload + "=" + replicas);
  }

  @Override
  public void setHpaMinReplicas(WorkloadRef workload, String hpaName, int minReplicas) {
    WorkloadView w = existing(Kind.HPA_MIN, workload);
    HpaView h =
        w.hpa()
            .filter(x -> x.name().equals(hpaName))
            .orElseThrow(() -> new WriteFailure("404", "HPA " + hpaName + " not found", false));
    HpaView written =
        new HpaView(
            h.name(), minReplicas, h.maxReplicas(), Math.max(minReplicas, h.currentReplicas()));
    cluster.workloads.put(workload, copy(w, w.specReplicas(), Optional.of(written), w.pods()));
    cluster.writes.add("hpa " + workload + "=" + minReplicas);
  }

  @Override
  public void scaleVirtualNodes(
      String namespace,
      String name,
      int replicas,
      java.util.OptionalInt recordBaseline,
      boolean forgetBaseline) {
    dev.aksburst.model.VirtualNodeSet s =
        cluster
            .virtualNodeSet
            .filter(v -> v.namespace().equals(namespace) && v.name().equals(name))
            .orElseThrow(
                () ->
                    new WriteFailure(
                        "404", "StatefulSet " + namespace + "/" + name + " not found", false));
    java.util.OptionalInt baseline =
        forgetBaseline
            ? java.util.OptionalInt.empty()
            : recordBaseline.isPresent() ? recordBaseline : s.baseline();
    cluster.virtualNodeSet =
        java.util.Optional.of(
            new dev.aksburst.model.VirtualNodeSet(
                namespace, name, replicas, s.readyReplicas(), baseline, s.maxReplicas()));
    cluster.writes.add("virtual-nodes " + namespace + "/" + name + "=" + replicas);
  }

  @Override
  public void setDeletionCost(WorkloadRef workload, List<String> pods, int cost) {
    WorkloadView w = existing(Kind.DELETION_COST, workload);
    List<PodView> marked =
        w.pods().stream()
            .map(p -> pods.contains(p.name()) ? Fixtures.withCost(p, cost) : p)
            .toList();
    cluster.workloads.put(workload, copy(w, w.specReplicas(), w.hpa(), marked));
    cluster.writes.add("cost " + workload + " " + pods + "=" + cost);
    int left = overwritesLeft.getOrDefault(workload, 0);
    if (left > 0) {
      overwritesLeft.put(workload, left - 1);
      int rank = overwrite.get(workload);
      List<PodView> rewritten =
          marked.stream()
              .map(p -> pods.contains(p.name()) ? Fixtures.managedCost(p, rank) : p)
              .toList();
      cluster.workloads.put(workload, copy(w, w.specReplicas(), w.hpa(), rewritten));
    }
  }

  @Override
  public Map<String, java.util.OptionalInt> deletionCosts(WorkloadRef workload, List<String> pods) {
    WorkloadView w = cluster.workloads.get(workload);
    if (w == null) {
      throw new WriteFailure("404", "Deployment " + workload + " not found", false);
    }
    Map<String, java.util.OptionalInt> costs = new java.util.LinkedHashMap<>();
    for (PodView p : w.pods()) {
      if (pods.contains(p.name())) {
        costs.put(p.name(), p.deletionCost());
      }
    }
    return costs;
  }

  @Override
  public void writePlaceholders(
      WorkloadRef workload, dev.aksburst.model.PlaceholderTemplate template, int replicas) {
    existing(Kind.PLACEHOLDERS, workload);
    if (replicas == 0) {
      cluster.placeholders.remove(workload);
    } else {
      java.util.Optional<dev.aksburst.model.PlaceholderSet> was =
          java.util.Optional.ofNullable(cluster.placeholders.get(workload));
      cluster.placeholders.put(
          workload,
          new dev.aksburst.model.PlaceholderSet(
              workload,
              template.name(),
              replicas,
              was.map(dev.aksburst.model.PlaceholderSet::readyReplicas).orElse(0),
              was.map(dev.aksburst.model.PlaceholderSet::runningOn).orElse(List.of())));
    }
    cluster.writes.add("placeholders " + workload + "=" + replicas);
  }

  /** The Deployment after a write: everything else as it was (pods do not move). */
  private static WorkloadView copy(
      WorkloadView w, int specReplicas, Optional<HpaView> hpa, List<PodView> pods) {
    return new WorkloadView(
        w.ref(),
        w.resourceVersion(),
        specReplicas,
        w.readyReplicas(),
        w.rolloutInProgress(),
        w.selector(),
        w.podRequests(),
        w.placement(),
        hpa,
        w.policy(),
        w.policyProblems(),
        w.readinessProblems(),
        w.state(),
        pods);
  }
}
