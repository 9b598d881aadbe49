package dev.aksburst.model;

/** CPU in millicores and memory in bytes, as the scheduler counts requests. */
public record Resources(long milliCpu, long memoryBytes) {
  public static final Resources ZERO = new Resources(0, 0);

  public Resources {
    if (milliCpu < 0 || memoryBytes < 0) {
      throw new IllegalArgumentException(
          "resources must not be negative: cpu=" + milliCpu + "m memory=" + memoryBytes);
    }
  }

  public static Resources of(long milliCpu, long memoryBytes) {
    return new Resources(milliCpu, memoryBytes);
  }

  public Resources plus(Resources other) {
    return new Resources(milliCpu + other.milliCpu, memoryBytes + other.memoryBytes);
  }

  /** Subtracts, flooring each dimension at zero (room can not be negative). */
  public Resources minusFloored(Resources other) {
    return new Resources(
        Math.max(0, milliCpu - other.milliCpu), Math.max(0, memoryBytes - other.memoryBytes));
  }

  public Resources times(int n) {
    return new Resources(milliCpu * n, memoryBytes * n);
  }

  /** Each dimension the larger of the two (init containers vs. app containers). */
  public Resources max(Resources other) {
    return new Resources(
        Math.max(milliCpu, other.milliCpu), Math.max(memoryBytes, other.memoryBytes));
  }

  public boolean fitsIn(Resources room) {
    return milliCpu <= room.milliCpu && memoryBytes <= room.memoryBytes;
  }

  @Override
  public String toString() {
    return milliCpu + "m/" + (memoryBytes / (1024 * 1024)) + "Mi";
  }
}
