package dev.aksburst.app;

import dev.aksburst.intent.ParsedAlert;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.CapacityDecision;
import dev.aksburst.plan.CapacityDecision.Route;
import dev.aksburst.plan.EventReason;
import dev.aksburst.reconcile.ActionOutcome;
import dev.aksburst.reconcile.ClusterPorts;
import dev.aksburst.reconcile.EventRecorder;
import dev.aksburst.reconcile.ReconcileResult;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongGauge;
import io.opentelemetry.api.metrics.Meter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * aks-burst's metrics through the OpenTelemetry API, named after the status fields and Event
 * reasons so a workbook, the dashboard and status say the same thing:
 *
 * <ul>
 *   <li>{@code aksburst.bursts.started}, {@code aksburst.bursts.ended}: the {@code BurstStarted}
 *       and {@code BurstEnded} Events;
 *   <li>{@code aksburst.events}: every Event, by {@code reason} and {@code type};
 *   <li>{@code aksburst.nodepool.writes}: node-pool writes by {@code pool}, {@code outcome}
 *       (applied, failed, refused, skipped) and {@code code} (the Azure error code of a failure);
 *   <li>{@code aksburst.pods.virtual_nodes}: {@code podsOnVirtualNodes} at each reconcile;
 *   <li>{@code aksburst.ready_below_floor}: pod-seconds with {@code readyReplicas} below {@code
 *       floor}, between two reconciles of this process;
 *   <li>{@code aksburst.decisions}: every {@code CapacityDecision}, by {@code route} (vm, aci) and
 *       {@code cause}; {@code aksburst.decision.usd_per_hour}: its {@code vmUsdPerHour} and {@code
 *       aciUsdPerHour} by {@code route}; {@code aksburst.decision.route_usd}: each route's
 *       projected cost over the expected remaining burst, {@code chosen} on the route taken;
 *   <li>{@code aksburst.alert.first_write}: seconds from a fired alert ({@code since=fired}: its
 *       {@code firedDateTime}; {@code since=received}: its receipt) to the end of the reconcile
 *       that applied its first write.
 * </ul>
 *
 * Workload attributes are {@code namespace} and {@code deployment}, plus {@code cluster}.
 */
public final class BurstMetrics {
  static final String SCOPE = "dev.aksburst";

  public static final String BURSTS_STARTED = "aksburst.bursts.started";
  public static final String BURSTS_ENDED = "aksburst.bursts.ended";
  public static final String EVENTS = "aksburst.events";
  public static final String NODEPOOL_WRITES = "aksburst.nodepool.writes";
  public static final String PODS_ON_VIRTUAL_NODES = "aksburst.pods.virtual_nodes";
  public static final String READY_BELOW_FLOOR = "aksburst.ready_below_floor";
  public static final String DECISIONS = "aksburst.decisions";
  public static final String DECISION_USD_PER_HOUR = "aksburst.decision.usd_per_hour";
  public static final String DECISION_ROUTE_USD = "aksburst.decision.route_usd";
  public static final String ALERT_TO_FIRST_WRITE = "aksburst.alert.first_write";

  /** Every metric this class emits. */
  public static final List<String> METRICS =
      List.of(
          BURSTS_STARTED,
          BURSTS_ENDED,
          EVENTS,
          NODEPOOL_WRITES,
          PODS_ON_VIRTUAL_NODES,
          READY_BELOW_FLOOR,
          DECISIONS,
          DECISION_USD_PER_HOUR,
          DECISION_ROUTE_USD,
          ALERT_TO_FIRST_WRITE);

  static final AttributeKey<String> CLUSTER = AttributeKey.stringKey("cluster");
  static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("namespace");
  static final AttributeKey<String> DEPLOYMENT = AttributeKey.stringKey("deployment");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
  static final AttributeKey<String> TYPE = AttributeKey.stringKey("type");
  static final AttributeKey<String> TRIGGER = AttributeKey.stringKey("trigger");
  static final AttributeKey<String> POOL = AttributeKey.stringKey("pool");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
  static final AttributeKey<String> CODE = AttributeKey.stringKey("code");
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("route");
  static final AttributeKey<String> CAUSE = AttributeKey.stringKey("cause");
  static final AttributeKey<Boolean> CHOSEN = AttributeKey.booleanKey("chosen");
  static final AttributeKey<String> SINCE = AttributeKey.stringKey("since");

