package dev.aksburst.bench;

import java.util.Objects;
import java.util.Optional;

/**
 * One benchmark figure beside the baseline measured in the same run.
 *
 * @param name what was measured
 * @param value the measured value
 * @param unit its unit
 * @param baseline the comparable value of the baseline, in the same unit
 * @param baselineName what the baseline is (what users would do instead, or the floor)
 * @param goal the goal as written in the issue, empty when the figure has none
 * @param met whether the goal was met, empty when the figure has none
 */
record Figure(
    String name,
    double value,
    String unit,
    double baseline,
    String baselineName,
    Optional<String> goal,
    Optional<Boolean> met) {
  Figure {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(baselineName, "baselineName");
    Objects.requireNonNull(goal, "goal");
    Objects.requireNonNull(met, "met");
    if (goal.isPresent() != met.isPresent()) {
      throw new IllegalArgumentException(
          name + ": a goal needs its verdict and the other way round");
    }
  }

  static Figure of(String name, double value, String unit, double baseline, String baselineName) {
    return new Figure(
        name, value, unit, baseline, baselineName, Optional.empty(), Optional.empty());
  }

  Figure withGoal(String goal, boolean met) {
    return new Figure(
        name, value, unit, baseline, baselineName, Optional.of(goal), Optional.of(met));
  }

  /** value / baseline; NaN when the baseline is zero. */
  double ratio() {
    return baseline == 0 ? Double.NaN : value / baseline;
  }
}
