package dev.aksburst.app;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.PodView;
import dev.aksburst.model.Resources;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.CapacityDecision;
import dev.aksburst.plan.Economics;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What a bursting workload costs an hour at one instant, and what it would cost on ACI only or on
 * VMs only. Pure.
 *
 * <p>The burst's pods are the live pods beyond the baseline replicas. Its VM nodes are the pool's
 * nodes beyond the pool's recorded baseline, shared among the pool's bursting workloads by their
 * burst pods. Actual: its pods on ACI plus its share of those nodes. ACI only: every burst pod on
 * ACI, no extra node. VMs only: its share of the extra nodes plus the new nodes the capacity
 * decision says the pods still off VMs would need.
 *
 * @param active the workload has an active floor, pods on ACI or extra nodes
 * @param priced ACI's price and the pool's are known (otherwise the rates are 0 and say nothing)
 */
record BurstMoney(
    boolean active,
    boolean priced,
    int burstPods,
    double extraNodes,
    double actualPerHour,
    double aciOnlyPerHour,
    double vmOnlyPerHour) {
  private static final double GIB = 1024.0 * 1024 * 1024;

  static BurstMoney of(
      ClusterSnapshot s,
      WorkloadView w,
      Optional<CapacityDecision> decision,
      Economics e,
      Instant now) {
    Map<String, NodeView> nodes = s.nodesByName();
    long live = w.pods().stream().filter(PodView::live).count();
    long onAci =
        w.pods().stream()
            .filter(PodView::live)
            .filter(p -> p.nodeName().map(nodes::get).map(NodeView::virtual).orElse(false))
            .count();
    int baseline = w.state().bookkeeping().baselineReplicas().orElse(w.specReplicas());
    boolean floor = !w.state().activeIntents(now).isEmpty();
    int burstPods = (int) Math.max(0, floor ? live - baseline : onAci);
    Optional<String> poolName = s.poolChoice(w).name();
    double extra = poolName.map(name -> share(s, w, name, now)).orElse(0.0);
    Resources r = w.podRequests();
    OptionalDouble podAci =
        e.aci().isPresent()
            ? OptionalDouble.of(
                r.milliCpu() / 1000.0 * e.aci().get().vcpuHour()
                    + r.memoryBytes() / GIB * e.aci().get().gbHour())
            : OptionalDouble.empty();
    OptionalDouble node =
        poolName.isPresent() ? e.nodeHourly(poolName.get()) : OptionalDouble.empty();
    boolean active = floor || onAci > 0 || extra > 0;
    if (podAci.isEmpty() || node.isEmpty()) {
      return new BurstMoney(active, false, burstPods, extra, 0, 0, 0);
    }
    double a = podAci.getAsDouble();
    double n = node.getAsDouble();
    int wanted = decision.map(CapacityDecision::newNodes).orElse(0);
    return new BurstMoney(
        active, true, burstPods, extra, onAci * a + extra * n, burstPods * a, (extra + wanted) * n);
  }

  /** The workload's share of the pool's nodes beyond its recorded baseline. */
  private static double share(ClusterSnapshot s, WorkloadView w, String pool, Instant now) {
    Optional<NodePoolView> view = s.pool(pool);
    if (view.isEmpty() || s.poolState(pool).baseline().isEmpty()) {
      return 0;
    }
    int extra = Math.max(0, view.get().writtenValue() - s.poolState(pool).baseline().getAsInt());
    if (extra == 0) {
      return 0;
    }
    double mine = 0;
    double all = 0;
    boolean anyBursting =
        s.workloads().stream()
            .anyMatch(o -> s.poolChoice(o).name().equals(Optional.of(pool)) && bursting(o, now));
    for (WorkloadView o : s.workloads()) {
      // the pool's bursting workloads by their burst pods; in the pool hold after every burst
      // ended, every workload of the pool alike
      if (!s.poolChoice(o).name().equals(Optional.of(pool)) || (anyBursting && !bursting(o, now))) {
        continue;
      }
      double b = anyBursting ? Math.max(1, burstPodsOf(o)) : 1;
      all += b;
      if (o.ref().equals(w.ref())) {
        mine = b;
      }
    }
    return all == 0 ? 0 : extra * mine / all;
  }

  private static boolean bursting(WorkloadView o, Instant now) {
    return !o.state().activeIntents(now).isEmpty()
        || o.state().bookkeeping().baselineReplicas().isPresent();
  }

  private static long burstPodsOf(WorkloadView o) {
    long live = o.pods().stream().filter(PodView::live).count();
    return Math.max(0, live - o.state().bookkeeping().baselineReplicas().orElse(o.specReplicas()));
  }

  /** The floor the burst serves, when one is active. */
  static Optional<Intent> floor(WorkloadView w, Instant now) {
    return w.state().activeIntents(now).stream()
        .max(java.util.Comparator.comparingInt(Intent::replicas));
  }
}