  /** Every attribute (dimension) a metric of this class carries. */
  public static final List<String> DIMENSIONS =
      Stream.of(
              CLUSTER,
              NAMESPACE,
              DEPLOYMENT,
              REASON,
              TYPE,
              TRIGGER,
              POOL,
              OUTCOME,
              CODE,
              ROUTE,
              CAUSE,
              CHOSEN,
              SINCE)
          .map(AttributeKey::getKey)
          .toList();

  /** A gap longer than this between two reconciles is not counted as below-floor time. */
  static final Duration MAX_GAP = Duration.ofMinutes(5);

  private final LongCounter burstsStarted;
  private final LongCounter burstsEnded;
  private final LongCounter events;
  private final LongCounter poolWrites;
  private final LongGauge podsOnVirtualNodes;
  private final DoubleCounter readyBelowFloor;
  private final LongCounter decisions;
  private final DoubleGauge decisionUsdPerHour;
  private final DoubleGauge decisionRouteUsd;
  private final DoubleHistogram alertToFirstWrite;
  private final Map<String, Observed> last = new ConcurrentHashMap<>();

  /** Seconds: Azure Monitor's own alert delay is minutes, the reconcile's a few seconds. */
  static final List<Double> LATENCY_BUCKETS =
      List.of(0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0);

  private record Observed(Instant at, long missing) {}

  public BurstMetrics(OpenTelemetry otel) {
    Meter m = otel.getMeter(SCOPE);
    burstsStarted =
        m.counterBuilder("aksburst.bursts.started")
            .setUnit("{burst}")
            .setDescription("BurstStarted Events: a floor raised a workload above its baseline")
            .build();
    burstsEnded =
        m.counterBuilder("aksburst.bursts.ended")
            .setUnit("{burst}")
            .setDescription("BurstEnded Events: a workload back at its baseline")
            .build();
    events =
        m.counterBuilder(EVENTS)
            .setUnit("{event}")
            .setDescription("Kubernetes Events aks-burst recorded, by reason")
            .build();
    poolWrites =
        m.counterBuilder("aksburst.nodepool.writes")
            .setUnit("{write}")
            .setDescription(
                "node-pool writes (count, minCount, capacity) by outcome and Azure code")
            .build();
    podsOnVirtualNodes =
        m.gaugeBuilder("aksburst.pods.virtual_nodes")
            .ofLongs()
            .setUnit("{pod}")
            .setDescription("podsOnVirtualNodes of each opted-in workload at its last reconcile")
            .build();
    readyBelowFloor =
        m.counterBuilder("aksburst.ready_below_floor")
            .ofDoubles()
            .setUnit("{pod}.s")
            .setDescription("pod-seconds with readyReplicas below the active floor")
            .build();
    decisions =
        m.counterBuilder(DECISIONS)
            .setUnit("{decision}")
            .setDescription(
                "CapacityDecisions (one per bursting workload with pods off VMs per reconcile), by"
                    + " route and cause")
            .build();
    decisionUsdPerHour =
        m.gaugeBuilder(DECISION_USD_PER_HOUR)
            .setUnit("USD/h")
            .setDescription(
                "vmUsdPerHour (route=vm) and aciUsdPerHour (route=aci) of the last CapacityDecision")
            .build();
    decisionRouteUsd =
        m.gaugeBuilder(DECISION_ROUTE_USD)
            .setUnit("USD")
            .setDescription(
                "projected cost of each route over the expected remaining burst at the last"
                    + " CapacityDecision; chosen=true is the route taken")
            .build();
    alertToFirstWrite =
        m.histogramBuilder(ALERT_TO_FIRST_WRITE)
            .setUnit("s")
            .setDescription(
                "from a fired alert (since=fired: its firedDateTime; since=received: its receipt)"
                    + " to the end of the reconcile that applied its first write")
            .setExplicitBucketBoundariesAdvice(LATENCY_BUCKETS)
            .build();
  }

  /** Metrics that go nowhere (an app built without OpenTelemetry, in tests). */
  public static BurstMetrics noop() {
    return new BurstMetrics(OpenTelemetry.noop());
  }

  /** {@code ports} whose Event recorder also counts each Event it records. */
  public ClusterPorts counting(ClusterPorts p) {
    return new ClusterPorts(
        p.clusterId(),
        p.reader(),
        p.writer(),
        p.pools(),
        p.intents(),
        p.poolStates(),
        counting(p.events()),
        p.lock());
  }

