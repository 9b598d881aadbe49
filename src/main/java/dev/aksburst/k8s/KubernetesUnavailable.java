package dev.aksburst.k8s;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.URL;

/**
 * A Kubernetes call that failed, told as an operator needs it: which API server, doing what, and
 * the root cause ("Connection refused", "HTTP 500 ..."), not only fabric8's "Operation: [list] for
 * kind: [Node] ... failed".
 */
public final class KubernetesUnavailable extends RuntimeException {
  private final int code;

  public KubernetesUnavailable(URL server, String doing, KubernetesClientException e) {
    super(message(server, doing, e), e);
    this.code = e.getCode();
  }

  /** The HTTP status the API server answered, 0 when it was not reached. */
  public int code() {
    return code;
  }

  private static String message(URL server, String doing, KubernetesClientException e) {
    StringBuilder causes = new StringBuilder();
    Throwable t = e.getCause();
    for (int depth = 0; t != null && depth < 8; t = t.getCause(), depth++) {
      String m = t.getMessage();
      String part;
      if (t instanceof java.net.http.HttpConnectTimeoutException) {
        part = "connect timed out";
      } else if (t instanceof ConnectException && (m == null || m.isBlank())) {
        // The JDK client's ConnectException for a closed port carries no message.
        part = "could not connect: connection refused or host unreachable";
      } else {
        part = m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
      }
      if (causes.indexOf(part) < 0) {
        causes.append(causes.isEmpty() ? "" : "; ").append(part);
      }
    }
    String status = e.getCode() > 0 ? "HTTP " + e.getCode() + ", " : "";
    return "Kubernetes API server "
        + server
        + " failed while "
        + doing
        + ": "
        + status
        + e.getMessage()
        + (causes.isEmpty() ? "" : " (" + causes + ")");
  }
}
