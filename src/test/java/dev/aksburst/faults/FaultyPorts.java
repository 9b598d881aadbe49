package dev.aksburst.faults;

import dev.aksburst.model.BurstState;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.ClusterPorts;
import dev.aksburst.reconcile.ClusterReader;
import dev.aksburst.reconcile.IntentStore;
import dev.aksburst.reconcile.NodePoolScaler;
import dev.aksburst.reconcile.NodePoolScaler.ScaleOutcome;
import dev.aksburst.reconcile.PoolStateStore;
import dev.aksburst.reconcile.WorkloadWriter;
import dev.aksburst.reconcile.WriteFailure;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Fault injection as decorators over any {@link ClusterPorts}: the Kubernetes API answering 500 or
 * timing out (reads, writes, the state annotation), compare-and-swap conflicts on the state
 * annotation, ARM answering 429, 409 or accepting a write whose long-running operation then fails
 * with {@code QuotaExceeded}, and the process dying between two writes. Faults are switched on and
 * off while a scenario runs; every write that reaches a port is recorded with the virtual time so
 * the scenario can bound writes per hour.
 */
final class FaultyPorts {
  /** How the Kubernetes API misbehaves. */
  enum Kube {
    HEALTHY,
    /** Every call answers 500 Internal Server Error. */
    SERVER_ERROR,
    /**
     * Every call times out on the client. Writes are the ambiguous case: the API server applied
     * them, the client never heard back.
     */
    TIMEOUT
  }

  /** How ARM answers writes to agent pools. */
  enum Arm {
    HEALTHY,
    /** 429 with Retry-After beyond the invocation's budget. */
    THROTTLED,
    /** 409 OperationNotAllowed: another operation on the pool or cluster is in progress. */
    BUSY,
    /**
     * The PUT is accepted, the long-running operation then fails with QuotaExceeded: the pool keeps
     * its count and reports provisioningState Failed with the error until a write succeeds.
     */
    LRO_QUOTA_EXCEEDED
  }

  /** The process stops here (an instance recycled, a deployment slot swapped): not catchable. */
  static final class ProcessStopped extends Error {
    private static final long serialVersionUID = 1L;

    ProcessStopped(String where) {
      super("the process stopped before " + where);
    }
  }

  /** One write that reached a port (whether or not it took effect). */
  record Write(Instant at, String kind, String target) {}

  static final Duration THROTTLE_RETRY_AFTER = Duration.ofSeconds(120);

  private final ClusterPorts inner;
  private final Clock clock;
  private volatile Kube kube = Kube.HEALTHY;
  private volatile Arm arm = Arm.HEALTHY;
  private final AtomicInteger stateConflicts = new AtomicInteger();
  private final AtomicInteger writesBeforeStop = new AtomicInteger(-1);
  private final List<Write> writes = new ArrayList<>();
  private final Map<String, String> failedPools = new java.util.concurrent.ConcurrentHashMap<>();

  FaultyPorts(ClusterPorts inner, Clock clock) {
    this.inner = inner;
    this.clock = clock;
  }

  void kube(Kube k) {
    this.kube = k;
  }

  void arm(Arm a) {
    this.arm = a;
  }

  /** The next {@code n} state-annotation compare-and-swaps lose to another writer. */
  void conflictNextStateWrites(int n) {
    stateConflicts.set(n);
  }

  /** After {@code n} more writes, the next write stops the process (before it reaches the API). */
  void stopAfterWrites(int n) {
    writesBeforeStop.set(n);
  }

  synchronized List<Write> writes() {
    return List.copyOf(writes);
  }

  ClusterPorts ports() {
    return new ClusterPorts(
        inner.clusterId(),
        reader(),
        writer(),
        pools(),
        intents(),
        poolStates(),
        inner.events(),
        inner.lock());
  }

  private void beforeWrite(String kind, String target) {
    int left = writesBeforeStop.getAndUpdate(n -> n > 0 ? n - 1 : n);
    if (left == 0) {
      writesBeforeStop.set(-1);
      throw new ProcessStopped(kind + " " + target);
    }
    synchronized (this) {
      writes.add(new Write(clock.instant(), kind, target));
    }
  }

  private RuntimeException kubeReadFailure(String what) {
    return kube == Kube.SERVER_ERROR
        ? new KubernetesClientException(
            "Failure executing: GET " + what + ". Message: Internal error occurred.", 500, null)
        : new KubernetesClientException(
            "Operation: [list] for kind: [" + what + "] failed.",
            new SocketTimeoutException("timeout"));
  }

  private WriteFailure kubeWriteFailure(String what) {
    return kube == Kube.SERVER_ERROR
        ? new WriteFailure("500", what + ": Internal error occurred", true)
        : new WriteFailure(
            "timeout",
            what + ": no answer within the client's timeout",
            true,
            new SocketTimeoutException("timeout"));
  }

  private ClusterReader reader() {
    return () -> {
      if (kube != Kube.HEALTHY) {
        throw kubeReadFailure("deployments");
      }
      return inner.reader().read();
    };
  }

