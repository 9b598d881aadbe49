package dev.aksburst.plan;

import java.util.List;

/**
 * The ordered writes of one reconcile, and what it reports without writing.
 *
 * @param decisions the VM-or-ACI decision of every bursting workload with pods off VMs
 */
public record Plan(List<Action> actions, List<Note> notes, List<CapacityDecision> decisions) {
  public static final Plan EMPTY = new Plan(List.of(), List.of());

  public Plan {
    actions = List.copyOf(actions);
    notes = List.copyOf(notes);
    decisions = List.copyOf(decisions);
  }

  public Plan(List<Action> actions, List<Note> notes) {
    this(actions, notes, List.of());
  }

  public boolean isEmpty() {
    return actions.isEmpty();
  }
}
