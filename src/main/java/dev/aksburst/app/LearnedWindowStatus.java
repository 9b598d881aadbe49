package dev.aksburst.app;

import dev.aksburst.model.LearnMode;
import dev.aksburst.model.LearnedWindow;
import dev.aksburst.model.WorkloadView;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A learned window as status shows it.
 *
 * @param state {@code proposed} (learned, {@code aksburst.dev/learn} is not {@code act}), {@code
 *     acting} (it pre-warms, as a scheduled window) or {@code dropped} (it stopped matching
 *     reality)
 */
public record LearnedWindowStatus(LearnedWindow window, String state) {
  public LearnedWindowStatus {
    Objects.requireNonNull(window);
    Objects.requireNonNull(state);
  }

  static List<LearnedWindowStatus> of(WorkloadView w) {
    boolean acts = w.policy().learnOrDefault() == LearnMode.ACT;
    return w.state().learned().stream()
        .map(
            l -> new LearnedWindowStatus(l, l.dropped() ? "dropped" : acts ? "acting" : "proposed"))
        .toList();
  }

  /** The days as status shows them: {@code mon,tue,...}. */
  public String days() {
    return String.join(
        ",",
        window.days().stream()
            .sorted()
            .map(d -> d.name().substring(0, 3).toLowerCase(Locale.ROOT))
            .toList());
  }
}
