package dev.aksburst.intent;

import dev.aksburst.model.Intent;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Which opted-in Deployments an alert means, in this order: the action's custom properties ({@code
 * aksburst.namespace} and {@code aksburst.deployment}), then condition dimensions naming a
 * namespace and a controller or deployment, then Deployments whose {@code aksburst.dev/alert-rules}
 * annotation lists the rule.
 */
public final class AlertTargets {
  public static final String PROP_NAMESPACE = "aksburst.namespace";
  public static final String PROP_DEPLOYMENT = "aksburst.deployment";
  public static final String PROP_REPLICAS = "aksburst.replicas";
  public static final String PROP_HOLD = "aksburst.hold";

  /** The prefix of the custom properties aks-burst defines. */
  public static final String PREFIX = "aksburst.";

  /** Every custom property aks-burst reads; another one with {@link #PREFIX} is a typo. */
  public static final List<String> PROPERTIES =
      List.of(PROP_NAMESPACE, PROP_DEPLOYMENT, PROP_REPLICAS, PROP_HOLD);

  /** Dimension names that carry a namespace, compared lower-case without separators. */
  private static final Set<String> NAMESPACE_DIMENSIONS =
      Set.of("namespace", "kubernetesnamespace", "k8snamespacename");

  /** Dimension names that carry a Deployment (Container insights calls it controllerName). */
  private static final Set<String> DEPLOYMENT_DIMENSIONS =
      Set.of("deployment", "controllername", "controller", "k8sdeploymentname");

  private AlertTargets() {}

  /** How a target was found. */
  public enum Path {
    CUSTOM_PROPERTIES,
    DIMENSIONS,
    ALERT_RULES_ANNOTATION
  }

  /** The outcome: the workloads found and how, or why none. */
  public sealed interface Resolution permits Found, Unmapped {}

  public record Found(List<WorkloadView> workloads, Path path) implements Resolution {
    public Found {
      workloads = List.copyOf(workloads);
      Objects.requireNonNull(path);
      if (workloads.isEmpty()) {
        throw new IllegalArgumentException("Found needs at least one workload");
      }
    }
  }

  /** What an alert asks for: one floor per Deployment it means, or why none. */
  public sealed interface Floors permits Targeted, Unmapped {}

  /** The floors an alert asks for and how their Deployments were found. */
  public record Targeted(Path path, List<Intent> intents) implements Floors {
    public Targeted {
      Objects.requireNonNull(path);
      intents = List.copyOf(intents);
      if (intents.isEmpty()) {
        throw new IllegalArgumentException("Targeted needs at least one intent");
      }
    }
  }

  public record Unmapped(String reason) implements Resolution, Floors {
    public Unmapped {
      Objects.requireNonNull(reason);
    }
  }

  /**
   * The floor the alert asks for on each Deployment it means, with the custom properties' {@code
   * aksburst.replicas} and {@code aksburst.hold} applied.
   *
   * @param workloads the cluster's opted-in Deployments
   * @param receivedAt when the notification arrived: the sender's times are clamped to it
   */
  public static Floors floors(
      ParsedAlert alert, List<WorkloadView> workloads, java.time.Instant receivedAt) {
    Resolution r = resolve(alert, workloads);
    if (r instanceof Unmapped u) {
      return u;
    }
    Found found = (Found) r;
    OptionalInt replicas = replicasOverride(alert);
    Optional<Duration> hold = holdOverride(alert);
    return new Targeted(
        found.path(),
        found.workloads().stream()
            .map(w -> IntentFactory.fromAlert(alert, w, replicas, hold, receivedAt))
            .toList());
  }

