package dev.aksburst.plan;

import dev.aksburst.model.PodView;
import dev.aksburst.model.WorkloadView;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What ACI can take of a burst: {@code aksburst.dev/max-virtual-pods}, the region's core and
 * container-group quotas less what other workloads' pods there take, and the create rate. Used by
 * {@link CapacityDecisionPolicy}.
 */
final class AciCapacity {
  private AciCapacity() {}

  /** The cores (milli) and container groups the other workloads' pods on ACI take. */
  private record Others(long milliCpu, int groups) {
    static Others of(WorkloadView w, PlanInputs in) {
      long milli = 0;
      int groups = 0;
      for (WorkloadView o : in.workloads()) {
        if (o.ref().equals(w.ref())) {
          continue;
        }
        for (PodView p : in.virtualPods(o)) {
          milli += p.requests().milliCpu();
          groups++;
        }
      }
      return new Others(milli, groups);
    }
  }

  static final Map<CapacityDecision.Cause, String> LIMIT_NAMES =
      Map.of(
          CapacityDecision.Cause.MAX_VIRTUAL_PODS, "its aksburst.dev/max-virtual-pods",
          CapacityDecision.Cause.ACI_CORE_QUOTA, "its core quota",
          CapacityDecision.Cause.ACI_GROUP_QUOTA, "its container-group quota");

  /**
   * How many of the workload's pods ACI can hold: within {@code aksburst.dev/max-virtual-pods}, and
   * the region's core and container-group quotas less what the other workloads' pods there take.
   */
  static int room(Desire d, PlanInputs in, Economics.AciLimits limits) {
    WorkloadView w = d.workload();
    Others others = Others.of(w, in);
    long otherMilli = others.milliCpu();
    int otherGroups = others.groups();
    long milli = Math.max(1, w.podRequests().milliCpu());
    long room = Math.max(0, (limits.coreQuota() * 1000L - otherMilli) / milli);
    room = Math.min(room, Math.max(0, limits.groupQuota() - otherGroups));
    if (w.policy().maxVirtualPods().isPresent()) {
      room = Math.min(room, w.policy().maxVirtualPods().getAsInt());
    }
    return (int) room;
  }

  /** "cause:why" of the first ACI limit the burst runs into, if any. */
  static Optional<String> binds(Desire d, int pods, PlanInputs in, Economics.AciLimits limits) {
    WorkloadView w = d.workload();
    if (d.desired() < d.sizingDesired()) {
      return Optional.of(
          "MAX_VIRTUAL_PODS:aksburst.dev/max-virtual-pods "
              + w.policy().maxVirtualPods().orElse(0)
              + " holds the raise at "
              + d.desired()
              + " of "
              + d.sizingDesired());
    }
    Others others = Others.of(w, in);
    long otherMilli = others.milliCpu();
    int otherGroups = others.groups();
    long wantMilli = otherMilli + pods * w.podRequests().milliCpu();
    if (wantMilli > limits.coreQuota() * 1000L) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "ACI_CORE_QUOTA:%d pods on ACI would need %.1f of the region's %d ACI cores"
                  + " (AKSBURST_ACI_CORE_QUOTA)",
              pods,
              wantMilli / 1000.0,
              limits.coreQuota()));
    }
    if (otherGroups + pods > limits.groupQuota()) {
      return Optional.of(
          "ACI_GROUP_QUOTA:"
              + (otherGroups + pods)
              + " container groups would exceed the region's "
              + limits.groupQuota()
              + " (AKSBURST_ACI_GROUP_QUOTA)");
    }
    int creates = pods - in.virtualPods(w).size();
    int left = AciPacing.createsLeft(in);
    if (creates > left) {
      return Optional.of(
          "ACI_CREATE_RATE:"
              + creates
              + " ACI creates exceed the "
              + left
              + " left of the "
              + limits.createsPer5Min()
              + " ACI allows per 5 minutes (AKSBURST_ACI_CREATES_PER_5MIN)");
    }
    return Optional.empty();
  }

  static CapacityDecision.Cause causeOf(String binds) {
    return CapacityDecision.Cause.valueOf(binds.substring(0, binds.indexOf(':')));
  }
}
