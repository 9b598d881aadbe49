package dev.aksburst.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which nodes of a pool are deallocated: registered but stopped, neither room nor coming. The one
 * definition, used by the planner and by status.
 */
public final class DeallocatedNodes {
  /** The taint the cloud node lifecycle controller puts on a node whose VM is shut down. */
  public static final String SHUTDOWN_TAINT = "node.cloudprovider.kubernetes.io/shutdown";

  private DeallocatedNodes() {}

  /**
   * The pool's deallocated nodes: NotReady and tainted {@value #SHUTDOWN_TAINT}, or, in a {@code
   * scaleDownMode: Deallocate} pool, NotReady beyond what its count covers (the oldest first: AKS
   * starts the oldest deallocated ones first). Once the count covers one again it is being started.
   *
   * @param pool the pool, when it was observed
   * @param poolNodes its VM nodes
   */
  public static List<NodeView> of(java.util.Optional<NodePoolView> pool, List<NodeView> poolNodes) {
    List<NodeView> out = new ArrayList<>();
    List<NodeView> untainted = new ArrayList<>();
    for (NodeView n : poolNodes) {
      if (n.ready()) {
        continue;
      }
      if (n.taints().stream().anyMatch(t -> t.key().equals(SHUTDOWN_TAINT))) {
        out.add(n);
      } else {
        untainted.add(n);
      }
    }
    if (pool.isPresent() && pool.get().kind().deallocate()) {
      int beyond = poolNodes.size() - out.size() - pool.get().targetSize();
      untainted.sort(Comparator.comparing(NodeView::created).thenComparing(NodeView::name));
      out.addAll(untainted.subList(0, Math.max(0, Math.min(beyond, untainted.size()))));
    }
    return out;
  }
}
