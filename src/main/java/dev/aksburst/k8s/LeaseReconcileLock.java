package dev.aksburst.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aksburst.contract.Annotations;
import dev.aksburst.reconcile.ReconcileLock;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Serializes reconciles of one cluster with the {@code coordination.k8s.io/v1} Lease {@value #NAME}
 * in the state namespace. Acquiring creates the Lease or takes it over when it is free (released)
 * or expired ({@code renewTime + leaseDurationSeconds} in the past), always by compare-and-swap, so
 * of two contenders exactly one wins. Each acquisition gets its own identity ({@code holder#uuid}):
 * two invocations in one process never share a hold. Closing the handle releases the Lease; a
 * holder that dies is overtaken after {@link #TTL}. A reconcile is expected to finish well within
 * the TTL; the Lease is not renewed.
 */
public final class LeaseReconcileLock implements ReconcileLock {
  public static final String NAME = "aks-burst-reconcile";
  public static final Duration TTL = Duration.ofSeconds(30);
  private static final Logger LOG = Logger.getLogger(LeaseReconcileLock.class.getName());
  private static final DateTimeFormatter MICRO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

  private final KubernetesClient client;
  private final String namespace;
  private final Clock clock;

  public LeaseReconcileLock(KubernetesClient client, String namespace, Clock clock) {
    this.client = Objects.requireNonNull(client, "client");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public Optional<Held> tryAcquire(String holder) {
    String identity = holder + "#" + UUID.randomUUID();
    ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    String what = "acquiring Lease " + namespace + "/" + NAME;
    try {
      Lease lease = resource().get();
      if (lease == null) {
        Lease created =
            client
                .leases()
                .inNamespace(namespace)
                .resource(
                    new LeaseBuilder()
                        .withNewMetadata()
                        .withName(NAME)
                        .withNamespace(namespace)
                        .addToLabels("app.kubernetes.io/managed-by", Annotations.COMPONENT)
                        .endMetadata()
                        .withNewSpec()
                        .withHolderIdentity(identity)
                        .withLeaseDurationSeconds((int) TTL.toSeconds())
                        .withAcquireTime(now)
                        .withRenewTime(now)
                        .withLeaseTransitions(0)
                        .endSpec()
                        .build())
                .create();
        return Optional.of(new Hold(identity, created));
      }
      var spec = lease.getSpec();
      String current = spec == null ? null : spec.getHolderIdentity();
      if (current != null && !current.isEmpty() && !expired(lease, now.toInstant())) {
        return Optional.empty();
      }
      if (current != null && !current.isEmpty()) {
        LOG.info("taking over expired Lease " + namespace + "/" + NAME + " from " + current);
      }
      ObjectNode body = Patches.guarded(lease.getMetadata().getResourceVersion());
      ObjectNode s = body.putObject("spec");
      s.put("holderIdentity", identity);
      s.put("leaseDurationSeconds", (int) TTL.toSeconds());
      s.put("acquireTime", MICRO.format(now));
      s.put("renewTime", MICRO.format(now));
      int transitions =
          spec == null || spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions();
      s.put("leaseTransitions", transitions + 1);
      Lease taken =
          Patches.mergePatch(client.leases().inNamespace(namespace).resource(lease), body);
      return Optional.of(new Hold(identity, taken));
    } catch (KubernetesClientException e) {
      if (Patches.conflict(e)) {
        return Optional.empty();
      }
      throw Patches.failure(what, e);
    }
  }

  private static boolean expired(Lease lease, Instant now) {
    var spec = lease.getSpec();
    if (spec.getRenewTime() == null) {
      return true;
    }
    int seconds =
        spec.getLeaseDurationSeconds() == null
            ? (int) TTL.toSeconds()
            : spec.getLeaseDurationSeconds();
    return !now.isBefore(spec.getRenewTime().toInstant().plusSeconds(seconds));
  }

  private Resource<Lease> resource() {
    return client.leases().inNamespace(namespace).withName(NAME);
  }

  private final class Hold implements Held {
    private final String identity;
    private final Lease acquired;
    private boolean closed;

    /**
     * @param acquired the Lease as the API answered the acquiring write: releasing patches it
     *     guarded by that resourceVersion, without reading it again
     */
    Hold(String identity, Lease acquired) {
      this.identity = identity;
      this.acquired = acquired;
    }

    /**
     * Clears the holder if it is still this hold; otherwise it was taken over after expiry. The
     * first attempt patches the Lease as acquired; a 409 means it was written since, so it is read
     * again and released only if this hold still holds it.
     */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        Lease lease = acquired;
        for (int attempt = 1; attempt <= Patches.MAX_ATTEMPTS; attempt++) {
          if (lease == null
              || lease.getSpec() == null
              || !identity.equals(lease.getSpec().getHolderIdentity())) {
            LOG.warning(
                "Lease "
                    + namespace
                    + "/"
                    + NAME
                    + " is no longer held by "
                    + identity
                    + " (the reconcile outlived the "
                    + TTL.toSeconds()
                    + " s TTL); nothing to release");
            return;
          }
          ObjectNode body = Patches.guarded(lease.getMetadata().getResourceVersion());
          body.putObject("spec").putNull("holderIdentity");
          try {
            Patches.mergePatch(client.leases().inNamespace(namespace).resource(lease), body);
            return;
          } catch (KubernetesClientException e) {
            if (!Patches.conflict(e)) {
              throw e;
            }
            lease = resource().get();
          }
        }
        LOG.warning(
            "could not release Lease "
                + namespace
                + "/"
                + NAME
                + " held by "
                + identity
                + ": it conflicted "
                + Patches.MAX_ATTEMPTS
                + " times with other writers; it expires by itself after "
                + TTL.toSeconds()
                + " s");
      } catch (KubernetesClientException e) {
        LOG.warning(
            "could not release Lease "
                + namespace
                + "/"
                + NAME
                + " held by "
                + identity
                + " (HTTP "
                + e.getCode()
                + ": "
                + e.getMessage()
                + "); it expires by itself after "
                + TTL.toSeconds()
                + " s");
      }
    }
  }
}
