package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.MI;
import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static dev.aksburst.plan.PlanningSupport.actions;
import static dev.aksburst.plan.PlanningSupport.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.DaemonSetView;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.Placement;
import dev.aksburst.model.PoolProfile;
import dev.aksburst.model.Resources;
import dev.aksburst.model.Taint;
import dev.aksburst.model.Toleration;
import dev.aksburst.model.TopologySpread;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The new node a pool would add, as AKS makes it: from the agent pool (size, labels, taints, max
 * pods, zones) and a Ready, schedulable node for what the pool does not say; one test per case of
 * the pool's shape (VM size, labels and taints, zones, Spot, a pool at zero), plus the cases that
 * were always right. Node labels and allocatable are those of real AKS nodes (Standard_D4s_v5,
 * Kubernetes 1.30).
 */
class PoolSizingNewNodeTest {
  private static final long GI = 1024 * MI;
  private static final Resources D4S_V5 = Resources.of(3860, 13_200 * MI);
  private static final String POOL = Fixtures.POOL;

  /** A node of the pool as AKS labels it. */
  private static NodeView aksNode(
      String vmss, String zone, boolean ready, List<Taint> taints, Instant created) {
    Map<String, String> labels = new HashMap<>();
    labels.put("agentpool", POOL);
    labels.put("kubernetes.azure.com/agentpool", POOL);
    labels.put("kubernetes.azure.com/mode", "user");
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", "amd64");
    labels.put("node.kubernetes.io/instance-type", "Standard_D4s_v5");
    labels.put("topology.kubernetes.io/region", "eastus");
    labels.put("topology.kubernetes.io/zone", zone);
    labels.put("failure-domain.beta.kubernetes.io/zone", zone);
    labels.put("kubernetes.io/hostname", vmss);
    boolean cordoned =
        taints.stream().anyMatch(t -> t.key().equals("node.kubernetes.io/unschedulable"));
    return new NodeView(
        vmss,
        labels,
        taints,
        Optional.of(POOL),
        false,
        ready,
        cordoned,
        D4S_V5,
        30,
        Resources.ZERO,
        0,
        Resources.ZERO,
        0,
        created);
  }

  private static NodeView aksNode(String vmss, String zone) {
    return aksNode(vmss, zone, true, List.of(), T0.minus(Duration.ofDays(3)));
  }

  private static PoolProfile profile(List<String> zones, List<Taint> taints, boolean spot) {
    return new PoolProfile(Map.of("team", "shop"), taints, zones, spot, 128);
  }

  private static WorkloadView web(int floor, Resources requests, Placement placement) {
    return workload("web")
        .replicas(0)
        .requests(requests)
        .placement(placement)
        .intents(alert(ref("web"), floor, T0))
        .build();
  }

  private static OptionalInt sizedTo(ClusterSnapshot s) {
    List<Action.ScaleNodePool> a = actions(plan(s, T0), Action.ScaleNodePool.class);
    return a.isEmpty() ? OptionalInt.empty() : OptionalInt.of(a.get(0).size());
  }

  private static final Resources HALF_NODE = Resources.of(1800, 2 * GI);

  // ---- item 3: the template node

  @Test
  void aCordonedFirstNodeIsNotTheTemplate() {
    Taint unschedulable = new Taint("node.kubernetes.io/unschedulable", "", "NoSchedule");
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(
                aksNode("aks-nodepool1-0-vmss000000", "eastus-1", true, List.of(unschedulable), T0),
                aksNode("aks-nodepool1-0-vmss000001", "eastus-1"),
                Fixtures.virtualNode())
            .pools(Fixtures.manualPool(2))
            .workloads(web(4, HALF_NODE, Placement.NONE))
            .build();
    // 4 pods of half a node: the free Ready node takes 2, two new nodes the rest.
    assertThat(sizedTo(s)).hasValue(3);
  }

