package dev.aksburst.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Required node affinity as kube-scheduler evaluates it (one term of many must match, every
 * requirement of a term must match, a missing label never matches {@code In}), on the labels of the
 * nodes AKS really has.
 */
class PlacementTest {
  /**
   * The add-on's virtual node: {@code beta.kubernetes.io/os} only, {@code type=virtual-kubelet}.
   */
  static final Map<String, String> LEGACY_VIRTUAL_NODE =
      Map.of(
          "type", "virtual-kubelet",
          "beta.kubernetes.io/os", "linux",
          "kubernetes.io/role", "agent",
          "kubernetes.io/hostname", "virtual-node-aci-linux");

  static final Map<String, String> VM_NODE =
      Map.of(
          "kubernetes.io/os", "linux",
          "agentpool", "agentpool",
          "kubernetes.azure.com/agentpool", "agentpool",
          "node.kubernetes.io/instance-type", "Standard_DS2_v2",
          "topology.kubernetes.io/zone", "eastus-1",
          "kubernetes.azure.com/max-pods", "30");

  static final Map<String, String> SPOT_NODE =
      Map.of(
          "kubernetes.io/os", "linux",
          "agentpool", "spot",
          "kubernetes.azure.com/scalesetpriority", "spot");

  static Placement required(NodeSelectorTerm... terms) {
    return new Placement(List.of(), Map.of(), List.of(terms), List.of());
  }

  static NodeSelectorRequirement req(String key, String op, String... values) {
    return new NodeSelectorRequirement(key, op, List.of(values));
  }

