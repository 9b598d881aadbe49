package dev.aksburst.app;

import dev.aksburst.k8s.KubernetesAdapters;
import dev.aksburst.model.BurstState;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.ClusterReader;
import dev.aksburst.reconcile.EventRecorder;
import dev.aksburst.reconcile.IntentStore;
import dev.aksburst.reconcile.PoolStateStore;
import dev.aksburst.reconcile.ReconcileLock;
import dev.aksburst.reconcile.WorkloadWriter;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The Kubernetes ports of one cluster over adapters that are built on the first call of any of them
 * (the client, and for ARM-reached clusters the kubeconfig fetch, cost nothing until then).
 */
final class LazyKubernetesPorts {
  private final Supplier<KubernetesAdapters> adapters;

  LazyKubernetesPorts(Supplier<KubernetesAdapters> adapters) {
    this.adapters = Objects.requireNonNull(adapters, "adapters");
  }

  ClusterReader reader() {
    return () -> adapters.get().reader().read();
  }

  WorkloadWriter writer() {
    return new WorkloadWriter() {
      @Override
      public void scale(WorkloadRef workload, int replicas) {
        adapters.get().writer().scale(workload, replicas);
      }

      @Override
      public void setHpaMinReplicas(WorkloadRef workload, String hpaName, int minReplicas) {
        adapters.get().writer().setHpaMinReplicas(workload, hpaName, minReplicas);
      }

      @Override
      public void setDeletionCost(WorkloadRef workload, List<String> pods, int cost) {
        adapters.get().writer().setDeletionCost(workload, pods, cost);
      }

      @Override
      public java.util.Map<String, java.util.OptionalInt> deletionCosts(
          WorkloadRef workload, List<String> pods) {
        return adapters.get().writer().deletionCosts(workload, pods);
      }

      @Override
      public void scaleVirtualNodes(
          String namespace,
          String name,
          int replicas,
          java.util.OptionalInt recordBaseline,
          boolean forgetBaseline) {
        adapters
            .get()
            .writer()
            .scaleVirtualNodes(namespace, name, replicas, recordBaseline, forgetBaseline);
      }

      @Override
      public void writePlaceholders(
          WorkloadRef workload, dev.aksburst.model.PlaceholderTemplate template, int replicas) {
        adapters.get().writer().writePlaceholders(workload, template, replicas);
      }
    };
  }

  IntentStore intents() {
    return new IntentStore() {
      @Override
      public BurstState read(WorkloadRef workload) {
        return adapters.get().intents().read(workload);
      }

      @Override
      public BurstState update(WorkloadRef workload, UnaryOperator<BurstState> change) {
        return adapters.get().intents().update(workload, change);
      }
    };
  }

  PoolStateStore poolStates() {
    return new PoolStateStore() {
      @Override
      public Map<String, PoolState> readAll() {
        return adapters.get().poolStates().readAll();
      }

      @Override
      public PoolState update(String pool, UnaryOperator<PoolState> change) {
        return adapters.get().poolStates().update(pool, change);
      }
    };
  }

  EventRecorder events() {
    return (workload, reason, message, warning, context) ->
        adapters.get().events().record(workload, reason, message, warning, context);
  }

  ReconcileLock lock() {
    return holder -> adapters.get().lock().tryAcquire(holder);
  }
}
