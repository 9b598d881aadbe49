package dev.aksburst.arm;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.containerservice.fluent.AgentPoolsClient;
import com.azure.resourcemanager.containerservice.fluent.models.AgentPoolInner;
import com.azure.resourcemanager.containerservice.models.AgentPoolDeleteMachinesParameter;
import com.azure.resourcemanager.containerservice.models.AgentPoolType;
import com.azure.resourcemanager.containerservice.models.Code;
import com.azure.resourcemanager.containerservice.models.ManualScaleProfile;
import com.azure.resourcemanager.containerservice.models.ScaleDownMode;
import com.azure.resourcemanager.containerservice.models.VirtualMachinesProfile;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolKind;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.PoolProfile;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.Taint;
import dev.aksburst.reconcile.NodePoolScaler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The agent pools of one AKS cluster. A manual pool is sized by {@code count}; a pool with the
 * cluster autoscaler by {@code minCount} (AKS refuses a manual count there). Each write is a PUT of
 * that one pool ({@code agentPools/{pool}}, with the GET's ETag as If-Match), never of the managed
 * cluster, and returns as soon as Azure accepted it: the long-running operation is polled at most
 * once per call.
 */
public final class ArmNodePoolScaler implements NodePoolScaler {
  private static final Logger LOG = Logger.getLogger(ArmNodePoolScaler.class.getName());

  /** AKS's default when a pool does not report maxPods (kubenet). */
  static final int DEFAULT_MAX_PODS = 110;

  private final ArmClients clients;
  private final ClusterId cluster;
  private final PendingOperations<RunningWrite> operations = new PendingOperations<>();

  /** A write's long-running operation and the retry budget its polls carry (renewed per poll). */
  private record RunningWrite(Supplier<OperationPoll> poller, RetryBudget budget) {
    OperationPoll pollOnce() {
      budget.renew();
      return poller.get();
    }
  }

  public ArmNodePoolScaler(ArmClients clients, ClusterId cluster) {
    this.clients = Objects.requireNonNull(clients, "clients");
    this.cluster = Objects.requireNonNull(cluster, "cluster");
  }

  private AgentPoolsClient agentPools() {
    return clients.containerService(cluster.subscriptionId()).serviceClient().getAgentPools();
  }

  @Override
  public List<NodePoolView> describe() {
    RetryBudget budget = clients.newBudget();
    operations.pollAll(RunningWrite::pollOnce);
    try {
      return agentPools().list(cluster.resourceGroup(), cluster.name(), budget.context()).stream()
          .filter(ArmNodePoolScaler::scalable)
          .map(this::view)
          .toList();
    } catch (HttpResponseException e) {
      ArmError error = ArmError.of(e);
      throw new IllegalStateException(
          "could not list the agent pools of "
              + cluster
              + ": HTTP "
              + error.status()
              + " "
              + error.summary()
              + "; "
              + error.failed("*", "").hint(),
          e);
    }
  }

  @Override
  public ScaleOutcome scale(NodePoolView pool, int target) {
    Objects.requireNonNull(pool, "pool");
    if (target < 0) {
      throw new IllegalArgumentException(
          "pool " + pool.name() + " target " + target + " is negative");
    }
    if (pool.mode() == PoolMode.VMSS) {
      return new ScaleOutcome.Failed(
          "NotAnAgentPool",
          "pool " + pool.name() + " is in vmss mode, not an agent pool of " + cluster.name(),
          "configure it as a VMSS pool so the VMSS scaler sizes it",
          false);
    }
    Optional<OperationPoll> running = operations.pollOnce(pool.name(), RunningWrite::pollOnce);
    if (running.orElse(null) instanceof OperationPoll.InProgress p) {
      return new ScaleOutcome.Busy(
          "OperationInProgress",
          "the previous write to agent pool " + pool.name() + " is still " + p.state());
    }
    RetryBudget budget = clients.newBudget();
    try {
      AgentPoolInner inner =
          agentPools()
              .getWithResponse(
                  cluster.resourceGroup(), cluster.name(), pool.name(), budget.context())
              .getValue();
      NodePoolView fresh = view(inner);
      if (stopped(inner)) {
        return new ScaleOutcome.Failed(
            "PoolStopped",
            "agent pool "
                + pool.name()
                + " is stopped (powerState Stopped); aks-burst does not start it",
            "start it (az aks nodepool start -g <rg> --cluster-name <cluster> -n "
                + pool.name()
                + ") or name another pool in aksburst.dev/node-pool",
            false);
      }
      // A Failed pool is recovered by a PUT even without a change (AKS's documented remedy), so
      // "already at target" does not apply to it.
      boolean failed = "Failed".equalsIgnoreCase(fresh.provisioningState());
      if (fresh.operationInProgress()) {
        return new ScaleOutcome.Busy(
            "OperationInProgress",
            "agent pool " + pool.name() + " is " + fresh.provisioningState() + "; not writing");
      }
      if (fresh.mode() != pool.mode()) {
        return new ScaleOutcome.Failed(
            "PoolModeChanged",
            "agent pool "
                + pool.name()
                + " is now "
                + fresh.mode()
                + ", was planned as "
                + pool.mode(),
            "none: the next reconcile plans with the pool's current mode",
            true);
      }
      if (fresh.mode() == PoolMode.AUTOSCALER) {
        int max = fresh.maxCount().orElse(Integer.MAX_VALUE);
        if (target > max) {
          return new ScaleOutcome.Failed(
              "MinCountAboveMaxCount",
              "minCount " + target + " is above agent pool " + pool.name() + "'s maxCount " + max,
              "raise the pool's maxCount (az aks nodepool update --update-cluster-autoscaler"
                  + " --max-count N) or lower the workload's burst",
              false);
        }
        if (fresh.minCount().orElse(-1) == target && !failed) {
          return new ScaleOutcome.Started(fresh.provisioningState());
        }
        // count stays as read: AKS refuses a manual count under the autoscaler.
        inner.withMinCount(target);
      } else {
        if (fresh.count() == target && !failed) {
          return new ScaleOutcome.Started(fresh.provisioningState());
        }
        if (virtualMachines(inner)) {
          Optional<ScaleOutcome> refused = withVirtualMachinesCount(inner, target);
          if (refused.isPresent()) {
            return refused.get();
          }
        } else {
          inner.withCount(target);
        }
      }
      LOG.info(
          "PUT agent pool "
              + cluster.name()
              + "/"
              + pool.name()
              + (fresh.mode() == PoolMode.AUTOSCALER ? " minCount " : " count ")
              + fresh.writtenValue()
              + " -> "
              + target);
      SyncPoller<PollResult<AgentPoolInner>, AgentPoolInner> poller =
          agentPools()
              .beginCreateOrUpdate(
                  cluster.resourceGroup(),
                  cluster.name(),
                  pool.name(),
                  inner,
                  inner.etag(),
                  null,
                  budget.context());
      return started(pool, fresh, new RunningWrite(() -> poll(poller), budget));
    } catch (HttpResponseException e) {
      return ArmError.of(e).toOutcome(pool.name(), pool.vmSize());
    }
  }

  /**
   * Deletes exactly these machines of a MANUAL agent pool ({@code POST
   * agentPools/{pool}/deleteMachines}, long-running like the PUT and polled the same way); AKS
   * drains them and lowers the pool's count by as many. A 400 or 404 on the POST (an API version or
   * pool the cluster does not support it for, a name that is no machine of the pool) is a {@link
   * PoolState#DELETE_MACHINES_REFUSED} failure: the planner then keeps the pool with its Warning.
   */
  @Override
  public ScaleOutcome deleteMachines(NodePoolView pool, List<String> machines) {
    Objects.requireNonNull(pool, "pool");
    if (machines.isEmpty()) {
      throw new IllegalArgumentException("no machine of pool " + pool.name() + " to delete");
    }
    Optional<OperationPoll> running = operations.pollOnce(pool.name(), RunningWrite::pollOnce);
    if (running.orElse(null) instanceof OperationPoll.InProgress p) {
      return new ScaleOutcome.Busy(
          "OperationInProgress",
          "the previous write to agent pool " + pool.name() + " is still " + p.state());
    }
    RetryBudget budget = clients.newBudget();
    try {
      AgentPoolInner inner =
          agentPools()
              .getWithResponse(
                  cluster.resourceGroup(), cluster.name(), pool.name(), budget.context())
              .getValue();
      NodePoolView fresh = view(inner);
      if (fresh.operationInProgress()) {
        return new ScaleOutcome.Busy(
            "OperationInProgress",
            "agent pool " + pool.name() + " is " + fresh.provisioningState() + "; not writing");
      }
      if (fresh.mode() != PoolMode.MANUAL || stopped(inner)) {
        return new ScaleOutcome.Failed(
            PoolState.DELETE_MACHINES_REFUSED,
            "agent pool "
                + pool.name()
                + " is "
                + (stopped(inner) ? "stopped" : fresh.mode().toString())
                + " now; machines are deleted by name only from a running MANUAL pool",
            "none: the next reconcile plans with the pool as it is",
            false);
      }
      LOG.info(
          "POST deleteMachines agent pool "
              + cluster.name()
              + "/"
              + pool.name()
              + " "
              + machines
              + ": count "
              + fresh.count()
              + " -> "
              + (fresh.count() - machines.size()));
      SyncPoller<PollResult<Void>, Void> poller =
          agentPools()
              .beginDeleteMachines(
                  cluster.resourceGroup(),
                  cluster.name(),
                  pool.name(),
                  new AgentPoolDeleteMachinesParameter().withMachineNames(List.copyOf(machines)),
                  budget.context());
      return started(pool, fresh, new RunningWrite(() -> pollVoid(poller), budget));
    } catch (HttpResponseException e) {
      ArmError error = ArmError.of(e);
      if (error.status() == 400 || error.status() == 404) {
        return new ScaleOutcome.Failed(
            PoolState.DELETE_MACHINES_REFUSED,
            "AKS refused to delete machines "
                + machines
                + " of agent pool "
                + pool.name()
                + " (HTTP "
                + error.status()
                + " "
                + error.summary()
                + ")",
            "the cluster may not support agentPools/deleteMachines (API "
                + API_VERSION
                + "); the pool is kept at its size: a PodDisruptionBudget for the workload, or"
                + " deleting its pods on the newest nodes, lets the count be lowered",
            false);
      }
      return error.toOutcome(pool.name(), pool.vmSize());
    }
  }

  /** The api-version the SDK in use sends for agent-pool calls. */
  static final String API_VERSION = "2025-09-01";

  /** The first poll of an accepted write: still running, failed, or done. */
  private ScaleOutcome started(NodePoolView pool, NodePoolView fresh, RunningWrite write) {
    OperationPoll first;
    try {
      first = write.pollOnce();
    } catch (RuntimeException e) {
      // ARM accepted the write; a poll that failed (429, 503, I/O) says nothing about the
      // operation: it is still running, the next describe polls it again and the pool's
      // provisioningState stays the truth.
      LOG.warning(
          "the write to agent pool "
              + pool.name()
              + " was accepted; its first poll failed ("
              + e.getMessage()
              + "), so it is taken as still running");
      operations.started(pool.name(), write);
      return new ScaleOutcome.Started("Updating");
    }
    if (first instanceof OperationPoll.InProgress p) {
      operations.started(pool.name(), write);
      return new ScaleOutcome.Started(p.state());
    }
    if (first instanceof OperationPoll.Unknown u) {
      LOG.warning(
          "the write to agent pool "
              + pool.name()
              + " was accepted; its first poll failed ("
              + u.why()
              + "), so it is taken as still running");
      operations.succeededNow(pool.name());
      return new ScaleOutcome.Started("Updating");
    }
    if (first instanceof OperationPoll.Failed f) {
      operations.failedNow(pool.name(), f.error());
      return f.error().failed(pool.name(), fresh.vmSize());
    }
    operations.succeededNow(pool.name());
    return new ScaleOutcome.Started("Succeeded");
  }

  /** VMSS pools and VirtualMachines pools; availability-set pools can not be scaled this way. */
  private static boolean scalable(AgentPoolInner p) {
    return p.typePropertiesType() == null
        || AgentPoolType.VIRTUAL_MACHINE_SCALE_SETS.equals(p.typePropertiesType())
        || virtualMachines(p);
  }

  private static boolean virtualMachines(AgentPoolInner p) {
    return AgentPoolType.VIRTUAL_MACHINES.equals(p.typePropertiesType());
  }

  private static boolean stopped(AgentPoolInner p) {
    return p.powerState() != null && Code.STOPPED.equals(p.powerState().code());
  }

  /** The manual scale profiles of a VirtualMachines pool (one per VM size), never null. */
  private static List<ManualScaleProfile> manualProfiles(AgentPoolInner p) {
    VirtualMachinesProfile vm = p.virtualMachinesProfile();
    if (vm == null || vm.scale() == null || vm.scale().manual() == null) {
      return List.of();
    }
    return vm.scale().manual();
  }

  /** A VirtualMachines pool's node count: the sum over its sizes. */
  private static int virtualMachinesCount(AgentPoolInner p) {
    return manualProfiles(p).stream().mapToInt(m -> m.count() == null ? 0 : m.count()).sum();
  }

  /**
   * Sets a VirtualMachines pool to {@code target} nodes through {@code
   * virtualMachinesProfile.scale.manual}: the first size takes the change, the other sizes keep
   * their counts.
   *
   * @return a refusal when the pool has no manual profile or the others alone exceed the target
   */
  private Optional<ScaleOutcome> withVirtualMachinesCount(AgentPoolInner inner, int target) {
    List<ManualScaleProfile> manual = manualProfiles(inner);
    if (manual.isEmpty()) {
      return Optional.of(
          new ScaleOutcome.Failed(
              "NoManualScaleProfile",
              "VirtualMachines agent pool "
                  + inner.name()
                  + " has no virtualMachinesProfile.scale.manual",
              "give the pool a manual scale profile (az aks nodepool update --vm-sizes ...)",
              false));
    }
    int others = manual.stream().skip(1).mapToInt(m -> m.count() == null ? 0 : m.count()).sum();
    if (target < others) {
      return Optional.of(
          new ScaleOutcome.Failed(
              "BelowOtherSizes",
              "VirtualMachines agent pool "
                  + inner.name()
                  + " holds "
                  + others
                  + " nodes of its other sizes, more than the target "
                  + target,
              "aks-burst sizes only the first VM size of the pool (" + manual.get(0).size() + ")",
              false));
    }
    manual.get(0).withCount(target - others);
    return Optional.empty();
  }

  /** One poll of the SDK's poller: one GET, no waiting. */
  static OperationPoll poll(SyncPoller<PollResult<AgentPoolInner>, AgentPoolInner> poller) {
    return poll(
        poller,
        "the agent pool operation",
        p -> p != null && p.provisioningState() != null ? p.provisioningState() : "Updating");
  }

  /** One poll of an operation that returns no body (deleteMachines): one GET, no waiting. */
  static OperationPoll pollVoid(SyncPoller<PollResult<Void>, Void> poller) {
    return poll(poller, "the deleteMachines operation", v -> "Deleting");
  }

  /**
   * One poll: succeeded, failed with Azure's error, unknown on a throttled or failing status GET
   * (the operation still runs), else in progress in the state {@code running} reads.
   */
  private static <T> OperationPoll poll(
      SyncPoller<PollResult<T>, T> poller,
      String what,
      java.util.function.Function<T, String> running) {
    PollResponse<PollResult<T>> response = poller.poll();
    LongRunningOperationStatus status = response.getStatus();
    if (status == LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
      return new OperationPoll.Succeeded();
    }
    if (status == LongRunningOperationStatus.FAILED
        || status == LongRunningOperationStatus.USER_CANCELLED) {
      PollResult.Error error = response.getValue() == null ? null : response.getValue().getError();
      if (error != null && pollHiccup(error.getResponseStatusCode())) {
        return new OperationPoll.Unknown(
            "HTTP " + error.getResponseStatusCode() + " on the operation-status GET");
      }
      if (error == null) {
        return new OperationPoll.Failed(
            new ArmError(0, "OperationFailed", what + " " + status, Optional.empty()));
      }
      return new OperationPoll.Failed(
          ArmError.fromBody(
                  error.getResponseStatusCode(),
                  error.getResponseHeaders(),
                  error.getResponseBody())
              .orElse(
                  new ArmError(
                      error.getResponseStatusCode(),
                      "OperationFailed",
                      error.getMessage(),
                      Optional.empty())));
    }
    return new OperationPoll.InProgress(
        running.apply(response.getValue() == null ? null : response.getValue().getValue()));
  }

  /** A status of the poll's own GET that says nothing about the operation. */
  static boolean pollHiccup(int status) {
    return status == 429 || status == 408 || (status >= 500 && status != 501 && status != 505);
  }

  private NodePoolView view(AgentPoolInner p) {
    boolean autoscaler = Boolean.TRUE.equals(p.enableAutoScaling());
    Optional<String> lastError = operations.lastError(p.name()).map(ArmError::summary);
    if (lastError.isEmpty() && p.status() != null && p.status().provisioningError() != null) {
      var e = p.status().provisioningError();
      lastError =
          Optional.of(
              new ArmError(
                      0,
                      e.getCode() == null ? "ProvisioningFailed" : e.getCode(),
                      e.getMessage(),
                      Optional.empty())
                  .summary());
    }
    if (lastError.isEmpty() && stopped(p)) {
      lastError =
          Optional.of(
              "PoolStopped: the agent pool is stopped (powerState Stopped), it has no nodes");
    }
    List<ManualScaleProfile> manual = virtualMachines(p) ? manualProfiles(p) : List.of();
    return new NodePoolView(
        p.name(),
        autoscaler ? PoolMode.AUTOSCALER : PoolMode.MANUAL,
        virtualMachines(p) ? virtualMachinesCount(p) : p.count() == null ? 0 : p.count(),
        autoscaler && p.minCount() != null ? OptionalInt.of(p.minCount()) : OptionalInt.empty(),
        autoscaler && p.maxCount() != null ? OptionalInt.of(p.maxCount()) : OptionalInt.empty(),
        p.provisioningState(),
        p.vmSize() == null && !manual.isEmpty() ? manual.get(0).size() : p.vmSize(),
        p.maxPods() == null ? DEFAULT_MAX_PODS : p.maxPods(),
        lastError,
        Optional.of(profile(p)),
        new PoolKind(
            virtualMachines(p), ScaleDownMode.DEALLOCATE.equals(p.scaleDownMode()), stopped(p)));
  }

  private static PoolProfile profile(AgentPoolInner p) {
    List<Taint> taints = new ArrayList<>();
    for (String t : p.nodeTaints() == null ? List.<String>of() : p.nodeTaints()) {
      taints.addAll(PoolProfile.parseTaint(t));
    }
    return new PoolProfile(
        p.nodeLabels() == null ? Map.of() : p.nodeLabels(),
        taints,
        p.availabilityZones() == null ? List.of() : p.availabilityZones(),
        p.scaleSetPriority() != null && "Spot".equalsIgnoreCase(p.scaleSetPriority().toString()),
        p.osDiskSizeGB() == null ? 0 : p.osDiskSizeGB());
  }
}
