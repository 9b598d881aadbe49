package dev.aksburst.app;

import dev.aksburst.contract.Durations;
import dev.aksburst.k8s.KubernetesClients;
import dev.aksburst.plan.PlannerConfig;
import dev.aksburst.plan.PoolWritePolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The timings that decide what happens (docs/settings.md, "Timings"): the planner's cooldown,
 * holds, backfill timeout and backoff, intent retention and upgrade-pause limit, the pool write
 * holds after a refused write, the write budget, and the Kubernetes client's timeouts. Each has the
 * default {@link PlannerConfig#DEFAULTS} (or {@link KubernetesClients.Timeouts#DEFAULTS}) gives it
 * and is written in the one duration grammar of {@link Durations} ({@code 3m}, {@code PT3M}).
 */
public record TimingSettings(
    Duration scaleInCooldown,
    Duration poolHold,
    Duration backfillTimeout,
    Duration backfillBackoff,
    Duration intentRetention,
    Duration rollingPauseLimit,
    PoolWritePolicy poolWrites,
    int writeBudget,
    KubernetesClients.Timeouts kubernetesTimeouts) {
  public static final String SCALE_IN_COOLDOWN = "AKSBURST_SCALE_IN_COOLDOWN";
  public static final String POOL_HOLD = "AKSBURST_POOL_HOLD";
  public static final String BACKFILL_TIMEOUT = "AKSBURST_BACKFILL_TIMEOUT";
  public static final String BACKFILL_BACKOFF = "AKSBURST_BACKFILL_BACKOFF";
  public static final String INTENT_RETENTION = "AKSBURST_INTENT_RETENTION";
  public static final String ROLLING_PAUSE_LIMIT = "AKSBURST_ROLLING_PAUSE_LIMIT";
  public static final String POOL_BUSY_RETRY = "AKSBURST_POOL_BUSY_RETRY";
  public static final String POOL_FAILED_RETRY = "AKSBURST_POOL_FAILED_RETRY";
  public static final String WRITE_BUDGET = "AKSBURST_WRITE_BUDGET";
  public static final String KUBE_CONNECT_TIMEOUT = "AKSBURST_KUBE_CONNECT_TIMEOUT";
  public static final String KUBE_REQUEST_TIMEOUT = "AKSBURST_KUBE_REQUEST_TIMEOUT";

  /**
   * The defaults: {@link PlannerConfig#DEFAULTS} and {@link KubernetesClients.Timeouts#DEFAULTS}.
   */
  public static final TimingSettings DEFAULTS =
      new TimingSettings(
          PlannerConfig.DEFAULTS.scaleInCooldown(),
          PlannerConfig.DEFAULTS.poolHold(),
          PlannerConfig.DEFAULTS.backfillTimeout(),
          PlannerConfig.DEFAULTS.backfillBackoff(),
          PlannerConfig.DEFAULTS.intentRetention(),
          PlannerConfig.DEFAULTS.rollingPauseLimit(),
          PlannerConfig.DEFAULTS.poolWrites(),
          PlannerConfig.DEFAULTS.writeBudget(),
          KubernetesClients.Timeouts.DEFAULTS);

  private static final Duration WEEK = Duration.ofDays(7);
  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  public TimingSettings {
    Objects.requireNonNull(scaleInCooldown);
    Objects.requireNonNull(poolHold);
    Objects.requireNonNull(backfillTimeout);
    Objects.requireNonNull(backfillBackoff);
    Objects.requireNonNull(intentRetention);
    Objects.requireNonNull(rollingPauseLimit);
    Objects.requireNonNull(poolWrites);
    Objects.requireNonNull(kubernetesTimeouts);
  }

  /** {@code base} with these timings. */
  public PlannerConfig applyTo(PlannerConfig base) {
    return base.withTimings(
            scaleInCooldown,
            poolHold,
            backfillTimeout,
            backfillBackoff,
            intentRetention,
            rollingPauseLimit)
        .withPoolWrites(poolWrites)
        .withWriteBudget(writeBudget);
  }

  /**
   * Parses; every problem (naming the setting, its value and what it must be) goes to {@code
   * problems} and leaves that setting at its default. Blank values count as unset.
   */
  public static TimingSettings parse(Map<String, String> env, Consumer<String> problems) {
    TimingSettings d = DEFAULTS;
    Duration cooldown =
        duration(env, SCALE_IN_COOLDOWN, d.scaleInCooldown, Duration.ZERO, WEEK, problems);
    Duration hold = duration(env, POOL_HOLD, d.poolHold, Duration.ZERO, WEEK, problems);
    Duration timeout =
        duration(env, BACKFILL_TIMEOUT, d.backfillTimeout, Duration.ofMinutes(1), WEEK, problems);
    Duration backoff =
        duration(env, BACKFILL_BACKOFF, d.backfillBackoff, Duration.ZERO, WEEK, problems);
    Duration retention =
        duration(env, INTENT_RETENTION, d.intentRetention, Duration.ZERO, WEEK, problems);
    Duration rolling =
        duration(
            env, ROLLING_PAUSE_LIMIT, d.rollingPauseLimit, Duration.ofMinutes(1), WEEK, problems);
    Duration busy =
        duration(env, POOL_BUSY_RETRY, d.poolWrites.busyHold(), Duration.ZERO, WEEK, problems);
    Duration failed =
        duration(env, POOL_FAILED_RETRY, d.poolWrites.failedHold(), Duration.ZERO, WEEK, problems);
    PoolWritePolicy writes = d.poolWrites;
    if (failed.compareTo(busy) < 0) {
      problems.accept(
          POOL_FAILED_RETRY
              + "="
              + Durations.format(failed)
              + " must not be shorter than "
              + POOL_BUSY_RETRY
              + "="
              + Durations.format(busy)
              + " (a failed write waits at least as long as a busy one)");
    } else {
      writes = new PoolWritePolicy(busy, failed);
    }
    int budget = count(env, WRITE_BUDGET, d.writeBudget, 1, 10_000, problems);
    Duration connect =
        duration(
            env,
            KUBE_CONNECT_TIMEOUT,
            d.kubernetesTimeouts.connect(),
            SECOND,
            FIVE_MINUTES,
            problems);
    Duration request =
        duration(
            env,
            KUBE_REQUEST_TIMEOUT,
            d.kubernetesTimeouts.request(),
            SECOND,
            FIVE_MINUTES,
            problems);
    return new TimingSettings(
        cooldown,
        hold,
        timeout,
        backoff,
        retention,
        rolling,
        writes,
        budget,
        new KubernetesClients.Timeouts(connect, request));
  }

  private static Optional<String> text(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static Duration duration(
      Map<String, String> env,
      String name,
      Duration dflt,
      Duration min,
      Duration max,
      Consumer<String> problems) {
    Optional<String> v = text(env, name);
    if (v.isEmpty()) {
      return dflt;
    }
    Optional<Duration> parsed = Durations.parse(v.get());
    if (parsed.isEmpty()) {
      problems.accept(name + "=\"" + v.get() + "\" is not a duration (" + Durations.EXPECTED + ")");
      return dflt;
    }
    Duration p = parsed.get();
    if (p.compareTo(min) < 0 || p.compareTo(max) > 0) {
      problems.accept(
          name
              + "="
              + v.get()
              + " must be between "
              + Durations.format(min)
              + " and "
              + Durations.format(max));
      return dflt;
    }
    return p;
  }

  private static int count(
      Map<String, String> env, String name, int dflt, int min, int max, Consumer<String> problems) {
    Optional<String> v = text(env, name);
    if (v.isEmpty()) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.get());
      if (n >= min && n <= max) {
        return n;
      }
      problems.accept(name + "=" + n + " must be between " + min + " and " + max);
    } catch (NumberFormatException e) {
      problems.accept(name + "=\"" + v.get() + "\" must be a whole number");
    }
    return dflt;
  }
}
