package dev.aksburst.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aksburst.contract.Annotations;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.EventRecorder;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.reconcile.WriteFailure;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Records core/v1 Events on the Deployment (source component {@code aks-burst}) so that {@code
 * kubectl describe deploy} tells the story. The Event's name is derived from the Deployment, the
 * reason and the message: the same reason and message again within {@link #AGGREGATION_WINDOW} bump
 * {@code count} and {@code lastTimestamp} of that object (compare-and-swap) instead of creating
 * another; after the window the object starts over at count 1.
 */
public final class KubernetesEventRecorder implements EventRecorder {
  public static final Duration AGGREGATION_WINDOW = Duration.ofMinutes(10);

  /** Longer messages are cut (events.k8s.io caps notes at 1 KiB). */
  static final int MAX_MESSAGE = 1024;

  private final KubernetesClient client;
  private final Clock clock;

  public KubernetesEventRecorder(KubernetesClient client, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void record(
      WorkloadRef workload,
      String reason,
      String message,
      boolean warning,
      ReconcileContext context) {
    String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    String what = "recording Event " + reason + " on Deployment " + workload;
    String name = eventName(workload, reason, text);
    var events = client.v1().events().inNamespace(workload.namespace());
    for (int attempt = 1; attempt <= Patches.MAX_ATTEMPTS; attempt++) {
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      try {
        Deployment d =
            client
                .apps()
                .deployments()
                .inNamespace(workload.namespace())
                .withName(workload.name())
                .get();
        if (d == null) {
          throw new WriteFailure(
              "NotFound", what + " failed: the Deployment does not exist", false);
        }
        Event existing = events.withName(name).get();
        if (existing == null) {
          events
              .resource(
                  new EventBuilder()
                      .withNewMetadata()
                      .withName(name)
                      .withNamespace(workload.namespace())
                      .addToAnnotations(Annotations.EVENT_TRIGGER, context.trigger())
                      .addToAnnotations(Annotations.EVENT_CORRELATION_ID, context.correlationId())
                      .endMetadata()
                      .withNewInvolvedObject()
                      .withApiVersion("apps/v1")
                      .withKind("Deployment")
                      .withName(workload.name())
                      .withNamespace(workload.namespace())
                      .withUid(d.getMetadata().getUid())
                      .endInvolvedObject()
                      .withReason(reason)
                      .withMessage(text)
                      .withType(warning ? "Warning" : "Normal")
                      .withNewSource()
                      .withComponent(Annotations.COMPONENT)
                      .endSource()
                      .withReportingComponent(Annotations.COMPONENT)
                      .withFirstTimestamp(now.toString())
                      .withLastTimestamp(now.toString())
                      .withCount(1)
                      .build())
              .create();
          return;
        }
        boolean recent =
            KubeObjects.time(existing.getLastTimestamp())
                .map(last -> !now.isAfter(last.plus(AGGREGATION_WINDOW)))
                .orElse(false);
        ObjectNode body = Patches.guarded(existing.getMetadata().getResourceVersion());
        body.put("count", recent && existing.getCount() != null ? existing.getCount() + 1 : 1);
        body.put("lastTimestamp", now.toString());
        if (!recent) {
          body.put("firstTimestamp", now.toString());
        }
        body.putObject("involvedObject").put("uid", d.getMetadata().getUid());
        ObjectNode annotations = ((ObjectNode) body.get("metadata")).putObject("annotations");
        annotations.put(Annotations.EVENT_TRIGGER, context.trigger());
        annotations.put(Annotations.EVENT_CORRELATION_ID, context.correlationId());
        Patches.mergePatch(events.resource(existing), body);
        return;
      } catch (KubernetesClientException e) {
        if (!Patches.conflict(e)) {
          throw Patches.failure(what, e);
        }
      }
    }
    throw Patches.conflicts(what);
  }

  /** {@code <deployment>.<16 hex of sha-256(reason, message)>}: a valid, stable object name. */
  static String eventName(WorkloadRef workload, String reason, String message) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] h = sha.digest((reason + "\n" + message).getBytes(StandardCharsets.UTF_8));
      String suffix = HexFormat.of().formatHex(h, 0, 8);
      String base = workload.name();
      int room = 253 - suffix.length() - 1;
      return (base.length() > room ? base.substring(0, room) : base) + "." + suffix;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
