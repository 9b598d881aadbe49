package dev.aksburst.plan;

import dev.aksburst.model.Intent;
import dev.aksburst.model.WorkloadView;
import java.time.Instant;
import java.util.List;

/** Prunes intents that expired longer than the retention ago, so the state stays small. */
final class IntentHygienePolicy {
  static final String NAME = IntentHygienePolicy.class.getSimpleName();

  Proposal plan(WorkloadView w, PlanInputs in) {
    Instant now = in.now();
    List<String> stale =
        in.intentsFor(w.ref()).stream()
            .filter(
                i ->
                    i.until()
                        .map(u -> now.isAfter(u.plus(in.config().intentRetention())))
                        .orElse(false))
            .map(Intent::id)
            .distinct()
            .sorted()
            .toList();
    if (stale.isEmpty()) {
      return Proposal.NONE;
    }
    return Proposal.of(
        List.of(
            new Action.PruneIntents(
                w.ref(),
                stale,
                NAME,
                "prune "
                    + stale.size()
                    + " intents expired more than "
                    + in.config().intentRetention()
                    + " ago: "
                    + String.join(", ", stale))));
  }
}
