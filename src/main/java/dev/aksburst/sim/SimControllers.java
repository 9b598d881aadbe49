package dev.aksburst.sim;

import dev.aksburst.model.PodPhase;
import dev.aksburst.model.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The simulated cluster's control loops, run once a tick: node and pod lifecycle (removal, start,
 * termination, ACI's delete rate), the HPA, the cluster autoscaler's scan, ARM operations, the
 * ReplicaSet controller with rolling updates, and kube-scheduler with ACI's create rate and quota.
 * Callers hold the {@link SimCluster}'s monitor.
 */
final class SimControllers {
  private static final Logger LOG = Logger.getLogger(SimCluster.class.getName());

  private final SimState state;
  private final SimCostMeter meter;
  private final SimAgentPools agentPools;
  private final SimClusterAutoscaler autoscaler;
  private final SimPlaceholders placeholders;
  private final Optional<SimNodeAutoProvisioner> nap;
  private Instant nextHpaSync;
  private Instant nextAutoscalerScan;

  SimControllers(
      SimState state,
      SimCostMeter meter,
      SimAgentPools agentPools,
      SimClusterAutoscaler autoscaler) {
    this.state = state;
    this.meter = meter;
    this.agentPools = agentPools;
    this.autoscaler = autoscaler;
    this.placeholders = new SimPlaceholders(state);
    this.nap = state.scenario.nodeAutoProvisioning().map(s -> new SimNodeAutoProvisioner(state, s));
    this.nextHpaSync = state.clock.instant();
    this.nextAutoscalerScan = state.clock.instant();
  }

  /** One tick of {@code dt}: bill, move the clock, then run every controller once. */
  void tick(Duration dt) {
    meter.accrue(dt);
    state.clock.advance(dt);
    Instant now = state.clock.instant();
    lifecycle(now);
    if (!now.isBefore(nextHpaSync)) {
      horizontalPodAutoscalers(now);
      nextHpaSync = now.plus(state.settings.hpaSyncPeriod());
    }
    if (!now.isBefore(nextAutoscalerScan)) {
      autoscaler.scan(now);
      nextAutoscalerScan = now.plus(state.settings.autoscalerScanInterval());
    }
    agentPools.poolOperations(now);
    state.karpenter.tick(state, now);
    state.virtualNodesV2.ifPresent(v -> v.hosts().schedule(state, v, now));
    replicaSets(now);
    scheduler(now);
    nap.ifPresent(n -> n.reconcile(now));
  }

  /** The node auto-provisioner, when the scenario has one. */
  Optional<SimNodeAutoProvisioner> nodeAutoProvisioner() {
    return nap;
  }

  private void lifecycle(Instant now) {
    for (SimNode n : List.copyOf(state.nodes.values())) {
      if (n.removeAt().isPresent() && !now.isBefore(n.removeAt().get())) {
        agentPools.drained(n);
        LOG.fine(() -> "node " + n.name() + " drained");
      }
    }
    for (SimPod p : List.copyOf(state.pods.values())) {
      if (p.terminating()
          && !now.isBefore(p.terminatingSince().get().plus(state.settings.terminationGrace()))) {
        // A container group beyond ACI's delete rate stays, billed, until a slot frees.
        if (!state.onVirtualNode(p) || p.failsOnStart() || state.aci.tryDelete(now)) {
          state.pods.remove(p.name());
        }
      } else if (p.failed()
          && !now.isBefore(
              p.startsAt().orElse(p.created()).plus(state.settings.failedPodRetention()))) {
        state.pods.remove(p.name());
      } else if (p.phase() == PodPhase.PENDING
          && p.startsAt().isPresent()
          && !now.isBefore(p.startsAt().get())) {
        state.pods.put(
            p.name(),
            p.failsOnStart() ? p.providerFailed(p.message()) : p.started(p.startsAt().get()));
      }
    }
  }

  private void horizontalPodAutoscalers(Instant now) {
    for (SimDeployment d : List.copyOf(state.deployments.values())) {
      if (d.spec().hpa().isEmpty()) {
        continue;
      }
      SimHpaSpec hpa = d.spec().hpa().get();
      int min = d.hpaMin().orElse(hpa.minReplicas());
      int wanted = state.load.get(d.spec().ref());
      int desired = Math.max(min, Math.min(hpa.maxReplicas(), wanted));
      if (desired != d.replicas()) {
        state.deployments.put(d.spec().ref(), d.withReplicas(desired));
      }
    }
  }

