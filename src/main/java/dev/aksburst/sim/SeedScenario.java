package dev.aksburst.sim;

import dev.aksburst.contract.Annotations;
import dev.aksburst.model.Placement;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.Resources;
import dev.aksburst.model.Toleration;
import dev.aksburst.model.WorkloadRef;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The seed experiment (the burst story of docs/local.md, "The demo") as a scenario: one manual
 * agent pool {@code agentpool} with one Standard_DS2_v2 node, the virtual node, and Deployment
 * {@code virtualnode/nginx-vn} with one replica that tolerates the virtual node and prefers nodes
 * that are not virtual.
 *
 * <p>Sizes: a DS2_v2 node has 1900m CPU and 5.5Gi allocatable; the DaemonSets (kube-proxy,
 * azure-cns, azure-ip-masq-agent, cloud-node-manager, csi drivers...) request about 300m and 512Mi,
 * leaving room for three 500m/1Gi pods. Twenty replicas therefore need seven nodes.
 */
public final class SeedScenario {
  public static final WorkloadRef NGINX_VN = WorkloadRef.of("virtualnode", "nginx-vn");
  public static final String POOL = "agentpool";
  public static final Instant START = Instant.parse("2025-04-15T18:00:00Z");
  public static final Resources POD_REQUESTS = Resources.of(500, 1024L * 1024 * 1024);
  public static final Resources DS2_V2_ALLOCATABLE = Resources.of(1900, 5632L * 1024 * 1024);
  public static final Resources DAEMONSET_REQUESTS = Resources.of(300, 512L * 1024 * 1024);

  /** The seed's pod template: tolerate the virtual node, prefer nodes that are not virtual. */
  public static final Placement PLACEMENT =
      new Placement(
          List.of(new Toleration(Annotations.VIRTUAL_NODE_TAINT_KEY, "Exists", "", "")),
          Map.of(),
          List.of(),
          List.of(
              new Placement.PreferredTerm(
                  1,
                  Annotations.VIRTUAL_NODE_LABEL_KEY,
                  "NotIn",
                  List.of(Annotations.VIRTUAL_NODE_LABEL_VALUE))));

  /**
   * The Deployment's annotations, as docs/local.md documents them: an alert raises it to 20 (the
   * seed's burst), never above 30, backfilled by {@code agentpool}, the floor held 5 minutes after
   * the alert resolves, at most 24 pods on the virtual node (12 vCPU of ACI quota).
   */
  public static final Map<String, String> ANNOTATIONS =
      Map.of(
          Annotations.MAX_REPLICAS, "30",
          Annotations.BURST, "20",
          Annotations.NODE_POOL, POOL,
          Annotations.HOLD, "5m",
          Annotations.MAX_VIRTUAL_PODS, "24",
          // The seed's own procedure: VMs grown in parallel and backfilled, whatever the prices.
          Annotations.STRATEGY, "vm-first");

  private SeedScenario() {}

  public static SimScenario scenario() {
    return scenario(SimSettings.DEFAULTS);
  }

  public static SimScenario scenario(SimSettings settings) {
    return new SimScenario(
        "sim/aks-burst-seed", START, List.of(pool(1)), true, List.of(workload(1)), settings);
  }

  /** The manual pool {@code agentpool} with {@code count} DS2_v2 nodes. */
  public static SimPoolSpec pool(int count) {
    return new SimPoolSpec(
        POOL,
        PoolMode.MANUAL,
        count,
        OptionalInt.empty(),
        OptionalInt.empty(),
        "Standard_DS2_v2",
        DS2_V2_ALLOCATABLE,
        30,
        DAEMONSET_REQUESTS,
        6,
        Map.of(),
        List.of());
  }

  /** {@code virtualnode/nginx-vn}, opted in, with {@code replicas}. */
  public static SimWorkloadSpec workload(int replicas) {
    return new SimWorkloadSpec(
        NGINX_VN,
        Map.of("app", "nginx-vn", Annotations.ENABLED, Annotations.ENABLED_VALUE),
        ANNOTATIONS,
        replicas,
        POD_REQUESTS,
        PLACEMENT,
        Optional.empty());
  }
}
