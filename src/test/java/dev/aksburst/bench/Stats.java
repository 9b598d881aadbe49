package dev.aksburst.bench;

import java.util.Arrays;

/** Order statistics of a sample. */
final class Stats {
  private Stats() {}

  /** The nearest-rank percentile {@code p} (0 < p <= 100) of {@code values}. */
  static double percentile(double[] values, double p) {
    if (values.length == 0) {
      throw new IllegalArgumentException("no values to take the p" + p + " of");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static double median(double[] values) {
    return percentile(values, 50);
  }
}
