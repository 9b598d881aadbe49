package dev.aksburst.reconcile;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.BurstState;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.PodView;
import dev.aksburst.model.ShedAudit;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.EventReason;
import dev.aksburst.plan.Plan;
import dev.aksburst.plan.PlannerConfig;
import dev.aksburst.testing.InMemoryCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The applier's guard for deletion costs Karpenter manages: 2 pods on vm-0 with Karpenter's rank
 * -3, 3 on the virtual node, lowered 5 -> 2 after the pods on the virtual node are marked -1000.
 */
class DeletionCostGuardTest {
  private final ReconcilerTest.TestClock clock = new ReconcilerTest.TestClock();
  private static final WorkloadRef WEB = ref("web");
  private static final int MARK = -1000;

  private InMemoryCluster cluster(UnaryOperator<PodView> vmPods) {
    List<PodView> all = new ArrayList<>(pods("base", 2, "vm-0").stream().map(vmPods).toList());
    all.addAll(pods("aci", 3, Fixtures.VIRTUAL_NODE));
    return InMemoryCluster.seed(clock, workload("web").replicas(5).pods(all).build())
        .node(Fixtures.vmNode("vm-0"))
        .node(Fixtures.virtualNode());
  }

  private InMemoryCluster managed() {
    return cluster(p -> Fixtures.managedCost(p, -3));
  }

  private List<ActionOutcome> shed(InMemoryCluster c) {
    Action mark =
        new Action.MarkDeletionCost(
            WEB, List.of("aci-0", "aci-1", "aci-2"), MARK, Optional.empty(), "ShedPolicy", "t");
    Action scale =
        new Action.ScaleDeployment(
            WEB, 2, 5, Optional.of(EventReason.SHED), "DesiredReplicasPolicy", "t");
    return apply(c, mark, scale);
  }

  private List<ActionOutcome> apply(InMemoryCluster c, Action... actions) {
    ClusterSnapshot observed =
        c.observe().withPools(List.copyOf(c.pools.values()), Map.copyOf(c.poolStates));
    return new Applier(c.ports(), clock, PlannerConfig.DEFAULTS, ApplyMode.WRITE)
        .apply(
            new Plan(List.of(actions), List.of()),
            observed,
            ReconcileContext.of("test"),
            LiveValues.of(c.ports()));
  }

  private static OptionalInt cost(InMemoryCluster c, String pod) {
    return c.workload("web").pods().stream()
        .filter(p -> p.name().equals(pod))
        .findFirst()
        .orElseThrow()
        .deletionCost();
  }

