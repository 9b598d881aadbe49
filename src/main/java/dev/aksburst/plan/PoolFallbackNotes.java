package dev.aksburst.plan;

import dev.aksburst.model.ClusterSnapshot;
import java.util.List;

/**
 * Says when a bursting workload's VM pool is not the first of its {@code aksburst.dev/node-pool}
 * list because the earlier ones can not grow (capacity or quota errors, with Azure's code): a
 * {@code NodePoolError} Warning naming them and the pool that takes the pods still on virtual
 * nodes. The sizing itself is {@link PoolSizingPolicy}'s, on the chosen pool.
 */
final class PoolFallbackNotes {
  static final String NAME = PoolFallbackNotes.class.getSimpleName();

  List<Note> notes(Desire d, PlanInputs in) {
    if (d.floor().isEmpty() && in.prewarmOnly(d.workload().ref()).isEmpty()) {
      return List.of();
    }
    ClusterSnapshot.PoolChoice choice = in.poolChoice(d.workload().ref());
    if (choice.passedOver().isEmpty()) {
      return List.of();
    }
    String message =
        "node pool "
            + String.join(", ", choice.passedOver())
            + " can not grow now: "
            + (choice.how().endsWith("fallback")
                ? "pool "
                    + choice.name().orElseThrow()
                    + " (next in aksburst.dev/node-pool) takes what is still on virtual nodes;"
                    + " the pods stay on ACI meanwhile"
                : "no pool of aksburst.dev/node-pool can; the pods stay on ACI");
    return List.of(
        Note.of(
            d.workload().ref(),
            Note.Cause.POOL_FALLBACK,
            EventReason.NODE_POOL_ERROR,
            message,
            NAME));
  }
}
