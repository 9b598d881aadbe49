package dev.aksburst.model;

import java.util.List;
import java.util.Objects;

/**
 * What one pod of a template asks the scheduler for, computed as kube-scheduler does: the app
 * containers plus the sidecars (init containers with {@code restartPolicy: Always}), or the peak of
 * an init container run (it runs next to the sidecars started before it) when that is larger, plus
 * the RuntimeClass overhead. One rule for the Kubernetes reader and the simulator.
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

  private PodRequests() {}

  public static Resources of(List<Container> containers, Resources overhead) {
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
    return app.max(initPeak).plus(overhead);
  }
}
