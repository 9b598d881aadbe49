package dev.aksburst.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one pod asks the scheduler for, computed as kube-scheduler does: the app containers plus the
 * sidecars (init containers with {@code restartPolicy: Always}), or the peak of an init container
 * run (it runs next to the sidecars started before it) when that is larger; pod-level resources
 * (PodLevelResources, beta and on since 1.34) replace that for the resources they name (cpu,
 * memory, hugepages); plus the pod overhead. The one rule: the Kubernetes reader translates Pods
 * and templates into these containers, and the simulator builds them.
 */
public final class PodRequests {
  public enum Kind {
    /** A container of {@code spec.containers}. */
    APP,
    /** An init container that runs to completion before the next one starts. */
    INIT,
    /** An init container with {@code restartPolicy: Always}: it keeps running next to the app. */
    SIDECAR
  }

  /** One container's requests; init containers and sidecars in their declared order. */
  public record Container(String name, Kind kind, Resources requests) {
    public Container {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(requests, "requests");
    }
  }

  /**
   * Pod-level {@code spec.resources}: the requests it sets, and which resources it names (a named
   * resource replaces the containers' sum even when its amount is zero).
   */
  public record PodLevel(Resources requests, Set<String> named) {
    public static final PodLevel NONE = new PodLevel(Resources.ZERO, Set.of());

    public PodLevel {
      Objects.requireNonNull(requests, "requests");
      named = Set.copyOf(named);
    }
  }

  private PodRequests() {}

  public static Resources of(List<Container> containers, Resources overhead) {
    return of(containers, PodLevel.NONE, overhead);
  }

  public static Resources of(List<Container> containers, PodLevel podLevel, Resources overhead) {
    return podLevel(containers(containers), podLevel).plus(overhead);
  }

  private static Resources podLevel(Resources containers, PodLevel pod) {
    if (pod.named().isEmpty()) {
      return containers;
    }
    long cpu = pod.named().contains("cpu") ? pod.requests().milliCpu() : containers.milliCpu();
    long memory =
        pod.named().contains("memory") ? pod.requests().memoryBytes() : containers.memoryBytes();
    Map<String, Long> scalars = new TreeMap<>(containers.scalars());
    for (String name : pod.named()) {
      if (name.startsWith("hugepages-")) {
        scalars.put(name, pod.requests().scalar(name));
      }
    }
    return new Resources(cpu, memory, scalars);
  }

  private static Resources containers(List<Container> containers) {
    Resources sidecars = Resources.ZERO;
    Resources initPeak = Resources.ZERO;
    for (Container c : containers) {
      if (c.kind() == Kind.SIDECAR) {
        sidecars = sidecars.plus(c.requests());
      } else if (c.kind() == Kind.INIT) {
        initPeak = initPeak.max(sidecars.plus(c.requests()));
      }
    }
    Resources app = sidecars;
    for (Container c : containers) {
      if (c.kind() == Kind.APP) {
        app = app.plus(c.requests());
      }
    }
    return app.max(initPeak);
  }
}
