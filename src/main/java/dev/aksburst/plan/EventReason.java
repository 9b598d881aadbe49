package dev.aksburst.plan;

/** Kubernetes Event reasons recorded on the Deployment (part of the external contract). */
public final class EventReason {
  public static final String BURST_STARTED = "BurstStarted";
  public static final String BURST_ENDED = "BurstEnded";
  public static final String NODE_POOL_SCALE_OUT = "NodePoolScaleOut";
  public static final String NODE_POOL_SCALE_IN = "NodePoolScaleIn";
  public static final String BACKFILL_SURGE = "BackfillSurge";
  public static final String BACKFILLED = "Backfilled";
  public static final String SHED = "Shed";
  public static final String BURST_BLOCKED = "BurstBlocked";
  public static final String NOT_BURST_READY = "NotBurstReady";
  public static final String INVALID_ANNOTATION = "InvalidAnnotation";
  public static final String NODE_POOL_ERROR = "NodePoolError";
  public static final String CAPACITY_DECISION = "CapacityDecision";
  public static final String WINDOW_LEARNED = "WindowLearned";
  public static final String WINDOW_DROPPED = "WindowDropped";

  /** Normal, once per change: a price the capacity decision needs is not known. */
  public static final String PRICES_UNKNOWN = "PricesUnknown";

  /** A burst wants more pods on virtual nodes v2 than they hold (200 each). */
  public static final String VIRTUAL_NODES_FULL = "VirtualNodesFull";

  /** aks-burst added virtual nodes v2 for a burst (scaled their StatefulSet). */
  public static final String VIRTUAL_NODES_SCALE_OUT = "VirtualNodesScaleOut";

  /** aks-burst took the virtual nodes v2 it added back to their baseline. */
  public static final String VIRTUAL_NODES_SCALE_IN = "VirtualNodesScaleIn";

  /**
   * aks-burst created, scaled or deleted a workload's placeholder Deployment ({@code
   * aksburst.dev/capacity: placeholders}), with the figures.
   */
  public static final String PLACEHOLDERS_SCALED = "PlaceholdersScaled";

  /**
   * A workload is lowered while Karpenter manages the deletion cost of some of its pods: which
   * pods, and the cost the pods on virtual nodes get (Warning when they can only tie).
   */
  public static final String DELETION_COST_MANAGED = "DeletionCostManaged";

  /**
   * Warning: deletion costs marked in this apply were rewritten before the scale-in (Karpenter);
   * they were marked once more. Names the pods and the values found.
   */
  public static final String DELETION_COST_OVERWRITTEN = "DeletionCostOverwritten";

  /**
   * Warning: after a scale-in of a workload whose deletion costs Karpenter manages, the ReplicaSet
   * deleted other pods than the marked ones. Names both.
   */
  public static final String SHED_NOT_AS_MARKED = "ShedNotAsMarked";

  private EventReason() {}
}
