package dev.aksburst.plan;

import dev.aksburst.model.Intent;
import dev.aksburst.model.WorkloadView;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link DesiredReplicasPolicy} decided a workload should have.
 *
 * @param current the replicas written now (HPA minReplicas or spec.replicas; the base while a
 *     backfill surge is in flight)
 * @param baseline what it had before the burst (recorded, or {@code current} when not bursting)
 * @param floor the active intent with the highest floor
 * @param sizingDesired desired before the max-virtual-pods guard: what the VM pool is sized for
 * @param desired what the workload is scaled to in this plan
 */
record Desire(
    WorkloadView workload,
    int current,
    int baseline,
    Optional<Intent> floor,
    int sizingDesired,
    int desired,
    List<Note> notes) {
  Desire {
    Objects.requireNonNull(workload);
    Objects.requireNonNull(floor);
    notes = List.copyOf(notes);
  }

  int floorReplicas() {
    return floor.map(Intent::replicas).orElse(0);
  }

  boolean raises() {
    return desired > current;
  }

  boolean lowers() {
    return desired < current;
  }
}
