package dev.aksburst.intent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aksburst.model.BurstSize;
import dev.aksburst.model.Intent;
import dev.aksburst.model.WorkloadPolicy;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.testing.InMemoryCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Alert → intent: which Deployments an alert means, and the floor it asks for on each. */
class AlertTargetsTest {
  static final Instant FIRED = Instant.parse("2026-03-01T10:00:00Z");
  static final Instant RESOLVED = FIRED.plus(Duration.ofMinutes(20));

  /** Received after the resolve: no sender time is capped. */
  static final Instant RECEIVED = RESOLVED.plus(Duration.ofSeconds(30));

  static WorkloadPolicy policy(List<String> rules, Optional<BurstSize> burst) {
    return new WorkloadPolicy(
        OptionalInt.empty(),
        burst,
        Optional.of(Duration.ofMinutes(10)),
        rules,
        List.of(),
        OptionalInt.empty(),
        Optional.empty());
  }

  static final WorkloadView WEB =
      InMemoryCluster.workload("shop", "web", 4, policy(List.of("cpu-high"), Optional.empty()));
  static final WorkloadView API =
      InMemoryCluster.workload(
          "shop", "api", 3, policy(List.of("cpu-high", "latency"), Optional.empty()));
  static final WorkloadView BATCH =
      InMemoryCluster.workload("jobs", "batch", 2, policy(List.of(), Optional.empty()));
  static final List<WorkloadView> CLUSTER = List.of(WEB, API, BATCH);

  static ParsedAlert alert(
      String rule,
      ParsedAlert.Condition condition,
      Map<String, String> props,
      Map<String, String> dims,
      String signal) {
    return new ParsedAlert(
        ParsedAlert.Schema.COMMON,
        rule,
        condition,
        signal,
        FIRED,
        condition == ParsedAlert.Condition.RESOLVED ? Optional.of(RESOLVED) : Optional.empty(),
        List.of(),
        props,
        dims,
        OptionalDouble.of(90),
        OptionalDouble.of(60));
  }

  static ParsedAlert fired(Map<String, String> props, Map<String, String> dims) {
    return alert("cpu-high", ParsedAlert.Condition.FIRED, props, dims, "Metric");
  }

