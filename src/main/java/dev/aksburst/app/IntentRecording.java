package dev.aksburst.app;

import dev.aksburst.model.BurstState;
import dev.aksburst.model.Intent;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.reconcile.IntentStore;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/** Records an intent on a workload for the use cases that record before they reconcile. */
final class IntentRecording {
  private static final Logger LOG = Logger.getLogger(IntentRecording.class.getName());

  private IntentRecording() {}

  /**
   * Updates a workload's state and returns the intent as stored; empty when the Deployment went
   * away or was opted out meanwhile (logged, not thrown: the other targets still count).
   */
  static Optional<Intent> record(
      ClusterRuntime rt, WorkloadRef ref, UnaryOperator<BurstState> change, String intentId) {
    try {
      return stored(rt.ports().intents().update(ref, change), intentId);
    } catch (IntentStore.NotOptedIn e) {
      LOG.warning("intent " + intentId + " not recorded: " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * As {@link #record} but a Deployment that is missing or not opted in is the caller's error.
   *
   * @throws ProblemException 404/403
   */
  static Intent recordOrRefuse(ClusterRuntime rt, WorkloadRef ref, Intent intent) {
    try {
      return stored(rt.ports().intents().update(ref, s -> s.withIntent(intent)), intent.id())
          .orElse(intent);
    } catch (IntentStore.NotOptedIn e) {
      throw Clusters.notOptedIn(e);
    }
  }

  private static Optional<Intent> stored(BurstState s, String intentId) {
    return s.intents().stream().filter(i -> i.id().equals(intentId)).findFirst();
  }
}
