package dev.aksburst.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.Resources;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests of pod templates as the API server defaults them and kube-scheduler counts them, one row
 * per template shape seen in real charts (including the ones that were already right).
 */
class PodRequestsTest {
  private static final long MI = 1024L * 1024;
  private static final long GI = 1024 * MI;

  static Stream<Arguments> templates() {
    return Stream.of(
        Arguments.of(
            "plain requests (right before)",
            """
            containers:
            - name: app
              image: nginx
              resources: {requests: {cpu: 250m, memory: 256Mi}}
            """,
            Resources.of(250, 256 * MI)),
        Arguments.of(
            "limits only: requests default from limits",
            """
            containers:
            - name: app
              image: nginx
              resources: {limits: {cpu: "1", memory: 1Gi}}
            """,
            Resources.of(1000, GI)),
        Arguments.of(
            "request set, limit larger: the request counts",
            """
            containers:
            - name: app
              image: nginx
              resources: {requests: {cpu: 100m}, limits: {cpu: "2", memory: 512Mi}}
            """,
            Resources.of(100, 512 * MI)),
        Arguments.of(
            "GPU in limits only (NVIDIA's sample): one nvidia.com/gpu",
            """
            containers:
            - name: cuda
              image: nvcr.io/nvidia/k8s/cuda-sample:vectoradd-cuda12.5.0
              resources: {limits: {nvidia.com/gpu: 1}}
            """,
            Resources.ZERO.with("nvidia.com/gpu", 1)),
        Arguments.of(
            "ephemeral-storage and hugepages",
            """
            containers:
            - name: app
              image: app
              resources:
                requests: {cpu: 500m, memory: 1Gi, ephemeral-storage: 2Gi, hugepages-2Mi: 100Mi}
                limits: {hugepages-2Mi: 100Mi}
            """,
            Resources.of(500, GI)
                .with("ephemeral-storage", 2 * GI)
                .with("hugepages-2Mi", 100 * MI)),
        Arguments.of(
            "init container larger than the app (right before)",
            """
            initContainers:
            - name: migrate
              image: app
              resources: {requests: {cpu: "2", memory: 128Mi}}
            containers:
            - name: app
              image: app
              resources: {requests: {cpu: 500m, memory: 1Gi}}
            """,
            Resources.of(2000, GI)),
        Arguments.of(
            "native sidecar adds to the app (right before)",
            """
            initContainers:
            - name: proxy
              image: envoy
              restartPolicy: Always
              resources: {requests: {cpu: 100m, memory: 64Mi}}
            containers:
            - name: app
              image: app
              resources: {requests: {cpu: 500m, memory: 1Gi}}
            """,
            Resources.of(600, GI + 64 * MI)),
        Arguments.of(
            "RuntimeClass overhead on a template (kata)",
            """
            runtimeClassName: kata-mshv-vm-isolation
            containers:
            - name: app
              image: app
              resources: {requests: {cpu: 500m, memory: 1Gi}}
            """,
            Resources.of(750, GI + 160 * MI)),
        Arguments.of(
            "overhead already on the spec wins over the RuntimeClass (a Pod)",
            """
            runtimeClassName: kata-mshv-vm-isolation
            overhead: {cpu: 100m, memory: 10Mi}
            containers:
            - name: app
              image: app
              resources: {requests: {cpu: 500m, memory: 1Gi}}
            """,
            Resources.of(600, GI + 10 * MI)),
        Arguments.of(
            "pod-level resources replace the containers' sum",
            """
            resources: {requests: {cpu: "1", memory: 2Gi}}
            containers:
            - name: a
              image: app
              resources: {requests: {cpu: 100m}}
            - name: b
              image: app
            """,
            Resources.of(1000, 2 * GI)),
        Arguments.of(
            "pod-level limits only: requests default from them, memory from containers",
            """
            resources: {limits: {cpu: "2"}}
            containers:
            - name: a
              image: app
              resources: {requests: {cpu: 100m, memory: 300Mi}}
            """,
            Resources.of(2000, 300 * MI)),
        Arguments.of(
            "no resources at all (BestEffort)",
            """
            containers:
            - name: app
              image: app
            """,
            Resources.ZERO));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void templateRequests(String name, String yaml, Resources expected) {
    PodSpec spec = Serialization.unmarshal(yaml, PodSpec.class);
    List<String> problems = new ArrayList<>();
    Map<String, Map<String, Quantity>> overheads =
        Map.of(
            "kata-mshv-vm-isolation",
            Map.of("cpu", new Quantity("250m"), "memory", new Quantity("160Mi")));
    assertThat(PodRequests.of(spec, overheads, problems, name)).isEqualTo(expected);
    assertThat(problems).isEmpty();
  }
}
