package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.fixtures.SeedWorld;
import dev.aksburst.model.Intent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The seed experiment end to end on the pure planner: 1 VM node + virtual node, 2 -> 20 -> 2. */
class SeedScenarioTest {
  private final BurstPlanner planner = new BurstPlanner();
  private final PlannerConfig config = PlannerConfig.DEFAULTS;
  private final SeedWorld world = new SeedWorld(2);

  private Plan plan(Instant now) {
    return planner.plan(world.snapshot(), world.intents(), config, now);
  }

  private Plan step(Instant now) {
    Plan p = plan(now);
    world.apply(p, now);
    return p;
  }

  @Test
  void burstBackfillShedAndRestore() {
    Intent alert = Fixtures.alert(Fixtures.ref("web"), 20, T0);
    world.addIntent(alert);

    Plan burst = step(T0);
    assertThat(burst.actions())
        .extracting(Action::kind)
        .containsExactly("SaveBookkeeping", "ScaleDeployment", "ScaleNodePool");
    Action.ScaleDeployment up = (Action.ScaleDeployment) burst.actions().get(1);
    assertThat(up.replicas()).isEqualTo(20);
    assertThat(up.eventReason()).contains(EventReason.BURST_STARTED);
    assertThat(up.reason()).isEqualTo("raise default/web 2 -> 20: alert test-rule floor 20");
    assertThat(up.policy()).isEqualTo("DesiredReplicasPolicy");
    Action.ScaleNodePool out = (Action.ScaleNodePool) burst.actions().get(2);
    assertThat(out.from()).isEqualTo(1);
    assertThat(out.size()).isEqualTo(7);
    assertThat(out.recordBaseline()).isEqualTo(OptionalInt.of(1));
    assertThat(out.reason()).contains("17 need 6 new nodes");
    assertThat(world.podsOnVms()).isEqualTo(3);
    assertThat(world.podsOnVirtual()).isEqualTo(17);

    assertThat(plan(T0.plusSeconds(30)).actions()).isEmpty();

    world.nodesBecomeReady();
    Instant t = T0.plus(Duration.ofMinutes(3));
    int rounds = 0;
    while (world.podsOnVirtual() > 0 && rounds++ < 10) {
      Plan p = step(t);
      assertThat(p.actions()).isNotEmpty();
      t = t.plusSeconds(60);
    }
    assertThat(world.podsOnVirtual()).isZero();
    assertThat(world.podsOnVms()).isEqualTo(20);
    assertThat(world.workload().specReplicas()).isEqualTo(20);
    assertThat(world.workload().readyReplicas()).isEqualTo(20);
    assertThat(plan(t).actions()).isEmpty();

    // The alert resolves at +10m; the floor expires and the workload sheds back to 2.
    world.addIntent(Fixtures.until(alert, T0.plus(Duration.ofMinutes(10))));
    Instant afterExpiry = T0.plus(Duration.ofMinutes(11));
    Plan shed = step(afterExpiry);
    assertThat(shed.actions())
        .extracting(Action::kind)
        .containsExactly("MarkDeletionCost", "ScaleDeployment", "SaveBookkeeping");
    assertThat(((Action.ScaleDeployment) shed.actions().get(1)).eventReason())
        .contains(EventReason.BURST_ENDED);
    assertThat(world.workload().pods()).hasSize(2);
    assertThat(world.workload().pods()).allSatisfy(p -> assertThat(p.nodeName()).contains("vm-0"));

    // The pool keeps its nodes for the hold period after the last expiry, then returns to 1.
    Plan held = step(T0.plus(Duration.ofMinutes(19)));
    assertThat(held.actions()).isEmpty();
    Plan restore = step(T0.plus(Duration.ofMinutes(20)));
    assertThat(restore.actions()).singleElement().isInstanceOf(Action.ScaleNodePool.class);
    Action.ScaleNodePool in = (Action.ScaleNodePool) restore.actions().get(0);
    assertThat(in.size()).isEqualTo(1);
    assertThat(in.restoresBaseline()).isTrue();
    assertThat(in.eventReason()).contains(EventReason.NODE_POOL_SCALE_IN);
    assertThat(world.vmNodes()).hasSize(1);
    assertThat(world.workload().pods()).hasSize(2);
    assertThat(plan(T0.plus(Duration.ofMinutes(21))).actions()).isEmpty();

    // Long after, the expired intent is pruned.
    Plan prune = step(T0.plus(Duration.ofMinutes(71)));
    assertThat(prune.actions()).extracting(Action::kind).isEqualTo(List.of("PruneIntents"));
    assertThat(world.intents()).isEmpty();
  }
}