  private void replicaSets(Instant now) {
    for (SimDeployment d : state.deployments.values()) {
      WorkloadRef ref = d.spec().ref();
      List<SimPod> active =
          state.pods.values().stream().filter(p -> p.owner().equals(ref) && p.active()).toList();
      if (active.stream().anyMatch(p -> !SimRollingUpdate.isCurrent(p, d.podPrefix()))) {
        SimRollingUpdate.Step step = SimRollingUpdate.step(active, d.podPrefix(), d.replicas());
        for (int i = 0; i < step.create(); i++) {
          String name = d.podPrefix() + "-" + randomSuffix();
          state.pods.put(name, SimPod.newPod(name, ref, d.spec().requests(), now));
        }
        for (SimPod victim : step.delete()) {
          state.pods.put(
              victim.name(), victim.delete(now, "Deleted by the Deployment (rolling update)"));
        }
        continue;
      }
      int diff = d.replicas() - active.size();
      for (int i = 0; i < diff; i++) {
        String name = d.podPrefix() + "-" + randomSuffix();
        state.pods.put(name, SimPod.newPod(name, ref, d.spec().requests(), now));
      }
      if (diff < 0) {
        for (SimPod victim : ReplicaSetRanking.victims(active, -diff)) {
          state.pods.put(
              victim.name(), victim.delete(now, "Deleted by the ReplicaSet (scale down)"));
        }
      }
    }
  }

  private void scheduler(Instant now) {
    List<SimPod> queue =
        state.pods.values().stream()
            .filter(p -> p.active() && p.node().isEmpty())
            // kube-scheduler's queue: higher priority first, then oldest.
            .sorted(
                Comparator.comparingInt((SimPod p) -> -placeholders.priority(p))
                    .thenComparing(SimPod::created)
                    .thenComparing(SimPod::name))
            .toList();
    if (queue.isEmpty()) {
      return;
    }
    List<SimNode> visible = state.registeredNodes(now);
    for (SimPod p : queue) {
      SimDeployment d = state.deployments.get(p.owner());
      SimScheduler.Decision dec =
          SimScheduler.schedule(
              p.requests(),
              d.spec().placement(),
              p.owner(),
              visible,
              List.copyOf(state.pods.values()),
              now);
      if (dec.node().isEmpty() && preempt(p, d, visible, now)) {
        dec =
            SimScheduler.schedule(
                p.requests(),
                d.spec().placement(),
                p.owner(),
                visible,
                List.copyOf(state.pods.values()),
                now);
      }
      if (dec.node().isEmpty()) {
        state.pods.put(p.name(), p.unschedulable(dec.message()));
        continue;
      }
      SimNode n = state.nodes.get(dec.node().get());
      if (n.virtual()) {
        Optional<String> throttled = state.aci.tryCreate(now);
        if (throttled.isPresent()) {
          state.pods.put(p.name(), p.unschedulable(throttled.get()));
          continue;
        }
        List<SimPod> onAci =
            state.pods.values().stream()
                .filter(o -> state.onVirtualNode(o) && o.holdsResources() && !o.failsOnStart())
                .toList();
        Optional<String> refused =
            state.aci.quotaRefusal(
                onAci.stream().mapToLong(o -> o.requests().milliCpu()).sum(),
                onAci.size(),
                p.requests().milliCpu());
        if (refused.isPresent()) {
          state.pods.put(
              p.name(),
              p.bind(
                  n.name(), now, now.plus(state.settings.aciFailureDelay()), true, refused.get()));
        } else {
          state.pods.put(
              p.name(), p.bind(n.name(), now, now.plus(aciStartDelay()), false, dec.message()));
        }
      } else {
        state.pods.put(
            p.name(),
            p.bind(
                n.name(), now, now.plus(state.settings.vmPodStartDelay()), false, dec.message()));
      }
    }
  }

  /**
   * Evicts the lower-priority pods that keep {@code p} off every node ({@link SimPreemption});
   * their ReplicaSet re-creates them Pending. The victims go at once: placeholder pods run pause
   * with no termination grace.
   */
  private boolean preempt(SimPod p, SimDeployment d, List<SimNode> visible, Instant now) {
    List<SimPod> victims =
        SimPreemption.victims(
            p.requests(),
            d.spec().placement(),
            placeholders.priority(p),
            visible,
            List.copyOf(state.pods.values()),
            placeholders::priority,
            now);
    for (SimPod v : victims) {
      state.pods.remove(v.name());
      LOG.fine(() -> v.name() + " preempted by " + p.name());
    }
    state.preempted += victims.size();
    return !victims.isEmpty();
  }

  private Duration aciStartDelay() {
    double factor = 1 + state.settings.aciStartJitter() * (2 * state.random.nextDouble() - 1);
    return Duration.ofMillis(Math.round(state.settings.aciStartDelay().toMillis() * factor));
  }

  private String randomSuffix() {
    StringBuilder sb = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      sb.append(
          SimDeployment.NAME_ALPHABET.charAt(
              state.random.nextInt(SimDeployment.NAME_ALPHABET.length())));
    }
    String s = sb.toString();
    return s;
  }
}
