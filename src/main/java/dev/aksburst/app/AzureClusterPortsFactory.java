package dev.aksburst.app;

import dev.aksburst.arm.ArmClients;
import dev.aksburst.arm.ArmClusterCredentials;
import dev.aksburst.arm.ArmNodePoolScaler;
import dev.aksburst.arm.ArmSettings;
import dev.aksburst.arm.ClusterId;
import dev.aksburst.arm.VmssNodePoolScaler;
import dev.aksburst.arm.VmssPool;
import dev.aksburst.k8s.KubernetesAdapters;
import dev.aksburst.k8s.KubernetesClients;
import dev.aksburst.k8s.KubernetesOptions;
import dev.aksburst.reconcile.ClusterPorts;
import dev.aksburst.reconcile.CompositeNodePoolScaler;
import dev.aksburst.reconcile.NodePoolScaler;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The real adapters: fabric8 for Kubernetes, the container service SDK (and raw VMSS calls) for
 * node pools. {@link AksBurst#fromEnvironment} chooses it unless {@code AKSBURST_SIMULATE=true};
 * {@link AksBurst#get()} calls it once per process.
 *
 * <p>Nothing here talks to a server: the Azure credential, pipeline and managers are built by
 * {@link ArmClients} on first use, and each cluster's Kubernetes client on its first request (a
 * failure there is retried by the next invocation instead of being kept for the life of the
 * worker). What can be checked without a server (ids, endpoints, which way Kubernetes is reached)
 * fails here, naming the setting.
 */
public final class AzureClusterPortsFactory implements ClusterPortsFactory {
  private static final Logger LOG = Logger.getLogger(AzureClusterPortsFactory.class.getName());

  private final Function<ArmSettings, ArmClients> armClients;

  /** Production: {@link ArmClients#create}, managed identity over the JDK HTTP client. */
  public AzureClusterPortsFactory() {
    this(ArmClients::create);
  }

  /**
   * @param armClients builds the process's ARM clients from the ARM settings (tests pass one that
   *     reaches a local fake ARM)
   */
  public AzureClusterPortsFactory(Function<ArmSettings, ArmClients> armClients) {
    this.armClients = Objects.requireNonNull(armClients, "armClients");
  }

  @Override
  public boolean simulated() {
    return false;
  }

  @Override
  public List<ClusterPorts> create(Settings settings, Clock clock) {
    ArmSettings arm = settings.arm();
    Supplier<ArmClients> clients = new Once<>(() -> armClients.apply(arm));
    List<VmssPool> vmss = List.copyOf(settings.vmssPools().values());
    List<ClusterPorts> out = new ArrayList<>();
    for (String id : settings.clusterIds()) {
      Optional<ClusterId> armId = armId(settings, id);
      KubeAccess access = KubeAccess.choose(settings, id, armId);
      NodePoolScaler pools = pools(id, armId, vmss, clients);
      KubernetesOptions options =
          settings
              .kubernetesOptions(id, clock)
              .withVirtualNodeStatefulSet(settings.virtualNodes().statefulSet());
      LOG.info(
          "cluster "
              + id
              + ": Kubernetes API through "
              + access.describe()
              + " (client built on first use); node pools: "
              + poolSources(armId, vmss));
      LazyKubernetesPorts k8s =
          new LazyKubernetesPorts(
              new Once<>(
                  () ->
                      KubernetesAdapters.over(
                          KubernetesClients.build(
                              connection(access, clients, clock),
                              settings.timings().kubernetesTimeouts()),
                          options)));
      out.add(
          new ClusterPorts(
              id,
              k8s.reader(),
              k8s.writer(),
              pools,
              k8s.intents(),
              k8s.poolStates(),
              k8s.events(),
              k8s.lock()));
    }
    return out;
  }

  /**
   * The parsed ARM id; empty for a plain name, which {@link Settings} accepts only with a
   * kubeconfig file (a local run: Kubernetes only, no node pools).
   */
  static Optional<ClusterId> armId(Settings settings, String id) {
    if (settings.kubeconfig().isPresent() && !ClusterId.isArmId(id)) {
      return Optional.empty();
    }
    return Optional.of(ClusterId.parse(id));
  }

  private static NodePoolScaler pools(
      String id, Optional<ClusterId> armId, List<VmssPool> vmss, Supplier<ArmClients> clients) {
    List<NodePoolScaler> sources = new ArrayList<>();
    armId.ifPresent(c -> sources.add(new ArmNodePoolScaler(clients.get(), c)));
    if (!vmss.isEmpty()) {
      sources.add(new VmssNodePoolScaler(clients.get(), vmss));
    }
    if (sources.isEmpty()) {
      LOG.warning(
          "cluster "
              + id
              + " has no ARM id: node pools cannot be sized without ARM, so bursts only raise"
              + " replicas (the overflow waits on the virtual node or Pending). Set "
              + Settings.CLUSTER_ID
              + " to the cluster's ARM id (or "
              + Settings.VMSS_POOLS
              + ") to size pools");
    }
    return new CompositeNodePoolScaler(sources);
  }

  private static String poolSources(Optional<ClusterId> armId, List<VmssPool> vmss) {
    List<String> parts = new ArrayList<>();
    armId.ifPresent(c -> parts.add("AKS agent pools of " + c.name()));
    vmss.forEach(v -> parts.add("VMSS " + v.scaleSetName() + " as pool " + v.name()));
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }

  private static KubernetesClients.Connection connection(
      KubeAccess access, Supplier<ArmClients> clients, Clock clock) {
    if (access instanceof KubeAccess.File f) {
      return new KubernetesClients.KubeconfigFile(f.path(), Settings.KUBECONFIG);
    } else if (access instanceof KubeAccess.LocalAccounts l) {
      ArmClusterCredentials credentials =
          new ArmClusterCredentials(clients.get(), l.cluster(), clock);
      return new KubernetesClients.Kubeconfig(
          credentials.userKubeconfig(),
          "listClusterUserCredential of " + l.cluster() + " (" + Settings.KUBE_AUTH + "=local)");
    } else if (access instanceof KubeAccess.Entra e) {
      ArmClusterCredentials credentials =
          new ArmClusterCredentials(clients.get(), e.cluster(), clock);
      return new KubernetesClients.EntraToken(
          credentials.userKubeconfig(),
          credentials.kubernetesToken(),
          "listClusterUserCredential of " + e.cluster() + " (" + Settings.KUBE_AUTH + "=entra)");
    }
    throw new IllegalStateException("unknown Kubernetes access " + access);
  }
}