  /**
   * @param workloads the cluster's opted-in Deployments
   */
  public static Resolution resolve(ParsedAlert alert, List<WorkloadView> workloads) {
    Map<String, String> props = alert.customProperties();
    Optional<String> ns = nonBlank(props.get(PROP_NAMESPACE));
    Optional<String> name = nonBlank(props.get(PROP_DEPLOYMENT));
    if (ns.isPresent() || name.isPresent()) {
      if (ns.isEmpty() || name.isEmpty()) {
        return new Unmapped(
            "custom properties must name both "
                + PROP_NAMESPACE
                + " and "
                + PROP_DEPLOYMENT
                + "; got only "
                + (ns.isPresent() ? PROP_NAMESPACE : PROP_DEPLOYMENT));
      }
      WorkloadRef ref = WorkloadRef.of(ns.get(), name.get());
      return find(workloads, ref)
          .<Resolution>map(w -> new Found(List.of(w), Path.CUSTOM_PROPERTIES))
          .orElseGet(
              () ->
                  new Unmapped(
                      "custom properties name Deployment "
                          + ref
                          + ", which is not an opted-in Deployment of this cluster (label it"
                          + " aksburst.dev/enabled=\"true\")"));
    }
    Optional<String> dimNs = dimension(alert.dimensions(), NAMESPACE_DIMENSIONS);
    Optional<String> dimName = dimension(alert.dimensions(), DEPLOYMENT_DIMENSIONS);
    String dimensionNote = "";
    if (dimNs.isPresent() && dimName.isPresent()) {
      WorkloadRef ref = WorkloadRef.of(dimNs.get(), dimName.get());
      Optional<WorkloadView> w = find(workloads, ref);
      if (w.isPresent()) {
        return new Found(List.of(w.get()), Path.DIMENSIONS);
      }
      dimensionNote = "dimensions name " + ref + ", which is not an opted-in Deployment; ";
    }
    List<WorkloadView> byRule =
        workloads.stream()
            .filter(w -> w.policy().alertRules().stream().anyMatch(r -> r.equals(alert.rule())))
            .sorted((a, b) -> a.ref().compareTo(b.ref()))
            .toList();
    if (!byRule.isEmpty()) {
      return new Found(byRule, Path.ALERT_RULES_ANNOTATION);
    }
    return new Unmapped(
        dimensionNote
            + "alert rule \""
            + alert.rule()
            + "\" maps to no Deployment: set the action's custom properties "
            + PROP_NAMESPACE
            + " and "
            + PROP_DEPLOYMENT
            + ", or list the rule in a Deployment's aksburst.dev/alert-rules annotation");
  }

  /** {@code aksburst.replicas} from the custom properties, when set. */
  public static OptionalInt replicasOverride(ParsedAlert alert) {
    String v = alert.customProperties().get(PROP_REPLICAS);
    if (v == null || v.isBlank()) {
      return OptionalInt.empty();
    }
    String field = "customProperties." + PROP_REPLICAS;
    try {
      int n = Integer.parseInt(v.trim());
      if (n < 0 || n > BurstRequest.MAX_REPLICAS) {
        throw new InvalidPayload(
            field, field + " must be between 0 and " + BurstRequest.MAX_REPLICAS + ", got " + n);
      }
      return OptionalInt.of(n);
    } catch (NumberFormatException e) {
      throw new InvalidPayload(field, field + " must be a whole number, got \"" + v + "\"", e);
    }
  }

  /** {@code aksburst.hold} from the custom properties ({@code 15m} or {@code PT15M}), when set. */
  public static Optional<Duration> holdOverride(ParsedAlert alert) {
    String v = alert.customProperties().get(PROP_HOLD);
    if (v == null || v.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(Durations.parse(v, "customProperties." + PROP_HOLD));
  }

  private static Optional<WorkloadView> find(List<WorkloadView> workloads, WorkloadRef ref) {
    return workloads.stream().filter(w -> w.ref().equals(ref)).findFirst();
  }

  private static Optional<String> dimension(Map<String, String> dims, Set<String> names) {
    return dims.entrySet().stream()
        .filter(e -> names.contains(normalise(e.getKey())))
        .map(Map.Entry::getValue)
        .filter(v -> !v.isBlank())
        .findFirst();
  }

  private static String normalise(String key) {
    return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.trim());
  }
}
