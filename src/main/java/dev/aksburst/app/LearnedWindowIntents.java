package dev.aksburst.app;

import dev.aksburst.intent.IntentFactory;
import dev.aksburst.intent.WindowSchedule;
import dev.aksburst.model.Intent;
import dev.aksburst.model.LearnMode;
import dev.aksburst.model.LearnedWindow;
import dev.aksburst.model.WorkloadView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The floors the learned windows of a workload ask for now: only under {@code aksburst.dev/learn:
 * act}, only windows not dropped, evaluated as scheduled windows are (cron, time zone, lead time).
 */
final class LearnedWindowIntents {
  private static final Logger LOG = Logger.getLogger(LearnedWindowIntents.class.getName());

  private LearnedWindowIntents() {}

  /** Floors due now that the state does not hold yet. */
  static List<Intent> due(WorkloadView w, Instant now) {
    if (w.policy().learnOrDefault() != LearnMode.ACT) {
      return List.of();
    }
    List<Intent> out = new ArrayList<>();
    for (LearnedWindow l : w.state().learned()) {
      if (l.dropped()) {
        continue;
      }
      Optional<WindowSchedule.Occurrence> due;
      try {
        due = new WindowSchedule(l.window()).due(now);
      } catch (IllegalArgumentException e) {
        // Only a hand-edited state gets here (the planner writes valid zones and times): skip it,
        // the other windows and workloads still count.
        LOG.warning(w.ref() + ": learned window " + l.key() + " skipped: " + e.getMessage());
        continue;
      }
      if (due.isEmpty()) {
        continue;
      }
      Intent intent = IntentFactory.fromLearnedWindow(l, w.ref(), due.get());
      if (!w.state().intents().contains(intent)) {
        out.add(intent);
      }
    }
    return out;
  }
}
