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
  void aDoNotScheduleZoneSpreadKeepsPodsOffTheZonelessVirtualNode() {
    Placement zoneSpread =
        TOLERATES.withSpread(
            List.of(TopologySpread.hard(1, TopologySpread.ZONE, Map.of("app", "web"))));
    assertThat(problems(zoneSpread, List.of(), List.of(virtualNode())))
        .singleElement()
        .asString()
        .contains("topologySpreadConstraint on topology.kubernetes.io/zone")
        .contains("virtual-node-aci-linux");
    TopologySpread soft =
        new TopologySpread(1, TopologySpread.ZONE, false, List.of(), true, 1, false, true);
    assertThat(problems(TOLERATES.withSpread(List.of(soft)), List.of(), List.of(virtualNode())))
        .as("ScheduleAnyway only scores")
        .isEmpty();
    Placement hostSpread =
        TOLERATES.withSpread(
            List.of(TopologySpread.hard(1, TopologySpread.HOSTNAME, Map.of("app", "web"))));
    NodeView withHostname =
        new NodeView(
            "virtual-node-aci-linux",
            Map.of("type", "virtual-kubelet", TopologySpread.HOSTNAME, "virtual-node-aci-linux"),
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
    assertThat(problems(hostSpread, List.of(), List.of(withHostname)))
        .as("the virtual node has a hostname, but is one domain: it takes maxSkew more, no more")
        .singleElement()
        .asString()
        .contains("a domain of its own: it takes at most 1 pods more than the least filled node");
  }

  @Test
  void aResourceTheVirtualNodeDoesNotOfferKeepsPodsOff() {
    Template gpu =
        new Template(TOLERATES, List.of(), Resources.of(500, 1L << 30).with("nvidia.com/gpu", 1));
    assertThat(BurstReadiness.problems(Optional.of(gpu), List.of(virtualNode()), TAINT))
        .containsExactly(
            "the pod template requests 1 nvidia.com/gpu, which virtual node"
                + " virtual-node-aci-linux does not offer");
    Template cpuOnly = new Template(TOLERATES, List.of(), Resources.of(500, 1L << 30));
    assertThat(BurstReadiness.problems(Optional.of(cpuOnly), List.of(virtualNode()), TAINT))
        .isEmpty();
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
