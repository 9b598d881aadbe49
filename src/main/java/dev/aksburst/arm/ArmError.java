package dev.aksburst.arm;

import com.azure.core.exception.HttpResponseException;
import com.azure.core.http.HttpHeaders;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import dev.aksburst.reconcile.NodePoolScaler.ScaleOutcome;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An Azure error as aks-burst reports it: HTTP status, Azure's code and message, and how long ARM
 * asked to wait. Maps to a {@link ScaleOutcome} with a hint saying what the user can do.
 */
record ArmError(int status, String code, String message, Optional<Duration> retryAfter) {
  /** When ARM throttles without saying for how long. */
  static final Duration DEFAULT_THROTTLE = Duration.ofSeconds(30);

  private static final Set<String> BUSY_CODES =
      Set.of(
          "OperationNotAllowed",
          "AnotherOperationInProgress",
          "Conflict",
          "PreconditionFailed",
          "EtagMismatch",
          "OperationPreempted");
  private static final Set<String> QUOTA_CODES =
      Set.of(
          "QuotaExceeded",
          "ErrCode_InsufficientVCPUQuota",
          "InsufficientVCPUQuota",
          "OperationNotAllowedQuota",
          "PublicIPCountLimitReached");
  private static final Set<String> CAPACITY_CODES =
      Set.of(
          "SkuNotAvailable",
          "AllocationFailed",
          "ZonalAllocationFailed",
          "OverconstrainedAllocationRequest",
          "OverconstrainedZonalAllocationRequest");

  ArmError {
    Objects.requireNonNull(code, "code");
    message = message == null ? "" : message;
    Objects.requireNonNull(retryAfter, "retryAfter");
  }

  static ArmError of(HttpResponseException e) {
    int status = e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
    Optional<Duration> retryAfter =
        e.getResponse() == null
            ? Optional.empty()
            : BoundedRetryPolicy.retryAfter(e.getResponse().getHeaders());
    if (e instanceof ManagementException me && me.getValue() != null) {
      ManagementError v = me.getValue();
      String code = v.getCode() == null ? String.valueOf(status) : v.getCode();
      return new ArmError(status, code, v.getMessage(), retryAfter);
    }
    return new ArmError(status, String.valueOf(status), e.getMessage(), retryAfter);
  }

  /**
   * Reads an error out of an ARM body: {@code error.{code,message}} (error responses and
   * Azure-AsyncOperation results), or {@code properties.status.provisioningError} (an agent pool
   * left Failed).
   */
  static Optional<ArmError> fromBody(int status, HttpHeaders headers, String body) {
    Optional<Duration> retryAfter =
        headers == null ? Optional.empty() : BoundedRetryPolicy.retryAfter(headers);
    Map<String, Object> json = parseObject(body);
    Map<String, Object> error = object(json.get("error"));
    if (error.isEmpty()) {
      error = object(object(object(json.get("properties")).get("status")).get("provisioningError"));
    }
    if (error.isEmpty()) {
      return Optional.empty();
    }
    Object code = error.get("code");
    return Optional.of(
        new ArmError(
            status,
            code == null ? String.valueOf(status) : code.toString(),
            String.valueOf(error.getOrDefault("message", "")),
            retryAfter));
  }

  static Map<String, Object> parseObject(String body) {
    if (body == null || body.isBlank()) {
      return Map.of();
    }
    try (JsonReader reader = JsonProviders.createReader(body)) {
      return object(reader.readUntyped());
    } catch (IOException | IllegalStateException e) {
      return Map.of();
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  /** "Code: message", as NodePoolView.lastError and PoolState.lastError carry it. */
  String summary() {
    return message.isEmpty() ? code : code + ": " + message;
  }

  boolean isQuota() {
    return QUOTA_CODES.contains(code)
        || message.toLowerCase(Locale.ROOT).contains("quota")
            && (status == 400 || status == 409 || status == 0 || status == 200);
  }

  /** The outcome of a write that answered with this error. */
  ScaleOutcome toOutcome(String pool, String vmSize) {
    if (status == 429) {
      return new ScaleOutcome.Throttled(retryAfter.orElse(DEFAULT_THROTTLE), summary());
    }
    if (!isQuota()
        && (status == 409 || status == 412)
        && (BUSY_CODES.contains(code) || status == 412)) {
      return new ScaleOutcome.Busy(code, message);
    }
    return failed(pool, vmSize);
  }

  /** An operation that failed, whether it answered at once or failed while running. */
  ScaleOutcome.Failed failed(String pool, String vmSize) {
    boolean retryable =
        !isQuota() && (status >= 500 || status == 408 || CAPACITY_CODES.contains(code));
    return new ScaleOutcome.Failed(code, message, hint(pool, vmSize), retryable);
  }

  private String hint(String pool, String vmSize) {
    String size = vmSize == null || vmSize.isEmpty() ? "the pool's VM size" : vmSize;
    if (isQuota()) {
      return "request a vCPU quota increase for the VM family of "
          + size
          + " in the cluster's region (Azure portal > Quotas > Compute, or `az quota`), or use a"
          + " smaller VM size; until then the virtual node keeps serving the overflow";
    }
    if (CAPACITY_CODES.contains(code)) {
      return "the region or zone has no capacity for "
          + size
          + " right now: retry later, or add a pool with another VM size or zone";
    }
    if (status == 401
        || status == 403
        || code.startsWith("Authorization")
        || code.equals("LinkedAuthorizationFailed")) {
      return "grant the app's managed identity the role in infra/roles/aks-burst-agentpool-operator.json"
          + " (or Azure Kubernetes Service Contributor Role) on the cluster";
    }
    if (status == 404 || code.equals("NotFound") || code.equals("ResourceNotFound")) {
      return "check AKSBURST_CLUSTER_ID and that node pool " + pool + " still exists";
    }
    if (code.equals("SubnetIsFull") || code.contains("Subnet")) {
      return "the pool's subnet has no free addresses for more nodes: enlarge the subnet or use another";
    }
    if (status >= 500) {
      return "Azure had a transient error; a later reconcile retries";
    }
    return "see the cluster's activity log in the Azure portal for the failed operation on pool "
        + pool;
  }
}
