package dev.aksburst.k8s;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aksburst.contract.Annotations;
import dev.aksburst.contract.StateCodec;
import dev.aksburst.model.BurstState;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.IntentStore;
import dev.aksburst.reconcile.WriteFailure;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * Intents and bookkeeping in the {@code aksburst.dev/state} annotation of the Deployment itself.
 *
 * <p>{@link #update} is compare-and-swap: read the Deployment, apply the change to the decoded
 * state, merge-patch the annotation together with the {@code resourceVersion} read. On 409 the
 * Deployment is read again and the <em>same change</em> is applied to what is there now, at most
 * {@link Patches#MAX_ATTEMPTS} times; so two writers adding different intents both keep theirs. A
 * state that can not be decoded is never overwritten: the update fails with a message saying so.
 */
public final class AnnotationIntentStore implements IntentStore {
  private static final Logger LOG = Logger.getLogger(AnnotationIntentStore.class.getName());

  private final KubernetesClient client;

  public AnnotationIntentStore(KubernetesClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public BurstState read(WorkloadRef workload) {
    Deployment d = optedIn(workload, "reading the state of " + workload);
    StateCodec.Decoded<BurstState> decoded = decode(d, workload);
    decoded.problem().ifPresent(LOG::warning);
    return decoded.state();
  }

  @Override
  public BurstState update(WorkloadRef workload, UnaryOperator<BurstState> change) {
    String what = "writing " + Annotations.STATE + " on " + workload;
    for (int attempt = 1; attempt <= Patches.MAX_ATTEMPTS; attempt++) {
      Deployment d = optedIn(workload, what);
      StateCodec.Decoded<BurstState> decoded = decode(d, workload);
      if (decoded.problem().isPresent()) {
        throw new WriteFailure(
            "UnreadableState", what + " refused: " + decoded.problem().get(), false);
      }
      BurstState next = change.apply(decoded.state());
      if (next.equals(decoded.state())) {
        return next;
      }
      String json;
      try {
        json = StateCodec.encode(next);
      } catch (IllegalArgumentException e) {
        throw new WriteFailure(
            "StateTooLarge",
            what + " refused: " + e.getMessage() + "; end some intents first",
            false,
            e);
      }
      ObjectNode body = Patches.guarded(d.getMetadata().getResourceVersion());
      ((ObjectNode) body.get("metadata")).putObject("annotations").put(Annotations.STATE, json);
      try {
        Patches.mergePatch(
            client.apps().deployments().inNamespace(workload.namespace()).resource(d), body);
        return next;
      } catch (KubernetesClientException e) {
        if (!Patches.conflict(e)) {
          throw Patches.failure(what, e);
        }
        LOG.fine(what + ": conflict on attempt " + attempt + ", re-reading and re-applying");
      }
    }
    throw Patches.conflicts(what);
  }

  private static StateCodec.Decoded<BurstState> decode(Deployment d, WorkloadRef workload) {
    return StateCodec.decode(
        KubeObjects.annotations(d.getMetadata()).get(Annotations.STATE), workload);
  }

  private Deployment optedIn(WorkloadRef workload, String what) {
    Deployment d;
    try {
      d =
          client
              .apps()
              .deployments()
              .inNamespace(workload.namespace())
              .withName(workload.name())
              .get();
    } catch (KubernetesClientException e) {
      throw Patches.failure(what, e);
    }
    if (d == null) {
      throw new NotOptedIn(workload, false);
    }
    if (!KubeObjects.optedIn(d.getMetadata())) {
      throw new NotOptedIn(workload, true);
    }
    return d;
  }
}
