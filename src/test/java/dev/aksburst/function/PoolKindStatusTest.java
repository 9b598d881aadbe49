package dev.aksburst.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aksburst.app.WorkloadStatus;
import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.PoolKind;
import dev.aksburst.model.Taint;
import dev.aksburst.model.WorkloadView;
import org.junit.jupiter.api.Test;

/** Status says what the workload's pool really is: its type, scale-down mode and power state. */
class PoolKindStatusTest {
  private static JsonNode pool(NodePoolView pool, NodeView... more) {
    WorkloadView web =
        Fixtures.workload("web").replicas(1).pods(Fixtures.pods("web", 1, "vm-0")).build();
    NodeView[] nodes = new NodeView[more.length + 1];
    nodes[0] = Fixtures.vmNode("vm-0");
    System.arraycopy(more, 0, nodes, 1, more.length);
    ClusterSnapshot s = Fixtures.snapshot().nodes(nodes).pools(pool).workloads(web).build();
    return Answers.status(WorkloadStatus.of(s, web, Fixtures.T0)).path("nodePool");
  }

  @Test
  void aDeallocatePoolShowsItsModeAndItsDeallocatedNodes() {
    NodeView deallocated =
        Fixtures.tainted(
            Fixtures.notReady(Fixtures.vmNode("vm-1")),
            new Taint("node.cloudprovider.kubernetes.io/shutdown", "", "NoSchedule"));
    JsonNode p =
        pool(Fixtures.manualPool(1).withKind(PoolKind.DEFAULT.withDeallocate(true)), deallocated);

    assertThat(p.path("scaleDownMode").asText()).isEqualTo("Deallocate");
    assertThat(p.path("deallocatedNodes").asInt()).isEqualTo(1);
    assertThat(p.path("readyNodes").asInt()).isEqualTo(1);
    assertThat(p.path("powerState").asText()).isEqualTo("Running");
  }

  @Test
  void aStoppedOrVirtualMachinesPoolSaysSo() {
    assertThat(
            pool(Fixtures.manualPool(0).withKind(PoolKind.DEFAULT.withStopped(true)))
                .path("powerState")
                .asText())
        .isEqualTo("Stopped");
    JsonNode vm = pool(Fixtures.manualPool(1).withKind(PoolKind.DEFAULT.withVirtualMachines(true)));
    assertThat(vm.path("type").asText()).isEqualTo("VirtualMachines");
    assertThat(vm.path("scaleDownMode").asText()).isEqualTo("Delete");
    assertThat(vm.path("deallocatedNodes").asInt()).isZero();
  }
}
