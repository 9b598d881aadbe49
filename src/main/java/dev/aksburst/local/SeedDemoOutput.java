package dev.aksburst.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.aksburst.contract.Annotations;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.sim.KubectlTables;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimCluster;
import dev.aksburst.sim.SimEvent;
import dev.aksburst.sim.SimVirtualNodesV2;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.TreeMap;

/**
 * What the seed demo prints: the opening lines, headings, the kubectl and az tables, the
 * AlertFunction's answers and the Events as they appear.
 */
final class SeedDemoOutput {
  private static final WorkloadRef REF = SeedScenario.NGINX_VN;
  private static final String POOL = SeedScenario.POOL;
  static final DateTimeFormatter HMS =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final PrintStream out;
  private final SimCluster sim;
  private int eventsShown;

  SeedDemoOutput(PrintStream out, SimCluster sim) {
    this.out = out;
    this.sim = sim;
  }

  /** The cluster and the Deployment the story starts from. */
  void intro() {
    out.println(
        "aks-burst demo: the seed experiment on the embedded simulated AKS (virtual time, one"
            + " reconcile per simulated minute)");
    out.println(
        "Cluster "
            + sim.scenario().clusterId()
            + ": "
            + pools()
            + ", "
            + (sim.scenario().virtualNodesV2().isPresent()
                ? sim.scenario().virtualNodesV2().get().nodes()
                    + " virtual nodes v2 ("
                    + SimVirtualNodesV2.nodeName(0)
                    + "..., 200 pods each)"
                : "virtual node " + SimCluster.VIRTUAL_NODE_NAME)
            + ".");
    out.println(
        "Deployment "
            + REF
            + ": label "
            + Annotations.ENABLED
            + "="
            + Annotations.ENABLED_VALUE
            + ", annotations "
            + new TreeMap<>(sim.scenario().workloads().get(0).annotations()));
  }

  /** The scenario's pools as a sentence: the seed's, and what a setup changed about them. */
  private String pools() {
    java.util.List<String> out = new java.util.ArrayList<>();
    for (dev.aksburst.sim.SimPoolSpec p : sim.scenario().pools()) {
      StringBuilder sb = new StringBuilder(p.mode().name().toLowerCase(java.util.Locale.ROOT));
      sb.append(p.virtualMachines() ? " VirtualMachines agent pool " : " agent pool ")
          .append(p.name())
          .append(" with ")
          .append(p.count())
          .append(' ')
          .append(p.vmSize())
          .append(p.count() == 1 ? " node" : " nodes");
      if (p.name().equals(POOL)) {
        sb.append(" (room for 3 nginx-vn pods)");
      }
      if (p.deallocate()) {
        sb.append(", scaleDownMode Deallocate with ")
            .append(p.deallocatedNodes())
            .append(" deallocated");
      }
      p.scaleOutError()
          .ifPresent(
              e -> sb.append(", every scale-out fails (").append(e, 0, e.indexOf(':')).append(')'));
      out.add(sb.toString());
    }
    sim.scenario()
        .nodeAutoProvisioning()
        .ifPresent(
            n ->
                out.add(
                    "node auto-provisioning (NodePool "
                        + n.nodePool()
                        + ") adding "
                        + n.vmSize()
                        + " nodes for Pending pods"));
    return String.join("; ", out);
  }

  /** The AlertFunction's answer {@code body} (status {@code status}), then the new Events. */
  void alertAnswer(int status, JsonNode body) {
    StringBuilder sb =
        new StringBuilder("  HTTP ")
            .append(status)
            .append(": ")
            .append(body.path("condition").asText())
            .append(" alert recorded as");
    for (JsonNode i : body.path("intents")) {
      sb.append(' ')
          .append(i.path("id").asText())
          .append(" (floor ")
          .append(i.path("replicas").asInt())
          .append(", until ")
          .append(i.path("until").isNull() ? "resolved" : hms(i.path("until").asText()))
          .append(')');
    }
    sb.append("; reconcile ").append(body.at("/reconcile/status").asText()).append(':');
    JsonNode actions = body.at("/reconcile/actions");
    if (actions.isEmpty()) {
      sb.append(" no action");
    }
    for (JsonNode a : actions) {
      sb.append("\n    ")
          .append(a.path("action").asText())
          .append(' ')
          .append(a.path("target").asText())
          .append(": ")
          .append(a.path("reason").asText());
    }
    out.println(sb);
    showNewEvents();
  }

  void showNewEvents() {
    List<SimEvent> events = sim.events(REF);
    for (SimEvent e : events.subList(eventsShown, events.size())) {
      out.printf("  %s  %-7s %-17s %s%n", HMS.format(e.at()), e.type(), e.reason(), e.message());
    }
    eventsShown = events.size();
  }

  void heading(String what) {
    out.println();
    out.println("== " + HMS.format(sim.now()) + "  " + what);
  }

  void tables() {
    out.println("$ kubectl get nodes");
    out.print(KubectlTables.nodes(sim));
    out.println("$ kubectl get pods -n virtualnode -o wide");
    out.print(KubectlTables.pods(sim, REF));
  }

  void pool() {
    for (NodePoolView p : sim.ports().pools().describe()) {
      out.println(
          "$ az aks nodepool show -n "
              + p.name()
              + " --query '{count:count, provisioningState:provisioningState}'");
      out.println(
          "{ \"count\": "
              + p.count()
              + ", \"provisioningState\": \""
              + p.provisioningState()
              + "\" }");
    }
  }

  static String rule(JsonNode alert) {
    return alert.at("/data/essentials/alertRule").asText();
  }

  static String hms(String instant) {
    return HMS.format(Instant.parse(instant));
  }

  static String seconds(Duration d) {
    return d.toSeconds() + "s";
  }

  void println(String line) {
    out.println(line);
  }

  void print(String text) {
    out.print(text);
  }
}