  static Stream<Arguments> resolutions() {
    Map<String, String> none = Map.of();
    return Stream.of(
        Arguments.of(
            "custom properties name the Deployment",
            fired(Map.of("aksburst.namespace", "jobs", "aksburst.deployment", "batch"), none),
            AlertTargets.Path.CUSTOM_PROPERTIES,
            List.of("jobs/batch")),
        Arguments.of(
            "custom properties win over dimensions and rules",
            fired(
                Map.of("aksburst.namespace", "jobs", "aksburst.deployment", "batch"),
                Map.of("namespace", "shop", "deployment", "web")),
            AlertTargets.Path.CUSTOM_PROPERTIES,
            List.of("jobs/batch")),
        Arguments.of(
            "Container insights dimensions (any case and separators)",
            fired(none, Map.of("Kubernetes namespace", "shop", "controllerName", "api")),
            AlertTargets.Path.DIMENSIONS,
            List.of("shop/api")),
        Arguments.of(
            "dimensions naming a Deployment that is not opted in fall back to the rule",
            fired(none, Map.of("namespace", "shop", "deployment", "legacy")),
            AlertTargets.Path.ALERT_RULES_ANNOTATION,
            List.of("shop/api", "shop/web")),
        Arguments.of(
            "a namespace dimension alone falls back to the rule",
            fired(none, Map.of("namespace", "jobs")),
            AlertTargets.Path.ALERT_RULES_ANNOTATION,
            List.of("shop/api", "shop/web")),
        Arguments.of(
            "the rule in aksburst.dev/alert-rules, in name order",
            fired(none, none),
            AlertTargets.Path.ALERT_RULES_ANNOTATION,
            List.of("shop/api", "shop/web")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("resolutions")
  void anAlertMeansTheseDeployments(
      String name, ParsedAlert alert, AlertTargets.Path path, List<String> refs) {
    AlertTargets.Resolution r = AlertTargets.resolve(alert, CLUSTER);
    assertThat(r).isInstanceOf(AlertTargets.Found.class);
    AlertTargets.Found f = (AlertTargets.Found) r;
    assertThat(f.path()).isEqualTo(path);
    assertThat(f.workloads()).extracting(w -> w.ref().toString()).containsExactlyElementsOf(refs);
  }

  static Stream<Arguments> unmapped() {
    Map<String, String> none = Map.of();
    return Stream.of(
        Arguments.of(
            fired(Map.of("aksburst.namespace", "shop"), none), "got only aksburst.namespace"),
        Arguments.of(
            fired(Map.of("aksburst.deployment", "web"), none), "got only aksburst.deployment"),
        Arguments.of(
            fired(Map.of("aksburst.namespace", "shop", "aksburst.deployment", "legacy"), none),
            "shop/legacy, which is not an opted-in Deployment"),
        Arguments.of(
            alert(
                "disk-full",
                ParsedAlert.Condition.FIRED,
                none,
                Map.of("namespace", "shop", "deployment", "legacy"),
                "Metric"),
            "dimensions name shop/legacy"),
        Arguments.of(
            alert("disk-full", ParsedAlert.Condition.FIRED, none, none, "Metric"),
            "alert rule \"disk-full\" maps to no Deployment"));
  }

  @ParameterizedTest
  @MethodSource("unmapped")
  void anAlertThatMeansNoDeploymentSaysWhy(ParsedAlert alert, String why) {
    assertThat(AlertTargets.floors(alert, CLUSTER, RECEIVED))
        .isInstanceOfSatisfying(
            AlertTargets.Unmapped.class, u -> assertThat(u.reason()).contains(why));
  }

  /** One row: the workload's burst annotation and the alert → the floor's replicas and end. */
  static Stream<Arguments> floors() {
    Map<String, String> none = Map.of();
    Map<String, String> web = Map.of("aksburst.namespace", "shop", "aksburst.deployment", "web");
    return Stream.of(
        Arguments.of(
            "default burst x2 of the baseline 4", Optional.empty(), fired(web, none), 8, null),
        Arguments.of(
            "absolute", Optional.of(new BurstSize.Absolute(20)), fired(web, none), 20, null),
        Arguments.of("plus", Optional.of(new BurstSize.Plus(10)), fired(web, none), 14, null),
        Arguments.of(
            "proportional to value / threshold (90 / 60 of 4)",
            Optional.of(new BurstSize.Proportional()),
            fired(web, none),
            6,
            null),
        Arguments.of(
            "aksburst.replicas overrides the annotation",
            Optional.of(new BurstSize.Absolute(20)),
            fired(
                Map.of(
                    "aksburst.namespace",
                    "shop",
                    "aksburst.deployment",
                    "web",
                    "aksburst.replicas",
                    "33"),
                none),
            33,
            null),
        Arguments.of(
            "resolved: closes at resolve time + the workload's hold",
            Optional.of(new BurstSize.Absolute(20)),
            alert("cpu-high", ParsedAlert.Condition.RESOLVED, web, none, "Metric"),
            20,
            RESOLVED.plus(Duration.ofMinutes(10))),
        Arguments.of(
            "resolved with aksburst.hold",
            Optional.of(new BurstSize.Absolute(20)),
            alert(
                "cpu-high",
                ParsedAlert.Condition.RESOLVED,
                Map.of(
                    "aksburst.namespace",
                    "shop",
                    "aksburst.deployment",
                    "web",
                    "aksburst.hold",
                    "1h30m"),
                none,
                "Metric"),
            20,
            RESOLVED.plus(Duration.ofMinutes(90))),
        Arguments.of(
            "an activity log alert never resolves: one hold from firing",
            Optional.of(new BurstSize.Absolute(20)),
            alert("cpu-high", ParsedAlert.Condition.FIRED, web, none, "Activity Log"),
            20,
            FIRED.plus(Duration.ofMinutes(10))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("floors")
  void theFloorAnAlertAsksFor(
      String name, Optional<BurstSize> burst, ParsedAlert alert, int replicas, Instant until) {
    WorkloadView w = InMemoryCluster.workload("shop", "web", 4, policy(List.of(), burst));
    AlertTargets.Floors f = AlertTargets.floors(alert, List.of(w), RECEIVED);
    assertThat(f).isInstanceOf(AlertTargets.Targeted.class);
    Intent i = ((AlertTargets.Targeted) f).intents().get(0);
    assertThat(i.id()).isEqualTo("alert:cpu-high:shop/web");
    assertThat(i.target()).isEqualTo(WorkloadRef.of("shop", "web"));
    assertThat(i.replicas()).isEqualTo(replicas);
    assertThat(i.from()).isEqualTo(FIRED);
    assertThat(i.until()).isEqualTo(Optional.ofNullable(until));
    assertThat(i.observedAt()).as("the firing's own firedDateTime").isEqualTo(alert.firedAt());
  }

  @Test
  void aRuleListedOnSeveralDeploymentsRaisesEachFromItsOwnBaseline() {
    AlertTargets.Targeted t =
        (AlertTargets.Targeted) AlertTargets.floors(fired(Map.of(), Map.of()), CLUSTER, RECEIVED);
    assertThat(t.path()).isEqualTo(AlertTargets.Path.ALERT_RULES_ANNOTATION);
    assertThat(t.intents())
        .extracting(i -> i.id() + "=" + i.replicas())
        .containsExactly("alert:cpu-high:shop/api=6", "alert:cpu-high:shop/web=8");
  }

  @Test
  void badOverridesAreRefusedNamingTheProperty() {
    Map<String, String> web = Map.of("aksburst.namespace", "shop", "aksburst.deployment", "web");
    for (String bad : List.of("many", "-1", "10001")) {
      HashMap<String, String> props = new HashMap<>(web);
      props.put("aksburst.replicas", bad);
      assertThatThrownBy(() -> AlertTargets.floors(fired(props, Map.of()), CLUSTER, RECEIVED))
          .isInstanceOfSatisfying(
              InvalidPayload.class,
              e -> assertThat(e.getMessage()).contains("customProperties.aksburst.replicas"));
    }
    HashMap<String, String> props = new HashMap<>(web);
    props.put("aksburst.hold", "soon");
    assertThatThrownBy(() -> AlertTargets.floors(fired(props, Map.of()), CLUSTER, RECEIVED))
        .isInstanceOf(InvalidPayload.class)
        .hasMessageContaining("customProperties.aksburst.hold");
  }
}