  @Test
  void transientTaintsOfTheOnlyNodeAreNotCopied() {
    List<Taint> transients =
        List.of(
            new Taint("ToBeDeletedByClusterAutoscaler", "1733300000", "NoSchedule"),
            new Taint("node.kubernetes.io/not-ready", "", "NoExecute"));
    NodePoolView pool = Fixtures.manualPool(1);
    NodeView only = aksNode("aks-nodepool1-0-vmss000000", "eastus-1", true, transients, T0);
    PoolShape shape =
        PoolShape.learn(pool, List.of(only), List.of(only), Optional.empty()).shape().orElseThrow();
    assertThat(shape.taints()).isEmpty();
    assertThat(shape.room()).isEqualTo(D4S_V5);
  }

  @Test
  void thePoolsTaintsAndLabelsWinOverTheNodes() {
    Taint gpuOnly = new Taint("sku", "gpu", "NoSchedule");
    NodeView n = aksNode("aks-nodepool1-0-vmss000000", "eastus-1");
    PoolShape shape =
        PoolShape.learn(
                Fixtures.profiledPool(
                    1, "Standard_D4s_v5", profile(List.of(), List.of(gpuOnly), false)),
                List.of(n),
                List.of(n),
                Optional.empty())
            .shape()
            .orElseThrow();
    assertThat(shape.taints()).containsExactly(gpuOnly);
    assertThat(shape.labels())
        .containsEntry("team", "shop")
        .containsEntry("kubernetes.io/os", "linux");
    assertThat(shape.labels()).doesNotContainKey("kubernetes.io/hostname");
  }

  @Test
  void newNodesSpreadOverThePoolsZonesAsAksDoes() {
    NodeView n = aksNode("aks-nodepool1-0-vmss000000", "eastus-1");
    PoolShape shape =
        PoolShape.learn(
                Fixtures.profiledPool(
                    1, "Standard_D4s_v5", profile(List.of("1", "2", "3"), List.of(), false)),
                List.of(n),
                List.of(n),
                Optional.empty())
            .shape()
            .orElseThrow();
    assertThat(List.of(shape.zoneOf(0), shape.zoneOf(1), shape.zoneOf(2), shape.zoneOf(3)))
        .containsExactly(
            Optional.of("eastus-2"),
            Optional.of("eastus-3"),
            Optional.of("eastus-1"),
            Optional.of("eastus-2"));
    assertThat(shape.labelsOf("new-0", 0)).containsEntry("topology.kubernetes.io/zone", "eastus-2");
  }

  @Test
  void hostnameSpreadCountsAnIdleTaintedNodeAndPutsOnePodPerNode() {
    // Issue 21 item 9: maxSkew 1 per hostname, nodeTaintsPolicy Ignore (the default): the system
    // node the pods do not tolerate still is a domain holding 0 of them, so no node may take a
    // second pod. Six pods: one on the pool's node, five new nodes (without spread: no scale-out).
    NodeView system =
        Fixtures.tainted(
            Fixtures.vmNode("aks-system-0", "system", T0),
            new Taint("CriticalAddonsOnly", "true", "NoSchedule"));
    Placement perHost =
        Placement.NONE.withSpread(
            List.of(TopologySpread.hard(1, TopologySpread.HOSTNAME, Map.of("app", "web"))));
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(
                aksNode("aks-nodepool1-0-vmss000000", "eastus-1"), system, Fixtures.virtualNode())
            .pools(
                Fixtures.profiledPool(
                    1, "Standard_D4s_v5", profile(List.of("1", "2", "3"), List.of(), false)))
            .workloads(web(6, Resources.of(250, 256 * MI), perHost))
            .build();
    assertThat(sizedTo(s)).hasValue(6);

    ClusterSnapshot unspread =
        s.withWorkloads(List.of(web(6, Resources.of(250, 256 * MI), Placement.NONE)));
    assertThat(sizedTo(unspread)).isEmpty();
  }

  @Test
  void aZonePinnedWorkloadWaitsForTheNodesOfItsZone() {
    Placement zone3 =
        new Placement(
            List.of(), Map.of("topology.kubernetes.io/zone", "eastus-3"), List.of(), List.of());
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(aksNode("aks-nodepool1-0-vmss000000", "eastus-1"), Fixtures.virtualNode())
            .pools(
                Fixtures.profiledPool(
                    1, "Standard_D4s_v5", profile(List.of("1", "2", "3"), List.of(), false)))
            .workloads(web(4, HALF_NODE, zone3))
            .build();
    // Two nodes are needed in eastus-3: AKS adds eastus-2, eastus-3, eastus-1, eastus-2, eastus-3.
    assertThat(sizedTo(s)).hasValue(6);
  }

