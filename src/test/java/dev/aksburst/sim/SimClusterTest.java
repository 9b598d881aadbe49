package dev.aksburst.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aksburst.model.BurstReadiness;
import dev.aksburst.model.BurstState;
import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.Placement;
import dev.aksburst.model.PodRequests;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.Resources;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.ClusterPorts;
import dev.aksburst.reconcile.IntentStore;
import dev.aksburst.reconcile.NodePoolScaler.ScaleOutcome;
import dev.aksburst.reconcile.WriteFailure;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SimClusterTest {
  private static final WorkloadRef W = SeedScenario.NGINX_VN;

  private static NodePoolView pool(ClusterPorts ports) {
    return ports.pools().describe().get(0);
  }

  @Test
  void newNodesRegisterNotReadyThenTurnReadyAfterTheProvisioningDelay() {
    SimCluster sim = SimCluster.start(SeedScenario.scenario());
    ClusterPorts ports = sim.ports();
    assertThat(ports.pools().scale(pool(ports), 3)).isInstanceOf(ScaleOutcome.Started.class);
    assertThat(pool(ports).provisioningState()).isEqualTo("Scaling");
    assertThat(pool(ports).count()).isEqualTo(3);
    assertThat(ports.pools().scale(pool(ports), 4))
        .isEqualTo(
            new ScaleOutcome.Busy(
                "OperationNotAllowed",
                "Another agentpool operation (Scaling) is in progress, please wait for it to"
                    + " finish before starting a new operation."));

    sim.advance(Duration.ofSeconds(149));
    assertThat(sim.nodes()).hasSize(2);
    sim.advance(Duration.ofSeconds(1));
    assertThat(sim.nodes()).hasSize(4);
    assertThat(ports.reader().read().nodes().stream().filter(n -> !n.ready())).hasSize(2);
    assertThat(sim.readyVmNodes(SeedScenario.POOL)).isEqualTo(1);

    sim.advance(Duration.ofSeconds(30));
    assertThat(sim.readyVmNodes(SeedScenario.POOL)).isEqualTo(3);
    assertThat(pool(ports).provisioningState()).isEqualTo("Succeeded");
  }

  @Test
  void deleteMachinesDrainsExactlyTheNamedNodesAndLowersTheCount() {
    SimCluster sim =
        SimCluster.start(SeedScenario.scenario().withPools(List.of(SeedScenario.pool(3))));
    sim.scale(W, 6);
    sim.advance(Duration.ofMinutes(1));
    List<SimNode> vms =
        sim.nodes().stream()
            .filter(n -> !n.virtual())
            .sorted(Comparator.comparingInt(SimNode::index))
            .toList();
    ClusterPorts ports = sim.ports();
    // the oldest two go, not the newest (a count write would take vms 2 and 1)
    List<String> named = List.of(vms.get(1).name(), vms.get(0).name());
    assertThat(ports.pools().deleteMachines(pool(ports), named))
        .isInstanceOf(ScaleOutcome.Started.class);
    assertThat(pool(ports).count()).isEqualTo(1);
    assertThat(sim.node(vms.get(0).name()).orElseThrow().cordoned()).isTrue();
    assertThat(sim.node(vms.get(1).name()).orElseThrow().cordoned()).isTrue();
    assertThat(sim.node(vms.get(2).name()).orElseThrow().cordoned()).isFalse();
    assertThat(sim.poolWrites())
        .last()
        .satisfies(
            w -> {
              assertThat(w.field()).isEqualTo("deleteMachines");
              assertThat(w.from()).isEqualTo(3);
              assertThat(w.to()).isEqualTo(1);
            });

    sim.advance(Duration.ofMinutes(2));
    assertThat(sim.nodes().stream().filter(n -> !n.virtual()).map(SimNode::name))
        .containsExactly(vms.get(2).name());
    assertThat(sim.readyOnVm(W) + sim.readyOnVirtual(W))
        .as("the drained pods were recreated")
        .isEqualTo(6);
    assertThat(pool(ports).provisioningState()).isEqualTo("Succeeded");
  }

  @Test
  void deleteMachinesRefusesANameThatIsNoRunningNodeOfThePoolAndChangesNothing() {
    SimCluster sim =
        SimCluster.start(SeedScenario.scenario().withPools(List.of(SeedScenario.pool(2))));
    ClusterPorts ports = sim.ports();
    int writes = sim.poolWrites().size();
    assertThat(ports.pools().deleteMachines(pool(ports), List.of("aks-nope-vmss000009")))
        .isInstanceOfSatisfying(
            ScaleOutcome.Failed.class,
            f -> assertThat(f.message()).contains("aks-nope-vmss000009", "not a running machine"));
    assertThat(pool(ports).count()).isEqualTo(2);
    assertThat(sim.poolWrites()).hasSize(writes);
  }

  @Test
  void scaleDownDrainsTheNewestNodesAndTheirPodsMove() {
    SimCluster sim =
        SimCluster.start(SeedScenario.scenario().withPools(List.of(SeedScenario.pool(3))));
    sim.scale(W, 6);
    sim.advance(Duration.ofMinutes(1));
    List<SimNode> vms =
        sim.nodes().stream()
            .filter(n -> !n.virtual())
            .sorted(Comparator.comparingInt(SimNode::index))
            .toList();
    assertThat(vms).hasSize(3);
    assertThat(sim.readyOnVm(W)).isEqualTo(6);

    ClusterPorts ports = sim.ports();
    assertThat(ports.pools().scale(pool(ports), 1)).isInstanceOf(ScaleOutcome.Started.class);
    assertThat(sim.node(vms.get(2).name()).orElseThrow().cordoned()).isTrue();
    assertThat(sim.node(vms.get(1).name()).orElseThrow().cordoned()).isTrue();
    assertThat(sim.node(vms.get(0).name()).orElseThrow().cordoned()).isFalse();

    sim.advance(Duration.ofMinutes(2));
    assertThat(sim.nodes().stream().filter(n -> !n.virtual()).map(SimNode::name))
        .containsExactly(vms.get(0).name());
    assertThat(sim.readyOnVm(W)).isEqualTo(3);
    assertThat(sim.readyOnVirtual(W)).as("evicted replicas land on ACI").isEqualTo(3);
    assertThat(pool(ports).provisioningState()).isEqualTo("Succeeded");
  }

  @Test
  void aciRefusesPodsBeyondTheCoreQuota() {
    SimCluster sim =
        SimCluster.start(SeedScenario.scenario(SimSettings.DEFAULTS.withAciCoreQuota(2)));
    sim.scale(W, 10);
    sim.advance(Duration.ofSeconds(1));
    assertThat(sim.pods(W).stream().filter(SimPod::failsOnStart))
        .as("7 of 10 go to ACI, 4 fit into 2 cores")
        .hasSize(3);
    sim.advance(Duration.ofMinutes(1));
    List<SimPod> refused = sim.pods(W).stream().filter(SimPod::failed).toList();
    assertThat(refused).isNotEmpty();
    assertThat(refused.get(0).status()).isEqualTo("ProviderFailed");
    assertThat(refused.get(0).message()).contains("StandardCores quota of 2.0 cores");
    assertThat(sim.readyOnVirtual(W)).as("2 cores hold four 500m pods").isEqualTo(4);
    assertThat(sim.readyOnVm(W)).isEqualTo(3);
    assertThat(sim.cost().aciPodSeconds()).as("refused pods are not billed").isLessThan(4 * 61.0);
  }

  @Test
  void aciStartTakesAboutTheConfiguredDelay() {
    SimCluster sim = SimCluster.start(SeedScenario.scenario());
    sim.scale(W, 20);
    sim.advance(Duration.ofSeconds(30));
    assertThat(sim.readyOnVirtual(W)).as("none before 45s - 30%").isZero();
    sim.advance(Duration.ofSeconds(30));
    assertThat(sim.readyOnVirtual(W)).as("all after 45s + 30%").isEqualTo(17);
  }

  @Test
  void autoscalerGrowsOnlyForUnschedulablePods() {
    SimPoolSpec autoscaled =
        new SimPoolSpec(
            "agentpool",
            PoolMode.AUTOSCALER,
            1,
            OptionalInt.of(1),
            OptionalInt.of(10),
            "Standard_DS2_v2",
            SeedScenario.DS2_V2_ALLOCATABLE,
            30,
            SeedScenario.DAEMONSET_REQUESTS,
            6,
            Map.of(),
            List.of());
    SimScenario withVirtual = SeedScenario.scenario().withPools(List.of(autoscaled));
    SimCluster bursting = SimCluster.start(withVirtual);
    bursting.scale(W, 20);
    bursting.advance(Duration.ofMinutes(5));
    assertThat(bursting.poolNodeCount("agentpool"))
        .as("the virtual node takes every pod, so nothing is Unschedulable")
        .isEqualTo(1);

    SimCluster vmOnly = SimCluster.start(withVirtual.withVirtualNode(false));
    vmOnly.scale(W, 20);
    vmOnly.advance(Duration.ofSeconds(15));
    assertThat(vmOnly.poolNodeCount("agentpool")).isEqualTo(7);
    vmOnly.advance(Duration.ofMinutes(4));
    assertThat(vmOnly.readyOnVm(W)).isEqualTo(20);

    vmOnly.scale(W, 2);
    vmOnly.advance(Duration.ofMinutes(15));
    assertThat(vmOnly.poolNodeCount("agentpool"))
        .as("underused nodes are removed down to what 2 replicas need")
        .isLessThan(7);
  }

  @Test
  void raisingMinCountGrowsAnAutoscaledPool() {
    SimPoolSpec autoscaled =
        new SimPoolSpec(
            "agentpool",
            PoolMode.AUTOSCALER,
            1,
            OptionalInt.of(1),
            OptionalInt.of(5),
            "Standard_DS2_v2",
            SeedScenario.DS2_V2_ALLOCATABLE,
            30,
            SeedScenario.DAEMONSET_REQUESTS,
            6,
            Map.of(),
            List.of());
    SimCluster sim = SimCluster.start(SeedScenario.scenario().withPools(List.of(autoscaled)));
    ClusterPorts ports = sim.ports();
    assertThat(ports.pools().scale(pool(ports), 6)).isInstanceOf(ScaleOutcome.Failed.class);
    assertThat(ports.pools().scale(pool(ports), 4)).isInstanceOf(ScaleOutcome.Started.class);
    assertThat(pool(ports).minCount()).hasValue(4);
    assertThat(pool(ports).count()).isEqualTo(4);
  }

  @Test
  void thePolicyIsParsedFromTheAnnotationsAndInvalidOnesAreReported() {
    SimCluster seed = SimCluster.start(SeedScenario.scenario());
    var view = seed.ports().reader().read().workload(W).orElseThrow();
    assertThat(view.policy().maxReplicas()).hasValue(30);
    assertThat(view.policy().nodePool()).contains(SeedScenario.POOL);
    assertThat(view.policy().hold()).contains(Duration.ofMinutes(5));
    assertThat(view.policyProblems()).isEmpty();

    SimWorkloadSpec base = SeedScenario.workload(1);
    SimWorkloadSpec typo =
        new SimWorkloadSpec(
            base.ref(),
            base.labels(),
            Map.of("aksburst.dev/max-replicas", "lots", "aksburst.dev/hold", "5m"),
            1,
            base.requests(),
            base.placement(),
            Optional.empty());
    SimCluster sim = SimCluster.start(SeedScenario.scenario().withWorkloads(List.of(typo)));
    var bad = sim.ports().reader().read().workload(W).orElseThrow();
    assertThat(bad.policy().maxReplicas()).isEmpty();
    assertThat(bad.policy().hold()).contains(Duration.ofMinutes(5));
    assertThat(bad.policyProblems())
        .singleElement()
        .asString()
        .contains("aksburst.dev/max-replicas");
  }

  @Test
  void hpaOverwritesSpecReplicasWithinItsPeriod() {
    SimWorkloadSpec base = SeedScenario.workload(2);
    SimWorkloadSpec withHpa =
        new SimWorkloadSpec(
            base.ref(),
            base.labels(),
            base.annotations(),
            2,
            base.requests(),
            base.placement(),
            Optional.of(new SimHpaSpec("nginx-vn", 2, 10)));
    SimCluster sim = SimCluster.start(SeedScenario.scenario().withWorkloads(List.of(withHpa)));
    sim.ports().writer().scale(W, 8);
    sim.advance(Duration.ofSeconds(16));
    assertThat(sim.specReplicas(W)).isEqualTo(2);
    sim.ports().writer().setHpaMinReplicas(W, "nginx-vn", 8);
    sim.advance(Duration.ofSeconds(16));
    assertThat(sim.specReplicas(W)).isEqualTo(8);
    assertThat(
            sim.ports().reader().read().workload(W).orElseThrow().hpa().orElseThrow().minReplicas())
        .isEqualTo(8);
  }

  @Test
  void intentStoreIsCompareAndSwapAndRefusesWorkloadsThatAreNotOptedIn() {
    SimCluster sim = SimCluster.start(SeedScenario.scenario());
    IntentStore store = sim.ports().intents();
    Intent intent =
        new Intent(
            "manual:test",
            IntentSource.MANUAL,
            W,
            20,
            sim.now(),
            Optional.empty(),
            "test",
            Optional.empty(),
            sim.now());
    int[] calls = {0};
    BurstState stored =
        store.update(
            W,
            st -> {
              if (calls[0]++ == 0) {
                // a concurrent writer gets in between read and write
                sim.compareAndSetState(W, sim.readState(W).version(), st);
              }
              return st.withIntent(intent);
            });
    assertThat(calls[0]).as("the conflicting first attempt is re-applied").isEqualTo(2);
    assertThat(stored.intents()).containsExactly(intent);
    assertThat(store.read(W).intents()).containsExactly(intent);
    assertThat(sim.ports().reader().read().workload(W).orElseThrow().state().intents())
        .containsExactly(intent);

    WorkloadRef other = WorkloadRef.of("virtualnode", "missing");
    assertThatThrownBy(() -> store.read(other))
        .isInstanceOf(IntentStore.NotOptedIn.class)
        .hasMessageContaining("not found");
    assertThatThrownBy(() -> sim.ports().writer().scale(other, 3))
        .isInstanceOf(WriteFailure.class)
        .hasMessageContaining("not found");
  }

  @Test
  void costMeterBillsVmNodesAndAciPods() {
    SimCluster sim = SimCluster.start(SeedScenario.scenario());
    sim.advance(Duration.ofHours(1));
    CostReport idle = sim.cost();
    assertThat(idle.vmNodeSeconds()).isEqualTo(3600.0);
    assertThat(idle.vmCost()).isCloseTo(0.146, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(idle.aciCost()).isZero();

    sim.scale(W, 20);
    sim.advance(Duration.ofHours(1));
    CostReport burst = sim.cost();
    assertThat(burst.aciPodSeconds())
        .isCloseTo(17 * 3600.0, org.assertj.core.data.Offset.offset(17.0));
    assertThat(burst.aciCost())
        .isCloseTo(
            17 * 3600 * (0.5 * 0.0000135 + 1.0 * 0.0000015),
            org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void podsOfATemplateWithSidecarsRequestWhatTheSchedulerWouldCount() {
    SimWorkloadSpec seed = SeedScenario.workload(1);
    SimWorkloadSpec meshed =
        new SimWorkloadSpec(
            seed.ref(),
            seed.labels(),
            seed.annotations(),
            1,
            List.of(
                new PodRequests.Container("init", PodRequests.Kind.INIT, Resources.of(900, 0)),
                new PodRequests.Container(
                    "mesh", PodRequests.Kind.SIDECAR, Resources.of(100, 64L << 20)),
                new PodRequests.Container(
                    "web", PodRequests.Kind.APP, Resources.of(250, 1L << 30))),
            Resources.of(50, 0),
            seed.placement(),
            Optional.empty());
    SimCluster sim = SimCluster.start(SeedScenario.scenario().withWorkloads(List.of(meshed)));

    assertThat(meshed.requests()).isEqualTo(Resources.of(950, (1L << 30) + (64L << 20)));
    assertThat(sim.pods(W)).extracting(SimPod::requests).containsOnly(meshed.requests());
    assertThat(sim.ports().reader().read().workloads().get(0).podRequests())
        .isEqualTo(meshed.requests());
  }

  @Test
  void burstReadinessIsJudgedByTheSameRuleAsOnARealCluster() {
    SimWorkloadSpec seed = SeedScenario.workload(1);
    SimWorkloadSpec untolerating =
        new SimWorkloadSpec(
            seed.ref(),
            seed.labels(),
            seed.annotations(),
            1,
            seed.requests(),
            new Placement(List.of(), Map.of("kubernetes.io/os", "linux"), List.of(), List.of()),
            Optional.empty());
    SimCluster sim = SimCluster.start(SeedScenario.scenario().withWorkloads(List.of(untolerating)));
    List<NodeView> virtualNodes =
        sim.ports().reader().read().nodes().stream().filter(NodeView::virtual).toList();

    assertThat(virtualNodes).hasSize(1);
    assertThat(sim.ports().reader().read().workloads().get(0).readinessProblems())
        .isEqualTo(
            BurstReadiness.problems(
                Optional.of(new BurstReadiness.Template(untolerating.placement(), List.of())),
                virtualNodes,
                SimCluster.VIRTUAL_NODE_TAINT))
        .hasSize(2);
  }
}
