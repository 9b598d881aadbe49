package dev.aksburst.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.aksburst.model.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** ACI's group quota, create and delete rates, and the price book per pool on the simulator. */
class SimAciLimitsTest {
  private static final WorkloadRef W = SeedScenario.NGINX_VN;
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void theGateCountsCreatesAndDeletesOverASliding5MinuteWindow() {
    SimAciGate gate = new SimAciGate(100, new SimAciLimits(100, 2, 1));
    assertThat(gate.tryCreate(T0)).isEmpty();
    assertThat(gate.tryCreate(T0.plusSeconds(10))).isEmpty();
    assertThat(gate.tryCreate(T0.plusSeconds(20)))
        .get()
        .asString()
        .contains("2 creates per 5 minutes")
        .contains("next at " + T0.plus(Duration.ofMinutes(5)));
    assertThat(gate.tryCreate(T0.plus(Duration.ofMinutes(5)))).as("the first slot freed").isEmpty();
    assertThat(gate.tryCreate(T0.plus(Duration.ofMinutes(5)).plusSeconds(1))).isPresent();
    assertThat(gate.tryDelete(T0)).isTrue();
    assertThat(gate.tryDelete(T0.plusSeconds(299))).isFalse();
    assertThat(gate.tryDelete(T0.plusSeconds(300))).isTrue();
  }

  @Test
  void theGateRefusesBeyondTheCoreAndTheGroupQuota() {
    SimAciGate gate = new SimAciGate(2, new SimAciLimits(3, 100, 100));
    assertThat(gate.quotaRefusal(1500, 1, 500)).isEmpty();
    assertThat(gate.quotaRefusal(1600, 1, 500)).get().asString().contains("StandardCores");
    assertThat(gate.quotaRefusal(0, 3, 100)).get().asString().contains("3 container groups");
  }

  @Test
  void limitsNeedAPositiveRate() {
    assertThatThrownBy(() -> new SimAciLimits(100, 0, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("createsPer5Min >= 1");
  }

  @Test
  void podsBeyondTheCreateRateStayPendingUntilASlotFrees() {
    SimCluster sim =
        SimCluster.start(
            SeedScenario.scenario(
                SimSettings.DEFAULTS.withAciLimits(new SimAciLimits(100, 5, 100))));
    sim.scale(W, 13);
    sim.advance(Duration.ofMinutes(2));
    assertThat(sim.readyOnVm(W)).isEqualTo(3);
    assertThat(sim.readyOnVirtual(W)).as("5 creates in 5 minutes").isEqualTo(5);
    assertThat(sim.pods(W).stream().filter(p -> p.node().isEmpty()))
        .hasSize(5)
        .allMatch(p -> p.message().contains("ACI throttled the container group create"));
    sim.advance(Duration.ofMinutes(4));
    assertThat(sim.readyOnVirtual(W)).as("the next 5 minutes' slots").isEqualTo(10);
  }

  @Test
  void podsBeyondTheGroupQuotaFailAsAciRefusesThem() {
    SimCluster sim =
        SimCluster.start(
            SeedScenario.scenario(
                SimSettings.DEFAULTS.withAciLimits(new SimAciLimits(4, 100, 100))));
    sim.scale(W, 10);
    sim.advance(Duration.ofMinutes(1));
    assertThat(sim.readyOnVirtual(W)).isEqualTo(4);
    assertThat(sim.pods(W).stream().filter(SimPod::failed))
        .isNotEmpty()
        .allMatch(p -> p.message().contains("4 container groups"));
  }

  @Test
  void containerGroupsBeyondTheDeleteRateStayBilledUntilASlotFrees() {
    SimCluster sim =
        SimCluster.start(
            SeedScenario.scenario(
                SimSettings.DEFAULTS.withAciLimits(new SimAciLimits(100, 100, 4))));
    sim.scale(W, 13);
    sim.advance(Duration.ofMinutes(2));
    assertThat(sim.readyOnVirtual(W)).isEqualTo(10);
    sim.scale(W, 3);
    sim.advance(Duration.ofMinutes(1));
    assertThat(sim.activeOnVirtual(W)).isZero();
    long left =
        sim.pods(W).stream()
            .filter(p -> p.node().equals(Optional.of(SimCluster.VIRTUAL_NODE_NAME)))
            .count();
    assertThat(left).as("4 of 10 deleted in the first 5 minutes").isEqualTo(6);
    double billed = sim.cost().aciPodSeconds();
    sim.advance(Duration.ofMinutes(1));
    assertThat(sim.cost().aciPodSeconds() - billed).isEqualTo(6 * 60.0, within(1.0));
    sim.advance(Duration.ofMinutes(10));
    assertThat(
            sim.pods(W).stream()
                .filter(p -> p.node().equals(Optional.of(SimCluster.VIRTUAL_NODE_NAME))))
        .isEmpty();
  }

  @Test
  void theCostMeterChargesEachPoolItsOwnPrice() {
    CostRates book =
        new CostRates(Map.of("Standard_DS2_v2", 0.146), 0, 0).withPool("agentpool", 1.0);
    SimCluster sim = SimCluster.start(SeedScenario.scenario(SimSettings.DEFAULTS.withPrices(book)));
    sim.advance(Duration.ofHours(1));
    assertThat(sim.cost().vmCost())
        .as("one node of agentpool at $1/h")
        .isEqualTo(1.0, within(1e-6));
    assertThat(book.nodeHourly(Optional.of("other"), "Standard_DS2_v2")).isEqualTo(0.146);
    assertThat(book.nodeHourly(Optional.empty(), "Standard_DS2_v2")).isEqualTo(0.146);
  }
}
