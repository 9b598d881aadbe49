package dev.aksburst.arm;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolMode;
import dev.aksburst.reconcile.NodePoolScaler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.logging.Logger;

/**
 * Plain VM scale sets ({@code vmss} mode) sized by {@code PATCH {"sku":{"capacity":N}}}.
 *
 * <p>These are two raw ARM calls sent through the same SDK pipeline as the agent pool calls (same
 * credential, bounded throttling, logging) instead of {@code azure-resourcemanager-compute}: that
 * module pulls network, storage, msi and authorization (~10 MiB) for two requests, and the package
 * must stay under 30 MiB.
 */
public final class VmssNodePoolScaler implements NodePoolScaler {
  private static final Logger LOG = Logger.getLogger(VmssNodePoolScaler.class.getName());
  static final String API_VERSION = "2024-07-01";
  private static final HttpHeaderName ASYNC_OPERATION =
      HttpHeaderName.fromString("Azure-AsyncOperation");

  private final ArmClients clients;
  private final Map<String, VmssPool> pools = new LinkedHashMap<>();
  private final PendingOperations<String> operations = new PendingOperations<>();

  public VmssNodePoolScaler(ArmClients clients, List<VmssPool> pools) {
    this.clients = Objects.requireNonNull(clients, "clients");
    for (VmssPool p : pools) {
      if (this.pools.put(p.name(), p) != null) {
        throw new IllegalArgumentException("VMSS pool name " + p.name() + " is configured twice");
      }
    }
  }

  private record Raw(int status, com.azure.core.http.HttpHeaders headers, String body) {}

  private Raw send(HttpMethod method, String url, String body, RetryBudget budget) {
    HttpRequest request = new HttpRequest(method, url);
    if (body != null) {
      request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json").setBody(body);
    }
    try (HttpResponse response = clients.pipeline().sendSync(request, budget.context())) {
      String text = response.getBodyAsBinaryData().toString();
      return new Raw(response.getStatusCode(), response.getHeaders(), text);
    }
  }

  private String url(VmssPool pool) {
    return clients.settings().resourceManagerEndpoint()
        + pool.resourceId()
        + "?api-version="
        + API_VERSION;
  }

  private Optional<ArmError> error(Raw raw) {
    if (raw.status() < 400) {
      return Optional.empty();
    }
    return Optional.of(
        ArmError.fromBody(raw.status(), raw.headers(), raw.body())
            .orElse(
                new ArmError(
                    raw.status(),
                    String.valueOf(raw.status()),
                    raw.body(),
                    BoundedRetryPolicy.retryAfter(raw.headers()))));
  }

  @Override
  public List<NodePoolView> describe() {
    RetryBudget budget = clients.newBudget();
    operations.pollAll(url -> poll(url, budget));
    return pools.values().stream().map(p -> read(p, budget)).toList();
  }

  private NodePoolView read(VmssPool pool, RetryBudget budget) {
    Raw raw = send(HttpMethod.GET, url(pool), null, budget);
    Optional<ArmError> error = error(raw);
    if (error.isPresent()) {
      throw new IllegalStateException(
          "could not read VM scale set "
              + pool.resourceId()
              + " (pool "
              + pool.name()
              + "): HTTP "
              + raw.status()
              + " "
              + error.get().summary()
              + "; "
              + error.get().failed(pool.name(), "").hint());
    }
    Map<String, Object> json = ArmError.parseObject(raw.body());
    Map<String, Object> sku = ArmError.object(json.get("sku"));
    Object capacity = sku.get("capacity");
    if (!(capacity instanceof Number n)) {
      throw new IllegalStateException(
          "VM scale set " + pool.resourceId() + " answered without sku.capacity: " + raw.body());
    }
    Object state = ArmError.object(json.get("properties")).get("provisioningState");
    Object size = sku.get("name");
    return new NodePoolView(
        pool.name(),
        PoolMode.VMSS,
        n.intValue(),
        OptionalInt.empty(),
        OptionalInt.empty(),
        state == null ? null : state.toString(),
        size == null ? null : size.toString(),
        pool.maxPods(),
        operations.lastError(pool.name()).map(ArmError::summary));
  }

  /**
   * A plain scale set's instances are not deleted by name: lowering its capacity deletes VMs
   * without a drain, so the planner never asks (it only asks MANUAL agent pools).
   */
  @Override
  public ScaleOutcome deleteMachines(NodePoolView view, List<String> machines) {
    return NodePoolScaler.notSupported(view, "a plain VM scale set (AKSBURST_VMSS_POOLS)");
  }

