package dev.aksburst.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.model.PodRequests.Container;
import dev.aksburst.model.PodRequests.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One pod's requests as kube-scheduler computes them from its containers. */
class PodRequestsTest {
  private static final long MI = 1024L * 1024;

  @Test
  void appContainersAdd() {
    assertThat(
            PodRequests.of(
                List.of(
                    new Container("web", Kind.APP, Resources.of(250, 256 * MI)),
                    new Container("proxy", Kind.APP, Resources.of(100, 64 * MI))),
                Resources.ZERO))
        .isEqualTo(Resources.of(350, 320 * MI));
  }

  @Test
  void aLargerInitContainerSetsThePeakPerResource() {
    assertThat(
            PodRequests.of(
                List.of(
                    new Container("migrate", Kind.INIT, Resources.of(1000, 64 * MI)),
                    new Container("web", Kind.APP, Resources.of(250, 256 * MI))),
                Resources.ZERO))
        .isEqualTo(Resources.of(1000, 256 * MI));
  }

  @Test
  void sidecarsRunNextToTheAppAndNextToLaterInitContainers() {
    assertThat(
            PodRequests.of(
                List.of(
                    new Container("early-init", Kind.INIT, Resources.of(600, 0)),
                    new Container("mesh", Kind.SIDECAR, Resources.of(100, 128 * MI)),
                    new Container("late-init", Kind.INIT, Resources.of(500, 0)),
                    new Container("web", Kind.APP, Resources.of(200, 256 * MI))),
                Resources.of(50, 32 * MI)))
        // app 200 + sidecar 100 = 300 < late-init 500 + sidecar 100 = 600 = early-init 600,
        // memory 256 + 128; then the RuntimeClass overhead
        .isEqualTo(Resources.of(650, 416 * MI));
  }

  @Test
  void noContainersIsTheOverheadOnly() {
    assertThat(PodRequests.of(List.of(), Resources.of(10, MI))).isEqualTo(Resources.of(10, MI));
  }

  @Test
  void podLevelResourcesReplaceTheContainersForWhatTheyNameThenTheOverheadIsAdded() {
    // spec.resources names cpu (also at zero it would replace) and hugepages-2Mi, not memory.
    var podLevel =
        new PodRequests.PodLevel(
            Resources.of(2000, 0).with("hugepages-2Mi", 4 * 2 * MI),
            java.util.Set.of("cpu", "hugepages-2Mi"));
    assertThat(
            PodRequests.of(
                List.of(
                    new Container(
                        "web", Kind.APP, Resources.of(250, 256 * MI).with("nvidia.com/gpu", 1))),
                podLevel,
                Resources.of(100, 64 * MI)))
        .isEqualTo(
            Resources.of(2100, 320 * MI).with("hugepages-2Mi", 8 * MI).with("nvidia.com/gpu", 1));
  }

  @Test
  void aPodLevelResourceNamedAtZeroStillReplaces() {
    var podLevel = new PodRequests.PodLevel(Resources.ZERO, java.util.Set.of("memory"));
    assertThat(
            PodRequests.of(
                List.of(new Container("web", Kind.APP, Resources.of(250, 256 * MI))),
                podLevel,
                Resources.ZERO))
        .isEqualTo(Resources.of(250, 0));
  }
}
