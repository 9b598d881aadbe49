package dev.aksburst.app;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.EventReason;
import dev.aksburst.reconcile.ActionOutcome;
import dev.aksburst.reconcile.ClusterPorts;
import dev.aksburst.reconcile.EventRecorder;
import dev.aksburst.reconcile.ReconcileResult;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleCounter;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongGauge;
import io.opentelemetry.api.metrics.Meter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 *       floor}, between two reconciles of this process.
 * </ul>
 *
 * Workload attributes are {@code namespace} and {@code deployment}, plus {@code cluster}.
 */
public final class BurstMetrics {
  static final String SCOPE = "dev.aksburst";
  static final AttributeKey<String> CLUSTER = AttributeKey.stringKey("cluster");
  static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("namespace");
  static final AttributeKey<String> DEPLOYMENT = AttributeKey.stringKey("deployment");
  static final AttributeKey<String> REASON = AttributeKey.stringKey("reason");
  static final AttributeKey<String> TYPE = AttributeKey.stringKey("type");
  static final AttributeKey<String> TRIGGER = AttributeKey.stringKey("trigger");
  static final AttributeKey<String> POOL = AttributeKey.stringKey("pool");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("outcome");
  static final AttributeKey<String> CODE = AttributeKey.stringKey("code");

  /** A gap longer than this between two reconciles is not counted as below-floor time. */
  static final Duration MAX_GAP = Duration.ofMinutes(5);

  private final LongCounter burstsStarted;
  private final LongCounter burstsEnded;
  private final LongCounter events;
  private final LongCounter poolWrites;
  private final LongGauge podsOnVirtualNodes;
  private final DoubleCounter readyBelowFloor;
  private final Map<String, Observed> last = new ConcurrentHashMap<>();

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
        m.counterBuilder("aksburst.events")
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
    result.snapshot().ifPresent(this::observe);
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
