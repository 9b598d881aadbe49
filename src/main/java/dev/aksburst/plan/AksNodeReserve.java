package dev.aksburst.plan;

import dev.aksburst.model.Resources;

/**
 * What AKS (Kubernetes 1.29 and later) keeps back from a node's capacity, so that allocatable is
 * capacity minus this: kube-reserved CPU by core count (60, 100, 140, 180, 260, 420, 740 m for 1,
 * 2, 4, 8, 16, 32, 64 cores; between two rows the lower row's figure plus the linear share of the
 * step, above 64 cores 10 m per extra core), kube-reserved memory {@code min(20 MiB × maxPods + 50
 * MiB, 25 % of memory)}, and the kubelet's 100 Mi hard eviction threshold.
 */
final class AksNodeReserve {
  private static final int[] CORES = {1, 2, 4, 8, 16, 32, 64};
  private static final int[] MILLI = {60, 100, 140, 180, 260, 420, 740};
  private static final long MI = 1L << 20;
  static final long EVICTION_BYTES = 100 * MI;

  private AksNodeReserve() {}

  static long reservedMilliCpu(int cores) {
    if (cores <= CORES[0]) {
      return MILLI[0];
    }
    for (int i = 1; i < CORES.length; i++) {
      if (cores <= CORES[i]) {
        long step = MILLI[i] - MILLI[i - 1];
        return MILLI[i - 1] + step * (cores - CORES[i - 1]) / (CORES[i] - CORES[i - 1]);
      }
    }
    return MILLI[MILLI.length - 1] + 10L * (cores - CORES[CORES.length - 1]);
  }

  static long reservedMemoryBytes(long memoryBytes, int maxPods) {
    long kube = Math.min(20 * MI * maxPods + 50 * MI, memoryBytes / 4);
    return kube + EVICTION_BYTES;
  }

  /** Allocatable of a node of this capacity and max pods. */
  static Resources allocatable(Resources capacity, int cores, int maxPods) {
    return capacity.minusFloored(
        Resources.of(
            reservedMilliCpu(cores), reservedMemoryBytes(capacity.memoryBytes(), maxPods)));
  }
}
