package dev.aksburst.plan;

import java.util.List;

/** The ordered writes of one reconcile, and what it reports without writing. */
public record Plan(List<Action> actions, List<Note> notes) {
  public static final Plan EMPTY = new Plan(List.of(), List.of());

  public Plan {
    actions = List.copyOf(actions);
    notes = List.copyOf(notes);
  }

  public boolean isEmpty() {
    return actions.isEmpty();
  }
}
