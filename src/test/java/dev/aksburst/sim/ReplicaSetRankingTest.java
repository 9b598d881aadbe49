package dev.aksburst.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.WorkloadRef;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicaSetRankingTest {
  private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");
  private static final WorkloadRef W = WorkloadRef.of("ns", "web");

  private static SimPod pod(String name, int createdSecond) {
    return SimPod.newPod(name, W, SeedScenario.POD_REQUESTS, T.plusSeconds(createdSecond));
  }

  private static SimPod running(String name, String node, int createdSecond) {
    Instant at = T.plusSeconds(createdSecond);
    return pod(name, createdSecond).bind(node, at, at, false, "").started(at.plusSeconds(5));
  }

  private static List<String> victims(int n, SimPod... pods) {
    return ReplicaSetRanking.victims(List.of(pods), n).stream().map(SimPod::name).toList();
  }

  @Test
  void unscheduledGoesBeforeScheduled() {
    assertThat(victims(1, running("a", "vm", 0), pod("b", 100))).containsExactly("b");
  }

  @Test
  void pendingGoesBeforeRunningAndNotReadyBeforeReady() {
    SimPod starting = pod("starting", 0).bind("vm", T, T.plusSeconds(60), false, "");
    assertThat(victims(1, running("a", "vm2", 50), starting)).containsExactly("starting");
  }

  @Test
  void lowerDeletionCostGoesFirst() {
    SimPod cheap = running("cheap", "vm-a", 0).withDeletionCost(-1000);
    SimPod newer = running("newer", "vm-b", 100);
    assertThat(victims(1, cheap, newer)).containsExactly("cheap");
  }

  @Test
  void moreColocatedReplicasGoFirst() {
    assertThat(
            victims(
                2,
                running("vm1", "vm", 100),
                running("vk1", "virtual", 0),
                running("vk2", "virtual", 1)))
        .containsExactlyInAnyOrder("vk1", "vk2");
  }

  @Test
  void amongEqualsTheNewestGoesFirst() {
    assertThat(victims(1, running("old", "a", 0), running("new", "b", 10))).containsExactly("new");
  }

  @Test
  void aLoneAciPodOutlivesVmPodsWithoutDeletionCost() {
    SimPod vmA = running("vm-a", "vm", 0);
    SimPod vmB = running("vm-b", "vm", 1);
    SimPod aci = running("aci", "virtual", 2);
    assertThat(victims(1, vmA, vmB, aci)).containsExactly("vm-b");
    assertThat(victims(1, vmA, vmB, aci.withDeletionCost(-1000))).containsExactly("aci");
  }
}
