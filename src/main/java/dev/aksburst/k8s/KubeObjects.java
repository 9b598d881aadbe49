package dev.aksburst.k8s;

import dev.aksburst.contract.Annotations;
import dev.aksburst.model.PodRequests;
import dev.aksburst.model.Resources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Small readings of fabric8 objects shared by the adapters (no I/O). */
final class KubeObjects {
  private KubeObjects() {}

  static Map<String, String> labels(ObjectMeta m) {
    return m == null || m.getLabels() == null ? Map.of() : m.getLabels();
  }

  static Map<String, String> annotations(ObjectMeta m) {
    return m == null || m.getAnnotations() == null ? Map.of() : m.getAnnotations();
  }

  static boolean optedIn(ObjectMeta m) {
    return Annotations.ENABLED_VALUE.equals(labels(m).get(Annotations.ENABLED));
  }

  static Optional<Instant> time(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** A label selector matches, with matchLabels and matchExpressions as the API server does. */
  static boolean matches(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return false;
    }
    if (selector.getMatchLabels() != null) {
      for (var e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(labels.get(e.getKey()))) {
          return false;
        }
      }
    }
    if (selector.getMatchExpressions() != null) {
      for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
        String v = labels.get(r.getKey());
        List<String> values = r.getValues() == null ? List.of() : r.getValues();
        boolean ok =
            switch (r.getOperator()) {
              case "In" -> v != null && values.contains(v);
              case "NotIn" -> v == null || !values.contains(v);
              case "Exists" -> v != null;
              case "DoesNotExist" -> v == null;
              default -> false;
            };
        if (!ok) {
          return false;
        }
      }
    }
    boolean empty =
        (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
            && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    // An empty selector is rejected by the API for Deployments; never let it match every pod.
    return !empty;
  }

  /**
   * Requests of one pod as the scheduler counts them: app containers and restartable (sidecar) init
   * containers summed; each regular init container together with the sidecars started before it;
   * the larger of the two; plus the RuntimeClass overhead.
   */
  static Resources podRequests(PodSpec spec, List<String> problems, String where) {
    if (spec == null) {
      return Resources.ZERO;
    }
    List<PodRequests.Container> containers = new ArrayList<>();
    for (Container c : nullSafe(spec.getInitContainers())) {
      containers.add(
          new PodRequests.Container(
              String.valueOf(c.getName()),
              "Always".equals(c.getRestartPolicy())
                  ? PodRequests.Kind.SIDECAR
                  : PodRequests.Kind.INIT,
              requests(c.getResources(), problems, where + " init container " + c.getName())));
    }
    for (Container c : nullSafe(spec.getContainers())) {
      containers.add(
          new PodRequests.Container(
              String.valueOf(c.getName()),
              PodRequests.Kind.APP,
              requests(c.getResources(), problems, where + " container " + c.getName())));
    }
    return PodRequests.of(containers, resources(spec.getOverhead(), problems, where + " overhead"));
  }

  private static Resources requests(ResourceRequirements r, List<String> problems, String where) {
    return r == null ? Resources.ZERO : resources(r.getRequests(), problems, where);
  }

  static Resources resources(Map<String, Quantity> q, List<String> problems, String where) {
    if (q == null) {
      return Resources.ZERO;
    }
    return new Resources(
        milliCpu(q.get("cpu"), problems, where), bytes(q.get("memory"), problems, where));
  }

  static long milliCpu(Quantity q, List<String> problems, String where) {
    return amount(q, 1000, problems, where + " cpu");
  }

  static long bytes(Quantity q, List<String> problems, String where) {
    return amount(q, 1, problems, where + " memory");
  }

  static int count(Quantity q, List<String> problems, String where) {
    return (int) Math.min(Integer.MAX_VALUE, amount(q, 1, problems, where + " pods"));
  }

  private static long amount(Quantity q, int scale, List<String> problems, String where) {
    if (q == null) {
      return 0;
    }
    try {
      BigDecimal v = Quantity.getAmountInBytes(q).multiply(BigDecimal.valueOf(scale));
      return Math.max(0, v.setScale(0, RoundingMode.CEILING).longValueExact());
    } catch (ArithmeticException | IllegalArgumentException e) {
      problems.add(
          where + " quantity \"" + q + "\" can not be read (" + e.getMessage() + "); counted as 0");
      return 0;
    }
  }

  static <T> List<T> nullSafe(List<T> l) {
    return l == null ? List.of() : l;
  }

  /** The HTTP status of a fabric8 failure, or 0 when there was no response. */
  static int status(KubernetesClientException e) {
    return e.getCode();
  }
}
