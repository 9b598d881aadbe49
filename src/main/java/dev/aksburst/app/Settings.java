package dev.aksburst.app;

import dev.aksburst.arm.VmssPool;
import dev.aksburst.plan.PlannerConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * problems are collected into one {@link InvalidSettings}.
 */
public record Settings(
    List<String> clusterIds,
    AzureCloud azureCloud,
    Optional<URI> armEndpoint,
    Optional<String> azureClientId,
    Optional<Path> kubeconfig,
    KubeAuth kubeAuth,
    List<String> namespaces,
    int maxPoolNodes,
    boolean dryRun,
    String reconcileSchedule,
    String windowsSchedule,
    int port,
    double simSpeed,
    String stateNamespace,
    Map<String, VmssPool> vmssPools,
    String virtualNodeLabelKey,
    String virtualNodeLabelValue,
    String virtualNodeTaintKey,
    boolean simulate,
    PriceSettings prices) {

  public static final String CLUSTER_ID = "AKSBURST_CLUSTER_ID";
  public static final String AZURE_CLOUD = "AKSBURST_AZURE_CLOUD";
  public static final String ARM_ENDPOINT = "AKSBURST_ARM_ENDPOINT";
  public static final String AZURE_CLIENT_ID = "AZURE_CLIENT_ID";
  public static final String KUBECONFIG = "AKSBURST_KUBECONFIG";
  public static final String KUBE_AUTH = "AKSBURST_KUBE_AUTH";
  public static final String NAMESPACES = "AKSBURST_NAMESPACES";
  public static final String MAX_POOL_NODES = "AKSBURST_MAX_POOL_NODES";
  public static final String DRY_RUN = "AKSBURST_DRY_RUN";
  public static final String RECONCILE_SCHEDULE = "AKSBURST_RECONCILE_SCHEDULE";
  public static final String WINDOWS_SCHEDULE = "AKSBURST_WINDOWS_SCHEDULE";
  public static final String PORT = "AKSBURST_PORT";
  public static final String SIM_SPEED = "AKSBURST_SIM_SPEED";
  public static final String STATE_NAMESPACE = "AKSBURST_STATE_NAMESPACE";
  public static final String VMSS_POOLS = "AKSBURST_VMSS_POOLS";
  public static final String VIRTUAL_NODE_LABEL = "AKSBURST_VIRTUAL_NODE_LABEL";
  public static final String VIRTUAL_NODE_TAINT = "AKSBURST_VIRTUAL_NODE_TAINT";
  public static final String SIMULATE = "AKSBURST_SIMULATE";

  public static final String DEFAULT_SCHEDULE = "0 */1 * * * *";

  /** Pods per node of a plain-VMSS pool when its entry does not say: the kubelet's default. */
  public static final int DEFAULT_VMSS_MAX_PODS = 110;

  /** Azure clouds the ARM client knows. */
  public enum AzureCloud {
    AZURE_CLOUD("AzureCloud"),
    AZURE_CHINA_CLOUD("AzureChinaCloud"),
    AZURE_US_GOVERNMENT("AzureUSGovernment");

    private final String wire;

    AzureCloud(String wire) {
      this.wire = wire;
    }

    public String wireName() {
      return wire;
    }
  }

  /** How the Kubernetes API is reached when no kubeconfig file is given. */
  public enum KubeAuth {
    /** Entra ID token of the managed identity (AKS with Entra integration). */
    ENTRA,
    /** The kubeconfig of {@code listClusterUserCredential} (clusters with local accounts). */
    LOCAL
  }

  private static final Pattern CLUSTER_ARM_ID =
      Pattern.compile(
          "(?i)/subscriptions/[^/]+/resourceGroups/[^/]+/providers/"
              + "Microsoft\\.ContainerService/managedClusters/[^/]+");
  private static final Pattern VMSS_ARM_ID =
      Pattern.compile(
          "(?i)/subscriptions/[^/]+/resourceGroups/[^/]+/providers/"
              + "Microsoft\\.Compute/virtualMachineScaleSets/[^/]+");
  private static final Pattern GUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern DNS1123_LABEL =
      Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern LABEL_KEY =
      Pattern.compile("([a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?");
  private static final Pattern MAX_PODS_OPTION = Pattern.compile("(?i)maxPods\\s*=\\s*(\\d{1,3})");
  private static final Pattern NCRONTAB_OR_TIMESPAN =
      Pattern.compile("(\\S+\\s+){5}\\S+|\\d{1,2}:\\d{2}:\\d{2}");

  public Settings {
    clusterIds = List.copyOf(clusterIds);
    Objects.requireNonNull(azureCloud);
    Objects.requireNonNull(armEndpoint);
    Objects.requireNonNull(azureClientId);
    Objects.requireNonNull(kubeconfig);
    Objects.requireNonNull(kubeAuth);
    namespaces = List.copyOf(namespaces);
    Objects.requireNonNull(reconcileSchedule);
    Objects.requireNonNull(windowsSchedule);
    Objects.requireNonNull(stateNamespace);
    vmssPools = Map.copyOf(vmssPools);
    Objects.requireNonNull(virtualNodeLabelKey);
    Objects.requireNonNull(virtualNodeLabelValue);
    Objects.requireNonNull(virtualNodeTaintKey);
    if (clusterIds.isEmpty()) {
      throw new IllegalArgumentException("at least one cluster id is needed");
    }
  }

  /** The planner's knobs that come from settings. */
  public PlannerConfig plannerConfig() {
    return PlannerConfig.DEFAULTS.withMaxPoolNodes(maxPoolNodes).withEconomics(prices.economics());
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
        r.problem(KUBECONFIG + "=" + kubeconfig.get() + ": no readable file there");
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
      } else if (kubeconfig.isPresent() && Files.isReadable(kubeconfig.get())) {
        // the kubeconfig's problem is already reported
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
        if (!CLUSTER_ARM_ID.matcher(id).matches()) {
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
    AzureCloud cloud = r.cloud();
    Optional<URI> arm = r.text(ARM_ENDPOINT).flatMap(s -> r.httpsUri(ARM_ENDPOINT, s));
    Optional<String> clientId = r.text(AZURE_CLIENT_ID);
    clientId.ifPresent(
        c -> {
          if (!GUID.matcher(c).matches()) {
            r.problem(AZURE_CLIENT_ID + "=\"" + c + "\" is not a client id (a GUID)");
          }
        });
    KubeAuth auth = r.kubeAuth();
    List<String> namespaces = r.list(NAMESPACES);
    for (String ns : namespaces) {
      if (!DNS1123_LABEL.matcher(ns).matches()) {
        r.problem(NAMESPACES + ": \"" + ns + "\" is not a namespace name");
      }
    }
    int maxPool = r.integer(MAX_POOL_NODES, 10, 1, 5000);
    boolean dryRun = r.bool(DRY_RUN, false);
    String reconcile = r.schedule(RECONCILE_SCHEDULE);
    String windows = r.schedule(WINDOWS_SCHEDULE);
    int port = r.integer(PORT, 7071, 1, 65535);
    double speed = r.positiveDouble(SIM_SPEED, 1.0);
    String stateNs = r.text(STATE_NAMESPACE).orElse("aks-burst");
    if (!DNS1123_LABEL.matcher(stateNs).matches()) {
      r.problem(STATE_NAMESPACE + "=\"" + stateNs + "\" is not a namespace name");
    }
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
    String label = r.text(VIRTUAL_NODE_LABEL).orElse("type=virtual-kubelet");
    String labelKey = label;
    String labelValue = "";
    int eq = label.indexOf('=');
    if (eq >= 0) {
      labelKey = label.substring(0, eq).trim();
      labelValue = label.substring(eq + 1).trim();
    }
    if (!LABEL_KEY.matcher(labelKey).matches()
        || labelValue.isEmpty()
        || !LABEL_VALUE.matcher(labelValue).matches()) {
      r.problem(
          VIRTUAL_NODE_LABEL
              + "=\""
              + label
              + "\" is not a label key=value (e.g. type=virtual-kubelet)");
    }
    String taint = r.text(VIRTUAL_NODE_TAINT).orElse("virtual-kubelet.io/provider");
    if (!LABEL_KEY.matcher(taint).matches()) {
      r.problem(
          VIRTUAL_NODE_TAINT
              + "=\""
              + taint
              + "\" is not a taint key (e.g. virtual-kubelet.io/provider)");
    }
    PriceSettings prices = PriceSettings.parse(env, r::problem);
    if (!r.problems.isEmpty()) {
      throw new InvalidSettings(r.problems);
    }
    return new Settings(
        clusters,
        cloud,
        arm,
        clientId,
        kubeconfig,
        auth,
        namespaces,
        maxPool,
        dryRun,
        reconcile,
        windows,
        port,
        speed,
        stateNs,
        vmss,
        labelKey,
        labelValue,
        taint,
        simulate,
        prices);
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

    Optional<URI> httpsUri(String name, String s) {
      try {
        URI u = new URI(s);
        if (u.isAbsolute() && "https".equalsIgnoreCase(u.getScheme()) && u.getHost() != null) {
          return Optional.of(u);
        }
      } catch (URISyntaxException e) {
        problem(name + "=\"" + s + "\" is not a URL: " + e.getMessage());
        return Optional.empty();
      }
      problem(
          name
              + "=\""
              + s
              + "\" must be an absolute https URL (ARM bearer tokens are only sent over https)");
      return Optional.empty();
    }

    AzureCloud cloud() {
      Optional<String> v = text(AZURE_CLOUD);
      if (v.isEmpty()) {
        return AzureCloud.AZURE_CLOUD;
      }
      for (AzureCloud c : AzureCloud.values()) {
        if (c.wireName().equalsIgnoreCase(v.get())) {
          return c;
        }
      }
      problem(
          AZURE_CLOUD
              + "=\""
              + v.get()
              + "\" must be AzureCloud, AzureChinaCloud or AzureUSGovernment");
      return AzureCloud.AZURE_CLOUD;
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
