package dev.aksburst.kube;

import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.PoolMode;
import dev.aksburst.reconcile.NodePoolScaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A manual agent pool whose VMs are kwok nodes: raising its count creates nodes that register
 * NotReady and turn Ready after {@code boot}; lowering it deletes the newest, as AKS scales a VMSS
 * in. The count is the number of the pool's nodes the API server shows, so it is stateful across
 * reconciles like ARM is.
 */
final class KwokNodePoolScaler implements NodePoolScaler {
  private final KubernetesClient admin;
  private final String pool;
  private final Duration boot;

  KwokNodePoolScaler(KubernetesClient admin, String pool, Duration boot) {
    this.admin = admin;
    this.pool = pool;
    this.boot = boot;
  }

  static String nodeName(String pool, int index) {
    return "aks-%s-12345678-vmss%06d".formatted(pool, index);
  }

  int count() {
    return nodes().size();
  }

  @Override
  public List<NodePoolView> describe() {
    return List.of(
        new NodePoolView(
            pool,
            PoolMode.MANUAL,
            count(),
            OptionalInt.empty(),
            OptionalInt.empty(),
            "Succeeded",
            "Standard_DS2_v2",
            30,
            Optional.empty()));
  }

  @Override
  public synchronized ScaleOutcome scale(NodePoolView view, int target) {
    List<String> names = nodes();
    for (int i = names.size(); i < target; i++) {
      admin.nodes().resource(AksObjects.vmNode(nodeName(pool, i), pool, boot)).create();
    }
    for (int i = names.size() - 1; i >= target; i--) {
      admin.nodes().withName(names.get(i)).delete();
    }
    return new ScaleOutcome.Started("Succeeded");
  }

  private List<String> nodes() {
    return admin.nodes().withLabel(AksObjects.POOL_LABEL, pool).list().getItems().stream()
        .filter(n -> n.getMetadata().getDeletionTimestamp() == null)
        .map(n -> n.getMetadata().getName())
        .sorted()
        .toList();
  }
}
