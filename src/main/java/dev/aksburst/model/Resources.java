package dev.aksburst.model;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Requests or room as the scheduler counts them: CPU in millicores, memory in bytes, and every
 * other resource by its name in its integer unit ({@code ephemeral-storage} and {@code
 * hugepages-<size>} in bytes, extended resources such as {@code nvidia.com/gpu} in units). A
 * resource absent from {@code scalars} is zero; a request of a resource a node does not offer does
 * not fit there, as the NodeResourcesFit filter decides.
 */
public record Resources(long milliCpu, long memoryBytes, Map<String, Long> scalars) {
  public static final Resources ZERO = new Resources(0, 0);

  public Resources {
    if (milliCpu < 0 || memoryBytes < 0) {
      throw new IllegalArgumentException(
          "resources must not be negative: cpu=" + milliCpu + "m memory=" + memoryBytes);
    }
    Objects.requireNonNull(scalars, "scalars");
    TreeMap<String, Long> kept = new TreeMap<>();
    for (var e : scalars.entrySet()) {
      if (e.getValue() < 0) {
        throw new IllegalArgumentException(
            "resources must not be negative: " + e.getKey() + "=" + e.getValue());
      }
      if (e.getValue() > 0) {
        kept.put(e.getKey(), e.getValue());
      }
    }
    scalars = Map.copyOf(kept);
  }

  public Resources(long milliCpu, long memoryBytes) {
    this(milliCpu, memoryBytes, Map.of());
  }

  public static Resources of(long milliCpu, long memoryBytes) {
    return new Resources(milliCpu, memoryBytes);
  }

  /** This with {@code amount} of the named resource (ephemeral-storage, nvidia.com/gpu...). */
  public Resources with(String resource, long amount) {
    Map<String, Long> s = new TreeMap<>(scalars);
    s.put(resource, amount);
    return new Resources(milliCpu, memoryBytes, s);
  }

  /** The amount of a resource other than cpu and memory, zero when absent. */
  public long scalar(String resource) {
    return scalars.getOrDefault(resource, 0L);
  }

  public Resources plus(Resources other) {
    Map<String, Long> s = new TreeMap<>(scalars);
    other.scalars.forEach((k, v) -> s.merge(k, v, Long::sum));
    return new Resources(milliCpu + other.milliCpu, memoryBytes + other.memoryBytes, s);
  }

  /** Subtracts, flooring each dimension at zero (room can not be negative). */
  public Resources minusFloored(Resources other) {
    Map<String, Long> s = new TreeMap<>(scalars);
    other.scalars.forEach((k, v) -> s.computeIfPresent(k, (key, mine) -> Math.max(0, mine - v)));
    return new Resources(
        Math.max(0, milliCpu - other.milliCpu), Math.max(0, memoryBytes - other.memoryBytes), s);
  }

  public Resources times(int n) {
    Map<String, Long> s = new TreeMap<>();
    scalars.forEach((k, v) -> s.put(k, v * n));
    return new Resources(milliCpu * n, memoryBytes * n, s);
  }

  /** Each dimension the larger of the two (init containers vs. app containers). */
  public Resources max(Resources other) {
    Map<String, Long> s = new TreeMap<>(scalars);
    other.scalars.forEach((k, v) -> s.merge(k, v, Math::max));
    return new Resources(
        Math.max(milliCpu, other.milliCpu), Math.max(memoryBytes, other.memoryBytes), s);
  }

  /**
   * Every dimension fits: cpu, memory and each named resource requested (a node without the
   * resource has none of it).
   */
  public boolean fitsIn(Resources room) {
    if (milliCpu > room.milliCpu || memoryBytes > room.memoryBytes) {
      return false;
    }
    for (var e : scalars.entrySet()) {
      if (e.getValue() > room.scalar(e.getKey())) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    StringBuilder b =
        new StringBuilder().append(milliCpu).append("m/").append(memoryBytes / (1024 * 1024));
    b.append("Mi");
    scalars.forEach((k, v) -> b.append('/').append(k).append('=').append(v));
    return b.toString();
  }
}
