package dev.aksburst.sim;

import dev.aksburst.contract.WorkloadAnnotations;
import dev.aksburst.model.BurstReadiness;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.HpaView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.PodView;
import dev.aksburst.model.VirtualNodeKind;
import dev.aksburst.model.WorkloadView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the simulated cluster shows its reader port: registered nodes with what they hold, opted-in
 * Deployments with their pods, HPA, parsed policy and readiness, budgets and the virtual nodes v2
 * StatefulSet. Callers hold the {@link SimCluster}'s monitor.
 */
final class SimSnapshots {
  private final SimState state;

  SimSnapshots(SimState state) {
    this.state = state;
  }

  ClusterSnapshot snapshot() {
    Instant now = state.clock.instant();
    List<NodeView> nodeViews = new ArrayList<>();
    for (SimNode n : state.registeredNodes(now)) {
      int podCount = n.daemonSetPods();
      for (SimPod p : state.pods.values()) {
        if (p.holdsResources() && p.node().equals(Optional.of(n.name()))) {
          podCount++;
        }
      }
      nodeViews.add(
          new NodeView(
              n.name(),
              n.labels(),
              n.taintsAt(now),
              n.pool(),
              n.virtual(),
              n.ready(now),
              n.cordoned(),
              n.allocatable(),
              n.maxPods(),
              state.requestedOn(n),
              podCount,
              n.daemonSetRequested(),
              n.daemonSetPods(),
              n.registeredAt(),
              !n.virtual()
                  ? VirtualNodeKind.VM
                  : SimVirtualNodeSet.isV2(n) ? VirtualNodeKind.V2 : VirtualNodeKind.ACI_ADDON,
              n.ready(now) ? Optional.of(n.readyAt()) : Optional.empty()));
    }
    List<NodeView> virtualNodes = nodeViews.stream().filter(NodeView::virtual).toList();
    List<WorkloadView> workloads = new ArrayList<>();
    for (SimDeployment d : state.deployments.values()) {
      if (!d.optedIn()) {
        continue;
      }
      workloads.add(workloadView(d, virtualNodes));
    }
    return new ClusterSnapshot(
        state.scenario.clusterId(),
        now,
        workloads,
        nodeViews,
        List.copyOf(state.disruptionBudgets.values()),
        List.of(),
        Map.of(),
        List.of(),
        Optional.empty(),
        state.virtualNodesV2.flatMap(
            v ->
                v.view(
                    (int)
                        nodeViews.stream()
                            .filter(n -> n.kind() == VirtualNodeKind.V2 && n.ready())
                            .count())));
  }

  private WorkloadView workloadView(SimDeployment d, List<NodeView> virtualNodes) {
    SimWorkloadSpec s = d.spec();
    List<PodView> podViews = new ArrayList<>();
    int ready = 0;
    for (SimPod p : state.pods.values()) {
      if (!p.owner().equals(s.ref())) {
        continue;
      }
      if (p.ready()) {
        ready++;
      }
      podViews.add(
          new PodView(
              p.name(),
              p.node(),
              p.phase(),
              p.ready(),
              p.requests(),
              p.deletionCost(),
              p.created(),
              p.terminating(),
              selector(s),
              Optional.empty(),
              p.managedDeletionCost()));
    }
    Optional<HpaView> hpa =
        s.hpa()
            .map(
                h ->
                    new HpaView(
                        h.name(),
                        d.hpaMin().orElse(h.minReplicas()),
                        Math.max(h.maxReplicas(), d.hpaMin().orElse(h.minReplicas())),
                        d.replicas()));
    List<String> readiness =
        BurstReadiness.problems(
            Optional.of(new BurstReadiness.Template(s.placement(), List.of(), s.requests())),
            virtualNodes,
            SimCluster.VIRTUAL_NODE_TAINT);
    // The policy comes from the annotations on every read, with the Kubernetes adapter's parser, so
    // an invalid annotation is reported (policyProblems) exactly as on a real cluster.
    WorkloadAnnotations.Parsed policy = WorkloadAnnotations.parse(s.annotations());
    return new WorkloadView(
        s.ref(),
        Long.toString(d.resourceVersion()),
        d.replicas(),
        ready,
        rolloutInProgress(d),
        selector(s),
        s.requests(),
        s.placement(),
        hpa,
        policy.policy(),
        policy.problems(),
        readiness,
        d.state(),
        podViews);
  }

  /** Pods of an older template are still active, or the new ReplicaSet is not at its replicas. */
  private boolean rolloutInProgress(SimDeployment d) {
    List<SimPod> active =
        state.pods.values().stream()
            .filter(p -> p.owner().equals(d.spec().ref()) && p.active())
            .toList();
    return SimRollingUpdate.inProgress(active, d.podPrefix(), d.replicas())
        && active.stream().anyMatch(p -> !SimRollingUpdate.isCurrent(p, d.podPrefix()));
  }

  /** The simulated Deployment's selector, which is also every label its pods carry. */
  private static Map<String, String> selector(SimWorkloadSpec s) {
    return Map.of("app", s.ref().name());
  }
}
