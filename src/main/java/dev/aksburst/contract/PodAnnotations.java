package dev.aksburst.contract;

import java.util.List;
import java.util.OptionalInt;

/** Parses the annotations aks-burst reads on a pod. Pure; invalid values become problems. */
public final class PodAnnotations {
  private PodAnnotations() {}

  /**
   * The pod's {@link Annotations#POD_DELETION_COST}: an int32, or empty when absent or not an int32
   * (then with a problem naming {@code pod}, as the ReplicaSet ignores such a value too).
   */
  /**
   * Karpenter manages the pod's deletion cost: {@link Annotations#KARPENTER_MANAGED_DELETION_COST}
   * is {@code "true"} (any other value, or none, is not the sentinel).
   */
  public static boolean managedDeletionCost(java.util.Map<String, String> annotations) {
    String raw = annotations.get(Annotations.KARPENTER_MANAGED_DELETION_COST);
    return raw != null && raw.trim().equalsIgnoreCase("true");
  }

  public static OptionalInt deletionCost(String pod, String raw, List<String> problems) {
    if (raw == null) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(raw.trim()));
    } catch (NumberFormatException e) {
      problems.add(
          "pod "
              + pod
              + " has "
              + Annotations.POD_DELETION_COST
              + "=\""
              + raw
              + "\", not an int32; the ReplicaSet ignores it too");
      return OptionalInt.empty();
    }
  }
}
