package dev.aksburst.sim;

import java.time.Duration;
import java.util.Objects;

/**
 * Timings, quotas and prices of the simulated AKS.
 *
 * @param tick the simulation step; every controller runs once per tick
 * @param nodeRegisterDelay a new VM node appears (NotReady) this long after the pool grew
 * @param nodeProvisioningDelay a new VM node is Ready this long after the pool grew (AKS: 2-5 min)
 * @param nodeDrainDelay a node picked for removal is cordoned and drained, then gone after this
 * @param vmPodStartDelay a pod bound to a VM node is Ready after this (image already cached)
 * @param aciStartDelay a pod bound to the virtual node is Ready after about this (ACI start)
 * @param aciStartJitter the ACI delay varies by this fraction either way (seeded)
 * @param aciCoreQuota ACI standard cores of the region (pods beyond it fail with ProviderFailed)
 * @param aciFailureDelay a pod refused by ACI turns Failed after this
 * @param terminationGrace a deleted pod is gone after this
 * @param failedPodRetention failed pods are garbage-collected after this
 * @param hpaSyncPeriod the HPA controller's period
 * @param autoscalerScanInterval the cluster autoscaler's period
 * @param autoscalerScaleDownUnneeded a node must be underused this long before the autoscaler
 *     removes it
 * @param seed seeds every random choice (ACI jitter, pod names)
 * @param aciLimits ACI's container-group quota and create and delete rates
 * @param deallocatedStartDelay a deallocated node of a {@code scaleDownMode: Deallocate} pool is
 *     Ready this long after the pool grew to cover it: its VM is started, not created, and keeps
 *     its OS disk and image cache (docs/economics.md, "Deallocate pools", says where the default
 *     comes from)
 */