  @Test
  void marksRewrittenBeforeTheScaleInAreMarkedOnceMoreAndReported() {
    InMemoryCluster c = managed();
    c.writer.overwriteMarks(WEB, -3, 1);

    List<ActionOutcome> out = shed(c);

    assertThat(out)
        .extracting(o -> o.action().kind() + " " + o.action().policy() + " " + o.status())
        .containsExactly(
            "MarkDeletionCost ShedPolicy APPLIED",
            "MarkDeletionCost DeletionCostGuard APPLIED",
            "ScaleDeployment DesiredReplicasPolicy APPLIED");
    assertThat(c.writes("cost")).hasSize(2);
    assertThat(List.of("aci-0", "aci-1", "aci-2"))
        .allSatisfy(p -> assertThat(cost(c, p)).hasValue(MARK));
    assertThat(c.events)
        .filteredOn(e -> e.reason().equals(EventReason.DELETION_COST_OVERWRITTEN))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.warning()).isTrue();
              assertThat(e.message()).contains("aci-0=-3 (marked -1000)", "aci-2=-3");
            });
    // the write order: mark, re-mark, then the scale-in
    assertThat(c.writes)
        .filteredOn(w -> !w.startsWith("state"))
        .last()
        .asString()
        .startsWith("scale");
  }

  @Test
  void theMarkIsRepeatedOnlyOnceAndWhatTheReplicaSetDoesIsAuditedNextTime() {
    InMemoryCluster c = managed();
    c.writer.overwriteMarks(WEB, -3, 2);

    shed(c);

    assertThat(c.writes("cost")).as("mark and one re-mark, no more").hasSize(2);
    assertThat(cost(c, "aci-0")).as("rewritten again after the re-mark").hasValue(-3);
    ShedAudit audit = c.state(WEB).shedAudit().orElseThrow();
    assertThat(audit.replicas()).isEqualTo(2);
    assertThat(audit.expected())
        .as("the pods on the virtual node go first")
        .containsExactly("aci-0", "aci-1", "aci-2");
    assertThat(audit.before()).hasSize(5);
  }

  @Test
  void marksThatHeldAreNotWrittenAgain() {
    InMemoryCluster c = managed();

    List<ActionOutcome> out = shed(c);

    assertThat(out).hasSize(2);
    assertThat(c.writes("cost")).hasSize(1);
    assertThat(c.eventReasons()).doesNotContain(EventReason.DELETION_COST_OVERWRITTEN);
    assertThat(c.state(WEB).shedAudit()).isPresent();
  }

  @Test
  void withoutKarpenterNothingIsReadAgainOrKept() {
    InMemoryCluster c = cluster(UnaryOperator.identity());
    c.writer.overwriteMarks(WEB, -3, 1);

    List<ActionOutcome> out = shed(c);

    assertThat(out).hasSize(2);
    assertThat(c.eventReasons()).doesNotContain(EventReason.DELETION_COST_OVERWRITTEN);
    assertThat(c.state(WEB).shedAudit()).isEmpty();
  }

  @Test
  void theNextReconcileSaysWhenTheReplicaSetKeptMarkedPods() {
    InMemoryCluster c = managed();
    audited(c, List.of("aci-0", "aci-1"));
    clock.advance(Duration.ofMinutes(1));

    apply(c);

    assertThat(c.events)
        .filteredOn(e -> e.reason().equals(EventReason.SHED_NOT_AS_MARKED))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.warning()).isTrue();
              assertThat(e.message())
                  .contains("the ReplicaSet deleted base-0, base-1 while")
                  .contains("marked pods aci-0, aci-1 stay");
            });
    assertThat(c.state(WEB).shedAudit()).as("said once, then forgotten").isEmpty();
  }

  @Test
  void theNextReconcileIsQuietWhenTheMarkedPodsWent() {
    InMemoryCluster c = managed();
    audited(c, List.of("base-0", "base-1"));

    apply(c);

    assertThat(c.eventReasons()).doesNotContain(EventReason.SHED_NOT_AS_MARKED);
    assertThat(c.state(WEB).shedAudit()).isEmpty();
  }

  @Test
  void aReplicaSetStillDeletingIsWaitedFor() {
    InMemoryCluster c = managed();
    audited(c, List.of("base-0", "aci-0", "aci-1"));

    apply(c);
    assertThat(c.state(WEB).shedAudit()).as("3 live > 2: not done yet").isPresent();

    clock.advance(ShedAudit.WINDOW);
    apply(c);
    assertThat(c.state(WEB).shedAudit()).as("past the window it is judged anyway").isEmpty();
    assertThat(c.eventReasons()).contains(EventReason.SHED_NOT_AS_MARKED);
  }

  /** The state a 5 -> 2 scale-in left, with only {@code live} pods still there. */
  private void audited(InMemoryCluster c, List<String> live) {
    WorkloadView w = c.workload("web");
    List<String> before = w.pods().stream().map(PodView::name).toList();
    ShedAudit audit = new ShedAudit(T0, 2, List.of("aci-0", "aci-1", "aci-2"), before);
    c.workloads.put(
        WEB,
        new WorkloadView(
            w.ref(),
            w.resourceVersion(),
            2,
            2,
            false,
            w.selector(),
            w.podRequests(),
            w.placement(),
            w.hpa(),
            w.policy(),
            w.policyProblems(),
            w.readinessProblems(),
            BurstState.EMPTY.withShedAudit(Optional.of(audit)),
            w.pods().stream().filter(p -> live.contains(p.name())).toList()));
  }
}
