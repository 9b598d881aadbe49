package dev.aksburst.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aksburst.model.PlaceholderSet;
import dev.aksburst.model.PlaceholderTemplate;
import dev.aksburst.model.Placement;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.WriteFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Node auto-provisioning on the simulator (nodes for Pending pods, empty or movable nodes
 * consolidated), placeholder Deployments through the writer port, and the scheduler's preemption of
 * lower-priority pods.
 */
class SimNodeAutoProvisionerTest {
  private static final WorkloadRef BATCH = WorkloadRef.of("virtualnode", "batch");
  private static final WorkloadRef NGINX = SeedScenario.NGINX_VN;

  /** A Deployment that does not tolerate the virtual node: Pending when VMs are full. */
  private static SimWorkloadSpec batch(int replicas) {
    return new SimWorkloadSpec(
        BATCH,
        Map.of("app", "batch"),
        Map.of(),
        replicas,
        SeedScenario.POD_REQUESTS,
        Placement.NONE,
        Optional.empty());
  }

  private static SimCluster start(boolean nap) {
    SimScenario s =
        SeedScenario.scenario().withWorkloads(List.of(SeedScenario.workload(1), batch(0)));
    return SimCluster.start(nap ? s.withNodeAutoProvisioning(SimNodeAutoProvisioning.ds2v2()) : s);
  }

  private static PlaceholderTemplate template(String priorityClass) {
    return new PlaceholderTemplate(
        "nginx-vn-aksburst-placeholder",
        SeedScenario.POD_REQUESTS,
        Placement.NONE,
        priorityClass,
        PlaceholderTemplate.PAUSE_IMAGE);
  }

  @Test
  void pendingPodsGetNodesOfTheNodePoolShapeAfterTheProvisioningDelay() {
    SimCluster sim = start(true);
    // The VM node has room for 2 more pods (3 of 500m, one is nginx's): 6 others wait.
    sim.scale(BATCH, 8);
    sim.advance(Duration.ofSeconds(5));
    assertThat(sim.readyOnVm(BATCH) + sim.notReady(BATCH)).isEqualTo(8);
    assertThat(sim.napFigures().get(0)).as("3 pods a DS2_v2 node: 2 nodes").isEqualTo(2);
    assertThat(sim.vmNodeCount()).isEqualTo(3);
    sim.advance(Duration.ofSeconds(60));
    assertThat(sim.readyOnVm(BATCH)).as("not Ready before 75 s").isEqualTo(2);
    sim.advance(Duration.ofSeconds(30));
    assertThat(sim.readyOnVm(BATCH)).isEqualTo(8);
    assertThat(sim.napFigures().get(0)).as("no second launch for the same pods").isEqualTo(2);
    assertThat(
            sim.nodes().stream()
                .filter(SimNodeAutoProvisioner::launchedByNap)
                .map(n -> n.labels().get(SimNodeAutoProvisioning.NODEPOOL_LABEL)))
        .containsOnly("default");
  }

  @Test
  void nodesWhosePodsFitElsewhereAreConsolidatedAfterTheDelay() {
    SimCluster sim = start(true);
    sim.scale(BATCH, 8);
    sim.advance(Duration.ofMinutes(2));
    sim.scale(BATCH, 2);
    sim.advance(Duration.ofMinutes(4));
    assertThat(sim.vmNodeCount()).as("within consolidateAfter (5 min)").isEqualTo(3);
    sim.advance(Duration.ofMinutes(10));
    assertThat(sim.vmNodeCount()).isEqualTo(1);
    assertThat(sim.napFigures().get(1)).isEqualTo(2);
    assertThat(sim.readyOnVm(BATCH)).isEqualTo(2);
  }

  @Test
  void aRealPodPreemptsPlaceholdersThatGoPendingAgainAndNeverLandOnTheVirtualNode() {
    SimCluster sim = start(false);
    sim.ports().writer().writePlaceholders(NGINX, template("aks-burst-placeholder"), 2);
    sim.advance(Duration.ofSeconds(10));
    WorkloadRef ph = WorkloadRef.of("virtualnode", "nginx-vn-aksburst-placeholder");
    assertThat(sim.readyOnVm(ph)).as("the VM node is full now").isEqualTo(2);
    PlaceholderSet seen = sim.ports().reader().read().placeholders(NGINX).orElseThrow();
    assertThat(seen.replicas()).isEqualTo(2);
    assertThat(seen.runningOn()).hasSize(2);
    assertThat(seen.oldestPending()).isEmpty();

    sim.scale(BATCH, 1);
    sim.advance(Duration.ofSeconds(10));

    assertThat(sim.readyOnVm(BATCH)).isEqualTo(1);
    assertThat(sim.napFigures().get(2)).as("one placeholder preempted").isEqualTo(1);
    assertThat(sim.readyOnVm(ph)).isEqualTo(1);
    assertThat(sim.pods(ph).stream().filter(p -> p.status().equals("Pending"))).hasSize(1);
    assertThat(sim.readyOnVirtual(ph) + sim.activeOnVirtual(ph)).isZero();
    assertThat(sim.ports().reader().read().placeholders(NGINX).orElseThrow().oldestPending())
        .as("the preempted placeholder waits again")
        .isPresent();

    // Two more: one preempts the last placeholder; the next finds only pods of its own priority
    // (equal priority preempts nothing) and stays Pending.
    sim.scale(BATCH, 3);
    sim.advance(Duration.ofSeconds(10));
    assertThat(sim.napFigures().get(2)).as("the second placeholder is preempted too").isEqualTo(2);
    assertThat(sim.pods(BATCH).stream().filter(p -> p.status().equals("Pending"))).hasSize(1);
  }

  @Test
  void zeroReplicasDeletesThePlaceholdersAndAForeignDeploymentOrUnknownClassIsRefused() {
    SimCluster sim = start(false);
    sim.ports().writer().writePlaceholders(NGINX, template("aks-burst-placeholder"), 2);
    sim.ports().writer().writePlaceholders(NGINX, template("aks-burst-placeholder"), 0);
    assertThat(sim.ports().reader().read().placeholders()).isEmpty();

    assertThatThrownBy(
            () -> sim.ports().writer().writePlaceholders(NGINX, template("no-such-class"), 1))
        .isInstanceOf(WriteFailure.class)
        .hasMessageContaining("no PriorityClass with name no-such-class");
    assertThatThrownBy(
            () ->
                sim.ports().writer().writePlaceholders(BATCH, template("aks-burst-placeholder"), 1))
        .isInstanceOf(WriteFailure.class)
        .hasMessageContaining("is not an opted-in Deployment");
    assertThat(sim.hasDeployment(WorkloadRef.of("virtualnode", "nginx-vn-aksburst-placeholder")))
        .isFalse();
  }
}