public record SimSettings(
    Duration tick,
    Duration nodeRegisterDelay,
    Duration nodeProvisioningDelay,
    Duration nodeDrainDelay,
    Duration vmPodStartDelay,
    Duration aciStartDelay,
    double aciStartJitter,
    double aciCoreQuota,
    Duration aciFailureDelay,
    Duration terminationGrace,
    Duration failedPodRetention,
    Duration hpaSyncPeriod,
    Duration autoscalerScanInterval,
    Duration autoscalerScaleDownUnneeded,
    long seed,
    CostRates prices,
    SimAciLimits aciLimits,
    Duration deallocatedStartDelay) {
  /** The default start of a deallocated node (see {@link #deallocatedStartDelay}). */
  public static final Duration DEALLOCATED_START = Duration.ofSeconds(60);

  public static final SimSettings DEFAULTS =
      new SimSettings(
          Duration.ofSeconds(1),
          Duration.ofSeconds(150),
          Duration.ofSeconds(180),
          Duration.ofSeconds(30),
          Duration.ofSeconds(5),
          Duration.ofSeconds(45),
          0.3,
          100,
          Duration.ofSeconds(5),
          Duration.ofSeconds(5),
          Duration.ofMinutes(2),
          Duration.ofSeconds(15),
          Duration.ofSeconds(10),
          Duration.ofMinutes(10),
          42L,
          CostRates.EAST_US_2025,
          SimAciLimits.AZURE_DEFAULTS,
          DEALLOCATED_START);

  public SimSettings {
    Objects.requireNonNull(tick, "tick");
    if (tick.isZero() || tick.isNegative()) {
      throw new IllegalArgumentException("tick must be positive: " + tick);
    }
    for (Duration d :
        new Duration[] {
          nodeRegisterDelay,
          nodeProvisioningDelay,
          nodeDrainDelay,
          vmPodStartDelay,
          aciStartDelay,
          aciFailureDelay,
          terminationGrace,
          failedPodRetention,
          hpaSyncPeriod,
          autoscalerScanInterval,
          autoscalerScaleDownUnneeded,
          deallocatedStartDelay
        }) {
      Objects.requireNonNull(d, "a SimSettings duration is null");
      if (d.isNegative()) {
        throw new IllegalArgumentException("SimSettings durations must not be negative: " + d);
      }
    }
    if (nodeRegisterDelay.compareTo(nodeProvisioningDelay) > 0) {
      throw new IllegalArgumentException(
          "nodeRegisterDelay "
              + nodeRegisterDelay
              + " must not exceed nodeProvisioningDelay "
              + nodeProvisioningDelay);
    }
    if (aciStartJitter < 0 || aciStartJitter >= 1) {
      throw new IllegalArgumentException("aciStartJitter must be in [0, 1): " + aciStartJitter);
    }
    if (aciCoreQuota < 0) {
      throw new IllegalArgumentException("aciCoreQuota must not be negative");
    }
    Objects.requireNonNull(prices, "prices");
    Objects.requireNonNull(aciLimits, "aciLimits");
  }

  /** As the canonical constructor, with the default start of a deallocated node. */
  public SimSettings(
      Duration tick,
      Duration nodeRegisterDelay,
      Duration nodeProvisioningDelay,
      Duration nodeDrainDelay,
      Duration vmPodStartDelay,
      Duration aciStartDelay,
      double aciStartJitter,
      double aciCoreQuota,
      Duration aciFailureDelay,
      Duration terminationGrace,
      Duration failedPodRetention,
      Duration hpaSyncPeriod,
      Duration autoscalerScanInterval,
      Duration autoscalerScaleDownUnneeded,
      long seed,
      CostRates prices,
      SimAciLimits aciLimits) {
    this(
        tick,
        nodeRegisterDelay,
        nodeProvisioningDelay,
        nodeDrainDelay,
        vmPodStartDelay,
        aciStartDelay,
        aciStartJitter,
        aciCoreQuota,
        aciFailureDelay,
        terminationGrace,
        failedPodRetention,
        hpaSyncPeriod,
        autoscalerScanInterval,
        autoscalerScaleDownUnneeded,
        seed,
        prices,
        aciLimits,
        DEALLOCATED_START);
  }

  /** As the canonical constructor, with Azure's default ACI group quota and rates. */
  public SimSettings(
      Duration tick,
      Duration nodeRegisterDelay,
      Duration nodeProvisioningDelay,
      Duration nodeDrainDelay,
      Duration vmPodStartDelay,
      Duration aciStartDelay,
      double aciStartJitter,
      double aciCoreQuota,
      Duration aciFailureDelay,
      Duration terminationGrace,
      Duration failedPodRetention,
      Duration hpaSyncPeriod,
      Duration autoscalerScanInterval,
      Duration autoscalerScaleDownUnneeded,
      long seed,
      CostRates prices) {
    this(
        tick,
        nodeRegisterDelay,
        nodeProvisioningDelay,
        nodeDrainDelay,
        vmPodStartDelay,
        aciStartDelay,
        aciStartJitter,
        aciCoreQuota,
        aciFailureDelay,
        terminationGrace,
        failedPodRetention,
        hpaSyncPeriod,
        autoscalerScanInterval,
        autoscalerScaleDownUnneeded,
        seed,
        prices,
        SimAciLimits.AZURE_DEFAULTS);
  }

  public SimSettings withAciLimits(SimAciLimits limits) {
    return new SimSettings(
        tick,
        nodeRegisterDelay,
        nodeProvisioningDelay,
        nodeDrainDelay,
        vmPodStartDelay,
        aciStartDelay,
        aciStartJitter,
        aciCoreQuota,
        aciFailureDelay,
        terminationGrace,
        failedPodRetention,
        hpaSyncPeriod,
        autoscalerScanInterval,
        autoscalerScaleDownUnneeded,
        seed,
        prices,
        limits,
        deallocatedStartDelay);
  }

  public SimSettings withPrices(CostRates rates) {
    return new SimSettings(
        tick,
        nodeRegisterDelay,
        nodeProvisioningDelay,
        nodeDrainDelay,
        vmPodStartDelay,
        aciStartDelay,
        aciStartJitter,
        aciCoreQuota,
        aciFailureDelay,
        terminationGrace,
        failedPodRetention,
        hpaSyncPeriod,
        autoscalerScanInterval,
        autoscalerScaleDownUnneeded,
        seed,
        rates,
        aciLimits,
        deallocatedStartDelay);
  }

  public SimSettings withAciCoreQuota(double cores) {
    return new SimSettings(
        tick,
        nodeRegisterDelay,
        nodeProvisioningDelay,
        nodeDrainDelay,
        vmPodStartDelay,
        aciStartDelay,
        aciStartJitter,
        cores,
        aciFailureDelay,
        terminationGrace,
        failedPodRetention,
        hpaSyncPeriod,
        autoscalerScanInterval,
        autoscalerScaleDownUnneeded,
        seed,
        prices,
        aciLimits,
        deallocatedStartDelay);
  }

  public SimSettings withNodeProvisioningDelay(Duration register, Duration ready) {
    return new SimSettings(
        tick,
        register,
        ready,
        nodeDrainDelay,
        vmPodStartDelay,
        aciStartDelay,
        aciStartJitter,
        aciCoreQuota,
        aciFailureDelay,
        terminationGrace,
        failedPodRetention,
        hpaSyncPeriod,
        autoscalerScanInterval,
        autoscalerScaleDownUnneeded,
        seed,
        prices,
        aciLimits,
        deallocatedStartDelay);
  }

  /** Pods on VM nodes take {@code d} to turn Ready (a slow readiness probe). */
  public SimSettings withVmPodStartDelay(Duration d) {
    return new SimSettings(
        tick,
        nodeRegisterDelay,
        nodeProvisioningDelay,
        nodeDrainDelay,
        d,
        aciStartDelay,
        aciStartJitter,
        aciCoreQuota,
        aciFailureDelay,
        terminationGrace,
        failedPodRetention,
        hpaSyncPeriod,
        autoscalerScanInterval,
        autoscalerScaleDownUnneeded,
        seed,
        prices,
        aciLimits,
        deallocatedStartDelay);
  }

  /**
   * Deallocated nodes of a Deallocate pool are Ready {@code d} after the pool grew to cover them.
   */
  public SimSettings withDeallocatedStartDelay(Duration d) {
    return new SimSettings(
        tick,
        nodeRegisterDelay,
        nodeProvisioningDelay,
        nodeDrainDelay,
        vmPodStartDelay,
        aciStartDelay,
        aciStartJitter,
        aciCoreQuota,
        aciFailureDelay,
        terminationGrace,
        failedPodRetention,
        hpaSyncPeriod,
        autoscalerScanInterval,
        autoscalerScaleDownUnneeded,
        seed,
        prices,
        aciLimits,
        d);
  }
}
