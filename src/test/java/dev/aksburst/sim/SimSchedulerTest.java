package dev.aksburst.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.NodeSelectorRequirement;
import dev.aksburst.model.NodeSelectorTerm;
import dev.aksburst.model.Placement;
import dev.aksburst.model.Resources;
import dev.aksburst.model.Taint;
import dev.aksburst.model.Toleration;
import dev.aksburst.model.TopologySpread;
import dev.aksburst.model.WorkloadRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SimSchedulerTest {
  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");
  private static final WorkloadRef W = WorkloadRef.of("ns", "web");
  private static final Resources POD = SeedScenario.POD_REQUESTS;

  private static SimNode vm(String name) {
    return new SimNode(
        name,
        Optional.of("agentpool"),
        "Standard_DS2_v2",
        Map.of("kubernetes.io/hostname", name, "agentpool", "agentpool"),
        List.of(),
        false,
        SeedScenario.DS2_V2_ALLOCATABLE,
        30,
        SeedScenario.DAEMONSET_REQUESTS,
        6,
        NOW,
        NOW,
        NOW,
        Optional.empty(),
        0);
  }

  private static SimNode virtualNode() {
    return new SimNode(
        SimCluster.VIRTUAL_NODE_NAME,
        Optional.empty(),
        "",
        SimCluster.VIRTUAL_NODE_LABELS,
        List.of(SimCluster.VIRTUAL_NODE_TAINT),
        true,
        SimCluster.VIRTUAL_NODE_ALLOCATABLE,
        SimCluster.VIRTUAL_NODE_MAX_PODS,
        Resources.ZERO,
        0,
        NOW,
        NOW,
        NOW,
        Optional.empty(),
        0);
  }

  private static SimPod podOn(String name, String node) {
    return SimPod.newPod(name, W, POD, NOW).bind(node, NOW, NOW, false, "");
  }

  private static Optional<String> pick(
      Placement placement, List<SimNode> nodes, List<SimPod> pods) {
    return SimScheduler.schedule(POD, placement, W, nodes, pods, NOW).node();
  }

  @Test
  void aZoneSpreadKeepsPodsOffTheVirtualNodeAndAHostnameSpreadBalancesVms() {
    Placement tolerates =
        new Placement(
            List.of(new Toleration("virtual-kubelet.io/provider", "Exists", "", "")),
            Map.of(),
            List.of(),
            List.of());
    List<SimPod> full = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      full.add(podOn("p" + i, "vm-0"));
    }
    Placement zone =
        tolerates.withSpread(
            List.of(TopologySpread.hard(1, TopologySpread.ZONE, Map.of("app", "web"))));
    SimScheduler.Decision d =
        SimScheduler.schedule(POD, zone, W, List.of(vm("vm-0"), virtualNode()), full, NOW);
    assertThat(d.node()).as("vm-0 is full, the virtual node has no zone").isEmpty();
    assertThat(d.message()).contains("didn't match pod topology spread constraints");

    Placement host =
        Placement.NONE.withSpread(
            List.of(TopologySpread.hard(1, TopologySpread.HOSTNAME, Map.of("app", "web"))));
    List<SimPod> two = List.of(podOn("p0", "vm-0"), podOn("p1", "vm-0"));
    assertThat(pick(host, List.of(vm("vm-0"), vm("vm-1")), two))
        .as("vm-0 holds 2, vm-1 0: 2 + 1 - 0 > 1")
        .hasValue("vm-1");
  }

  @Test
  void untoleratedTaintFiltersTheVirtualNode() {
    Placement noToleration = Placement.NONE;
    List<SimPod> full = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      full.add(podOn("p" + i, "vm-0"));
    }
    SimScheduler.Decision d =
        SimScheduler.schedule(POD, noToleration, W, List.of(vm("vm-0"), virtualNode()), full, NOW);
    assertThat(d.node()).isEmpty();
    assertThat(d.message())
        .isEqualTo(
            "0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint"
                + " {virtual-kubelet.io/provider: azure}.");
  }

  @Test
  void notReadyAndCordonedNodesAreFiltered() {
    SimNode booting =
        new SimNode(
            "vm-1",
            Optional.of("agentpool"),
            "Standard_DS2_v2",
            Map.of(),
            List.of(),
            false,
            SeedScenario.DS2_V2_ALLOCATABLE,
            30,
            Resources.ZERO,
            0,
            NOW,
            NOW,
            NOW.plusSeconds(30),
            Optional.empty(),
            1);
    SimNode cordoned = vm("vm-2").cordon(NOW.plusSeconds(30));
    SimScheduler.Decision d =
        SimScheduler.schedule(POD, Placement.NONE, W, List.of(booting, cordoned), List.of(), NOW);
    assertThat(d.node()).isEmpty();
    assertThat(d.message())
        .contains("1 node(s) had untolerated taint {node.kubernetes.io/not-ready}")
        .contains("1 node(s) were unschedulable");
  }

  @Test
  void nodeSelectorRequiredAffinityAndMaxPodsFilter() {
    Placement selector =
        new Placement(List.of(), Map.of("agentpool", "other"), List.of(), List.of());
    assertThat(pick(selector, List.of(vm("vm-0")), List.of())).isEmpty();
    Placement required =
        new Placement(
            List.of(),
            Map.of(),
            List.of(NodeSelectorTerm.of(NodeSelectorRequirement.in("agentpool", "agentpool"))),
            List.of());
    assertThat(pick(required, List.of(vm("vm-0")), List.of())).contains("vm-0");

    SimNode tiny =
        new SimNode(
            "vm-9",
            Optional.of("agentpool"),
            "Standard_DS2_v2",
            Map.of(),
            List.of(),
            false,
            SeedScenario.DS2_V2_ALLOCATABLE,
            7,
            Resources.ZERO,
            6,
            NOW,
            NOW,
            NOW,
            Optional.empty(),
            0);
    SimScheduler.Decision d =
        SimScheduler.schedule(
            POD, Placement.NONE, W, List.of(tiny), List.of(podOn("a", "vm-9")), NOW);
    assertThat(d.message()).contains("1 Too many pods");
  }

  @Test
  void preferredAffinityWinsOnAnEmptyVmNode() {
    assertThat(pick(SeedScenario.PLACEMENT, List.of(vm("vm-0"), virtualNode()), List.of()))
        .contains("vm-0");
  }

  @Test
  void withoutAffinityTheEmptiestNodeWins() {
    Placement tolerateOnly =
        new Placement(
            List.of(new Toleration("virtual-kubelet.io/provider", "Exists", "", "")),
            Map.of(),
            List.of(),
            List.of());
    assertThat(pick(tolerateOnly, List.of(vm("vm-0"), virtualNode()), List.of()))
        .as("least-allocated favours the virtual node's huge allocatable")
        .contains(SimCluster.VIRTUAL_NODE_NAME);
  }

  @Test
  void hostnameSpreadingPushesReplicasAwayFromTheNodeThatHasThem() {
    Placement tolerateOnly =
        new Placement(
            List.of(new Toleration("virtual-kubelet.io/provider", "Exists", "", "")),
            Map.of(),
            List.of(),
            List.of());
    SimNode a = vm("vm-a");
    SimNode b = vm("vm-b");
    List<SimPod> onA = List.of(podOn("p1", "vm-a"));
    assertThat(pick(tolerateOnly, List.of(a, b), onA)).contains("vm-b");
    assertThat(SimScheduler.spreadScores(List.of(a, b), Map.of("vm-a", 3, "vm-b", 0)))
        .containsExactly(40, 100);
  }

  @Test
  void preferVmsLosesToSpreadingOnceTheVmHoldsReplicas() {
    Placement seed = SeedScenario.PLACEMENT;
    SimNode big =
        new SimNode(
            "vm-big",
            Optional.of("agentpool"),
            "Standard_D16s_v5",
            Map.of(),
            List.of(),
            false,
            Resources.of(15_000, 60L * 1024 * 1024 * 1024),
            110,
            Resources.ZERO,
            0,
            NOW,
            NOW,
            NOW,
            Optional.empty(),
            0);
    List<SimPod> pods = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      pods.add(podOn("p" + i, "vm-big"));
    }
    assertThat(pick(seed, List.of(big, virtualNode()), pods))
        .as("room left on the VM, yet the replica goes to ACI")
        .contains(SimCluster.VIRTUAL_NODE_NAME);
  }

  @Test
  void preferNoScheduleTaintLowersTheScore() {
    SimNode soft =
        new SimNode(
            "vm-a",
            Optional.of("agentpool"),
            "Standard_DS2_v2",
            Map.of(),
            List.of(new Taint("spot", "true", "PreferNoSchedule")),
            false,
            SeedScenario.DS2_V2_ALLOCATABLE,
            30,
            Resources.ZERO,
            0,
            NOW,
            NOW,
            NOW,
            Optional.empty(),
            0);
    assertThat(pick(Placement.NONE, List.of(soft, vm("vm-b")), List.of())).contains("vm-b");
  }
}
