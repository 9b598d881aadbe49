package dev.aksburst.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aksburst.app.WorkloadStatus;
import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.PlaceholderSet;
import dev.aksburst.model.WorkloadView;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status shows the workload's placeholder Deployment beside the fields it always had. */
class PlaceholdersStatusTest {
  private static final WorkloadView WEB =
      Fixtures.workload("web").replicas(3).pods(Fixtures.pods("web", 3, "vm-0")).build();

  private static JsonNode status(ClusterSnapshot s) {
    return Answers.status(WorkloadStatus.of(s, s.workloads().get(0), Fixtures.T0));
  }

  @Test
  void itShowsTheReplicasAndThoseReady() {
    JsonNode n =
        status(
            Fixtures.snapshot()
                .nodes(Fixtures.vmNode("vm-0"))
                .workloads(WEB)
                .placeholders(
                    new PlaceholderSet(
                        WEB.ref(), "web-aksburst-placeholder", 6, 4, List.of("a", "a", "b", "b")))
                .build());
    JsonNode p = n.path("placeholders");
    assertThat(p.path("name").asText()).isEqualTo("web-aksburst-placeholder");
    assertThat(p.path("replicas").asInt()).isEqualTo(6);
    assertThat(p.path("ready").asInt()).isEqualTo(4);
    assertThat(n.path("podsOnVmNodes").asInt()).as("existing fields stay").isEqualTo(3);
    assertThat(n.has("nodePool")).isTrue();
  }

  @Test
  void withoutPlaceholdersItIsNullAndAnotherWorkloadsDoNotShow() {
    JsonNode n =
        status(
            Fixtures.snapshot()
                .nodes(Fixtures.vmNode("vm-0"))
                .workloads(WEB)
                .placeholders(
                    new PlaceholderSet(
                        Fixtures.ref("other"), "other-aksburst-placeholder", 2, 2, List.of()))
                .build());
    assertThat(n.has("placeholders")).isTrue();
    assertThat(n.path("placeholders").isNull()).isTrue();
  }
}
