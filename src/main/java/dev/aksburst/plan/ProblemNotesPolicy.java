package dev.aksburst.plan;

import dev.aksburst.model.WorkloadView;
import java.util.ArrayList;
import java.util.List;

/**
 * Reports invalid annotations, and a workload that can not run on virtual nodes while a burst floor
 * above its baseline is active (its replicas still rise: the pods wait Pending and size the VM
 * pool).
 */
final class ProblemNotesPolicy {
  static final String NAME = ProblemNotesPolicy.class.getSimpleName();

  List<Note> notes(Desire d) {
    WorkloadView w = d.workload();
    List<Note> notes = new ArrayList<>();
    for (String problem : w.policyProblems()) {
      notes.add(
          Note.of(
              w.ref(),
              Note.Cause.INVALID_ANNOTATION,
              EventReason.INVALID_ANNOTATION,
              problem,
              NAME));
    }
    if (!w.burstReady() && d.floorReplicas() > d.baseline()) {
      notes.add(
          Note.of(
              w.ref(),
              Note.Cause.NOT_BURST_READY,
              EventReason.NOT_BURST_READY,
              "floor "
                  + d.floorReplicas()
                  + " is active but the pods can not run on virtual nodes ("
                  + String.join("; ", w.readinessProblems())
                  + "); the extra pods wait Pending for new VM nodes",
              NAME));
    }
    return notes;
  }
}
