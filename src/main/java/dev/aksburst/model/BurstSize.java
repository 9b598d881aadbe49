package dev.aksburst.model;

import java.util.OptionalDouble;

/**
 * What an alert raises a workload's floor to ({@code aksburst.dev/burst}): an absolute count
 * ({@code 20}), an increment over the baseline ({@code +10}), a factor ({@code x2}), or {@code
 * proportional} (the HPA formula: ceil(baseline * metricValue / threshold)).
 */
public sealed interface BurstSize
    permits BurstSize.Absolute, BurstSize.Plus, BurstSize.Times, BurstSize.Proportional {

  /**
   * Replicas for this burst. {@code metricValue}/{@code threshold} come from the alert and are only
   * needed by {@link Proportional}; without them it falls back to doubling.
   */
  int resolve(int baseline, OptionalDouble metricValue, OptionalDouble threshold);

  /** The annotation text that parses back to this value. */
  String text();

  record Absolute(int replicas) implements BurstSize {
    public Absolute {
      if (replicas < 0) {
        throw new IllegalArgumentException("burst replicas must be >= 0");
      }
    }

    @Override
    public int resolve(int baseline, OptionalDouble metricValue, OptionalDouble threshold) {
      return replicas;
    }

    @Override
    public String text() {
      return Integer.toString(replicas);
    }
  }

  record Plus(int delta) implements BurstSize {
    public Plus {
      if (delta < 0) {
        throw new IllegalArgumentException("burst increment must be >= 0");
      }
    }

    @Override
    public int resolve(int baseline, OptionalDouble metricValue, OptionalDouble threshold) {
      return saturatedInt((long) baseline + delta);
    }

    @Override
    public String text() {
      return "+" + delta;
    }
  }

  record Times(double factor) implements BurstSize {
    public Times {
      if (!(factor >= 1.0) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("burst factor must be a finite number >= 1");
      }
    }

    @Override
    public int resolve(int baseline, OptionalDouble metricValue, OptionalDouble threshold) {
      return saturatedInt((long) Math.ceil(Math.max(1, baseline) * factor));
    }

    @Override
    public String text() {
      return factor == Math.rint(factor) ? "x" + (long) factor : "x" + factor;
    }
  }

  record Proportional() implements BurstSize {
    @Override
    public int resolve(int baseline, OptionalDouble metricValue, OptionalDouble threshold) {
      int base = Math.max(1, baseline);
      if (metricValue.isEmpty()
          || threshold.isEmpty()
          || !(threshold.getAsDouble() > 0)
          || !(metricValue.getAsDouble() >= 0)) {
        return saturatedInt(2L * base);
      }
      double ratio = metricValue.getAsDouble() / threshold.getAsDouble();
      return saturatedInt((long) Math.ceil(base * Math.max(1.0, ratio)));
    }

    @Override
    public String text() {
      return "proportional";
    }
  }

  private static int saturatedInt(long v) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, v));
  }
}
