package dev.aksburst.kube;

import java.time.Duration;
import java.util.Objects;

/**
 * The kwok stages of the test cluster: how its fake kubelets move nodes and pods along.
 *
 * <ul>
 *   <li>A node that is not Ready turns Ready after the duration in its annotation {@value
 *       #NODE_READY_AFTER} (a Go duration such as {@code 20s}; none: at once): a VM joining the
 *       pool. The virtual node is created Ready, as AKS registers it.
 *   <li>A pod bound to the virtual node turns Running and Ready after {@code virtualPodReady} (ACI
 *       starts a container group in about 45 s); a pod bound to any other node after {@code
 *       vmPodReady} (an image already on the VM).
 *   <li>A pod with a deletion timestamp is deleted at once (its kubelet has stopped it).
 * </ul>
 */
record KwokStages(Duration vmPodReady, Duration virtualPodReady) {
  static final String NODE_READY_AFTER = "aksburst.test/ready-after";
  static final String VIRTUAL_NODE = "virtual-node-aci-linux";

  /** What AKS takes: a few seconds on a VM, about 45 s on ACI. */
  static final KwokStages AKS = new KwokStages(Duration.ofSeconds(3), Duration.ofSeconds(45));

  KwokStages {
    Objects.requireNonNull(vmPodReady, "vmPodReady");
    Objects.requireNonNull(virtualPodReady, "virtualPodReady");
  }

  String yaml() {
    return nodeReady()
        + "---\n"
        + podReady("aks-burst-pod-ready-virtual", "In", virtualPodReady)
        + "---\n"
        + podReady("aks-burst-pod-ready-vm", "NotIn", vmPodReady)
        + "---\n"
        + podDelete();
  }

  private static String nodeReady() {
    return """
        apiVersion: kwok.x-k8s.io/v1alpha1
        kind: Stage
        metadata:
          name: aks-burst-node-ready
        spec:
          resourceRef:
            apiGroup: v1
            kind: Node
          selector:
            matchExpressions:
            - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
              operator: NotIn
              values: ["True"]
          delay:
            durationMilliseconds: 0
            durationFrom:
              expressionFrom: '.metadata.annotations["%s"]'
          next:
            statusTemplate: |
              {{ $now := Now }}
              conditions:
              {{ range NodeConditions }}
              - lastHeartbeatTime: {{ $now | Quote }}
                lastTransitionTime: {{ $now | Quote }}
                message: {{ .message | Quote }}
                reason: {{ .reason | Quote }}
                status: {{ .status | Quote }}
                type: {{ .type | Quote }}
              {{ end }}
              phase: Running
        """
        .formatted(NODE_READY_AFTER);
  }

  private static String podReady(String name, String operator, Duration delay) {
    return """
        apiVersion: kwok.x-k8s.io/v1alpha1
        kind: Stage
        metadata:
          name: %s
        spec:
          resourceRef:
            apiGroup: v1
            kind: Pod
          selector:
            matchExpressions:
            - key: '.metadata.deletionTimestamp'
              operator: DoesNotExist
            - key: '.status.phase'
              operator: In
              values: ["Pending"]
            - key: '.spec.nodeName'
              operator: %s
              values: ["%s"]
          delay:
            durationMilliseconds: %d
          next:
            statusTemplate: |
              {{ $now := Now }}
              conditions:
              - {type: Initialized, status: "True", lastTransitionTime: {{ $now | Quote }}}
              - {type: PodScheduled, status: "True", lastTransitionTime: {{ $now | Quote }}}
              - {type: ContainersReady, status: "True", lastTransitionTime: {{ $now | Quote }}}
              - {type: Ready, status: "True", lastTransitionTime: {{ $now | Quote }}}
              containerStatuses:
              {{ range .spec.containers }}
              - name: {{ .name | Quote }}
                image: {{ .image | Quote }}
                ready: true
                started: true
                restartCount: 0
                state:
                  running:
                    startedAt: {{ $now | Quote }}
              {{ end }}
              phase: Running
              startTime: {{ $now | Quote }}
        """
        .formatted(name, operator, VIRTUAL_NODE, delay.toMillis());
  }

  private static String podDelete() {
    return """
        apiVersion: kwok.x-k8s.io/v1alpha1
        kind: Stage
        metadata:
          name: aks-burst-pod-delete
        spec:
          resourceRef:
            apiGroup: v1
            kind: Pod
          selector:
            matchExpressions:
            - key: '.metadata.deletionTimestamp'
              operator: Exists
          next:
            finalizers:
              empty: true
            delete: true
        """;
  }
}
