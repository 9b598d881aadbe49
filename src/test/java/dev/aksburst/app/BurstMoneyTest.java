package dev.aksburst.app;

import static dev.aksburst.fixtures.Fixtures.POOL;
import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.alert;
import static dev.aksburst.fixtures.Fixtures.manualPool;
import static dev.aksburst.fixtures.Fixtures.poolBaseline;
import static dev.aksburst.fixtures.Fixtures.snapshot;
import static dev.aksburst.fixtures.Fixtures.virtualNode;
import static dev.aksburst.fixtures.Fixtures.vmNode;
import static dev.aksburst.fixtures.Fixtures.workload;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.CapacityDecision;
import dev.aksburst.plan.Economics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class BurstMoneyTest {
  /** 0.1 $/vCPU-hour and 0.01 $/GB-hour: a 500m/512Mi pod costs 0.055 $/h; a node 1 $/h. */
  static final Economics PRICED =
      Economics.UNPRICED
          .withPoolHourly(Map.of(POOL, 1.0))
          .withAci(Optional.of(new Economics.AciPrices(0.1, 0.01)));

  static final double POD = 0.5 * 0.1 + 0.5 * 0.01;

  static CapacityDecision aciDecision(WorkloadView w, int pods, int newNodes) {
    return new CapacityDecision(
        w.ref(),
        CapacityDecision.Route.ACI,
        CapacityDecision.Cause.ACI_CHEAPER,
        pods,
        newNodes,
        OptionalDouble.of(newNodes),
        OptionalDouble.of(pods * POD),
        OptionalDouble.of(1),
        OptionalDouble.of(0.5),
        Duration.ofMinutes(30),
        "prior",
        "kept");
  }

  /** Baseline 2 on VMs, a floor of 6: 4 burst pods on ACI; pool at its baseline of 1. */
  static ClusterSnapshot onAci(Economics e) {
    WorkloadView w =
        workload("web")
            .replicas(6)
            .bookkeeping(Bookkeeping.EMPTY.withBaselineReplicas(OptionalInt.of(2)))
            .intents(alert(Fixtures.ref("web"), 6, T0))
            .pods(Fixtures.pods("vm", 2, "n1"))
            .addPods(Fixtures.pods("aci", 4, Fixtures.VIRTUAL_NODE))
            .build();
    return snapshot()
        .nodes(vmNode("n1"), virtualNode())
        .pools(manualPool(1))
        .poolState(POOL, poolBaseline(1))
        .workloads(w)
        .build();
  }

  @Test
  void onAciTheBurstPaysForItsAciPodsAndVmsOnlyWouldPayForTheNodesTheyNeed() {
    ClusterSnapshot s = onAci(PRICED);
    WorkloadView w = s.workloads().get(0);

    BurstMoney m = BurstMoney.of(s, w, Optional.of(aciDecision(w, 4, 2)), PRICED, T0);

    assertThat(m.active()).isTrue();
    assertThat(m.priced()).isTrue();
    assertThat(m.burstPods()).isEqualTo(4);
    assertThat(m.extraNodes()).isZero();
    assertThat(m.actualPerHour()).isCloseTo(4 * POD, within(1e-9));
    assertThat(m.aciOnlyPerHour()).isCloseTo(4 * POD, within(1e-9));
    assertThat(m.vmOnlyPerHour()).isCloseTo(2.0, within(1e-9));
  }

  @Test
  void onVmsTheBurstPaysForThePoolsNodesBeyondItsBaseline() {
    WorkloadView w =
        workload("web")
            .replicas(6)
            .bookkeeping(Bookkeeping.EMPTY.withBaselineReplicas(OptionalInt.of(2)))
            .intents(alert(Fixtures.ref("web"), 6, T0))
            .pods(Fixtures.pods("vm", 3, "n1"))
            .addPods(Fixtures.pods("vm2", 3, "n2"))
            .build();
    ClusterSnapshot s =
        snapshot()
            .nodes(vmNode("n1"), vmNode("n2"), virtualNode())
            .pools(manualPool(2))
            .poolState(POOL, poolBaseline(1))
            .workloads(w)
            .build();

    BurstMoney m = BurstMoney.of(s, w, Optional.empty(), PRICED, T0);

    assertThat(m.extraNodes()).isEqualTo(1.0);
    assertThat(m.actualPerHour()).isCloseTo(1.0, within(1e-9));
    assertThat(m.aciOnlyPerHour()).isCloseTo(4 * POD, within(1e-9));
    assertThat(m.vmOnlyPerHour()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void withoutPricesTheRatesSayNothing() {
    ClusterSnapshot s = onAci(Economics.UNPRICED);
    BurstMoney m = BurstMoney.of(s, s.workloads().get(0), Optional.empty(), Economics.UNPRICED, T0);

    assertThat(m.active()).isTrue();
    assertThat(m.priced()).isFalse();
    assertThat(m.actualPerHour()).isZero();
  }

  @Test
  void theLedgerSumsEachRateUntilTheNextReconcileAndCapsAGap() {
    BurstLedger ledger = new BurstLedger();
    BurstMoney aci = new BurstMoney(true, true, 4, 0, 0.2, 0.2, 2.0);
    BurstMoney vm = new BurstMoney(true, true, 4, 1, 1.0, 0.2, 1.0);
    BurstMoney rest = new BurstMoney(false, true, 0, 0, 0, 0, 0);

    ledger.record("c", Fixtures.ref("web"), aci, T0);
    ledger.record("c", Fixtures.ref("web"), vm, T0.plus(Duration.ofMinutes(4)));
    // a 2-hour gap between reconciles counts 5 minutes
    Instant end = T0.plus(Duration.ofMinutes(150));
    ledger.record("c", Fixtures.ref("web"), rest, end);

    BurstLedger.Burst b = ledger.of("c", Fixtures.ref("web")).orElseThrow();
    double fourMin = 4 / 60.0;
    double fiveMin = 5 / 60.0;
    assertThat(b.spent()).isCloseTo(0.2 * fourMin + 1.0 * fiveMin, within(1e-9));
    assertThat(b.aciOnly()).isCloseTo(0.2 * fourMin + 0.2 * fiveMin, within(1e-9));
    assertThat(b.vmOnly()).isCloseTo(2.0 * fourMin + 1.0 * fiveMin, within(1e-9));
    assertThat(b.ended()).contains(end);
    assertThat(b.since()).isEqualTo(T0);

    // the next burst starts a new sum
    ledger.record("c", Fixtures.ref("web"), aci, end.plusSeconds(60));
    assertThat(ledger.of("c", Fixtures.ref("web")).orElseThrow().spent()).isZero();
    assertThat(ledger.of("c", Fixtures.ref("web")).orElseThrow().since())
        .isEqualTo(end.plusSeconds(60));
  }
}
