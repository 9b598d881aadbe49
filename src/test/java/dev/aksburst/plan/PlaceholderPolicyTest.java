package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static dev.aksburst.plan.PlanningSupport.actions;
import static dev.aksburst.plan.PlanningSupport.only;
import static dev.aksburst.plan.PlanningSupport.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.BurstStrategy;
import dev.aksburst.model.CapacityMode;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.PlaceholderSet;
import dev.aksburst.model.PlaceholderTemplate;
import dev.aksburst.model.Resources;
import dev.aksburst.model.WorkloadPolicy;
import dev.aksburst.model.WorkloadView;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code aksburst.dev/capacity: placeholders}: the overflow the pool sizing would find VM room for
 * gets a low-priority placeholder Deployment instead of a pool write; its pods are released once
 * they run on Ready VM nodes (backfill surges into that room), and it goes when the burst ends.
 */
class PlaceholderPolicyTest {
  private static final WorkloadPolicy PLACEHOLDERS =
      WorkloadPolicy.DEFAULTS.withCapacity(CapacityMode.PLACEHOLDERS);

  /** web: 20 replicas under a floor of 20, 2 on vm-0 (room for 1 more), 18 on the virtual node. */
  private static WorkloadView web(WorkloadPolicy policy) {
    List<dev.aksburst.model.PodView> all = new ArrayList<>(pods("web", 2, "vm-0"));
    all.addAll(pods("web-aci", 18, Fixtures.VIRTUAL_NODE));
    return workload("web")
        .policy(policy)
        .replicas(20)
        .pods(all)
        .intents(alert(ref("web"), 20, T0))
        .build();
  }

  /**
   * A Ready node node auto-provisioning launched (no agent pool), {@code held} placeholders on it.
   */
  private static NodeView napNode(String name, int held) {
    NodeView n =
        new NodeView(
            name,
            Map.of("karpenter.sh/nodepool", "default", "kubernetes.io/hostname", name),
            List.of(),
            Optional.empty(),
            false,
            true,
            false,
            Fixtures.VM_ALLOCATABLE,
            30,
            Resources.ZERO,
            0,
            Resources.ZERO,
            0,
            T0);
    // Placeholder pods are no workload's pods: they hold room like any foreign pod.
    return Fixtures.withDaemonSets(
        n, Resources.of(held * Fixtures.POD.milliCpu(), held * Fixtures.POD.memoryBytes()), held);
  }

  private static Fixtures.SnapshotBuilder world(WorkloadView w, NodeView... more) {
    List<NodeView> nodes =
        new ArrayList<>(List.of(Fixtures.vmNode("vm-0"), Fixtures.virtualNode()));
    nodes.addAll(List.of(more));
    return Fixtures.snapshot().nodes(nodes).pools(Fixtures.manualPool(1)).workloads(w);
  }

  private static PlaceholderSet observed(int replicas, List<String> runningOn) {
    return new PlaceholderSet(
        ref("web"), "web-aksburst-placeholder", replicas, runningOn.size(), runningOn);
  }

  @Test
  void theOverflowGetsPlaceholdersThatDoNotTolerateTheVirtualNodeAndNoPoolWrite() {
    Plan p = plan(world(web(PLACEHOLDERS)).build(), T0.plusSeconds(30));

    Action.ScalePlaceholders s = only(p, Action.ScalePlaceholders.class);
    // 18 pods off VMs, 1 fits vm-0's free room: 17 placeholders ask for new nodes.
    assertThat(s.replicas()).isEqualTo(17);
    assertThat(s.from()).isZero();
    assertThat(s.eventReason()).contains(EventReason.PLACEHOLDERS_SCALED);
    assertThat(s.target()).isEqualTo("placeholders/default/web-aksburst-placeholder");
    PlaceholderTemplate t = s.template();
    assertThat(t.name()).isEqualTo("web-aksburst-placeholder");
    assertThat(t.requests()).isEqualTo(Fixtures.POD);
    assertThat(t.image()).isEqualTo("registry.k8s.io/pause:3.10");
    assertThat(t.priorityClass()).isEqualTo("aks-burst-placeholder");
    assertThat(t.placement().tolerations())
        .as("the virtual node's toleration is dropped")
        .isEmpty();
    assertThat(t.placement().tolerates(Fixtures.virtualNode().taints())).isFalse();
    assertThat(actions(p, Action.ScaleNodePool.class)).isEmpty();
    assertThat(s.reason()).contains("18 pods of default/web want VM room", "1 fit free room");
  }

