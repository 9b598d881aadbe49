package dev.aksburst.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.BurstReadiness.Template;
import dev.aksburst.model.BurstReadiness.Volume;
import dev.aksburst.model.BurstReadiness.VolumeKind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Can a pod template run on the virtual node (ACI): the rule the reader and simulator share. */
class BurstReadinessTest {
  private static final Taint TAINT =
      new Taint("virtual-kubelet.io/provider", "azure", "NoSchedule");
  private static final Placement TOLERATES =
      new Placement(
          List.of(new Toleration("virtual-kubelet.io/provider", "Exists", "", "")),
          Map.of(),
          List.of(),
          List.of());

  private static NodeView virtualNode() {
    return new NodeView(
        "virtual-node-aci-linux",
        Map.of("type", "virtual-kubelet", "beta.kubernetes.io/os", "linux"),
        List.of(TAINT),
        Optional.empty(),
        true,
        true,
        false,
        Resources.of(10_000_000, 1L << 40),
        5000,
        Resources.ZERO,
        0,
        Resources.ZERO,
        0,
        Instant.EPOCH);
  }

  private static List<String> problems(Placement p, List<Volume> volumes, List<NodeView> nodes) {
    return BurstReadiness.problems(Optional.of(new Template(p, volumes)), nodes, TAINT);
  }

  @Test
  void aToleratingTemplateWithMountableVolumesIsReady() {
    assertThat(
            problems(
                TOLERATES,
                List.of(Volume.of("config", VolumeKind.MOUNTABLE)),
                List.of(virtualNode())))
        .isEmpty();
  }

  @Test
  void withoutATolerationItIsNotReadyEvenBeforeTheVirtualNodeExists() {
    assertThat(problems(Placement.NONE, List.of(), List.of()))
        .singleElement()
        .asString()
        .startsWith("the pod template does not tolerate the virtual node taint")
        .contains("virtual-kubelet.io/provider=azure:NoSchedule");
  }

  @Test
  void aNodeSelectorThatExcludesTheVirtualNodeIsNotReady() {
    Placement linuxOnly =
        new Placement(
            TOLERATES.tolerations(), Map.of("kubernetes.io/os", "linux"), List.of(), List.of());
    assertThat(problems(linuxOnly, List.of(), List.of(virtualNode())))
        .singleElement()
        .asString()
        .contains("excludes virtual node virtual-node-aci-linux");
    // without a virtual node there is nothing to exclude yet
    assertThat(problems(linuxOnly, List.of(), List.of())).isEmpty();
  }

  @Test
  void hostPathAndClaimsAreNotMountableOnAci() {
    assertThat(
            problems(
                TOLERATES,
                List.of(
                    Volume.of("logs", VolumeKind.HOST_PATH),
                    new Volume("data", VolumeKind.PERSISTENT_VOLUME_CLAIM, "data-0")),
                List.of(virtualNode())))
        .hasSize(2)
        .satisfiesExactly(
            p -> assertThat(p).startsWith("volume logs is a hostPath"),
            p -> assertThat(p).startsWith("volume data is a PersistentVolumeClaim (data-0)"));
  }

  private static NodeView virtualNodeV2() {
    return new NodeView(
        "virtualnode-0",
        Map.of("virtualization", "virtualnode2", "kubernetes.io/os", "linux"),
        List.of(TAINT),
        Optional.empty(),
        true,
        true,
        false,
        Resources.of(10_000_000, 1L << 40),
        5000,
        Resources.ZERO,
        0,
        Resources.ZERO,
        0,
        Instant.EPOCH,
        VirtualNodeKind.V2);
  }

  @Test
  void onVirtualNodesV2AClaimIsNoReasonToRefuseButAHostPathStillIs() {
    List<Volume> volumes =
        List.of(
            new Volume("data", VolumeKind.PERSISTENT_VOLUME_CLAIM, "data-0"),
            Volume.of("logs", VolumeKind.HOST_PATH));
    assertThat(problems(TOLERATES, volumes, List.of(virtualNodeV2())))
        .singleElement()
        .asString()
        .startsWith("volume logs is a hostPath");
    // the add-on refuses the same claim
    assertThat(problems(TOLERATES, volumes, List.of(virtualNode()))).hasSize(2);
  }

  @Test
  void aClaimNeedsAV2NodeTheTemplateCanReach() {
    Placement addonOnly =
        new Placement(
            TOLERATES.tolerations(), Map.of("type", "virtual-kubelet"), List.of(), List.of());
    List<Volume> claim = List.of(new Volume("data", VolumeKind.PERSISTENT_VOLUME_CLAIM, "data-0"));
    // both kinds present, but the template selects only the add-on: the claim can not mount there
    assertThat(problems(addonOnly, claim, List.of(virtualNode(), virtualNodeV2())))
        .singleElement()
        .asString()
        .startsWith("volume data is a PersistentVolumeClaim");
    assertThat(problems(TOLERATES, claim, List.of(virtualNode(), virtualNodeV2()))).isEmpty();
  }

  @Test
  void withNoVirtualNodeYetAClaimIsJudgedAsTheAddOnWould() {
    List<Volume> claim = List.of(new Volume("data", VolumeKind.PERSISTENT_VOLUME_CLAIM, "data-0"));
    assertThat(problems(TOLERATES, claim, List.of())).hasSize(1);
  }

  @Test
  void aV2NodeThatTheSelectorExcludesIsReportedWithoutTheAddOnsOsLabelHint() {
    Placement windows =
        new Placement(
            TOLERATES.tolerations(), Map.of("kubernetes.io/os", "windows"), List.of(), List.of());
    assertThat(problems(windows, List.of(), List.of(virtualNodeV2())))
        .singleElement()
        .asString()
        .contains("excludes virtual node virtualnode-0")
        .doesNotContain("beta.kubernetes.io/os");
  }

  @Test
  void noTemplateIsNotReady() {
    assertThat(BurstReadiness.problems(Optional.empty(), List.of(virtualNode()), TAINT))
        .containsExactly("the Deployment has no pod template");
  }
}
