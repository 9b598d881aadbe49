package dev.aksburst.app;

import dev.aksburst.reconcile.ClusterPorts;
import dev.aksburst.reconcile.Reconciler;
import java.util.Objects;

/** One configured cluster: its id and the reconciler (with its ports) built for it. */
public record ClusterRuntime(String clusterId, Reconciler reconciler) {
  public ClusterRuntime {
    Objects.requireNonNull(clusterId, "clusterId");
    Objects.requireNonNull(reconciler, "reconciler");
  }

  public ClusterPorts ports() {
    return reconciler.ports();
  }
}
