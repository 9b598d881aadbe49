package dev.aksburst.plan;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.fixtures.SnapshotMutator;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.Intent;
import dev.aksburst.model.WorkloadView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers of the planner tests. */
final class PlanningSupport {
  private PlanningSupport() {}

  static List<Intent> storedIntents(ClusterSnapshot s) {
    List<Intent> all = new ArrayList<>();
    for (WorkloadView w : s.workloads()) {
      all.addAll(w.state().intents());
    }
    return all;
  }

  static Plan plan(ClusterSnapshot s, Instant now) {
    return plan(s, now, PlannerConfig.DEFAULTS);
  }

  static Plan plan(ClusterSnapshot s, Instant now, PlannerConfig config) {
    return new BurstPlanner().plan(s, storedIntents(s), config, now);
  }

  /** Plans, applies the writes, plans again: the second plan. */
  static Plan replan(ClusterSnapshot s, Instant now, PlannerConfig config) {
    Plan first = plan(s, now, config);
    return plan(SnapshotMutator.apply(s, first, now), now, config);
  }

  /** One VM node (room for 3 pods) of a manual pool of 1, the virtual node, these workloads. */
  static ClusterSnapshot seed(WorkloadView... workloads) {
    return Fixtures.snapshot()
        .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
        .pools(Fixtures.manualPool(1))
        .workloads(workloads)
        .build();
  }

  static <T extends Action> List<T> actions(Plan p, Class<T> kind) {
    return p.actions().stream().filter(kind::isInstance).map(kind::cast).toList();
  }

  static <T extends Action> T only(Plan p, Class<T> kind) {
    List<T> found = actions(p, kind);
    if (found.size() != 1) {
      throw new AssertionError("expected one " + kind.getSimpleName() + " in " + p.actions());
    }
    return found.get(0);
  }

  static List<String> kinds(Plan p) {
    return p.actions().stream().map(Action::kind).toList();
  }

  static List<String> noteReasons(Plan p) {
    return p.notes().stream().map(Note::reason).toList();
  }
}
