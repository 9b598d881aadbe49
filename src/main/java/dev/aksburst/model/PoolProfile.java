package dev.aksburst.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What an agent pool itself says about the nodes it makes (AKS agent pool properties), the
 * authority for a node the pool has not made yet.
 *
 * @param nodeLabels {@code nodeLabels}: put on every node of the pool
 * @param nodeTaints {@code nodeTaints}: put on every node of the pool
 * @param zones {@code availabilityZones} ("1", "2", "3"); empty for a regional pool. AKS spreads a
 *     pool's nodes evenly over them
 * @param spot {@code scaleSetPriority: Spot}: AKS adds the label and NoSchedule taint {@code
 *     kubernetes.azure.com/scalesetpriority=spot}
 * @param osDiskSizeGb {@code osDiskSizeGB}, 0 when not reported
 */
public record PoolProfile(
    Map<String, String> nodeLabels,
    List<Taint> nodeTaints,
    List<String> zones,
    boolean spot,
    int osDiskSizeGb) {
  public PoolProfile {
    nodeLabels = Map.copyOf(Objects.requireNonNull(nodeLabels, "nodeLabels"));
    nodeTaints = List.copyOf(Objects.requireNonNull(nodeTaints, "nodeTaints"));
    zones = List.copyOf(Objects.requireNonNull(zones, "zones"));
  }

  /**
   * Reads an AKS taint string {@code key[=value]:Effect}; a string without an effect is not a taint
   * AKS accepts and yields none.
   */
  public static List<Taint> parseTaint(String text) {
    if (text == null) {
      return List.of();
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      return List.of();
    }
    String kv = text.substring(0, colon).trim();
    String effect = text.substring(colon + 1).trim();
    int eq = kv.indexOf('=');
    return List.of(
        eq < 0
            ? new Taint(kv, "", effect)
            : new Taint(kv.substring(0, eq), kv.substring(eq + 1), effect));
  }
}