  private WorkloadWriter writer() {
    WorkloadWriter w = inner.writer();
    return new WorkloadWriter() {
      @Override
      public void scale(WorkloadRef workload, int replicas) {
        write("scale", workload.toString(), () -> w.scale(workload, replicas));
      }

      @Override
      public void setHpaMinReplicas(WorkloadRef workload, String hpaName, int minReplicas) {
        write(
            "hpa", workload.toString(), () -> w.setHpaMinReplicas(workload, hpaName, minReplicas));
      }

      @Override
      public void setDeletionCost(WorkloadRef workload, List<String> pods, int cost) {
        write("cost", workload.toString(), () -> w.setDeletionCost(workload, pods, cost));
      }

      @Override
      public java.util.Map<String, java.util.OptionalInt> deletionCosts(
          WorkloadRef workload, List<String> pods) {
        return w.deletionCosts(workload, pods);
      }

      @Override
      public void scaleVirtualNodes(
          String namespace,
          String name,
          int replicas,
          java.util.OptionalInt recordBaseline,
          boolean forgetBaseline) {
        write(
            "virtual-nodes",
            namespace + "/" + name,
            () -> w.scaleVirtualNodes(namespace, name, replicas, recordBaseline, forgetBaseline));
      }

      @Override
      public void writePlaceholders(
          WorkloadRef workload, dev.aksburst.model.PlaceholderTemplate template, int replicas) {
        write(
            "placeholders",
            workload.toString(),
            () -> w.writePlaceholders(workload, template, replicas));
      }
    };
  }

  private void write(String kind, String target, Runnable call) {
    beforeWrite(kind, target);
    switch (kube) {
      case HEALTHY -> call.run();
      case SERVER_ERROR -> throw kubeWriteFailure(kind + " " + target);
      case TIMEOUT -> {
        call.run();
        throw kubeWriteFailure(kind + " " + target);
      }
    }
  }

  private IntentStore intents() {
    IntentStore s = inner.intents();
    return new IntentStore() {
      @Override
      public BurstState read(WorkloadRef workload) {
        if (kube != Kube.HEALTHY) {
          throw kubeReadFailure("deployment " + workload);
        }
        return s.read(workload);
      }

      @Override
      public BurstState update(WorkloadRef workload, UnaryOperator<BurstState> change) {
        beforeWrite("state", workload.toString());
        if (kube == Kube.SERVER_ERROR) {
          throw kubeReadFailure("deployment " + workload);
        }
        // A lost compare-and-swap: another writer changed the state between read and write. The
        // change is applied to what that writer left, as the real store does after a 409.
        UnaryOperator<BurstState> raced =
            st -> {
              if (stateConflicts.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                s.update(workload, other -> other.withBookkeeping(other.bookkeeping()));
              }
              return change.apply(st);
            };
        BurstState out = s.update(workload, stateConflicts.get() > 0 ? raced : change);
        if (kube == Kube.TIMEOUT) {
          throw kubeWriteFailure("state " + workload);
        }
        return out;
      }
    };
  }

  private PoolStateStore poolStates() {
    PoolStateStore s = inner.poolStates();
    return new PoolStateStore() {
      @Override
      public Map<String, PoolState> readAll() {
        if (kube != Kube.HEALTHY) {
          throw kubeReadFailure("configmap aks-burst-pools");
        }
        return s.readAll();
      }

      @Override
      public PoolState update(String pool, UnaryOperator<PoolState> change) {
        beforeWrite("poolstate", pool);
        if (kube == Kube.SERVER_ERROR) {
          throw kubeWriteFailure("configmap aks-burst-pools");
        }
        PoolState out = s.update(pool, change);
        if (kube == Kube.TIMEOUT) {
          throw kubeWriteFailure("configmap aks-burst-pools");
        }
        return out;
      }
    };
  }

  private NodePoolScaler pools() {
    NodePoolScaler p = inner.pools();
    return new NodePoolScaler() {
      @Override
      public List<NodePoolView> describe() {
        List<NodePoolView> out = new ArrayList<>();
        for (NodePoolView v : p.describe()) {
          String error = failedPools.get(v.name());
          out.add(
              error == null || v.operationInProgress()
                  ? v
                  : new NodePoolView(
                      v.name(),
                      v.mode(),
                      v.count(),
                      v.minCount(),
                      v.maxCount(),
                      "Failed",
                      v.vmSize(),
                      v.maxPods(),
                      Optional.of(error)));
        }
        return out;
      }

      @Override
      public ScaleOutcome scale(NodePoolView pool, int target) {
        beforeWrite("pool", pool.name());
        return switch (arm) {
          case HEALTHY -> {
            ScaleOutcome o = p.scale(pool, target);
            if (o instanceof ScaleOutcome.Started) {
              failedPools.remove(pool.name());
            }
            yield o;
          }
          case THROTTLED ->
              new ScaleOutcome.Throttled(
                  THROTTLE_RETRY_AFTER,
                  "Number of write requests for subscription exceeded the limit; Retry-After "
                      + THROTTLE_RETRY_AFTER.toSeconds());
          case BUSY ->
              new ScaleOutcome.Busy(
                  "OperationNotAllowed",
                  "Another agentpool operation (Upgrading) is in progress, please wait for it to"
                      + " finish before starting a new operation.");
          case LRO_QUOTA_EXCEEDED -> {
            failedPools.put(
                pool.name(),
                "QuotaExceeded: Operation could not be completed as it results in exceeding"
                    + " approved standardDSv2Family Cores quota");
            yield new ScaleOutcome.Started("Updating");
          }
        };
      }
    };
  }
}
