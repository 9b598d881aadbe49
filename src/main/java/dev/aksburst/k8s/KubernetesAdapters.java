package dev.aksburst.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Objects;

/** Every Kubernetes-side port of one cluster, over one shared client. */
public record KubernetesAdapters(
    KubernetesClusterReader reader,
    KubernetesWorkloadWriter writer,
    AnnotationIntentStore intents,
    ConfigMapPoolStateStore poolStates,
    KubernetesEventRecorder events,
    LeaseReconcileLock lock) {
  public KubernetesAdapters {
    Objects.requireNonNull(reader, "reader");
    Objects.requireNonNull(writer, "writer");
    Objects.requireNonNull(intents, "intents");
    Objects.requireNonNull(poolStates, "poolStates");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(lock, "lock");
  }

  public static KubernetesAdapters over(KubernetesClient client, KubernetesOptions options) {
    return new KubernetesAdapters(
        new KubernetesClusterReader(client, options),
        new KubernetesWorkloadWriter(client, options.virtualNodeStatefulSet()),
        new AnnotationIntentStore(client),
        new ConfigMapPoolStateStore(client, options.stateNamespace()),
        new KubernetesEventRecorder(client, options.clock()),
        new LeaseReconcileLock(client, options.stateNamespace(), options.clock()));
  }
}
