package dev.aksburst.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A scale-in of a workload whose deletion costs Karpenter manages, kept until the next reconcile
 * can tell which pods the ReplicaSet deleted: were they the marked ones?
 *
 * @param at when replicas were lowered
 * @param replicas what they were lowered to
 * @param expected the pods aks-burst marked to go first (those on virtual nodes and those at or
 *     below its marks of that apply), in its order; when there were more of them than pods removed,
 *     any of them may go
 * @param before the live pods at the scale-in
 */
public record ShedAudit(Instant at, int replicas, List<String> expected, List<String> before) {
  /** Past this, a ReplicaSet that has not finished is no longer waited for. */
  public static final Duration WINDOW = Duration.ofMinutes(10);

  /** At most this many names are kept (the annotation stays small). */
  public static final int MAX_PODS = 200;

  public ShedAudit {
    Objects.requireNonNull(at, "at");
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas " + replicas + " is negative");
    }
    expected = List.copyOf(expected.subList(0, Math.min(MAX_PODS, expected.size())));
    before = List.copyOf(before.subList(0, Math.min(MAX_PODS, before.size())));
  }

  /**
   * What the ReplicaSet did, once it is done (no more live pods than {@code replicas}) or the
   * window passed; empty while it is still deleting.
   */
  public Optional<Finding> finding(WorkloadView now, Instant time) {
    Set<String> live = new TreeSet<>();
    for (PodView p : now.pods()) {
      if (p.live()) {
        live.add(p.name());
      }
    }
    boolean done = live.size() <= replicas;
    if (!done && time.isBefore(at.plus(WINDOW))) {
      return Optional.empty();
    }
    List<String> deleted = new ArrayList<>();
    for (String p : before) {
      if (!live.contains(p)) {
        deleted.add(p);
      }
    }
    List<String> instead = deleted.stream().filter(p -> !expected.contains(p)).toList();
    List<String> kept = expected.stream().filter(live::contains).sorted().toList();
    return Optional.of(new Finding(done, List.copyOf(deleted), instead, kept));
  }

  /**
   * @param done the ReplicaSet reached {@code replicas}
   * @param deleted pods of {@code before} that are gone or terminating
   * @param instead deleted pods that were not marked to go first
   * @param keptMarked marked pods that are still live
   */
  public record Finding(
      boolean done, List<String> deleted, List<String> instead, List<String> keptMarked) {
    /** The ReplicaSet deleted unmarked pods while marked ones stay. */
    public boolean differs() {
      return !instead.isEmpty() && !keptMarked.isEmpty();
    }
  }
}
