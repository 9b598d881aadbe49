package dev.aksburst.app;

import dev.aksburst.arm.ArmCloud;
import dev.aksburst.arm.ArmSettings;
import dev.aksburst.arm.ClusterId;
import dev.aksburst.arm.VmssPool;
import dev.aksburst.k8s.KubernetesOptions;
import dev.aksburst.plan.PlannerConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Every app setting (docs/settings.md), parsed and validated from the environment at start. All
 * problems are collected into one {@link InvalidSettings}. The ARM, Kubernetes, price and timing
 * settings are parsed once each by the types that use them ({@link ArmSettings}, {@link
 * KubernetesOptions}, {@link PriceSettings}, {@link TimingSettings}); this record composes them.
 *
 * @param kubernetes the Kubernetes options of the first cluster; {@link #kubernetesOptions} gives
 *     them to each cluster
 */
public record Settings(
    List<String> clusterIds,
    ArmSettings arm,
    Optional<Path> kubeconfig,
    KubeAuth kubeAuth,
    KubernetesOptions kubernetes,
    int maxPoolNodes,
    boolean dryRun,
    String reconcileSchedule,
    String windowsSchedule,
    int port,
    double simSpeed,
    Map<String, VmssPool> vmssPools,
    boolean simulate,
    PriceSettings prices,
    TimingSettings timings,
    VirtualNodeSettings virtualNodes,
    CapacitySettings capacity) {

  public static final String CLUSTER_ID = "AKSBURST_CLUSTER_ID";
  public static final String AZURE_CLOUD = ArmCloud.SETTING;
  public static final String ARM_ENDPOINT = ArmSettings.ARM_ENDPOINT_SETTING;
  public static final String AZURE_CLIENT_ID = ArmSettings.CLIENT_ID_SETTING;
  public static final String ARM_CONNECT_TIMEOUT = ArmSettings.CONNECT_TIMEOUT_SETTING;
  public static final String ARM_REQUEST_TIMEOUT = ArmSettings.REQUEST_TIMEOUT_SETTING;
  public static final String KUBECONFIG = "AKSBURST_KUBECONFIG";
  public static final String KUBE_AUTH = "AKSBURST_KUBE_AUTH";
  public static final String NAMESPACES = KubernetesOptions.NAMESPACES_SETTING;
  public static final String MAX_POOL_NODES = "AKSBURST_MAX_POOL_NODES";
  public static final String DRY_RUN = "AKSBURST_DRY_RUN";
  public static final String RECONCILE_SCHEDULE = "AKSBURST_RECONCILE_SCHEDULE";
  public static final String WINDOWS_SCHEDULE = "AKSBURST_WINDOWS_SCHEDULE";
  public static final String PORT = "AKSBURST_PORT";
  public static final String SIM_SPEED = "AKSBURST_SIM_SPEED";
  public static final String STATE_NAMESPACE = KubernetesOptions.STATE_NAMESPACE_SETTING;
  public static final String VMSS_POOLS = "AKSBURST_VMSS_POOLS";
  public static final String VIRTUAL_NODE_LABEL = KubernetesOptions.VIRTUAL_NODE_LABEL_SETTING;
  public static final String VIRTUAL_NODE_TAINT = KubernetesOptions.VIRTUAL_NODE_TAINT_SETTING;
  public static final String SIMULATE = "AKSBURST_SIMULATE";

  public static final String DEFAULT_SCHEDULE = "0 */1 * * * *";

  /** Pods per node of a plain-VMSS pool when its entry does not say: the kubelet's default. */
  public static final int DEFAULT_VMSS_MAX_PODS = 110;

  /** How the Kubernetes API is reached when no kubeconfig file is given. */
  public enum KubeAuth {
    /** Entra ID token of the managed identity (AKS with Entra integration). */
    ENTRA,
    /** The kubeconfig of {@code listClusterUserCredential} (clusters with local accounts). */
    LOCAL
  }

  private static final Pattern VMSS_ARM_ID =
      Pattern.compile(
          "(?i)/subscriptions/[^/]+/resourceGroups/[^/]+/providers/"
              + "Microsoft\\.Compute/virtualMachineScaleSets/[^/]+");
  private static final Pattern MAX_PODS_OPTION = Pattern.compile("(?i)maxPods\\s*=\\s*(\\d{1,3})");
  private static final Pattern NCRONTAB_OR_TIMESPAN =
      Pattern.compile("(\\S+\\s+){5}\\S+|\\d{1,2}:\\d{2}:\\d{2}");

  public Settings {
    clusterIds = List.copyOf(clusterIds);
    Objects.requireNonNull(arm);
    Objects.requireNonNull(kubeconfig);
    Objects.requireNonNull(kubeAuth);
    Objects.requireNonNull(kubernetes);
    Objects.requireNonNull(reconcileSchedule);
    Objects.requireNonNull(windowsSchedule);
    vmssPools = Map.copyOf(vmssPools);
    Objects.requireNonNull(prices);
    Objects.requireNonNull(timings);
    Objects.requireNonNull(virtualNodes);
    Objects.requireNonNull(capacity);
    if (clusterIds.isEmpty()) {
      throw new IllegalArgumentException("at least one cluster id is needed");
    }
  }

  /** The planner's knobs that come from settings. */
  public PlannerConfig plannerConfig() {
    return timings.applyTo(
        PlannerConfig.DEFAULTS
            .withMaxPoolNodes(maxPoolNodes)
            .withEconomics(prices.economics())
            .withCapacity(capacity.mode(), capacity.placeholderPriorityClass()));
  }

  /** The Kubernetes options of one of {@link #clusterIds}. */
  public KubernetesOptions kubernetesOptions(String clusterId, Clock clock) {
    return kubernetes.forCluster(clusterId, clock);
  }

  public ArmCloud azureCloud() {
    return arm.cloud();
  }

  public Optional<URI> armEndpoint() {
    return arm.armEndpoint();
  }

  public Optional<String> azureClientId() {
    return arm.managedIdentityClientId();
  }

  public List<String> namespaces() {
    return kubernetes.namespaces();
  }

  public String stateNamespace() {
    return kubernetes.stateNamespace();
  }

  public String virtualNodeLabelKey() {
    return kubernetes.virtualLabelKey();
  }

  public String virtualNodeLabelValue() {
    return kubernetes.virtualLabelValue();
  }

  public String virtualNodeTaintKey() {
    return kubernetes.virtualNodeTaintKey();
  }

  /**
   * Parses the environment. Empty values count as unset (local.settings.json lists every setting).
   *
   * @throws InvalidSettings listing every missing or invalid setting
   */
  public static Settings parse(Map<String, String> env) {
    Reader r = new Reader(env);
    boolean simulate = r.bool(SIMULATE, false);
    Optional<Path> kubeconfig = r.text(KUBECONFIG).map(Path::of);
    Optional<String> kubeContext = Optional.empty();
    if (kubeconfig.isPresent()) {
      if (!Files.isReadable(kubeconfig.get())) {
        r.problem(
            KUBECONFIG
                + "="
                + kubeconfig.get()
                + ": no readable file there; point it at a kubeconfig, or unset it and set "
                + CLUSTER_ID);
      } else {
        kubeContext = r.kubeContext(kubeconfig.get());
      }
    }
    List<String> clusters = r.list(CLUSTER_ID);
    if (clusters.isEmpty()) {
      if (simulate) {
        clusters = List.of("sim");
      } else if (kubeContext.isPresent()) {
        // a local run: one cluster named by the kubeconfig's context, no ARM id, no node pools
        clusters = List.of(kubeContext.get());
      } else if (kubeconfig.isPresent()) {
        // the cluster comes from the kubeconfig, whose problem is already reported
        clusters = List.of();
      } else {
        r.problem(
            CLUSTER_ID
                + " is missing: set the AKS cluster's ARM resource id"
                + " (/subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.ContainerService"
                + "/managedClusters/<name>), or "
                + SIMULATE
                + "=true for the embedded simulator");
      }
    } else if (!simulate && kubeconfig.isPresent() && clusters.size() > 1) {
      r.problem(
          KUBECONFIG
              + " reaches one cluster but "
              + CLUSTER_ID
              + " lists "
              + clusters.size()
              + ": unset "
              + KUBECONFIG
              + " (each cluster is then reached through ARM) or name one cluster");
    } else if (!simulate && kubeconfig.isEmpty()) {
      for (String id : clusters) {
        if (!ClusterId.isArmId(id)) {
          r.problem(
              CLUSTER_ID
                  + ": \""
                  + id
                  + "\" is not a managed cluster ARM id"
                  + " (/subscriptions/<sub>/resourceGroups/<rg>/providers/"
                  + "Microsoft.ContainerService/managedClusters/<name>)");
        }
      }
    }
    ArmSettings arm = ArmSettings.parse(env, r::problem);
    KubeAuth auth = r.kubeAuth();
    KubernetesOptions kubernetes =
        KubernetesOptions.parse(
            env, clusters.isEmpty() ? "" : clusters.get(0), Clock.systemUTC(), r::problem);
    int maxPool = r.integer(MAX_POOL_NODES, 10, 1, 5000);
    boolean dryRun = r.bool(DRY_RUN, false);
    String reconcile = r.schedule(RECONCILE_SCHEDULE);
    String windows = r.schedule(WINDOWS_SCHEDULE);
    int port = r.integer(PORT, 7071, 1, 65535);
    double speed = r.positiveDouble(SIM_SPEED, 1.0);
    Map<String, VmssPool> vmss = r.vmssPools();
    if (!vmss.isEmpty() && clusters.size() > 1) {
      r.problem(
          VMSS_POOLS
              + " names scale sets of one cluster but "
              + CLUSTER_ID
              + " lists "
              + clusters.size()
              + "; run one app per cluster for plain-VMSS pools");
    }
    PriceSettings prices = PriceSettings.parse(env, r::problem);
    TimingSettings timings = TimingSettings.parse(env, r::problem);
    VirtualNodeSettings virtualNodes = VirtualNodeSettings.parse(env, r::problem);
    CapacitySettings capacity = CapacitySettings.parse(env, r::problem);
    if (!r.problems.isEmpty()) {
      throw new InvalidSettings(r.problems);
    }
    return new Settings(
        clusters,
        arm,
        kubeconfig,
        auth,
        kubernetes,
        maxPool,
        dryRun,
        reconcile,
        windows,
        port,
        speed,
        vmss,
        simulate,
        prices,
        timings,
        virtualNodes,
        capacity);
  }

  /** Reads settings and collects every problem. */
  private static final class Reader {
    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    Reader(Map<String, String> env) {
      this.env = env;
    }

    void problem(String p) {
      problems.add(p);
    }

    Optional<String> text(String name) {
      String v = env.get(name);
      return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    List<String> list(String name) {
      return text(name)
          .map(
              v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
          .orElse(List.of());
    }

    /** The kubeconfig's current context; empty (and a problem) when it has none. */
    Optional<String> kubeContext(Path kubeconfig) {
      try {
        return Optional.of(Kubeconfigs.currentContext(kubeconfig));
      } catch (IllegalArgumentException e) {
        problem(e.getMessage());
        return Optional.empty();
      }
    }

    boolean bool(String name, boolean dflt) {
      Optional<String> v = text(name);
      if (v.isEmpty()) {
        return dflt;
      }
      String s = v.get().toLowerCase(Locale.ROOT);
      if (s.equals("true") || s.equals("false")) {
        return Boolean.parseBoolean(s);
      }
      problem(name + "=\"" + v.get() + "\" must be true or false");
      return dflt;
    }

    int integer(String name, int dflt, int min, int max) {
      Optional<String> v = text(name);
      if (v.isEmpty()) {
        return dflt;
      }
      try {
        int n = Integer.parseInt(v.get());
        if (n < min || n > max) {
          problem(name + "=" + n + " must be between " + min + " and " + max);
          return dflt;
        }
        return n;
      } catch (NumberFormatException e) {
        problem(name + "=\"" + v.get() + "\" must be a whole number");
        return dflt;
      }
    }

    double positiveDouble(String name, double dflt) {
      Optional<String> v = text(name);
      if (v.isEmpty()) {
        return dflt;
      }
      try {
        double d = Double.parseDouble(v.get());
        if (!(d > 0) || Double.isInfinite(d)) {
          problem(name + "=" + v.get() + " must be a positive number");
          return dflt;
        }
        return d;
      } catch (NumberFormatException e) {
        problem(name + "=\"" + v.get() + "\" must be a number");
        return dflt;
      }
    }

    String schedule(String name) {
      String s = text(name).orElse(DEFAULT_SCHEDULE);
      if (!NCRONTAB_OR_TIMESPAN.matcher(s).matches()) {
        problem(
            name
                + "=\""
                + s
                + "\" must be a 6-field NCRONTAB expression (e.g. \""
                + DEFAULT_SCHEDULE
                + "\") or a hh:mm:ss interval");
      }
      return s;
    }

    KubeAuth kubeAuth() {
      Optional<String> v = text(KUBE_AUTH);
      if (v.isEmpty()) {
        return KubeAuth.ENTRA;
      }
      for (KubeAuth a : KubeAuth.values()) {
        if (a.name().equalsIgnoreCase(v.get())) {
          return a;
        }
      }
      problem(KUBE_AUTH + "=\"" + v.get() + "\" must be entra or local");
      return KubeAuth.ENTRA;
    }

    Map<String, VmssPool> vmssPools() {
      Map<String, VmssPool> out = new LinkedHashMap<>();
      for (String entry : list(VMSS_POOLS)) {
        int eq = entry.indexOf('=');
        String pool = eq < 0 ? "" : entry.substring(0, eq).trim();
        String rest = eq < 0 ? "" : entry.substring(eq + 1).trim();
        int semi = rest.indexOf(';');
        String id = (semi < 0 ? rest : rest.substring(0, semi)).trim();
        OptionalInt maxPods =
            semi < 0
                ? OptionalInt.of(DEFAULT_VMSS_MAX_PODS)
                : maxPods(entry, rest.substring(semi + 1));
        if (pool.isEmpty() || !VMSS_ARM_ID.matcher(id).matches()) {
          problem(
              VMSS_POOLS
                  + ": \""
                  + entry
                  + "\" must be pool=/subscriptions/<sub>/resourceGroups/<rg>/providers/"
                  + "Microsoft.Compute/virtualMachineScaleSets/<name>[;maxPods=<n>]");
        } else if (maxPods.isPresent()) {
          VmssPool parsed = VmssPool.parse(pool, id, maxPods.getAsInt(), VMSS_POOLS);
          if (out.put(pool, parsed) != null) {
            problem(VMSS_POOLS + ": pool \"" + pool + "\" is listed twice");
          }
        }
      }
      return out;
    }

    /** The {@code maxPods=<n>} option of one VMSS entry; empty (and a problem) when wrong. */
    private OptionalInt maxPods(String entry, String option) {
      java.util.regex.Matcher m = MAX_PODS_OPTION.matcher(option.trim());
      if (m.matches()) {
        int n = Integer.parseInt(m.group(1));
        if (n >= 1 && n <= 250) {
          return OptionalInt.of(n);
        }
      }
      problem(
          VMSS_POOLS
              + ": \""
              + entry
              + "\": after ';' only maxPods=<1..250> (the kubelet's max pods on those VMs) may"
              + " follow");
      return OptionalInt.empty();
    }
  }
}