  @Test
  void inNodePoolModeThePoolIsSizedAndNoPlaceholderIsProposed() {
    Plan p = plan(world(web(WorkloadPolicy.DEFAULTS)).build(), T0.plusSeconds(30));

    assertThat(actions(p, Action.ScalePlaceholders.class)).isEmpty();
    assertThat(only(p, Action.ScaleNodePool.class).size()).isGreaterThan(1);
  }

  @Test
  void theClusterDefaultAppliesWithoutTheAnnotationAndNamesThePriorityClass() {
    PlannerConfig config =
        PlannerConfig.DEFAULTS.withCapacity(CapacityMode.PLACEHOLDERS, "burst-low");
    Plan p = plan(world(web(WorkloadPolicy.DEFAULTS)).build(), T0.plusSeconds(30), config);

    assertThat(only(p, Action.ScalePlaceholders.class).template().priorityClass())
        .isEqualTo("burst-low");
    assertThat(actions(p, Action.ScaleNodePool.class)).isEmpty();
    // The annotation wins over the cluster default.
    Plan pools =
        plan(
            world(web(WorkloadPolicy.DEFAULTS.withCapacity(CapacityMode.NODE_POOL))).build(),
            T0.plusSeconds(30),
            config);
    assertThat(actions(pools, Action.ScalePlaceholders.class)).isEmpty();
  }

  @Test
  void placeholdersRunningOnReadyNodesAreLoweredSoThatBackfillCanSurgeIntoTheirRoom() {
    // 3 new nodes Ready, each full with 3 placeholders; 8 placeholders still Pending.
    List<String> running = new ArrayList<>();
    for (String n : List.of("nap-0", "nap-1", "nap-2")) {
      running.addAll(Collections.nCopies(3, n));
    }
    Plan p =
        plan(
            world(web(PLACEHOLDERS), napNode("nap-0", 3), napNode("nap-1", 3), napNode("nap-2", 3))
                .placeholders(observed(17, running))
                .build(),
            T0.plusSeconds(120));

    Action.ScalePlaceholders s = only(p, Action.ScalePlaceholders.class);
    assertThat(s.from()).isEqualTo(17);
    // 18 want VM room, 1 fits vm-0, 9 are held by running placeholders: 8 still needed.
    assertThat(s.replicas()).isEqualTo(8);
    assertThat(s.reason()).contains("9 placeholders run on Ready VM nodes");
  }

  @Test
  void onceEveryPodIsOnVmsThePlaceholderDeploymentIsDeleted() {
    WorkloadView onVms =
        workload("web")
            .policy(PLACEHOLDERS)
            .replicas(5)
            .pods(concat(pods("web", 3, "vm-0"), pods("web-nap", 2, "nap-0")))
            .intents(alert(ref("web"), 5, T0))
            .build();
    Plan p =
        plan(
            world(onVms, napNode("nap-0", 0)).placeholders(observed(1, List.of())).build(),
            T0.plusSeconds(600));

    Action.ScalePlaceholders s = only(p, Action.ScalePlaceholders.class);
    assertThat(s.replicas()).isZero();
    assertThat(s.reason())
        .startsWith("delete placeholders default/web-aksburst-placeholder 1 -> 0");
  }

  @Test
  void whenTheBurstEndsThePlaceholdersGo() {
    WorkloadView idle =
        workload("web")
            .policy(PLACEHOLDERS)
            .replicas(2)
            .pods(concat(pods("web", 1, "vm-0"), pods("web-aci", 1, Fixtures.VIRTUAL_NODE)))
            .build();
    Plan p = plan(world(idle).placeholders(observed(4, List.of())).build(), T0);

    assertThat(only(p, Action.ScalePlaceholders.class).replicas()).isZero();
    // Nothing observed and nothing wanted: nothing written.
    assertThat(actions(plan(world(idle).build(), T0), Action.ScalePlaceholders.class)).isEmpty();
  }

