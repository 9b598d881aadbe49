package dev.aksburst.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.app.AksBurst;
import dev.aksburst.app.Settings;
import dev.aksburst.contract.Annotations;
import dev.aksburst.fixtures.AlertPayloads;
import dev.aksburst.intent.AlertParser;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.LearnedWindow;
import dev.aksburst.model.PastBurst;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.EventReason;
import dev.aksburst.reconcile.ReconcileContext;
import dev.aksburst.testing.InvariantChecker;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Two weeks of the same alert at about 09:00 Berlin on weekdays, on the simulated AKS with the
 * app's timers running as deployed (windows intake, then a reconcile, every simulated minute in the
 * morning): aks-burst learns the weekday window, announces it once, and under {@code
 * aksburst.dev/learn: act} pre-warms the VM pool before the alert fires, on the Monday after the
 * clocks moved to summer time too (09:00 Berlin was 08:00 UTC, is 07:00 UTC). The scenario's
 * invariants hold throughout and the cluster settles after each burst.
 */
class LearnedWindowE2ETest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final WorkloadRef W = SeedScenario.NGINX_VN;
  static final String RULE = "web-morning-load";

  /** A Monday; the clocks change on Sunday 2025-03-30. */
  static final LocalDate FIRST = LocalDate.parse("2025-03-17");

  record Alert(Instant fired, Instant resolved) {}

  @Test
  void twoWeeksOfMorningAlertsLearnTheWindowThatThenPreWarmsBeforeTheAlert() {
    SimWorkloadSpec seed = SeedScenario.workload(1);
    Map<String, String> annotations = new HashMap<>(seed.annotations());
    annotations.put(Annotations.LEARN, "act");
    annotations.put(Annotations.LEARN_TIMEZONE, "Europe/Berlin");
    SimWorkloadSpec web =
        new SimWorkloadSpec(
            seed.ref(),
            seed.labels(),
            annotations,
            seed.replicas(),
            seed.requests(),
            seed.placement(),
            seed.hpa());
    SimScenario base = SeedScenario.scenario();
    SimScenario scenario =
        new SimScenario(
                base.clusterId(),
                FIRST.atStartOfDay(BERLIN).toInstant(),
                base.pools(),
                base.virtualNode(),
                List.of(web),
                base.settings())
            .withSettings(coarse(base.settings()));
    SimCluster sim = SimCluster.start(scenario);
    InvariantChecker invariants =
        new InvariantChecker(sim, InvariantChecker.Limits.of(W, 1, SeedScenario.POOL, 1));
    AksBurst app =
        AksBurst.create(
            Settings.parse(Map.of(Settings.SIMULATE, "true")),
            List.of(invariants.watch(sim.ports())),
            new BurstPlanner(),
            sim.clock());

    Random noise = new Random(18);
    List<Alert> alerts = new ArrayList<>();
    for (int day = 0; day < 15; day++) {
      LocalDate d = FIRST.plusDays(day);
      if (d.getDayOfWeek().getValue() <= 5) {
        Instant fired =
            d.atTime(LocalTime.of(9, 0))
                .plusMinutes(noise.nextInt(7) - 2)
                .atZone(BERLIN)
                .toInstant();
        alerts.add(new Alert(fired, fired.plus(Duration.ofMinutes(35 + noise.nextInt(10)))));
      }
    }
    Instant lastMonday = FIRST.plusDays(14).atTime(9, 0).atZone(BERLIN).toInstant();
    Map<Instant, Integer> vmReadyAtFire = new HashMap<>();
    Map<Instant, Instant> firstScaleOutBefore = new HashMap<>();
    Instant end = FIRST.plusDays(14).atTime(12, 0).atZone(BERLIN).toInstant();
    Instant nextTimer = sim.now();
    while (sim.now().isBefore(end)) {
      Instant now = sim.now();
      for (Alert a : alerts) {
        if (a.fired().equals(now)) {
          vmReadyAtFire.put(a.fired(), sim.readyVmNodes(SeedScenario.POOL));
          send(app, a.fired(), Optional.empty());
        }
        if (a.resolved().equals(now)) {
          send(app, a.fired(), Optional.of(a.resolved()));
        }
      }
      boolean morning = morning(now);
      if (!now.isBefore(nextTimer)) {
        app.windows().handle(ReconcileContext.of("timer"));
        nextTimer = now.plus(morning ? Duration.ofMinutes(1) : Duration.ofMinutes(15));
      }
      if (morning) {
        invariants.check();
      }
      sim.advance(morning ? Duration.ofSeconds(10) : Duration.ofMinutes(1));
      if (!morning(sim.now()) && morning(now)) {
        invariants.check();
      }
    }

    List<SimEvent> learned =
        sim.events(W).stream().filter(e -> e.reason().equals(EventReason.WINDOW_LEARNED)).toList();
    assertThat(learned).as("announced once").hasSize(1);
    assertThat(sim.events(W)).noneMatch(e -> e.reason().equals(EventReason.WINDOW_DROPPED));
    LearnedWindow window = sim.burstState(W).learned().get(0);
    assertThat(window.pattern()).isEqualTo(LearnedWindow.Pattern.WEEKDAYS);
    assertThat(window.timezone()).isEqualTo("Europe/Berlin");
    assertThat(window.dropped()).isFalse();
    assertThat(window.start()).isBetween(LocalTime.of(8, 50), LocalTime.of(8, 58));
    // The VM boot observed on the simulator (Ready 180 s after the pool write) plus the timer's
    // 2 minutes, not the configured 5-minute boot.
    assertThat(window.leadTime()).isBetween(Duration.ofMinutes(5), Duration.ofSeconds(310));
    // Learned on the third morning (three occurrences), so it acts from the fourth on.
    Instant learnedAt = learned.get(0).at();
    assertThat(learnedAt.atZone(BERLIN).toLocalDate()).isEqualTo(FIRST.plusDays(2));

    List<Instant> prewarmed = new ArrayList<>();
    for (Alert a : alerts) {
      if (a.fired().isAfter(learnedAt.plus(Duration.ofHours(12)))) {
        assertThat(vmReadyAtFire.get(a.fired()))
            .as("VM nodes Ready when the alert of %s fired", a.fired().atZone(BERLIN))
            .isGreaterThan(1);
        prewarmed.add(a.fired());
      } else {
        assertThat(vmReadyAtFire.get(a.fired()))
            .as("before anything was learned the alert finds the pool at its baseline")
            .isEqualTo(1);
      }
    }
    assertThat(prewarmed).hasSize(8);
    // After the change to summer time the window still opens at its Berlin time.
    // The learned floor of that Monday, pruned by now and kept in the history.
    PastBurst monday =
        sim.burstState(W).history().stream()
            .filter(p -> p.source() == IntentSource.LEARNED)
            .filter(p -> p.start().atZone(BERLIN).toLocalDate().equals(FIRST.plusDays(14)))
            .findFirst()
            .orElseThrow();
    assertThat(monday.start().atZone(BERLIN).toLocalTime()).isEqualTo(window.start());
    assertThat(monday.start()).isBefore(lastMonday);
    List<SimEvent> scaleOuts =
        sim.events(W).stream()
            .filter(e -> e.reason().equals(EventReason.NODE_POOL_SCALE_OUT))
            .filter(e -> e.at().atZone(BERLIN).toLocalDate().equals(FIRST.plusDays(14)))
            .toList();
    assertThat(scaleOuts).isNotEmpty();
    Instant mondayAlert =
        alerts.stream()
            .filter(a -> a.fired().atZone(BERLIN).toLocalDate().equals(FIRST.plusDays(14)))
            .findFirst()
            .orElseThrow()
            .fired();
    assertThat(scaleOuts.get(0).at()).isBefore(mondayAlert.minus(Duration.ofMinutes(3)));
    invariants.assertSettled();
  }

  private static boolean morning(Instant t) {
    ZonedDateTime z = t.atZone(BERLIN);
    return z.getDayOfWeek().getValue() <= 5 && z.getHour() >= 8 && z.getHour() < 11;
  }

  private static void send(AksBurst app, Instant fired, Optional<Instant> resolved) {
    app.alerts()
        .handle(
            AlertParser.parse(AlertPayloads.alert(RULE, W, 20, fired, resolved)),
            ReconcileContext.of("alert"));
  }

  /** The seed's settings with a 5-second tick: two weeks of simulated time in seconds. */
  static SimSettings coarse(SimSettings s) {
    return new SimSettings(
        Duration.ofSeconds(5),
        s.nodeRegisterDelay(),
        s.nodeProvisioningDelay(),
        s.nodeDrainDelay(),
        s.vmPodStartDelay(),
        s.aciStartDelay(),
        s.aciStartJitter(),
        s.aciCoreQuota(),
        s.aciFailureDelay(),
        s.terminationGrace(),
        s.failedPodRetention(),
        s.hpaSyncPeriod(),
        s.autoscalerScanInterval(),
        s.autoscalerScaleDownUnneeded(),
        s.seed(),
        s.prices());
  }
}
