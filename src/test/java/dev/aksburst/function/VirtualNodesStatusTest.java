package dev.aksburst.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aksburst.app.WorkloadStatus;
import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.WorkloadView;
import org.junit.jupiter.api.Test;

/** The status says how much room the virtual nodes have left, from their real pod capacity. */
class VirtualNodesStatusTest {
  private static JsonNode status(ClusterSnapshot s) {
    WorkloadView w = s.workloads().get(0);
    return Answers.status(WorkloadStatus.of(s, w, Fixtures.T0)).path("virtualNodes");
  }

  @Test
  void onV2NodesItShowsTheirCapacityAndWhatIsLeft() {
    WorkloadView web =
        Fixtures.workload("web").replicas(3).pods(Fixtures.pods("web", 3, "virtualnode-0")).build();
    JsonNode v =
        status(
            Fixtures.snapshot()
                .nodes(
                    Fixtures.vmNode("vm-0"), Fixtures.virtualNodeV2(0), Fixtures.virtualNodeV2(1))
                .workloads(web)
                .build());
    assertThat(v.path("kind").asText()).isEqualTo("v2");
    assertThat(v.path("nodes").asInt()).isEqualTo(2);
    assertThat(v.path("podCapacity").asInt()).isEqualTo(400);
    assertThat(v.path("pods").asInt()).isEqualTo(3);
    assertThat(v.path("freePods").asInt()).isEqualTo(397);
  }

  @Test
  void onTheAddOnPodsAreNotWhatBinds() {
    WorkloadView web =
        Fixtures.workload("web").replicas(1).pods(Fixtures.pods("web", 1, "vm-0")).build();
    JsonNode v =
        status(
            Fixtures.snapshot()
                .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
                .workloads(web)
                .build());
    assertThat(v.path("kind").asText()).isEqualTo("add-on");
    assertThat(v.path("podCapacity").isNull()).isTrue();
    assertThat(v.path("freePods").isNull()).isTrue();
    JsonNode none =
        status(Fixtures.snapshot().nodes(Fixtures.vmNode("vm-0")).workloads(web).build());
    assertThat(none.path("kind").asText()).isEqualTo("none");
  }
}
