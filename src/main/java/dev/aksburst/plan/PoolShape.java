package dev.aksburst.plan;

import dev.aksburst.model.DaemonSetView;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.PoolProfile;
import dev.aksburst.model.Resources;
import dev.aksburst.model.Taint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One new, empty node of a pool: its room for workload pods (allocatable minus what the DaemonSets
 * that select it request, max pods minus their pods), its labels and taints, and the zone AKS puts
 * it in.
 *
 * <p>The agent pool is the authority ({@code vmSize}, {@code nodeLabels}, {@code nodeTaints},
 * {@code maxPods}, {@code availabilityZones}, Spot). A Ready, schedulable node of the pool without
 * a transient taint fills in only what the pool does not say (allocatable as the kubelet reports
 * it, the labels AKS adds); its own name and zone and its transient taints ({@code
 * node.kubernetes.io/*} such as unschedulable and not-ready, the cluster autoscaler's {@code
 * ToBeDeletedByClusterAutoscaler}) are never copied. At zero nodes allocatable comes from {@link
 * VmSizes} minus {@link AksNodeReserve}. New nodes go to the pool's zone with the fewest nodes
 * (ties: the first zone), as AKS balances a zonal pool.
 *
 * @param zones the zone label value of each of the pool's zones; empty when unknown
 * @param zoneCounts the pool's nodes per zone label value now
 */
record PoolShape(
    Resources room,
    int pods,
    Map<String, String> labels,
    List<Taint> taints,
    List<String> zones,
    Map<String, Integer> zoneCounts,
    String source) {
  static final List<String> ZONE_LABELS =
      List.of(
          "topology.kubernetes.io/zone",
          "failure-domain.beta.kubernetes.io/zone",
          "topology.disk.csi.azure.com/zone");
  static final String HOSTNAME = "kubernetes.io/hostname";
  static final String REGION = "topology.kubernetes.io/region";
  static final Taint SPOT_TAINT =
      new Taint("kubernetes.azure.com/scalesetpriority", "spot", "NoSchedule");

  /** AKS's default OS disk, for a pool that does not report its own. */
  static final int DEFAULT_OS_DISK_GB = 128;

  /** What a pool's shape could be learned as, or why not. */
  record Learned(Optional<PoolShape> shape, String problem) {}

  PoolShape {
    Objects.requireNonNull(room);
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
    zones = List.copyOf(zones);
    zoneCounts = Map.copyOf(zoneCounts);
  }

  /** Node {@code index} (0 for the first one the pool adds): an empty bin of this shape. */
  Packer.Bin emptyBin(String label, int index) {
    return new Packer.Bin(label, null, labelsOf(label, index), taints, room, pods);
  }

  /** Labels of new node {@code index}: the shape's, its zone and a hostname of its own. */
  Map<String, String> labelsOf(String hostname, int index) {
    Map<String, String> l = new HashMap<>(labels);
    l.put(HOSTNAME, hostname);
    zoneOf(index).ifPresent(z -> ZONE_LABELS.forEach(k -> l.put(k, z)));
    return l;
  }

  /** The zone of new node {@code index}: the least full zone after the ones before it. */
  Optional<String> zoneOf(int index) {
    if (zones.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Integer> counts = new HashMap<>();
    for (String z : zones) {
      counts.put(z, zoneCounts.getOrDefault(z, 0));
    }
    String chosen = zones.get(0);
    for (int i = 0; i <= index; i++) {
      chosen = zones.stream().min(Comparator.comparingInt(counts::get)).orElseThrow();
      counts.merge(chosen, 1, Integer::sum);
    }
    return Optional.of(chosen);
  }

  /** The shape of the pool's next node, from the pool and (for what it does not say) its nodes. */
  static Learned learn(
      NodePoolView pool,
      List<NodeView> poolNodes,
      List<NodeView> clusterNodes,
      Optional<List<DaemonSetView>> daemonSets) {
    Optional<NodeView> template =
        poolNodes.stream()
            .filter(n -> n.usableVm() && n.taints().stream().noneMatch(PoolShape::transientTaint))
            .min(Comparator.comparing(NodeView::name));
    Optional<PoolProfile> profile = pool.profile();

    Map<String, String> labels = new TreeMap<>();
    template.ifPresent(
        t ->
            t.labels()
                .forEach(
                    (k, v) -> {
                      if (!k.equals(HOSTNAME) && !ZONE_LABELS.contains(k)) {
                        labels.put(k, v);
                      }
                    }));
    if (template.isEmpty()) {
      labels.put("kubernetes.azure.com/agentpool", pool.name());
      labels.put("agentpool", pool.name());
      labels.put("kubernetes.io/os", "linux");
      if (!pool.vmSize().isEmpty()) {
        labels.put("node.kubernetes.io/instance-type", pool.vmSize());
        labels.put("beta.kubernetes.io/instance-type", pool.vmSize());
      }
    }
    Set<Taint> taints = new LinkedHashSet<>();
    if (profile.isPresent()) {
      labels.putAll(profile.get().nodeLabels());
      taints.addAll(profile.get().nodeTaints());
      template.ifPresent(
          t ->
              t.taints().stream()
                  .filter(x -> x.key().startsWith("kubernetes.azure.com/"))
                  .forEach(taints::add));
      if (profile.get().spot()) {
        labels.put(SPOT_TAINT.key(), SPOT_TAINT.value());
        taints.add(SPOT_TAINT);
      }
    } else {
      template.ifPresent(
          t -> t.taints().stream().filter(x -> !transientTaint(x)).forEach(taints::add));
      if (template.isEmpty()) {
        poolNodes.stream()
            .min(Comparator.comparing(NodeView::name))
            .ifPresent(
                n -> n.taints().stream().filter(x -> !transientTaint(x)).forEach(taints::add));
      }
    }

    int maxPods = pool.maxPods() > 0 ? pool.maxPods() : template.map(NodeView::maxPods).orElse(0);
    Optional<Resources> allocatable = observedAllocatable(poolNodes);
    String source;
    if (allocatable.isPresent()) {
      source = "learned from its nodes";
    } else {
      Optional<VmSizes.VmSize> size = VmSizes.of(pool.vmSize());
      if (size.isEmpty()) {
        return new Learned(
            Optional.empty(),
            "node pool "
                + pool.name()
                + " has no node to learn its size from and its vmSize \""
                + pool.vmSize()
                + "\" is not in aks-burst's VM size table (scale it to one node to learn it)");
      }
      int disk = profile.map(PoolProfile::osDiskSizeGb).filter(d -> d > 0).orElse(0);
      Resources capacity =
          size.get()
              .capacity()
              .with(
                  "ephemeral-storage",
                  (disk > 0 ? disk : DEFAULT_OS_DISK_GB) * (1L << 30) * 9 / 10);
      allocatable = Optional.of(AksNodeReserve.allocatable(capacity, size.get().cores(), maxPods));
      source = "from " + pool.vmSize() + " at " + maxPods + " pods";
    }

    List<String> zones = zones(pool, poolNodes, clusterNodes, template);
    Map<String, Integer> zoneCounts = new TreeMap<>();
    for (NodeView n : poolNodes) {
      String z = n.labels().get(ZONE_LABELS.get(0));
      if (z != null) {
        zoneCounts.merge(z, 1, Integer::sum);
      }
    }
    PoolShape bare =
        new PoolShape(
            allocatable.get(), maxPods, labels, List.copyOf(taints), zones, zoneCounts, source);
    Resources ds = Resources.ZERO;
    int dsPods = 0;
    if (daemonSets.isPresent()) {
      Map<String, String> first = bare.labelsOf("new", 0);
      for (DaemonSetView d : daemonSets.get()) {
        if (d.runsOn(first, bare.taints())) {
          ds = ds.plus(d.podRequests());
          dsPods++;
        }
      }
    } else {
      for (NodeView n : poolNodes) {
        ds = ds.max(n.daemonSetRequested());
        dsPods = Math.max(dsPods, n.daemonSetPods());
      }
    }
    return new Learned(
        Optional.of(
            new PoolShape(
                allocatable.get().minusFloored(ds),
                Math.max(0, maxPods - dsPods),
                labels,
                List.copyOf(taints),
                zones,
                zoneCounts,
                source)),
        "");
  }

  /** The smallest allocatable of the pool's Ready nodes (of any node when none is Ready). */
  private static Optional<Resources> observedAllocatable(List<NodeView> poolNodes) {
    List<NodeView> ready = poolNodes.stream().filter(NodeView::ready).toList();
    List<NodeView> from = ready.isEmpty() ? poolNodes : ready;
    Resources min = null;
    for (NodeView n : from) {
      Resources a = n.allocatable();
      if (a.milliCpu() == 0 && a.memoryBytes() == 0) {
        continue;
      }
      min = min == null ? a : smaller(min, a);
    }
    return Optional.ofNullable(min);
  }

  private static Resources smaller(Resources a, Resources b) {
    Map<String, Long> s = new HashMap<>();
    for (var e : a.scalars().entrySet()) {
      s.put(e.getKey(), Math.min(e.getValue(), b.scalar(e.getKey())));
    }
    return new Resources(
        Math.min(a.milliCpu(), b.milliCpu()), Math.min(a.memoryBytes(), b.memoryBytes()), s);
  }

  private static List<String> zones(
      NodePoolView pool,
      List<NodeView> poolNodes,
      List<NodeView> clusterNodes,
      Optional<NodeView> template) {
    if (pool.profile().isPresent() && !pool.profile().get().zones().isEmpty()) {
      String region =
          java.util.stream.Stream.concat(poolNodes.stream(), clusterNodes.stream())
              .map(n -> n.labels().get(REGION))
              .filter(Objects::nonNull)
              .findFirst()
              .orElse("");
      List<String> out = new ArrayList<>();
      for (String z : pool.profile().get().zones()) {
        out.add(region.isEmpty() ? z : region + "-" + z);
      }
      return out;
    }
    if (pool.profile().isPresent()) {
      // A regional pool: its nodes carry the fault domain ("0") as their zone.
      return List.of(
          template
              .map(t -> t.labels().get(ZONE_LABELS.get(0)))
              .filter(Objects::nonNull)
              .orElse("0"));
    }
    Set<String> seen = new TreeSet<>();
    for (NodeView n : poolNodes) {
      String z = n.labels().get(ZONE_LABELS.get(0));
      if (z != null) {
        seen.add(z);
      }
    }
    return List.copyOf(seen);
  }

  /** A taint a node carries for a while (its condition, a cordon, a pending deletion). */
  static boolean transientTaint(Taint t) {
    return t.key().startsWith("node.kubernetes.io/")
        || t.key().equals("node.cloudprovider.kubernetes.io/uninitialized")
        || t.key().equals(PlanInputs.SHUTDOWN_TAINT)
        || t.key().equals("ToBeDeletedByClusterAutoscaler")
        || t.key().equals("DeletionCandidateOfClusterAutoscaler");
  }

  @Override
  public String toString() {
    return room + ", " + pods + " pods" + (zones.size() > 1 ? ", zones " + zones : "");
  }
}
