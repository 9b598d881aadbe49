package dev.aksburst.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Arithmetic over cpu, memory and every named resource, as NodeResourcesFit counts them. */
class ResourcesTest {
  private static final Resources GPU_NODE =
      Resources.of(5_840, 50L << 30)
          .with("nvidia.com/gpu", 1)
          .with("ephemeral-storage", 100L << 30);

  @Test
  void aResourceTheNodeDoesNotOfferNeverFits() {
    Resources gpuPod = Resources.of(1000, 1L << 30).with("nvidia.com/gpu", 1);
    assertThat(gpuPod.fitsIn(Resources.of(64_000, 256L << 30))).isFalse();
    assertThat(gpuPod.fitsIn(GPU_NODE)).isTrue();
    assertThat(gpuPod.fitsIn(GPU_NODE.minusFloored(gpuPod))).isFalse();
  }

  @Test
  void plusMaxTimesAndMinusKeepEveryResource() {
    Resources a = Resources.of(100, 10).with("hugepages-2Mi", 4).with("nvidia.com/gpu", 1);
    Resources b = Resources.of(50, 20).with("nvidia.com/gpu", 2);
    assertThat(a.plus(b))
        .isEqualTo(Resources.of(150, 30).with("hugepages-2Mi", 4).with("nvidia.com/gpu", 3));
    assertThat(a.max(b))
        .isEqualTo(Resources.of(100, 20).with("hugepages-2Mi", 4).with("nvidia.com/gpu", 2));
    assertThat(a.times(3).scalar("nvidia.com/gpu")).isEqualTo(3);
    assertThat(a.minusFloored(b)).isEqualTo(Resources.of(50, 0).with("hugepages-2Mi", 4));
    assertThat(Resources.ZERO.with("x", 0)).isEqualTo(Resources.ZERO);
  }
}
