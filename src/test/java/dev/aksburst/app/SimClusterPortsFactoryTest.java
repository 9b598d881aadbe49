package dev.aksburst.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.reconcile.ClusterPorts;
import dev.aksburst.sim.SeedScenario;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimClusterPortsFactoryTest {
  @Test
  void isTheSimulatedFactoryAndTheRealOneIsNot() {
    assertThat(new SimClusterPortsFactory().simulated()).isTrue();
    assertThat(new AzureClusterPortsFactory().simulated()).isFalse();
  }

  @Test
  void fromEnvironmentBuildsTheSeedClusterWhenSimulating() {
    AksBurst app = AksBurst.fromEnvironment(Map.of(Settings.SIMULATE, "true"), new BurstPlanner());
    assertThat(app.clusters()).extracting(ClusterRuntime::clusterId).containsExactly("sim");
    ClusterSnapshot snap = app.clusters().get(0).reconciler().observe();
    assertThat(snap.workload(SeedScenario.NGINX_VN)).isPresent();
    assertThat(snap.pools()).extracting(p -> p.name()).containsExactly(SeedScenario.POOL);
  }

  @Test
  void theSimulatedClusterFollowsTheGivenClock() {
    Instant t0 = Instant.parse("2025-04-15T18:00:00.400Z");
    Settings settings = Settings.parse(Map.of(Settings.SIMULATE, "true"));
    List<ClusterPorts> ports =
        new SimClusterPortsFactory().create(settings, Clock.fixed(t0, ZoneOffset.UTC));
    assertThat(ports).hasSize(1);
    assertThat(ports.get(0).reader().read().observedAt()).isEqualTo(t0);

    Instant later = t0.plus(Duration.ofMinutes(7));
    ClusterPorts moved =
        SimClusterPortsFactory.following(
            SimClusterPortsFactory.start("sim", Clock.fixed(t0, ZoneOffset.UTC)),
            Clock.fixed(later, ZoneOffset.UTC));
    assertThat(moved.reader().read().observedAt()).isEqualTo(later);
  }
}
