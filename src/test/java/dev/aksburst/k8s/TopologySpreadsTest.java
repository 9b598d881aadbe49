package dev.aksburst.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.TopologySpread;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** topologySpreadConstraints as the API server defaults them. */
class TopologySpreadsTest {
  @Test
  void defaultsAndSelectorsAreReadAsTheApiServerStoresThem() {
    var spec =
        new PodSpecBuilder()
            .addNewTopologySpreadConstraint()
            .withMaxSkew(1)
            .withTopologyKey("topology.kubernetes.io/zone")
            .withWhenUnsatisfiable("DoNotSchedule")
            .withNewLabelSelector()
            .addToMatchLabels("app", "web")
            .addNewMatchExpression()
            .withKey("tier")
            .withOperator("NotIn")
            .withValues("batch")
            .endMatchExpression()
            .endLabelSelector()
            .endTopologySpreadConstraint()
            .addNewTopologySpreadConstraint()
            .withMaxSkew(2)
            .withTopologyKey("kubernetes.io/hostname")
            .withWhenUnsatisfiable("ScheduleAnyway")
            .withMinDomains(3)
            .withNodeTaintsPolicy("Honor")
            .withNodeAffinityPolicy("Ignore")
            .endTopologySpreadConstraint()
            .build();

    List<TopologySpread> read = TopologySpreads.of(spec);

    assertThat(read).hasSize(2);
    TopologySpread zone = read.get(0);
    assertThat(zone.doNotSchedule()).isTrue();
    assertThat(zone.honorAffinity()).isTrue();
    assertThat(zone.honorTaints()).isFalse();
    assertThat(zone.counts(Map.of("app", "web"))).isTrue();
    assertThat(zone.counts(Map.of("app", "web", "tier", "batch"))).isFalse();
    TopologySpread host = read.get(1);
    assertThat(host.doNotSchedule()).isFalse();
    assertThat(host.minDomains()).isEqualTo(3);
    assertThat(host.honorTaints()).isTrue();
    assertThat(host.honorAffinity()).isFalse();
    assertThat(host.counts(Map.of("app", "web"))).as("no labelSelector counts nothing").isFalse();
    assertThat(KubernetesClusterReader.placement(spec).spread()).isEqualTo(read);
  }
}
