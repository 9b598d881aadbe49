package dev.aksburst.app;

import dev.aksburst.contract.WorkloadAnnotations;
import dev.aksburst.model.CapacityMode;
import dev.aksburst.plan.PlannerConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * How VM capacity is obtained, cluster-wide (docs/settings.md).
 *
 * @param mode {@code AKSBURST_CAPACITY_MODE}: {@code node-pool} (default, size an agent pool
 *     through ARM) or {@code placeholders} (no ARM write: placeholder pods make node
 *     auto-provisioning or the cluster autoscaler add VM nodes); {@code aksburst.dev/capacity}
 *     overrides it per workload
 * @param placeholderPriorityClass {@code AKSBURST_PLACEHOLDER_PRIORITY_CLASS}: the PriorityClass of
 *     placeholder pods (default {@code aks-burst-placeholder}, created by
 *     infra/k8s/rbac-placeholders.yaml)
 */
public record CapacitySettings(CapacityMode mode, String placeholderPriorityClass) {
  public static final String MODE = "AKSBURST_CAPACITY_MODE";
  public static final String PLACEHOLDER_PRIORITY_CLASS = "AKSBURST_PLACEHOLDER_PRIORITY_CLASS";
  public static final CapacitySettings DEFAULTS =
      new CapacitySettings(CapacityMode.DEFAULT, PlannerConfig.DEFAULT_PLACEHOLDER_PRIORITY_CLASS);

  private static final Pattern DNS1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  public CapacitySettings {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(placeholderPriorityClass, "placeholderPriorityClass");
  }

  /** Reads the settings; each problem names the setting, the value and what is expected. */
  public static CapacitySettings parse(Map<String, String> env, Consumer<String> problems) {
    CapacityMode mode = CapacityMode.DEFAULT;
    String raw = env.get(MODE);
    if (raw != null && !raw.isBlank()) {
      List<String> found = new ArrayList<>();
      mode = WorkloadAnnotations.capacityMode(MODE, raw, found).orElse(CapacityMode.DEFAULT);
      found.forEach(problems);
    }
    String cls = env.get(PLACEHOLDER_PRIORITY_CLASS);
    if (cls == null || cls.isBlank()) {
      cls = PlannerConfig.DEFAULT_PLACEHOLDER_PRIORITY_CLASS;
    } else if (cls.trim().length() > 253 || !DNS1123_SUBDOMAIN.matcher(cls.trim()).matches()) {
      problems.accept(
          PLACEHOLDER_PRIORITY_CLASS
              + "=\""
              + cls
              + "\" is not a PriorityClass name: expected lower-case letters, digits, '-' and '.'"
              + " (e.g. aks-burst-placeholder)");
      cls = PlannerConfig.DEFAULT_PLACEHOLDER_PRIORITY_CLASS;
    } else {
      cls = cls.trim();
    }
    return new CapacitySettings(mode, cls);
  }
}
