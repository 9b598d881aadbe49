package dev.aksburst.reconcile;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.HpaView;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link WorkloadWriter} over an {@link InMemoryCluster}. {@link #failNext} makes the next write of
 * that kind to that workload throw a {@link WriteFailure}, once.
 */
final class InMemoryWorkloadWriter implements WorkloadWriter {
  enum Kind {
    SCALE,
    HPA_MIN,
    DELETION_COST
  }

  private final InMemoryCluster cluster;
  private final Map<String, WriteFailure> failures = new HashMap<>();

  InMemoryWorkloadWriter(InMemoryCluster cluster) {
    this.cluster = cluster;
  }

  void failNext(Kind kind, WorkloadRef workload, WriteFailure failure) {
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
    cluster.workloads.put(workload, Fixtures.WorkloadBuilder.from(w).replicas(replicas).build());
  }

  @Override
  public void setHpaMinReplicas(WorkloadRef workload, String hpaName, int minReplicas) {
    WorkloadView w = existing(Kind.HPA_MIN, workload);
    HpaView h =
        w.hpa()
            .filter(x -> x.name().equals(hpaName))
            .orElseThrow(() -> new WriteFailure("404", "HPA " + hpaName + " not found", false));
    cluster.workloads.put(
        workload,
        Fixtures.WorkloadBuilder.from(w)
            .hpa(minReplicas, h.maxReplicas(), Math.max(minReplicas, h.currentReplicas()))
            .build());
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
  }

  @Override
  public void setDeletionCost(WorkloadRef workload, List<String> pods, int cost) {
    WorkloadView w = existing(Kind.DELETION_COST, workload);
    cluster.workloads.put(
        workload,
        Fixtures.WorkloadBuilder.from(w)
            .pods(
                w.pods().stream()
                    .map(p -> pods.contains(p.name()) ? Fixtures.withCost(p, cost) : p)
                    .toList())
            .build());
  }
}
