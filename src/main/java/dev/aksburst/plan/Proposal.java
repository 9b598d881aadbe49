package dev.aksburst.plan;

import java.util.ArrayList;
import java.util.List;

/** What one policy proposes for one concern: ordered actions and notes. */
record Proposal(List<Action> actions, List<Note> notes) {
  static final Proposal NONE = new Proposal(List.of(), List.of());

  Proposal {
    actions = List.copyOf(actions);
    notes = List.copyOf(notes);
  }

  static Proposal of(List<Action> actions) {
    return new Proposal(actions, List.of());
  }

  static Proposal note(Note note) {
    return new Proposal(List.of(), List.of(note));
  }

  Proposal plus(Proposal other) {
    List<Action> a = new ArrayList<>(actions);
    a.addAll(other.actions);
    List<Note> n = new ArrayList<>(notes);
    n.addAll(other.notes);
    return new Proposal(a, n);
  }
}
