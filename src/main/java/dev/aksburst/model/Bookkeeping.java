package dev.aksburst.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the controller remembers about a workload between reconciles.
 *
 * @param baselineReplicas spec.replicas before the burst began; empty when not bursting
 * @param hpaBaselineMin the HPA's minReplicas before the burst; empty when not bursting
 * @param backfill a surge in flight
 * @param lastScaleUp last time the controller raised the workload (cooldown of scale-in)
 * @param lastScaleDown last time the controller lowered it
 * @param backfillBackoffUntil a surge landed on virtual nodes: do not try again before then
 */
public record Bookkeeping(
    OptionalInt baselineReplicas,
    OptionalInt hpaBaselineMin,
    Optional<Backfill> backfill,
    Optional<Instant> lastScaleUp,
    Optional<Instant> lastScaleDown,
    Optional<Instant> backfillBackoffUntil) {
  public static final Bookkeeping EMPTY =
      new Bookkeeping(
          OptionalInt.empty(),
          OptionalInt.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  public Bookkeeping {
    Objects.requireNonNull(baselineReplicas);
    Objects.requireNonNull(hpaBaselineMin);
    Objects.requireNonNull(backfill);
    Objects.requireNonNull(lastScaleUp);
    Objects.requireNonNull(lastScaleDown);
    Objects.requireNonNull(backfillBackoffUntil);
  }

  public Bookkeeping withBaselineReplicas(OptionalInt v) {
    return new Bookkeeping(
        v, hpaBaselineMin, backfill, lastScaleUp, lastScaleDown, backfillBackoffUntil);
  }

  public Bookkeeping withHpaBaselineMin(OptionalInt v) {
    return new Bookkeeping(
        baselineReplicas, v, backfill, lastScaleUp, lastScaleDown, backfillBackoffUntil);
  }

  public Bookkeeping withBackfill(Optional<Backfill> v) {
    return new Bookkeeping(
        baselineReplicas, hpaBaselineMin, v, lastScaleUp, lastScaleDown, backfillBackoffUntil);
  }

  public Bookkeeping withLastScaleUp(Instant t) {
    return new Bookkeeping(
        baselineReplicas,
        hpaBaselineMin,
        backfill,
        Optional.of(t),
        lastScaleDown,
        backfillBackoffUntil);
  }

  public Bookkeeping withLastScaleDown(Instant t) {
    return new Bookkeeping(
        baselineReplicas,
        hpaBaselineMin,
        backfill,
        lastScaleUp,
        Optional.of(t),
        backfillBackoffUntil);
  }

  public Bookkeeping withBackfillBackoffUntil(Optional<Instant> t) {
    return new Bookkeeping(
        baselineReplicas, hpaBaselineMin, backfill, lastScaleUp, lastScaleDown, t);
  }
}
