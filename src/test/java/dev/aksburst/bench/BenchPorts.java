package dev.aksburst.bench;

import dev.aksburst.arm.ArmNodePoolScaler;
import dev.aksburst.arm.ClusterId;
import dev.aksburst.arm.LoopbackArmClients;
import dev.aksburst.k8s.KubernetesAdapters;
import dev.aksburst.k8s.KubernetesOptions;
import dev.aksburst.reconcile.ClusterPorts;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;

/**
 * The production ports of one cluster: the Kubernetes adapters over {@code client} and the ARM
 * agent-pool scaler over a fake ARM on loopback. Uses only classes of the Functions package (and
 * {@link LoopbackArmClients}), so child JVMs on the packaged class path can load it.
 */
final class BenchPorts {
  private BenchPorts() {}

  static ClusterPorts of(String clusterId, KubernetesClient client, int armPort, Clock clock) {
    KubernetesAdapters a =
        KubernetesAdapters.over(client, KubernetesOptions.defaults(clusterId, clock));
    return new ClusterPorts(
        clusterId,
        a.reader(),
        a.writer(),
        new ArmNodePoolScaler(LoopbackArmClients.create(armPort), ClusterId.parse(clusterId)),
        a.intents(),
        a.poolStates(),
        a.events(),
        a.lock());
  }
}
