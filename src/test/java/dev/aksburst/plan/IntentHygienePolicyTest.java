package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static dev.aksburst.plan.PlanningSupport.only;
import static dev.aksburst.plan.PlanningSupport.plan;
import static dev.aksburst.plan.PlanningSupport.seed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IntentHygienePolicyTest {
  private static final Duration RETENTION = PlannerConfig.DEFAULTS.intentRetention();

  @Test
  void prunesOnlyIntentsExpiredLongerThanTheRetention() {
    Instant until = T0.plusSeconds(60);
    Intent old = Fixtures.until(Fixtures.alert(ref("web"), 5, T0), until);
    Intent open =
        new Intent(
            "manual:1",
            IntentSource.MANUAL,
            ref("web"),
            2,
            T0,
            Optional.empty(),
            "",
            Optional.empty(),
            T0);
    WorkloadView w =
        workload("web").replicas(2).pods(pods("web", 2, "vm-0")).intents(old, open).build();

    assertThat(plan(seed(w), until.plus(RETENTION)).actions()).isEmpty();
    Action.PruneIntents prune =
        only(plan(seed(w), until.plus(RETENTION).plusSeconds(1)), Action.PruneIntents.class);
    assertThat(prune.intentIds()).containsExactly(old.id());
    assertThat(prune.policy()).isEqualTo("IntentHygienePolicy");
  }
}