  @Test
  void aSingleZonePoolsNodesKeepTheirZone() {
    Placement zone1 =
        new Placement(
            List.of(), Map.of("topology.kubernetes.io/zone", "eastus-1"), List.of(), List.of());
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(aksNode("aks-nodepool1-0-vmss000000", "eastus-1"), Fixtures.virtualNode())
            .pools(Fixtures.manualPool(1))
            .workloads(web(4, HALF_NODE, zone1))
            .build();
    assertThat(sizedTo(s)).hasValue(2);
  }

  // ---- item 4: a pool at zero nodes

  @Test
  void aPoolAtZeroIsSizedFromItsVmSizeAndAksReserve() {
    NodePoolView pool =
        Fixtures.profiledPool(0, "Standard_D4s_v5", profile(List.of(), List.of(), false));
    PoolShape shape =
        PoolShape.learn(pool, List.of(), List.of(), Optional.empty()).shape().orElseThrow();
    // 4 cores: 140m reserved; 16 GiB: min(20 Mi x 30 + 50 Mi, 4 GiB) + 100 Mi eviction = 750 Mi.
    assertThat(shape.room().milliCpu()).isEqualTo(3860);
    assertThat(shape.room().memoryBytes()).isEqualTo(16 * GI - 750 * MI);
    assertThat(shape.pods()).isEqualTo(30);
    assertThat(shape.labels())
        .containsEntry("kubernetes.azure.com/agentpool", POOL)
        .containsEntry("node.kubernetes.io/instance-type", "Standard_D4s_v5")
        .containsEntry("team", "shop");
  }

  @Test
  void aSpotPoolAtZeroTakesOnlyPodsThatTolerateSpot() {
    NodePoolView spot =
        Fixtures.profiledPool(0, "Standard_D4s_v5", profile(List.of(), List.of(), true));
    Placement toleratesSpot =
        new Placement(
            List.of(
                new Toleration(
                    "kubernetes.azure.com/scalesetpriority", "Equal", "spot", "NoSchedule")),
            Map.of(),
            List.of(),
            List.of());
    ClusterSnapshot tolerating =
        Fixtures.snapshot()
            .nodes(Fixtures.virtualNode())
            .pools(spot)
            .workloads(web(4, HALF_NODE, toleratesSpot))
            .build();
    ClusterSnapshot plain =
        Fixtures.snapshot()
            .nodes(Fixtures.virtualNode())
            .pools(spot)
            .workloads(web(4, HALF_NODE, Placement.NONE))
            .build();
    assertThat(sizedTo(tolerating)).hasValue(2);
    assertThat(sizedTo(plain)).isEmpty();
  }

  @Test
  void aGpuPoolAtZeroIsSizedByItsGpus() {
    NodePoolView gpu =
        Fixtures.profiledPool(0, "Standard_NC4as_T4_v3", profile(List.of(), List.of(), false));
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(Fixtures.virtualNode())
            .pools(gpu)
            .workloads(web(5, Resources.of(1000, 4 * GI).with("nvidia.com/gpu", 1), Placement.NONE))
            .build();
    assertThat(sizedTo(s)).hasValue(5);
  }

  // ---- item 6: extended resources on learned nodes

  @Test
  void aOneGpuPerNodePoolGrowsOneNodePerGpuPod() {
    Resources gpuNode = Resources.of(3860, 26 * GI).with("nvidia.com/gpu", 1);
    NodeView n =
        new NodeView(
            "aks-gpu-0-vmss000000",
            Map.of("kubernetes.azure.com/agentpool", POOL),
            List.of(),
            Optional.of(POOL),
            false,
            true,
            false,
            gpuNode,
            30,
            Resources.ZERO,
            0,
            Resources.ZERO,
            0,
            T0.minus(Duration.ofDays(1)));
    Resources onePerPod = Resources.of(500, 2 * GI).with("nvidia.com/gpu", 1);
    WorkloadView w =
        workload("web")
            .replicas(1)
            .requests(onePerPod)
            .placement(Placement.NONE)
            .pods(List.of(gpuPod(Fixtures.pod("web-0", "aks-gpu-0-vmss000000"), onePerPod)))
            .intents(alert(ref("web"), 6, T0))
            .build();
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(n, Fixtures.virtualNode())
            .pools(Fixtures.manualPool(1))
            .workloads(w)
            .build();
    // web-0 holds the node's only GPU: each of the 5 missing pods needs a node of its own.
    assertThat(sizedTo(s)).hasValue(6);
  }

