package dev.aksburst.contract;

import dev.aksburst.model.Taint;

/**
 * Every label and annotation key aks-burst reads or writes, and the AKS labels and taints it
 * recognizes: the external contract users, scripts and dashboards depend on (docs/annotations.md
 * lists them). No other main class spells them.
 */
public final class Annotations {
  /** Label on a Deployment: {@code "true"} opts it in; nothing else is ever touched. */
  public static final String ENABLED = "aksburst.dev/enabled";

  public static final String ENABLED_VALUE = "true";

  public static final String MAX_REPLICAS = "aksburst.dev/max-replicas";
  public static final String BURST = "aksburst.dev/burst";
  public static final String HOLD = "aksburst.dev/hold";
  public static final String ALERT_RULES = "aksburst.dev/alert-rules";
  public static final String WINDOWS = "aksburst.dev/windows";
  public static final String MAX_VIRTUAL_PODS = "aksburst.dev/max-virtual-pods";
  public static final String NODE_POOL = "aksburst.dev/node-pool";
  public static final String STRATEGY = "aksburst.dev/strategy";
  public static final String LEARN = "aksburst.dev/learn";
  public static final String LEARN_TIMEZONE = "aksburst.dev/learn-timezone";

  /** How VM capacity is obtained: {@code node-pool} (ARM, the default) or {@code placeholders}. */
  public static final String CAPACITY = "aksburst.dev/capacity";

  /** Standard label on what aks-burst creates (placeholder Deployments and their pods). */
  public static final String MANAGED_BY = "app.kubernetes.io/managed-by";

  public static final String MANAGED_BY_VALUE = "aks-burst";

  /** Label on a placeholder Deployment and its pods: the name of the workload it stands for. */
  public static final String PLACEHOLDER_FOR = "aksburst.dev/placeholder-for";

  /** Controller-owned JSON: intents, bookkeeping, last plan. Written only by compare-and-swap. */
  public static final String STATE = "aksburst.dev/state";

  /** Pod annotation (int32, lower is deleted first by a ReplicaSet scale-down). */
  public static final String POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

  /**
   * Pod annotation Karpenter's pod-deletion-cost controller (feature gate {@code
   * PodDeletionCostManagement}) sets to {@code "true"} on the pods whose {@link #POD_DELETION_COST}
   * it manages and rewrites.
   */
  public static final String KARPENTER_MANAGED_DELETION_COST = "karpenter.sh/managed-deletion-cost";

  /** AKS node label naming the node's agent pool. */
  public static final String AGENT_POOL = "kubernetes.azure.com/agentpool";

  /** Older AKS node label naming the agent pool. */
  public static final String AGENT_POOL_LEGACY = "agentpool";

  /** Key of the AKS virtual node's default label ({@code type=virtual-kubelet}). */
  public static final String VIRTUAL_NODE_LABEL_KEY = "type";

  /** Value of the AKS virtual node's default label. */
  public static final String VIRTUAL_NODE_LABEL_VALUE = "virtual-kubelet";

  /** Default label (key=value) of the AKS virtual node. */
  public static final String VIRTUAL_NODE_LABEL =
      VIRTUAL_NODE_LABEL_KEY + "=" + VIRTUAL_NODE_LABEL_VALUE;

  /** Default taint key of the AKS virtual node ({@code virtual-kubelet.io/provider=azure}). */
  public static final String VIRTUAL_NODE_TAINT_KEY = "virtual-kubelet.io/provider";

  /** Value of the virtual node's taint on AKS. */
  public static final String VIRTUAL_NODE_TAINT_VALUE = "azure";

  /** The AKS virtual node's taint: {@code virtual-kubelet.io/provider=azure:NoSchedule}. */
  public static final Taint VIRTUAL_NODE_TAINT =
      new Taint(VIRTUAL_NODE_TAINT_KEY, VIRTUAL_NODE_TAINT_VALUE, "NoSchedule");

  /** Label value key of a virtual node v2 ({@code virtualization=virtualnode2}). */
  public static final String VIRTUAL_NODE_V2_LABEL_KEY = "virtualization";

  /** Label value of a virtual node v2. */
  public static final String VIRTUAL_NODE_V2_LABEL_VALUE = "virtualnode2";

  /**
   * On the virtual nodes v2 StatefulSet aks-burst scales: its replicas before aks-burst first
   * raised them (controller-owned; removed when they are restored).
   */
  public static final String BASELINE_REPLICAS = "aksburst.dev/baseline-replicas";

  /** Event source component and Lease/ConfigMap owner name. */
  public static final String COMPONENT = "aks-burst";

  /** On Events aks-burst records: the trigger of the reconcile that recorded it (last seen). */
  public static final String EVENT_TRIGGER = "aksburst.dev/trigger";

  /** On Events aks-burst records: the correlation id of that reconcile (last seen). */
  public static final String EVENT_CORRELATION_ID = "aksburst.dev/correlation-id";

  private Annotations() {}
}
