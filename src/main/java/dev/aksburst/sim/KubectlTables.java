package dev.aksburst.sim;

import dev.aksburst.model.WorkloadRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Renders the simulated cluster the way {@code kubectl get} and {@code describe} print it. */
public final class KubectlTables {
  private KubectlTables() {}

  /** {@code kubectl get pods -o wide}, reduced to NAME READY STATUS AGE NODE. */
  public static String pods(SimCluster sim, WorkloadRef ref) {
    Instant now = sim.now();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "READY", "STATUS", "AGE", "NODE"});
    for (SimPod p : sim.pods(ref)) {
      rows.add(
          new String[] {
            p.name(),
            p.ready() ? "1/1" : "0/1",
            p.status(),
            age(Duration.between(p.created(), now)),
            p.node().orElse("<none>")
          });
    }
    return table(rows);
  }

  /** {@code kubectl get nodes}: NAME STATUS ROLES AGE, with the pool. */
  public static String nodes(SimCluster sim) {
    Instant now = sim.now();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"NAME", "STATUS", "ROLES", "AGE", "POOL"});
    for (SimNode n : sim.nodes()) {
      String status = n.ready(now) ? "Ready" : "NotReady";
      if (n.cordoned()) {
        status += ",SchedulingDisabled";
      }
      rows.add(
          new String[] {
            n.name(),
            status,
            "agent",
            age(Duration.between(n.registeredAt(), now)),
            n.pool().orElse(n.virtual() ? "(virtual node)" : "<none>")
          });
    }
    return table(rows);
  }

  /** The Events part of {@code kubectl describe deploy}. */
  public static String events(SimCluster sim, WorkloadRef ref) {
    Instant now = sim.now();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"Type", "Reason", "Age", "From", "Message"});
    rows.add(new String[] {"----", "------", "----", "----", "-------"});
    for (SimEvent e : sim.events(ref)) {
      rows.add(
          new String[] {
            e.type(), e.reason(), age(Duration.between(e.at(), now)), "aks-burst", e.message()
          });
    }
    StringBuilder sb = new StringBuilder("Events:\n");
    for (String line : table(rows).split("\n")) {
      sb.append("  ").append(line).append('\n');
    }
    return sb.toString();
  }

  /** kubectl's age: 45s, 3m10s, 2h5m, 3d. */
  public static String age(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 600) {
      return (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
    }
    if (s < 3 * 3600) {
      return s < 3600 ? (s / 60) + "m" : (s / 3600) + "h" + ((s % 3600) / 60) + "m";
    }
    if (s < 2 * 86400) {
      return (s / 3600) + "h";
    }
    return (s / 86400) + "d";
  }

  /** Columns padded to their widest cell plus three spaces, like kubectl's tabwriter. */
  static String table(List<String[]> rows) {
    int cols = rows.get(0).length;
    int[] width = new int[cols];
    for (String[] r : rows) {
      for (int i = 0; i < cols; i++) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < cols; i++) {
        line.append(r[i]);
        if (i < cols - 1) {
          line.append(" ".repeat(width[i] - r[i].length() + 3));
        }
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }
}