  private static dev.aksburst.model.PodView gpuPod(dev.aksburst.model.PodView p, Resources r) {
    return new dev.aksburst.model.PodView(
        p.name(),
        p.nodeName(),
        p.phase(),
        p.ready(),
        r,
        p.deletionCost(),
        p.created(),
        p.terminating(),
        p.labels());
  }

  // ---- item 5: broken NotReady nodes

  @Test
  void aBrokenNotReadyNodeIsNotComingButAProvisioningOneIs() {
    NodeView ready = aksNode("aks-nodepool1-0-vmss000000", "eastus-1");
    NodeView broken =
        aksNode(
            "aks-nodepool1-0-vmss000001",
            "eastus-1",
            false,
            List.of(),
            T0.minus(Duration.ofHours(6)));
    NodeView booting =
        aksNode(
            "aks-nodepool1-0-vmss000001",
            "eastus-1",
            false,
            List.of(),
            T0.minus(Duration.ofMinutes(2)));
    Resources fullNode = Resources.of(3000, 8 * GI);
    ClusterSnapshot withBroken =
        Fixtures.snapshot()
            .nodes(ready, broken, Fixtures.virtualNode())
            .pools(Fixtures.manualPool(2))
            .workloads(web(2, fullNode, Placement.NONE))
            .build();
    ClusterSnapshot withBooting =
        Fixtures.snapshot()
            .nodes(ready, booting, Fixtures.virtualNode())
            .pools(Fixtures.manualPool(2))
            .workloads(web(2, fullNode, Placement.NONE))
            .build();
    assertThat(sizedTo(withBroken)).hasValue(3);
    assertThat(sizedTo(withBooting)).isEmpty();
  }

  // ---- item 8: DaemonSets that select the new node

  @Test
  void onlyDaemonSetsThatSelectTheNewNodeTakeItsRoom() {
    NodeView n =
        Fixtures.withDaemonSets(
            aksNode("aks-nodepool1-0-vmss000000", "eastus-1"), Resources.of(1100, GI), 2);
    DaemonSetView everywhere =
        new DaemonSetView("kube-system", "ama-logs", Resources.of(100, 256 * MI), Placement.NONE);
    DaemonSetView otherPool =
        new DaemonSetView(
            "kube-system",
            "nvidia-device-plugin",
            Resources.of(1000, 768 * MI),
            new Placement(List.of(), Map.of("agentpool", "gpu"), List.of(), List.of()));
    NodePoolView pool = Fixtures.manualPool(1);
    PoolShape observed =
        PoolShape.learn(pool, List.of(n), List.of(n), Optional.of(List.of(everywhere, otherPool)))
            .shape()
            .orElseThrow();
    PoolShape fromNodes =
        PoolShape.learn(pool, List.of(n), List.of(n), Optional.empty()).shape().orElseThrow();
    assertThat(observed.room()).isEqualTo(D4S_V5.minusFloored(Resources.of(100, 256 * MI)));
    assertThat(observed.pods()).isEqualTo(29);
    assertThat(fromNodes.room()).isEqualTo(D4S_V5.minusFloored(Resources.of(1100, GI)));
    assertThat(fromNodes.pods()).isEqualTo(28);
  }

  @Test
  void aksNodeReserveFollowsTheTable() {
    assertThat(
            List.of(1, 2, 4, 8, 16, 32, 64).stream().map(AksNodeReserve::reservedMilliCpu).toList())
        .containsExactly(60L, 100L, 140L, 180L, 260L, 420L, 740L);
    assertThat(AksNodeReserve.reservedMemoryBytes(4 * GI, 250)).isEqualTo(GI + 100 * MI);
  }
}
