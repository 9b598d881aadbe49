package dev.aksburst.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seed's cluster as AKS registers it: VM nodes of an agent pool (Standard_DS2_v2: 1900m and
 * 5.5Gi allocatable, 30 pods), their DaemonSet pods (300m and 512Mi in all, as the simulator's
 * seed), and {@code virtual-node-aci-linux} from the synthesized sample.
 */
final class AksObjects {
  static final String POOL_LABEL = "kubernetes.azure.com/agentpool";

  private AksObjects() {}

  /** The virtual node, exactly as the sample shows it, heartbeat brought to now. */
  static Node virtualNode() {
    Node n = dev.aksburst.k8s.Fixtures.virtualNode();
    String now = Instant.now().toString();
    for (NodeCondition c : n.getStatus().getConditions()) {
      c.setLastHeartbeatTime(now);
      c.setLastTransitionTime(now);
    }
    return n;
  }

  /**
   * A VM node of {@code pool}, created NotReady; kwok turns it Ready after {@code readyAfter} (the
   * VM booting and its kubelet registering).
   */
  static Node vmNode(String name, String pool, Duration readyAfter) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("agentpool", pool);
    labels.put(POOL_LABEL, pool);
    labels.put("kubernetes.azure.com/role", "agent");
    labels.put("kubernetes.azure.com/mode", "system");
    labels.put("beta.kubernetes.io/os", "linux");
    labels.put("kubernetes.io/os", "linux");
    labels.put("kubernetes.io/arch", "amd64");
    labels.put("kubernetes.io/hostname", name);
    labels.put("kubernetes.io/role", "agent");
    labels.put("node-role.kubernetes.io/agent", "");
    labels.put("node.kubernetes.io/instance-type", "Standard_DS2_v2");
    labels.put("beta.kubernetes.io/instance-type", "Standard_DS2_v2");
    Map<String, Quantity> allocatable =
        Map.of("cpu", new Quantity("1900m"), "memory", new Quantity("5632Mi"), "pods", q("30"));
    Map<String, Quantity> capacity =
        Map.of("cpu", q("2"), "memory", new Quantity("7116Mi"), "pods", q("30"));
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .withAnnotations(Map.of(KwokStages.NODE_READY_AFTER, readyAfter.toMillis() + "ms"))
        .endMetadata()
        .withNewSpec()
        .withProviderID("azure:///subscriptions/test/resourceGroups/mc/providers/vmss/" + name)
        .endSpec()
        .withNewStatus()
        .withAllocatable(allocatable)
        .withCapacity(capacity)
        .withConditions(
            List.of(
                new NodeConditionBuilder()
                    .withType("Ready")
                    .withStatus("False")
                    .withReason("KubeletNotReady")
                    .withMessage("the VM is booting")
                    .withLastHeartbeatTime(Instant.now().toString())
                    .withLastTransitionTime(Instant.now().toString())
                    .build()))
        .endStatus()
        .build();
  }

  /**
   * AKS's DaemonSets on every VM node (kube-proxy, azure-cns, ip-masq-agent, CSI drivers...),
   * folded into one that requests what they request together. Like them, it keeps off virtual nodes
   * and tolerates every taint.
   */
  static DaemonSet systemDaemons() {
    return new DaemonSetBuilder()
        .withNewMetadata()
        .withNamespace("kube-system")
        .withName("aks-system-daemons")
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .addToMatchLabels("app", "aks-system-daemons")
        .endSelector()
        .withNewTemplate()
        .withNewMetadata()
        .addToLabels("app", "aks-system-daemons")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("daemons")
        .withImage("mcr.microsoft.com/oss/kubernetes/kube-proxy")
        .withNewResources()
        .addToRequests("cpu", new Quantity("300m"))
        .addToRequests("memory", new Quantity("512Mi"))
        .endResources()
        .endContainer()
        .addNewToleration()
        .withOperator("Exists")
        .endToleration()
        .withNewAffinity()
        .withNewNodeAffinity()
        .withNewRequiredDuringSchedulingIgnoredDuringExecution()
        .addNewNodeSelectorTerm()
        .addNewMatchExpression()
        .withKey("type")
        .withOperator("NotIn")
        .withValues("virtual-kubelet")
        .endMatchExpression()
        .endNodeSelectorTerm()
        .endRequiredDuringSchedulingIgnoredDuringExecution()
        .endNodeAffinity()
        .endAffinity()
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }

  private static Quantity q(String s) {
    return new Quantity(s);
  }
}
