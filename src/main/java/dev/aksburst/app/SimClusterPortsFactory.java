package dev.aksburst.app;

import dev.aksburst.reconcile.ClusterPorts;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimCluster;
import dev.aksburst.sim.SimScenario;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The embedded simulator behind {@code AKSBURST_SIMULATE=true}: one simulated AKS cluster per
 * configured id, each starting as the seed scenario ({@link SeedScenario}: one manual pool {@code
 * agentpool} with one node, the virtual node, {@code virtualnode/nginx-vn} opted in) at the clock's
 * current instant.
 *
 * <p>The simulated cluster follows {@code clock}: every read of the cluster first advances its
 * virtual time to {@code clock.instant()}, so the reconciler's "now" and the cluster's agree. The
 * local host passes a clock that runs {@code AKSBURST_SIM_SPEED} times faster than real time; a
 * Functions host passes the system clock.
 */
public final class SimClusterPortsFactory implements ClusterPortsFactory {
  @Override
  public boolean simulated() {
    return true;
  }

  @Override
  public List<ClusterPorts> create(Settings settings, Clock clock) {
    return settings.clusterIds().stream().map(id -> following(start(id, clock), clock)).toList();
  }

  /** The seed scenario under {@code clusterId}, started at the clock's current second. */
  public static SimCluster start(String clusterId, Clock clock) {
    SimScenario seed = SeedScenario.scenario();
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    return SimCluster.start(
        new SimScenario(
            clusterId, now, seed.pools(), seed.virtualNode(), seed.workloads(), seed.settings()));
  }

  /** The cluster's ports, whose reader first brings the cluster's virtual time up to the clock. */
  public static ClusterPorts following(SimCluster sim, Clock clock) {
    ClusterPorts p = sim.ports();
    return new ClusterPorts(
        p.clusterId(),
        () -> {
          sim.advanceTo(clock.instant());
          return p.reader().read();
        },
        p.writer(),
        p.pools(),
        p.intents(),
        p.poolStates(),
        p.events(),
        p.lock());
  }
}
