package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.ref;
import static dev.aksburst.fixtures.Fixtures.workload;
import static dev.aksburst.plan.PlanningSupport.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.PoolMode;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class PlanOrderTest {
  @Test
  void raisesThenScaleOutsThenLoweringThenRestores() {
    Instant now = T0.plus(Duration.ofHours(1));
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(
                Fixtures.vmNode("vm-0"),
                Fixtures.vmNode("b-0", "blue", T0),
                Fixtures.vmNode("b-1", "blue", T0),
                Fixtures.virtualNode())
            .pools(Fixtures.manualPool(1), Fixtures.pool("blue", PoolMode.MANUAL, 2))
            .poolState("blue", Fixtures.poolBaseline(1).withLastScaleOut(T0))
            .workloads(
                workload("zeta")
                    .replicas(2)
                    .pods(pods("z", 2, "vm-0"))
                    .intents(alert(ref("zeta"), 20, now))
                    .build(),
                workload("alpha")
                    .replicas(9)
                    .pods(pods("a", 3, "vm-0"))
                    .addPods(pods("aci", 6, Fixtures.VIRTUAL_NODE))
                    .nodePool(Fixtures.POOL)
                    .bookkeeping(
                        Bookkeeping.EMPTY
                            .withBaselineReplicas(OptionalInt.of(3))
                            .withLastScaleUp(T0))
                    .build())
            .build();
    Plan p = plan(s, now);

    assertThat(p.actions())
        .extracting(a -> a.kind() + " " + a.target())
        .containsExactly(
            "SaveBookkeeping default/zeta",
            "ScaleDeployment default/zeta",
            "ScaleNodePool pool/nodepool1",
            "MarkDeletionCost default/alpha",
            "ScaleDeployment default/alpha",
            "SaveBookkeeping default/alpha",
            "ScaleNodePool pool/blue");
  }
}
