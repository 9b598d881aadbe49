package dev.aksburst.plan;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The planner (docs/architecture.md, "What the planner decides"), composed of one policy per
 * concern. Pure and deterministic: workloads in {@link WorkloadRef} order, pools by name.
 *
 * <p>Plan order: raises (bookkeeping recorded before the scale), virtual-node and pool scale-outs
 * (and the virtual nodes' return to their baseline), then per workload lowering, backfill and
 * intent pruning (marks before the scale, bookkeeping cleared after), pool restores last.
 */
public final class BurstPlanner implements Planner {
  private final ShedPolicy shed = new ShedPolicy();
  private final DesiredReplicasPolicy desiredReplicas = new DesiredReplicasPolicy(shed);
  private final PoolSizingPolicy poolSizing = new PoolSizingPolicy();
  private final BackfillPolicy backfill = new BackfillPolicy();
  private final PoolRestorePolicy poolRestore = new PoolRestorePolicy();
  private final IntentHygienePolicy intentHygiene = new IntentHygienePolicy();
  private final ProblemNotesPolicy problemNotes = new ProblemNotesPolicy();
  private final CapacityDecisionPolicy capacity = new CapacityDecisionPolicy();
  private final VirtualNodeRoomPolicy virtualNodeRoom = new VirtualNodeRoomPolicy();
  private final PoolFallbackNotes poolFallback = new PoolFallbackNotes();
  private final AciPacing pacing = new AciPacing();
  private final LearnPolicy learn = new LearnPolicy();
  private final PlaceholderPolicy placeholders = new PlaceholderPolicy();

  @Override
  public Plan plan(
      ClusterSnapshot snapshot, List<Intent> intents, PlannerConfig config, Instant now) {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(intents, "intents");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(now, "now");
    PlanInputs in = new PlanInputs(snapshot, intents, config, now);
    Map<WorkloadRef, Desire> desires = new LinkedHashMap<>();
    List<Note> notes = new ArrayList<>();
    for (WorkloadView w : in.workloads()) {
      Desire d = desiredReplicas.assess(w, in);
      desires.put(w.ref(), d);
      notes.addAll(problemNotes.notes(d));
      notes.addAll(poolFallback.notes(d, in));
      notes.addAll(d.notes());
    }
    Map<WorkloadRef, CapacityDecision> decisions = new LinkedHashMap<>();
    for (Desire d : desires.values()) {
      capacity
          .decide(d, in)
          .ifPresent(
              c -> {
                decisions.put(c.workload(), c);
                notes.add(CapacityDecisionPolicy.note(c));
              });
    }
    List<Action> raises = new ArrayList<>();
    List<Action> tails = new ArrayList<>();
    for (Desire unpaced : desires.values()) {
      AciPacing.Paced paced = pacing.pace(unpaced, in);
      paced.note().ifPresent(notes::add);
      Desire d = paced.desire();
      DesiredReplicasPolicy.Lane lane = desiredReplicas.lane(d, in);
      raises.addAll(lane.raise().actions());
      notes.addAll(lane.raise().notes());
      Proposal tail = lane.lower();
      if (!lane.scales() && !paced.held()) {
        tail =
            tail.plus(backfill.plan(d, Optional.ofNullable(decisions.get(d.workload().ref())), in));
      }
      tail = tail.plus(intentHygiene.plan(d.workload(), in));
      tail = tail.plus(learn.plan(d.workload(), in));
      tails.addAll(tail.actions());
      notes.addAll(tail.notes());
    }
    Proposal scaleOuts =
        virtualNodeRoom
            .plan(desires, in)
            .plus(poolSizing.plan(desires, decisions, in, virtualNodeRoom.hosts(desires, in)))
            .plus(placeholders.plan(desires, decisions, in));
    Proposal restores = poolRestore.plan(desires, in).plus(LearnPolicy.recordBoots(in));
    List<Action> actions = new ArrayList<>(raises);
    actions.addAll(scaleOuts.actions());
    actions.addAll(tails);
    actions.addAll(restores.actions());
    notes.addAll(scaleOuts.notes());
    notes.addAll(restores.notes());
    return new Plan(actions, notes, List.copyOf(decisions.values()));
  }
}
