package dev.aksburst.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * What ACI lets through: the region's core and container-group quotas at a create, and the create
 * and delete rates over a sliding 5-minute window. A refused create (quota) still counts against
 * the create rate, as ACI counts the request.
 */
final class SimAciGate {
  static final Duration WINDOW = Duration.ofMinutes(5);

  private final double coreQuota;
  private final SimAciLimits limits;
  private final Deque<Instant> creates = new ArrayDeque<>();
  private final Deque<Instant> deletes = new ArrayDeque<>();

  SimAciGate(double coreQuota, SimAciLimits limits) {
    this.coreQuota = coreQuota;
    this.limits = limits;
  }

  /** Takes a create slot at {@code now}, or says why there is none. */
  Optional<String> tryCreate(Instant now) {
    if (!take(creates, limits.createsPer5Min(), now)) {
      return Optional.of(
          "ACI throttled the container group create: "
              + limits.createsPer5Min()
              + " creates per 5 minutes in the region are used; the pod waits for a free slot"
              + " (next at "
              + creates.peekFirst().plus(WINDOW)
              + ")");
    }
    return Optional.empty();
  }

  /** Takes a delete slot at {@code now}; false when the delete rate is used up. */
  boolean tryDelete(Instant now) {
    return take(deletes, limits.deletesPer5Min(), now);
  }

  /**
   * Why ACI refuses one more container group of {@code podMilli} CPU when {@code usedMilli} and
   * {@code usedGroups} are taken; empty when it fits both quotas.
   */
  Optional<String> quotaRefusal(long usedMilli, int usedGroups, long podMilli) {
    long quota = Math.round(coreQuota * 1000);
    if (usedMilli + podMilli > quota) {
      return Optional.of(
          "ACI refused the container group: StandardCores quota of "
              + coreQuota
              + " cores in the region would be exceeded ("
              + usedMilli / 1000.0
              + " in use); ask for a quota increase or cap "
              + dev.aksburst.contract.Annotations.MAX_VIRTUAL_PODS);
    }
    if (usedGroups + 1 > limits.groupQuota()) {
      return Optional.of(
          "ACI refused the container group: the region's quota of "
              + limits.groupQuota()
              + " container groups is used; ask for a quota increase or cap "
              + dev.aksburst.contract.Annotations.MAX_VIRTUAL_PODS);
    }
    return Optional.empty();
  }

  private static boolean take(Deque<Instant> window, int limit, Instant now) {
    while (!window.isEmpty() && !window.peekFirst().plus(WINDOW).isAfter(now)) {
      window.removeFirst();
    }
    if (window.size() >= limit) {
      return false;
    }
    window.addLast(now);
    return true;
  }
}
