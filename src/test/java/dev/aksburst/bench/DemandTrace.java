package dev.aksburst.bench;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Replicas a workload needs over time: a step function, each point holding until the next.
 *
 * @param points offsets from the start of the run with the replicas needed from then on; the first
 *     must be at zero
 */
public record DemandTrace(List<Point> points) {
  /** From {@code at} on, {@code replicas} are needed. */
  public record Point(Duration at, int replicas) {
    public Point {
      Objects.requireNonNull(at, "at");
      if (at.isNegative() || replicas < 0) {
        throw new IllegalArgumentException("demand point needs at >= 0 and replicas >= 0");
      }
    }
  }

  public DemandTrace {
    points = points.stream().sorted(Comparator.comparing(Point::at)).toList();
    if (points.isEmpty() || !points.get(0).at().isZero()) {
      throw new IllegalArgumentException("a demand trace starts with a point at offset 0");
    }
  }

  public static DemandTrace of(Point... points) {
    return new DemandTrace(List.of(points));
  }

  public static Point at(Duration offset, int replicas) {
    return new Point(offset, replicas);
  }

  public int replicasAt(Duration offset) {
    int r = points.get(0).replicas();
    for (Point p : points) {
      if (p.at().compareTo(offset) <= 0) {
        r = p.replicas();
      }
    }
    return r;
  }

  /** The offset of the last change. */
  public Duration lastChange() {
    return points.get(points.size() - 1).at();
  }
}