  static List<Arguments> rows() {
    NodeSelectorTerm linux =
        NodeSelectorTerm.of(NodeSelectorRequirement.in("kubernetes.io/os", "linux"));
    NodeSelectorTerm aci =
        NodeSelectorTerm.of(NodeSelectorRequirement.in("type", "virtual-kubelet"));
    NodeSelectorTerm spot =
        NodeSelectorTerm.of(
            NodeSelectorRequirement.in("kubernetes.azure.com/scalesetpriority", "spot"));
    NodeSelectorTerm notVirtual =
        NodeSelectorTerm.of(NodeSelectorRequirement.notIn("type", "virtual-kubelet"));
    return List.of(
        Arguments.of("no affinity admits every node", Placement.NONE, "vm-0", VM_NODE, true),
        Arguments.of("Helm's os In [linux] on a VM node", required(linux), "vm-0", VM_NODE, true),
        Arguments.of(
            "os In [linux] on the legacy virtual node: key missing, no match, no throw",
            required(linux),
            "virtual-node-aci-linux",
            LEGACY_VIRTUAL_NODE,
            false),
        Arguments.of(
            "ACI or Spot: the virtual node",
            required(aci, spot),
            "virtual-node-aci-linux",
            LEGACY_VIRTUAL_NODE,
            true),
        Arguments.of("ACI or Spot: a Spot node", required(aci, spot), "spot-0", SPOT_NODE, true),
        Arguments.of(
            "ACI or Spot: an ordinary VM node", required(aci, spot), "vm-0", VM_NODE, false),
        Arguments.of(
            "type NotIn [virtual-kubelet] refuses the virtual node",
            required(notVirtual),
            "virtual-node-aci-linux",
            LEGACY_VIRTUAL_NODE,
            false),
        Arguments.of(
            "type NotIn [virtual-kubelet] admits a VM node (key absent)",
            required(notVirtual),
            "vm-0",
            VM_NODE,
            true),
        Arguments.of(
            "Exists",
            required(NodeSelectorTerm.of(req("kubernetes.azure.com/scalesetpriority", "Exists"))),
            "spot-0",
            SPOT_NODE,
            true),
        Arguments.of(
            "Exists, key absent",
            required(NodeSelectorTerm.of(req("kubernetes.azure.com/scalesetpriority", "Exists"))),
            "vm-0",
            VM_NODE,
            false),
        Arguments.of(
            "DoesNotExist keeps pods off Spot",
            required(
                NodeSelectorTerm.of(req("kubernetes.azure.com/scalesetpriority", "DoesNotExist"))),
            "spot-0",
            SPOT_NODE,
            false),
        Arguments.of(
            "Gt on an integer label",
            required(NodeSelectorTerm.of(req("kubernetes.azure.com/max-pods", "Gt", "20"))),
            "vm-0",
            VM_NODE,
            true),
        Arguments.of(
            "Lt on an integer label",
            required(NodeSelectorTerm.of(req("kubernetes.azure.com/max-pods", "Lt", "20"))),
            "vm-0",
            VM_NODE,
            false),
        Arguments.of(
            "Gt on a label that is not an integer",
            required(NodeSelectorTerm.of(req("agentpool", "Gt", "1"))),
            "vm-0",
            VM_NODE,
            false),
        Arguments.of(
            "Gt on an absent label",
            required(NodeSelectorTerm.of(req("gpu-count", "Gt", "0"))),
            "vm-0",
            VM_NODE,
            false),
        Arguments.of(
            "two requirements of one term must both match",
            required(
                NodeSelectorTerm.of(
                    NodeSelectorRequirement.in("kubernetes.io/os", "linux"),
                    NodeSelectorRequirement.in("agentpool", "other"))),
            "vm-0",
            VM_NODE,
            false),
        Arguments.of(
            "an empty term matches nothing",
            required(new NodeSelectorTerm(List.of(), List.of())),
            "vm-0",
            VM_NODE,
            false),
        Arguments.of(
            "an unknown operator matches nothing",
            required(NodeSelectorTerm.of(req("agentpool", "Equals", "agentpool"))),
            "vm-0",
            VM_NODE,
            false),
        Arguments.of(
            "matchFields metadata.name In the node",
            required(new NodeSelectorTerm(List.of(), List.of(req("metadata.name", "In", "vm-0")))),
            "vm-0",
            VM_NODE,
            true),
        Arguments.of(
            "matchFields metadata.name In another node",
            required(new NodeSelectorTerm(List.of(), List.of(req("metadata.name", "In", "vm-1")))),
            "vm-0",
            VM_NODE,
            false),
        Arguments.of(
            "matchFields In on a node still to be created",
            required(new NodeSelectorTerm(List.of(), List.of(req("metadata.name", "In", "vm-0")))),
            null,
            VM_NODE,
            false),
        Arguments.of(
            "matchFields NotIn on a node still to be created",
            required(
                new NodeSelectorTerm(List.of(), List.of(req("metadata.name", "NotIn", "vm-0")))),
            null,
            VM_NODE,
            true),
        Arguments.of(
            "matchFields on another field matches nothing",
            required(
                new NodeSelectorTerm(List.of(), List.of(req("spec.unschedulable", "In", "false")))),
            "vm-0",
            VM_NODE,
            false),
        Arguments.of(
            "nodeSelector and affinity must both admit",
            new Placement(List.of(), Map.of("agentpool", "spot"), List.of(linux), List.of()),
            "vm-0",
            VM_NODE,
            false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void requiredAffinityAsTheSchedulerDecides(
      String why,
      Placement placement,
      String nodeName,
      Map<String, String> labels,
      boolean admits) {
    assertThat(placement.selects(nodeName, labels)).as(why).isEqualTo(admits);
  }

  @ParameterizedTest(name = "a requirement with null key and values is a missing label: {0}")
  @ValueSource(strings = {"In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"})
  void aRequirementWithoutKeyOrValuesNeverThrows(String operator) {
    NodeSelectorRequirement r = new NodeSelectorRequirement(null, operator, null);
    boolean absentMatches = operator.equals("NotIn") || operator.equals("DoesNotExist");
    assertThat(r.matches(VM_NODE)).isEqualTo(absentMatches);
    assertThat(r.matches(Map.of())).isEqualTo(absentMatches);
  }
}
