package dev.aksburst.reconcile;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.CapacityMode;
import dev.aksburst.model.PlaceholderTemplate;
import dev.aksburst.model.Placement;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.EventReason;
import dev.aksburst.plan.Plan;
import dev.aksburst.plan.PlannerConfig;
import dev.aksburst.reconcile.ActionOutcome.Cause;
import dev.aksburst.reconcile.ActionOutcome.Status;
import dev.aksburst.testing.InMemoryCluster;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** In placeholders mode a burst writes a placeholder Deployment and never a node pool. */
class PlaceholderApplyTest {
  private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);

  private InMemoryCluster cluster(CapacityMode mode) {
    WorkloadView capped = workload("web").maxReplicas(30).build();
    WorkloadView web =
        workload("web")
            .policy(capped.policy().withCapacity(mode))
            .replicas(2)
            .pods(pods("web", 2, "vm-0"))
            .intents(alert(ref("web"), 20, T0))
            .build();
    InMemoryCluster c = new InMemoryCluster(clock);
    c.nodes.add(Fixtures.vmNode("vm-0"));
    c.nodes.add(Fixtures.virtualNode());
    c.pools.put(Fixtures.POOL, Fixtures.manualPool(1));
    c.workloads.put(web.ref(), web);
    return c;
  }

  private Reconciler reconciler(InMemoryCluster c, dev.aksburst.plan.Planner planner) {
    return new Reconciler(
        c.ports(),
        planner,
        PlannerConfig.DEFAULTS,
        clock,
        ApplyMode.WRITE,
        Reconciler.Timing.waiting(Duration.ZERO),
        "test");
  }

  @Test
  void aBurstCreatesThePlaceholdersWithAnEventAndWritesNoPool() {
    InMemoryCluster c = cluster(CapacityMode.PLACEHOLDERS);
    ReconcileResult r = reconciler(c, new BurstPlanner()).reconcile(ReconcileContext.of("t", "1"));

    assertThat(r.outcomes())
        .filteredOn(o -> o.action() instanceof Action.ScalePlaceholders)
        .singleElement()
        .satisfies(o -> assertThat(o.status()).isEqualTo(Status.APPLIED));
    assertThat(c.placeholders.get(ref("web")).replicas()).isEqualTo(17);
    assertThat(c.writes)
        .contains("placeholders default/web=17")
        .noneMatch(w -> w.startsWith("pool "));
    assertThat(c.eventReasons())
        .contains(EventReason.PLACEHOLDERS_SCALED)
        .doesNotContain(EventReason.NODE_POOL_SCALE_OUT);
    // The same state planned again proposes nothing more for the placeholders.
    ReconcileResult again =
        reconciler(c, new BurstPlanner()).reconcile(ReconcileContext.of("t", "2"));
    assertThat(again.outcomes()).noneMatch(o -> o.action() instanceof Action.ScalePlaceholders);
  }

  @Test
  void placeholdersAboveMaxReplicasAreRefusedAndWrittenNowhere() {
    InMemoryCluster c = cluster(CapacityMode.PLACEHOLDERS);
    Action.ScalePlaceholders tooMany =
        new Action.ScalePlaceholders(
            ref("web"),
            new PlaceholderTemplate(
                "web-aksburst-placeholder",
                Fixtures.POD,
                Placement.NONE,
                "aks-burst-placeholder",
                PlaceholderTemplate.PAUSE_IMAGE),
            31,
            0,
            Optional.of(EventReason.PLACEHOLDERS_SCALED),
            "test",
            "too many");
    ReconcileResult r =
        reconciler(c, (s, i, cfg, now) -> new Plan(List.of(tooMany), List.of(), List.of()))
            .reconcile(ReconcileContext.of("t", "1"));

    assertThat(r.outcomes())
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.status()).isEqualTo(Status.REFUSED);
              assertThat(o.cause()).contains(Cause.ABOVE_MAX_REPLICAS);
            });
    assertThat(c.placeholders).isEmpty();
  }

  @Test
  void aPlaceholderWritePlannedFromAStaleCountIsSkippedAndReplanned() {
    InMemoryCluster c = cluster(CapacityMode.PLACEHOLDERS);
    // Someone (kubectl) scaled the placeholders to 9 after the plan read 0.
    c.placeholders.put(
        ref("web"),
        new dev.aksburst.model.PlaceholderSet(
            ref("web"), "web-aksburst-placeholder", 9, 0, List.of()));
    Action.ScalePlaceholders stale =
        new Action.ScalePlaceholders(
            ref("web"),
            new PlaceholderTemplate(
                "web-aksburst-placeholder",
                Fixtures.POD,
                Placement.NONE,
                "aks-burst-placeholder",
                PlaceholderTemplate.PAUSE_IMAGE),
            5,
            0,
            Optional.of(EventReason.PLACEHOLDERS_SCALED),
            "test",
            "from 0");
    ReconcileResult r =
        reconciler(c, (s, i, cfg, now) -> new Plan(List.of(stale), List.of(), List.of()))
            .reconcile(ReconcileContext.of("t", "1"));

    assertThat(r.outcomes())
        .allSatisfy(
            o -> {
              assertThat(o.status()).isEqualTo(Status.SKIPPED);
              assertThat(o.cause()).contains(Cause.STALE_PLAN);
            });
    assertThat(c.placeholders.get(ref("web")).replicas()).isEqualTo(9);
  }
}
