package dev.aksburst.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aksburst.model.NodeView;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What the interference scenarios play on the simulator: kubectl operations and failed pool
 * operations.
 */
class KubectlTest {
  static final WorkloadRef W = SeedScenario.NGINX_VN;

  static SimCluster seed(int replicas) {
    return SimCluster.start(
        SeedScenario.scenario().withWorkloads(List.of(SeedScenario.workload(replicas))));
  }

  static WorkloadView view(SimCluster sim) {
    return sim.ports().reader().read().workloads().stream()
        .filter(v -> v.ref().equals(W))
        .findFirst()
        .orElseThrow();
  }

  static Set<String> activeNames(SimCluster sim) {
    return sim.pods(W).stream()
        .filter(SimPod::active)
        .map(SimPod::name)
        .collect(Collectors.toSet());
  }

  @Test
  void rolloutRestartReplacesEveryPodWithinMaxSurgeAndMaxUnavailable() {
    SimCluster sim = seed(8);
    Kubectl kubectl = new Kubectl(sim);
    Set<String> before = activeNames(sim);
    assertThat(view(sim).rolloutInProgress()).isFalse();

    kubectl.rolloutRestart(W);
    sim.advance(Duration.ofSeconds(1));
    assertThat(view(sim).rolloutInProgress()).isTrue();
    for (int s = 0; s < 600; s++) {
      sim.advance(Duration.ofSeconds(1));
      long active = sim.pods(W).stream().filter(SimPod::active).count();
      long ready = sim.readyOnVm(W) + sim.readyOnVirtual(W);
      // 8 replicas: maxSurge 2, maxUnavailable 2
      assertThat(active).as("at most replicas + maxSurge").isLessThanOrEqualTo(10);
      assertThat(ready).as("at least replicas - maxUnavailable Ready").isGreaterThanOrEqualTo(6);
    }
    assertThat(view(sim).rolloutInProgress()).isFalse();
    Set<String> after = activeNames(sim);
    assertThat(after).hasSize(8).doesNotContainAnyElementsOf(before);
  }

  @Test
  void deleteTakesTheStateAndThePodsAndCreateStartsFromTheManifest() {
    SimCluster sim = seed(3);
    Kubectl kubectl = new Kubectl(sim);
    kubectl.delete(W);
    assertThat(sim.hasDeployment(W)).isFalse();
    assertThat(sim.ports().reader().read().workloads()).isEmpty();
    sim.advance(Duration.ofMinutes(1));
    assertThat(sim.pods(W)).isEmpty();
    assertThatThrownBy(() -> kubectl.delete(W)).hasMessageContaining(W.toString());

    kubectl.create(SeedScenario.workload(2));
    sim.advance(Duration.ofMinutes(1));
    assertThat(sim.readyOnVm(W) + sim.readyOnVirtual(W)).isEqualTo(2);
    assertThat(view(sim).state().intents()).isEmpty();
    assertThatThrownBy(() -> kubectl.create(SeedScenario.workload(2)))
        .hasMessageContaining("already exists");
  }

  @Test
  void aNodeTurnsNotReadyTaintedAndReadyAgain() {
    SimCluster sim = seed(1);
    Kubectl kubectl = new Kubectl(sim);
    String node = sim.nodes().stream().filter(n -> !n.virtual()).findFirst().orElseThrow().name();
    kubectl.nodeNotReady(node);
    NodeView v = nodeView(sim, node);
    assertThat(v.ready()).isFalse();
    assertThat(v.taints()).contains(SimNode.NOT_READY_TAINT);
    assertThat(sim.readyVmNodes(SeedScenario.POOL)).isZero();

    kubectl.nodeReady(node);
    assertThat(nodeView(sim, node).ready()).isTrue();
    assertThat(nodeView(sim, node).taints()).doesNotContain(SimNode.NOT_READY_TAINT);
    assertThatThrownBy(() -> kubectl.nodeReady("nope")).hasMessageContaining("nope");
  }

  static NodeView nodeView(SimCluster sim, String name) {
    return sim.ports().reader().read().nodes().stream()
        .filter(n -> n.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aScaleWhoseNodesNeverBecomeReadyEndsFailedAfterTheArmTimeout() {
    SimCluster sim =
        SimCluster.start(
            SeedScenario.scenario(
                SimSettings.DEFAULTS.withNodeProvisioningDelay(
                    Duration.ofSeconds(150), Duration.ofDays(365))));
    var ports = sim.ports();
    assertThat(ports.pools().scale(ports.pools().describe().get(0), 3))
        .isInstanceOf(dev.aksburst.reconcile.NodePoolScaler.ScaleOutcome.Started.class);
    sim.advance(SimPoolOperation.TIMEOUT.minusSeconds(1));
    assertThat(ports.pools().describe().get(0).provisioningState()).isEqualTo("Scaling");

    sim.advance(Duration.ofSeconds(1));
    var failed = ports.pools().describe().get(0);
    assertThat(failed.provisioningState()).isEqualTo("Failed");
    assertThat(failed.lastError())
        .hasValueSatisfying(e -> assertThat(e).contains("did not become Ready"));
    assertThat(failed.count()).as("the pool keeps its count, as AKS does").isEqualTo(3);

    assertThat(ports.pools().scale(failed, 3))
        .as("a Failed pool takes a new write")
        .isInstanceOf(dev.aksburst.reconcile.NodePoolScaler.ScaleOutcome.Started.class);
    assertThat(ports.pools().describe().get(0).provisioningState()).isEqualTo("Scaling");
    assertThat(ports.pools().describe().get(0).lastError()).isEmpty();
  }

  @Test
  void anHpaPatchedOrDeletedIsWhatTheReaderSeesAndTheHpaFollowsTheLoad() {
    SimCluster sim = seed(2);
    Kubectl kubectl = new Kubectl(sim);
    assertThat(view(sim).hpa()).isEmpty();
    kubectl.patchHpa(W, 2, 12);
    kubectl.hpaLoad(W, 6);
    sim.advance(Duration.ofSeconds(30));
    assertThat(view(sim).hpa()).hasValueSatisfying(h -> assertThat(h.maxReplicas()).isEqualTo(12));
    assertThat(sim.specReplicas(W)).as("the HPA follows the load").isEqualTo(6);
    kubectl.hpaLoad(W, 40);
    sim.advance(Duration.ofSeconds(30));
    assertThat(sim.specReplicas(W)).as("capped at the HPA's max").isEqualTo(12);

    kubectl.deleteHpa(W);
    assertThat(view(sim).hpa()).isEmpty();
    assertThatThrownBy(() -> kubectl.patchHpa(W, 0, 3)).hasMessageContaining("minReplicas");
  }
}
