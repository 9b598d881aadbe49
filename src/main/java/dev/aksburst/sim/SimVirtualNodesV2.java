package dev.aksburst.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * Virtual nodes v2 in the simulated cluster (instead of, or next to, the add-on's virtual node):
 * nodes {@code virtualnode-N} run by the StatefulSet {@value #NAMESPACE}/{@value #NAME}, each
 * holding at most 200 pods.
 *
 * @param nodes how many virtual nodes the StatefulSet runs at the start
 * @param statefulSetNamed the operator named the StatefulSet to aks-burst (it may scale it)
 * @param maxNodes {@code aksburst.dev/max-replicas} on the StatefulSet
 * @param nodeStartDelay a new virtual node turns Ready this long after the StatefulSet grew (about
 *     45 s on AKS)
 */
public record SimVirtualNodesV2(
    int nodes, boolean statefulSetNamed, int maxNodes, Duration nodeStartDelay) {
  public static final String NAMESPACE = "vn2";
  public static final String NAME = "virtualnode";

  public SimVirtualNodesV2 {
    if (nodes < 0 || maxNodes < 1) {
      throw new IllegalArgumentException(
          "virtual nodes v2: nodes must be >= 0 and maxNodes >= 1, got " + nodes + ", " + maxNodes);
    }
    Objects.requireNonNull(nodeStartDelay, "nodeStartDelay");
    if (nodeStartDelay.isNegative()) {
      throw new IllegalArgumentException("nodeStartDelay must not be negative");
    }
  }

  /** One v2 virtual node that aks-burst may add to, up to 5, each Ready 45 s after it is asked. */
  public static SimVirtualNodesV2 scalable(int nodes) {
    return new SimVirtualNodesV2(nodes, true, 5, Duration.ofSeconds(45));
  }

  /** v2 virtual nodes the operator did not name to aks-burst: it only reports their room. */
  public static SimVirtualNodesV2 fixed(int nodes) {
    return new SimVirtualNodesV2(nodes, false, 5, Duration.ofSeconds(45));
  }

  public static String nodeName(int ordinal) {
    return NAME + "-" + ordinal;
  }
}
