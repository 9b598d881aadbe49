package dev.aksburst.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class KubectlTablesTest {
  @Test
  void podTableShowsReadyStatusAndNode() {
    SimCluster sim = SimCluster.start(SeedScenario.scenario());
    sim.scale(SeedScenario.NGINX_VN, 3);
    sim.advance(Duration.ofSeconds(2));
    String table = KubectlTables.pods(sim, SeedScenario.NGINX_VN);
    String[] lines = table.split("\n");
    assertThat(lines).hasSize(4);
    assertThat(lines[0]).matches("NAME +READY +STATUS +AGE +NODE");
    assertThat(lines[1]).contains("1/1").contains("Running").contains("aks-agentpool-");
    assertThat(lines[2]).contains("0/1").contains("ContainerCreating");
  }

  @Test
  void ageReadsLikeKubectl() {
    assertThat(KubectlTables.age(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(KubectlTables.age(Duration.ofSeconds(190))).isEqualTo("3m10s");
    assertThat(KubectlTables.age(Duration.ofMinutes(42))).isEqualTo("42m");
    assertThat(KubectlTables.age(Duration.ofMinutes(125))).isEqualTo("2h5m");
    assertThat(KubectlTables.age(Duration.ofHours(5))).isEqualTo("5h");
    assertThat(KubectlTables.age(Duration.ofDays(3))).isEqualTo("3d");
  }
}
