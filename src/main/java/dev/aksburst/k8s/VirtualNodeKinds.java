package dev.aksburst.k8s;

import dev.aksburst.contract.Annotations;
import dev.aksburst.model.VirtualNodeKind;
import java.util.Map;

/** Which kind of virtual node a Node is, from its labels. */
final class VirtualNodeKinds {
  private VirtualNodeKinds() {}

  /** A virtual node v2 carries {@code virtualization=virtualnode2}. */
  static boolean v2(Map<String, String> labels) {
    return Annotations.VIRTUAL_NODE_V2_LABEL_VALUE.equals(
        labels.get(Annotations.VIRTUAL_NODE_V2_LABEL_KEY));
  }

  /** v2 by its label; any other virtual node is the add-on's kind. */
  static VirtualNodeKind of(boolean virtual, Map<String, String> labels) {
    if (!virtual) {
      return VirtualNodeKind.VM;
    }
    return v2(labels) ? VirtualNodeKind.V2 : VirtualNodeKind.ACI_ADDON;
  }
}
