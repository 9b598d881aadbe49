package dev.aksburst.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aksburst.intent.Json;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.PlanEntry;
import dev.aksburst.model.PodView;
import dev.aksburst.model.WorkloadView;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The status of one opted-in Deployment as {@code GET /api/bursts/...} reports it. Pure: built from
 * what a reconcile observed.
 *
 * @param desiredReplicas the Deployment's spec.replicas
 * @param floor the highest active intent's replicas (0 when none)
 * @param pendingPods live pods not yet bound to a node
 * @param nodePool the VM pool that backfills it ({@code aksburst.dev/node-pool}, else the pool most
 *     of its VM pods run on)
 */
public record WorkloadStatus(
    String namespace,
    String deployment,
    int desiredReplicas,
    int readyReplicas,
    int floor,
    long podsOnVirtualNodes,
    long podsOnVmNodes,
    long pendingPods,
    List<Intent> intents,
    Optional<PoolStatus> nodePool,
    List<PlanEntry> lastPlan,
    List<String> problems) {

  /** The pool part of the status. */
  public record PoolStatus(
      String name, String mode, int count, long readyNodes, String provisioningState) {
    public PoolStatus {
      Objects.requireNonNull(name);
      Objects.requireNonNull(mode);
      Objects.requireNonNull(provisioningState);
    }
  }

  public WorkloadStatus {
    Objects.requireNonNull(namespace);
    Objects.requireNonNull(deployment);
    intents = List.copyOf(intents);
    Objects.requireNonNull(nodePool);
    lastPlan = List.copyOf(lastPlan);
    problems = List.copyOf(problems);
  }

  public static WorkloadStatus of(ClusterSnapshot snapshot, WorkloadView w, Instant now) {
    Map<String, NodeView> nodes = snapshot.nodesByName();
    List<PodView> live = w.pods().stream().filter(PodView::live).toList();
    long onVirtual =
        live.stream().filter(p -> node(p, nodes).map(NodeView::virtual).orElse(false)).count();
    long onVm =
        live.stream().filter(p -> node(p, nodes).map(n -> !n.virtual()).orElse(false)).count();
    long pending = live.stream().filter(p -> !p.scheduled()).count();
    int floor = w.state().activeIntents(now).stream().mapToInt(Intent::replicas).max().orElse(0);
    Optional<String> poolName = w.policy().nodePool().or(() -> dominantPool(live, nodes));
    Optional<PoolStatus> pool =
        poolName.map(
            name -> {
              long ready =
                  snapshot.nodes().stream()
                      .filter(n -> n.pool().equals(Optional.of(name)) && n.usableVm())
                      .count();
              Optional<NodePoolView> view = snapshot.pool(name);
              return new PoolStatus(
                  name,
                  view.map(v -> v.mode().name().toLowerCase(java.util.Locale.ROOT))
                      .orElse("unknown"),
                  view.map(NodePoolView::count).orElse(0),
                  ready,
                  view.map(NodePoolView::provisioningState).orElse("Unknown"));
            });
    List<String> problems =
        java.util.stream.Stream.of(w.policyProblems(), w.readinessProblems())
            .flatMap(List::stream)
            .toList();
    return new WorkloadStatus(
        w.ref().namespace(),
        w.ref().name(),
        w.specReplicas(),
        w.readyReplicas(),
        floor,
        onVirtual,
        onVm,
        pending,
        w.state().intents(),
        pool,
        w.state().lastPlan(),
        problems);
  }

  private static Optional<NodeView> node(PodView p, Map<String, NodeView> nodes) {
    return p.nodeName().map(nodes::get);
  }

  private static Optional<String> dominantPool(List<PodView> pods, Map<String, NodeView> nodes) {
    return pods.stream()
        .map(p -> node(p, nodes).flatMap(NodeView::pool))
        .flatMap(Optional::stream)
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
        .entrySet()
        .stream()
        .max(
            Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
        .map(Map.Entry::getKey);
  }

  public ObjectNode toJson() {
    ObjectNode n = Json.object();
    n.put("namespace", namespace);
    n.put("deployment", deployment);
    n.put("desiredReplicas", desiredReplicas);
    n.put("readyReplicas", readyReplicas);
    n.put("floor", floor);
    n.put("podsOnVirtualNodes", podsOnVirtualNodes);
    n.put("podsOnVmNodes", podsOnVmNodes);
    n.put("pendingPods", pendingPods);
    ArrayNode is = n.putArray("intents");
    for (Intent i : intents) {
      is.add(intentJson(i));
    }
    if (nodePool.isPresent()) {
      PoolStatus p = nodePool.get();
      ObjectNode pn = n.putObject("nodePool");
      pn.put("name", p.name());
      pn.put("mode", p.mode());
      pn.put("count", p.count());
      pn.put("readyNodes", p.readyNodes());
      pn.put("provisioningState", p.provisioningState());
    } else {
      n.putNull("nodePool");
    }
    ArrayNode lp = n.putArray("lastPlan");
    for (PlanEntry e : lastPlan) {
      ObjectNode en = lp.addObject();
      en.put("action", e.action());
      en.put("target", e.target());
      en.put("policy", e.policy());
      en.put("reason", e.reason());
      en.put("at", e.at().toString());
    }
    ArrayNode pr = n.putArray("problems");
    problems.forEach(pr::add);
    return n;
  }

  /** An intent as status and trigger answers show it. */
  public static ObjectNode intentJson(Intent i) {
    ObjectNode n = Json.object();
    n.put("id", i.id());
    n.put("source", i.source().wireName());
    n.put("target", i.target().toString());
    n.put("replicas", i.replicas());
    n.put("from", i.from().toString());
    if (i.until().isPresent()) {
      n.put("until", i.until().get().toString());
    } else {
      n.putNull("until");
    }
    i.leadTime().ifPresent(l -> n.put("leadTime", l.toString()));
    n.put("reason", i.reason());
    return n;
  }
}