  @Test
  void whenTheCostStrategyKeepsTheOverflowOnAciThereAreNoPlaceholders() {
    WorkloadPolicy cost =
        new WorkloadPolicy(
                java.util.OptionalInt.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                List.of(),
                java.util.OptionalInt.empty(),
                Optional.empty(),
                Optional.of(BurstStrategy.COST))
            .withCapacity(CapacityMode.PLACEHOLDERS);
    PlannerConfig payg = PlannerConfig.DEFAULTS.withEconomics(CapacityDecisionPolicyTest.PAYG);
    Plan p = plan(world(web(cost)).build(), T0.plusSeconds(30), payg);

    assertThat(p.decisions())
        .singleElement()
        .satisfies(c -> assertThat(c.route()).isEqualTo(CapacityDecision.Route.ACI));
    assertThat(actions(p, Action.ScalePlaceholders.class)).isEmpty();
    assertThat(actions(p, Action.ScaleNodePool.class)).isEmpty();
  }

  @Test
  void aWorkloadBackInNodePoolModeLosesItsPlaceholders() {
    Plan p =
        plan(
            world(web(WorkloadPolicy.DEFAULTS)).placeholders(observed(6, List.of())).build(),
            T0.plusSeconds(30));

    Action.ScalePlaceholders s = only(p, Action.ScalePlaceholders.class);
    assertThat(s.replicas()).isZero();
    assertThat(s.reason()).contains("capacity mode is node-pool");
  }

  @Test
  void theShedDeletesPodsOnNodesOutsideThePoolFirstSoThatConsolidationEvictsNothingThatStays() {
    WorkloadView after =
        workload("web")
            .policy(PLACEHOLDERS)
            .replicas(5)
            .pods(concat(pods("base", 2, "vm-0"), pods("nap", 3, "nap-0")))
            .bookkeeping(
                dev.aksburst.model.Bookkeeping.EMPTY
                    .withBaselineReplicas(java.util.OptionalInt.of(2))
                    .withLastScaleUp(T0))
            .build();
    Plan p = plan(world(after, napNode("nap-0", 0)).build(), T0.plusSeconds(3600));

    assertThat(actions(p, Action.MarkDeletionCost.class))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.pods()).containsExactly("nap-0", "nap-1", "nap-2");
              assertThat(m.cost()).isEqualTo(PlannerConfig.DEFAULTS.virtualDeletionCost() / 2);
            });
    assertThat(only(p, Action.ScaleDeployment.class).replicas()).isEqualTo(2);
    // In node-pool mode the same nodes are no surplus of the pool (it has no baseline).
    WorkloadView nodePool =
        Fixtures.WorkloadBuilder.from(after).policy(WorkloadPolicy.DEFAULTS).build();
    assertThat(
            actions(
                plan(world(nodePool, napNode("nap-0", 0)).build(), T0.plusSeconds(3600)),
                Action.MarkDeletionCost.class))
        .isEmpty();
  }

  @Test
  void placeholdersThatNoNodeIsAddedForAreAWarningOnceAProvisioningWouldBeDone() {
    java.time.Instant now = T0.plusSeconds(30);
    java.util.function.Function<java.time.Duration, Plan> waited =
        d ->
            plan(
                world(web(PLACEHOLDERS))
                    .placeholders(
                        new PlaceholderSet(
                            ref("web"),
                            "web-aksburst-placeholder",
                            17,
                            0,
                            List.of(),
                            Optional.of(now.minus(d))))
                    .build(),
                now);

    assertThat(waited.apply(java.time.Duration.ofMinutes(10)).notes())
        .noneMatch(n -> n.cause() == Note.Cause.PLACEHOLDERS_UNPROVISIONED);
    assertThat(waited.apply(java.time.Duration.ofMinutes(20)).notes())
        .filteredOn(n -> n.cause() == Note.Cause.PLACEHOLDERS_UNPROVISIONED)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.warning()).isTrue();
              assertThat(n.reason()).isEqualTo(EventReason.BURST_BLOCKED);
              assertThat(n.message()).startsWith("17 of 17 placeholder pods").contains("20 min");
            });
  }

  private static List<dev.aksburst.model.PodView> concat(
      List<dev.aksburst.model.PodView> a, List<dev.aksburst.model.PodView> b) {
    List<dev.aksburst.model.PodView> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