  @Override
  public ScaleOutcome scale(NodePoolView view, int target) {
    Objects.requireNonNull(view, "view");
    if (target < 0) {
      throw new IllegalArgumentException(
          "pool " + view.name() + " target " + target + " is negative");
    }
    VmssPool pool = pools.get(view.name());
    if (pool == null || view.mode() != PoolMode.VMSS) {
      return new ScaleOutcome.Failed(
          "NotAVmssPool",
          "pool " + view.name() + " is not a configured VMSS pool",
          "add it to the VMSS pools or let the agent pool scaler size it",
          false);
    }
    RetryBudget budget = clients.newBudget();
    Optional<OperationPoll> running = operations.pollOnce(pool.name(), url -> poll(url, budget));
    if (running.orElse(null) instanceof OperationPoll.InProgress p) {
      return new ScaleOutcome.Busy(
          "OperationInProgress",
          "the previous write to VM scale set " + pool.scaleSetName() + " is still " + p.state());
    }
    NodePoolView fresh;
    try {
      fresh = read(pool, budget);
    } catch (IllegalStateException e) {
      return new ScaleOutcome.Failed("ReadFailed", e.getMessage(), "see the message", true);
    }
    if (fresh.operationInProgress()) {
      return new ScaleOutcome.Busy(
          "OperationInProgress",
          "VM scale set "
              + pool.scaleSetName()
              + " is "
              + fresh.provisioningState()
              + "; not writing");
    }
    if (fresh.count() == target) {
      return new ScaleOutcome.Started(fresh.provisioningState());
    }
    LOG.info(
        "PATCH VM scale set "
            + pool.scaleSetName()
            + " capacity "
            + fresh.count()
            + " -> "
            + target);
    Raw raw = send(HttpMethod.PATCH, url(pool), "{\"sku\":{\"capacity\":" + target + "}}", budget);
    Optional<ArmError> error = error(raw);
    if (error.isPresent()) {
      return error.get().toOutcome(pool.name(), fresh.vmSize());
    }
    Optional<String> pollUrl = pollUrl(raw, pool);
    OperationPoll first = pollUrl.map(u -> poll(u, budget)).orElse(new OperationPoll.Succeeded());
    if (first instanceof OperationPoll.InProgress p) {
      operations.started(pool.name(), pollUrl.get());
      return new ScaleOutcome.Started(p.state());
    }
    if (first instanceof OperationPoll.Failed f) {
      operations.failedNow(pool.name(), f.error());
      return f.error().failed(pool.name(), fresh.vmSize());
    }
    operations.succeededNow(pool.name());
    if (first instanceof OperationPoll.Unknown u) {
      // Accepted; the scale set's provisioningState says how it goes from now on.
      LOG.warning("the write to " + pool.scaleSetName() + " was accepted; " + u.why());
      return new ScaleOutcome.Started("Updating");
    }
    return new ScaleOutcome.Started("Succeeded");
  }

  /**
   * Where the operation's outcome is read: Azure-AsyncOperation, else Location, else the scale set
   * itself while its provisioningState is not terminal.
   */
  private Optional<String> pollUrl(Raw raw, VmssPool pool) {
    String async = raw.headers().getValue(ASYNC_OPERATION);
    if (async != null) {
      return Optional.of(async);
    }
    String location = raw.headers().getValue(HttpHeaderName.LOCATION);
    if (location != null) {
      return Optional.of(location);
    }
    Object state =
        ArmError.object(ArmError.parseObject(raw.body()).get("properties"))
            .get("provisioningState");
    return state == null || "Succeeded".equals(state) ? Optional.empty() : Optional.of(url(pool));
  }

  /** One GET of an operation (or of the scale set), no waiting. */
  private OperationPoll poll(String url, RetryBudget budget) {
    Raw raw = send(HttpMethod.GET, url, null, budget);
    Optional<ArmError> error = error(raw);
    if (error.isPresent() && ArmNodePoolScaler.pollHiccup(raw.status())) {
      // The poll failed, not the operation: unknown, still running.
      return new OperationPoll.Unknown("HTTP " + raw.status() + " on the operation-status GET");
    }
    if (error.isPresent()) {
      return new OperationPoll.Failed(error.get());
    }
    if (raw.status() == 202) {
      return new OperationPoll.InProgress("Updating");
    }
    Map<String, Object> json = ArmError.parseObject(raw.body());
    Object status = json.get("status");
    if (status == null) {
      status = ArmError.object(json.get("properties")).get("provisioningState");
    }
    String s = status == null ? "Succeeded" : status.toString();
    return switch (s) {
      case "Succeeded" -> new OperationPoll.Succeeded();
      case "Failed", "Canceled" ->
          new OperationPoll.Failed(
              ArmError.fromBody(raw.status(), raw.headers(), raw.body())
                  .orElse(
                      new ArmError(
                          raw.status(),
                          "Operation" + s,
                          "the VMSS operation " + s,
                          Optional.empty())));
      default -> new OperationPoll.InProgress(s);
    };
  }
}
