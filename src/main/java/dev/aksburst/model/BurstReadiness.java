package dev.aksburst.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a pod template can run on the virtual node (ACI), and why not: one rule for the
 * Kubernetes reader and the simulator. A template can burst when it tolerates the virtual node's
 * taints, its nodeSelector and required node affinity admit a virtual node, no {@code
 * DoNotSchedule} topology spread constraint needs a label the virtual node lacks (a zone: it has
 * none) or spreads per hostname (the virtual node would be one domain taking only {@code maxSkew}
 * more pods), it requests no resource the virtual node does not offer (a GPU, ephemeral storage),
 * and it mounts no volume that virtual node can not mount: a hostPath never, a
 * PersistentVolumeClaim only on virtual nodes v2 (Azure Files), not on the add-on. Init containers,
 * host aliases and container hooks run on both kinds; they are no reason to refuse. With no virtual
 * node yet, the template is checked against the add-on (the stricter kind).
 */
public final class BurstReadiness {
  /** A volume of the pod template, as far as ACI cares. */
  public record Volume(String name, VolumeKind kind, String claimName) {
    public Volume {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(kind, "kind");
      claimName = claimName == null ? "" : claimName;
    }

    public static Volume of(String name, VolumeKind kind) {
      return new Volume(name, kind, "");
    }
  }

  public enum VolumeKind {
    HOST_PATH,
    PERSISTENT_VOLUME_CLAIM,
    /** Any volume ACI mounts (emptyDir, configMap, secret, projected, Azure Files...). */
    MOUNTABLE
  }

  /**
   * The parts of a pod template that decide whether it can run on ACI.
   *
   * @param requests one pod's requests: a resource the virtual node does not offer (a GPU) keeps it
   *     off
   */
  public record Template(Placement placement, List<Volume> volumes, Resources requests) {
    public Template {
      Objects.requireNonNull(placement, "placement");
      volumes = List.copyOf(volumes);
      Objects.requireNonNull(requests, "requests");
    }

    public Template(Placement placement, List<Volume> volumes) {
      this(placement, volumes, Resources.ZERO);
    }
  }

  private BurstReadiness() {}

  /**
   * Why {@code template} can not run on a virtual node; empty when it can.
   *
   * @param template the Deployment's pod template, empty when it has none
   * @param virtualNodes the cluster's virtual nodes; when there are none, the template is checked
   *     against {@code assumedTaint}, the taint the virtual node will carry
   * @param assumedTaint the virtual node's taint as configured; its key is the toleration to add
   */
  public static List<String> problems(
      Optional<Template> template, List<NodeView> virtualNodes, Taint assumedTaint) {
    List<String> out = new ArrayList<>();
    if (template.isEmpty()) {
      out.add("the Deployment has no pod template");
      return out;
    }
    Placement placement = template.get().placement();
    List<Taint> taints =
        virtualNodes.isEmpty() ? List.of(assumedTaint) : virtualNodes.get(0).taints();
    if (!placement.tolerates(taints)) {
      out.add(
          "the pod template does not tolerate the virtual node taint "
              + taints.stream().map(t -> t.key() + "=" + t.value() + ":" + t.effect()).toList()
              + ": add a toleration {key: "
              + assumedTaint.key()
              + ", operator: Exists}");
    }
    List<NodeView> admitting =
        virtualNodes.stream().filter(n -> placement.selects(n.name(), n.labels())).toList();
    if (!virtualNodes.isEmpty() && admitting.isEmpty()) {
      NodeView first = virtualNodes.get(0);
      out.add(
          "the pod template's nodeSelector or required node affinity excludes virtual node "
              + first.name()
              + (first.kind() == VirtualNodeKind.ACI_ADDON
                  ? " (note: it carries beta.kubernetes.io/os, not kubernetes.io/os)"
                  : ""));
    }
    if (!virtualNodes.isEmpty()) {
      NodeView vn = virtualNodes.get(0);
      for (var r : template.get().requests().scalars().entrySet()) {
        if (r.getValue() > vn.allocatable().scalar(r.getKey())) {
          out.add(
              "the pod template requests "
                  + r.getValue()
                  + " "
                  + r.getKey()
                  + ", which virtual node "
                  + vn.name()
                  + " does not offer");
        }
      }
      for (TopologySpread c : placement.spread()) {
        if (c.doNotSchedule() && c.topologyKey().equals(TopologySpread.HOSTNAME)) {
          out.add(
              "the pod template's topologySpreadConstraint on "
                  + c.topologyKey()
                  + " (whenUnsatisfiable: DoNotSchedule) makes virtual node "
                  + vn.name()
                  + " a domain of its own: it takes at most "
                  + c.maxSkew()
                  + " pods more than the least filled node, not the overflow");
        }
      }
      for (TopologySpread c : placement.spreadKeysMissingOn(virtualNodes.get(0).labels())) {
        out.add(
            "the pod template's topologySpreadConstraint on "
                + c.topologyKey()
                + " (whenUnsatisfiable: DoNotSchedule) keeps its pods off virtual node "
                + virtualNodes.get(0).name()
                + ", which has no "
                + c.topologyKey()
                + " label: use whenUnsatisfiable: ScheduleAnyway");
      }
    }
    boolean claimsMount = admitting.stream().anyMatch(n -> n.kind().mountsClaims());
    for (Volume v : template.get().volumes()) {
      switch (v.kind()) {
        case HOST_PATH ->
            out.add("volume " + v.name() + " is a hostPath: virtual nodes (ACI) can not mount it");
        case PERSISTENT_VOLUME_CLAIM -> {
          if (!claimsMount) {
            out.add(
                "volume "
                    + v.name()
                    + " is a PersistentVolumeClaim ("
                    + v.claimName()
                    + "): the virtual-node add-on (ACI) can not mount it; virtual nodes v2 can"
                    + " (Azure Files)");
          }
        }
        case MOUNTABLE -> {}
      }
    }
    return out;
  }
}
