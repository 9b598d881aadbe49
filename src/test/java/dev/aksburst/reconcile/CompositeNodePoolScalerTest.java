package dev.aksburst.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolMode;
import dev.aksburst.model.PoolState;
import dev.aksburst.reconcile.NodePoolScaler.ScaleOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class CompositeNodePoolScalerTest {
  /** Records what it was asked to scale. */
  private static final class Recording implements NodePoolScaler {
    final List<NodePoolView> pools;
    final List<String> writes = new ArrayList<>();

    Recording(NodePoolView... pools) {
      this.pools = List.of(pools);
    }

    @Override
    public List<NodePoolView> describe() {
      return pools;
    }

    @Override
    public ScaleOutcome scale(NodePoolView pool, int target) {
      writes.add(pool.name() + "=" + target);
      return new ScaleOutcome.Started("Updating");
    }

    @Override
    public ScaleOutcome deleteMachines(NodePoolView pool, List<String> machines) {
      writes.add(pool.name() + " delete " + machines);
      return new ScaleOutcome.Started("Deleting");
    }
  }

  /** A source that keeps the port's default for deleting named machines. */
  private static final class SizeOnly implements NodePoolScaler {
    @Override
    public List<NodePoolView> describe() {
      return List.of(pool("burst", PoolMode.VMSS));
    }

    @Override
    public ScaleOutcome scale(NodePoolView pool, int target) {
      return new ScaleOutcome.Started("Updating");
    }
  }

  @Test
  void deletingNamedMachinesGoesToTheOwnerAndASourceWithoutItRefusesClearly() {
    Recording aks = new Recording(pool("agentpool", PoolMode.MANUAL));
    CompositeNodePoolScaler composite = new CompositeNodePoolScaler(List.of(aks, new SizeOnly()));

    assertThat(composite.deleteMachines(pool("agentpool", PoolMode.MANUAL), List.of("vm-1")))
        .isInstanceOf(ScaleOutcome.Started.class);
    assertThat(aks.writes).containsExactly("agentpool delete [vm-1]");
    assertThat(composite.deleteMachines(pool("burst", PoolMode.VMSS), List.of("vm-9")))
        .isInstanceOfSatisfying(
            ScaleOutcome.Failed.class,
            f -> {
              assertThat(f.code()).isEqualTo(PoolState.DELETE_MACHINES_REFUSED);
              assertThat(f.message()).contains("burst", "can not delete specific machines");
              assertThat(f.retryable()).isFalse();
            });
    assertThat(composite.deleteMachines(pool("ghost", PoolMode.MANUAL), List.of("vm-1")))
        .isInstanceOfSatisfying(
            ScaleOutcome.Failed.class, f -> assertThat(f.code()).isEqualTo("PoolNotFound"));
  }

  private static NodePoolView pool(String name, PoolMode mode) {
    return new NodePoolView(
        name,
        mode,
        1,
        OptionalInt.empty(),
        OptionalInt.empty(),
        "Succeeded",
        "Standard_D2s_v3",
        30,
        Optional.empty());
  }

  @Test
  void describesEverySourceAndRoutesWritesToTheOwner() {
    Recording aks = new Recording(pool("agentpool", PoolMode.MANUAL));
    Recording vmss = new Recording(pool("burst", PoolMode.VMSS));
    CompositeNodePoolScaler composite = new CompositeNodePoolScaler(List.of(aks, vmss));

    assertThat(composite.describe())
        .extracting(NodePoolView::name)
        .containsExactly("agentpool", "burst");
    assertThat(composite.scale(pool("burst", PoolMode.VMSS), 4))
        .isInstanceOf(ScaleOutcome.Started.class);
    assertThat(vmss.writes).containsExactly("burst=4");
    assertThat(aks.writes).isEmpty();
  }

  @Test
  void anUnknownPoolIsAFailureNamingIt() {
    CompositeNodePoolScaler composite = new CompositeNodePoolScaler(List.of());
    assertThat(composite.describe()).isEmpty();
    ScaleOutcome outcome = composite.scale(pool("ghost", PoolMode.MANUAL), 3);
    assertThat(outcome)
        .isInstanceOfSatisfying(
            ScaleOutcome.Failed.class,
            f -> {
              assertThat(f.code()).isEqualTo("PoolNotFound");
              assertThat(f.message()).contains("ghost");
            });
  }

  @Test
  void aNameInBothSourcesIsRefused() {
    CompositeNodePoolScaler composite =
        new CompositeNodePoolScaler(
            List.of(
                new Recording(pool("agentpool", PoolMode.MANUAL)),
                new Recording(pool("agentpool", PoolMode.VMSS))));
    assertThatThrownBy(composite::describe).hasMessageContaining("AKSBURST_VMSS_POOLS");
  }
}
