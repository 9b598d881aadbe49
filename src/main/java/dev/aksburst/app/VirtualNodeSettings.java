package dev.aksburst.app;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The settings about virtual nodes v2 (the Helm chart or AKS extension), kept together.
 *
 * @param statefulSet {@code namespace/name} of the StatefulSet that runs the virtual nodes v2
 *     ({@code AKSBURST_VIRTUAL_NODE_STATEFULSET}); when set, aks-burst adds virtual nodes for a
 *     burst that needs more than their 200 pods each and takes them back after it; unset: it only
 *     says so
 */
public record VirtualNodeSettings(Optional<String> statefulSet) {
  public static final String STATEFULSET = "AKSBURST_VIRTUAL_NODE_STATEFULSET";
  public static final VirtualNodeSettings NONE = new VirtualNodeSettings(Optional.empty());

  private static final Pattern DNS1123 = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  public VirtualNodeSettings {
    Objects.requireNonNull(statefulSet, "statefulSet");
  }

  /** Reads the settings; each problem names the setting and an example. */
  public static VirtualNodeSettings parse(Map<String, String> env, Consumer<String> problems) {
    String v = env.get(STATEFULSET);
    if (v == null || v.isBlank()) {
      return NONE;
    }
    String[] parts = v.trim().split("/", -1);
    if (parts.length != 2
        || !DNS1123.matcher(parts[0]).matches()
        || !DNS1123.matcher(parts[1]).matches()) {
      problems.accept(
          STATEFULSET
              + "=\""
              + v
              + "\" is not namespace/name of the virtual nodes' StatefulSet (e.g. vn2/virtualnode)");
      return NONE;
    }
    return new VirtualNodeSettings(Optional.of(v.trim()));
  }
}