  /** {@code recorder}, also counting each Event it records. */
  public EventRecorder counting(EventRecorder recorder) {
    return (workload, reason, message, warning, context) -> {
      recorder.record(workload, reason, message, warning, context);
      Attributes w = workload(workload).toBuilder().put(TRIGGER, context.trigger()).build();
      events.add(
          1, w.toBuilder().put(REASON, reason).put(TYPE, warning ? "Warning" : "Normal").build());
      if (reason.equals(EventReason.BURST_STARTED)) {
        burstsStarted.add(1, w);
      } else if (reason.equals(EventReason.BURST_ENDED)) {
        burstsEnded.add(1, w);
      }
    };
  }

  /** Pool writes of a reconcile and, from what it observed, the per-workload figures. */
  public void observe(ReconcileResult result) {
    for (ActionOutcome o : result.outcomes()) {
      if (o.action() instanceof Action.ScaleNodePool p) {
        poolWrites.add(
            1,
            Attributes.of(
                POOL,
                p.pool(),
                OUTCOME,
                o.status().name().toLowerCase(Locale.ROOT),
                CODE,
                o.code().orElse("none")));
      }
    }
    for (CapacityDecision d : result.plan().decisions()) {
      Attributes w = workload(d.workload());
      decisions.add(
          1,
          w.toBuilder()
              .put(ROUTE, d.route().wireName())
              // as status's decision.cause
              .put(CAUSE, d.cause().name())
              .build());
      d.vmUsdPerHour()
          .ifPresent(v -> decisionUsdPerHour.set(v, w.toBuilder().put(ROUTE, "vm").build()));
      d.aciUsdPerHour()
          .ifPresent(v -> decisionUsdPerHour.set(v, w.toBuilder().put(ROUTE, "aci").build()));
      d.vmRouteUsd().ifPresent(v -> decisionRouteUsd.set(v, routeCost(w, d, Route.VM)));
      d.aciRouteUsd().ifPresent(v -> decisionRouteUsd.set(v, routeCost(w, d, Route.ACI)));
    }
    result.snapshot().ifPresent(this::observe);
  }

  private static Attributes routeCost(Attributes w, CapacityDecision d, Route route) {
    return w.toBuilder().put(ROUTE, route.wireName()).put(CHOSEN, d.route() == route).build();
  }

  /**
   * The latency of a fired alert whose reconcile applied at least one write: from the alert's
   * firedDateTime and from its receipt to {@code now} (the reconcile's end). A resolved alert, or a
   * reconcile that wrote nothing (busy, coalesced, dry run, nothing to do), is not measured.
   */
  public void alertHandled(
      ParsedAlert alert, Instant receivedAt, ReconcileResult result, Instant now) {
    if (alert.condition() != ParsedAlert.Condition.FIRED
        || result.outcomes().stream().noneMatch(o -> o.status() == ActionOutcome.Status.APPLIED)) {
      return;
    }
    Attributes a = Attributes.of(TRIGGER, result.context().trigger());
    alertToFirstWrite.record(
        seconds(alert.firedAt(), now), a.toBuilder().put(SINCE, "fired").build());
    alertToFirstWrite.record(
        seconds(receivedAt, now), a.toBuilder().put(SINCE, "received").build());
  }

  private static double seconds(Instant from, Instant to) {
    return Math.max(0, Duration.between(from, to).toMillis()) / 1000.0;
  }

  private void observe(ClusterSnapshot snapshot) {
    Instant now = snapshot.observedAt();
    for (WorkloadView w : snapshot.workloads()) {
      WorkloadStatus s = WorkloadStatus.of(snapshot, w, now);
      Attributes a = workload(w.ref()).toBuilder().put(CLUSTER, snapshot.clusterId()).build();
      podsOnVirtualNodes.set(s.podsOnVirtualNodes(), a);
      long missing = Math.max(0, s.floor() - s.readyReplicas());
      Observed before = last.put(snapshot.clusterId() + " " + w.ref(), new Observed(now, missing));
      if (before != null && before.missing() > 0 && now.isAfter(before.at())) {
        Duration gap = Duration.between(before.at(), now);
        if (gap.compareTo(MAX_GAP) <= 0) {
          readyBelowFloor.add(before.missing() * gap.toMillis() / 1000.0, a);
        }
      }
    }
  }

  private static Attributes workload(WorkloadRef ref) {
    return Attributes.of(NAMESPACE, ref.namespace(), DEPLOYMENT, ref.name());
  }
}
