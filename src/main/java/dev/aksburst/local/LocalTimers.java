package dev.aksburst.local;

import dev.aksburst.app.AksBurst;
import dev.aksburst.app.ClusterRuntime;
import dev.aksburst.app.Settings;
import dev.aksburst.app.WorkloadStatus;
import dev.aksburst.function.ReconcileFunction;
import dev.aksburst.function.ScheduleFunction;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local host's two timer triggers ({@code ReconcileFunction} on {@code
 * AKSBURST_RECONCILE_SCHEDULE}, {@code ScheduleFunction} on {@code AKSBURST_WINDOWS_SCHEDULE}),
 * fired on the app's clock, and the console line per workload whose status changed after a
 * reconcile.
 */
final class LocalTimers implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(LocalHost.class.getName());

  private static final long PACER_MILLIS = 50;
  private static final DateTimeFormatter HMS =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final AksBurst app;
  private final Consumer<String> console;
  private final ScheduledExecutorService pacer;
  private final Map<String, String> lastStatus = new HashMap<>();

  LocalTimers(AksBurst app, Consumer<String> console) {
    this.app = app;
    this.console = console;
    this.pacer = Executors.newSingleThreadScheduledExecutor(daemon("aks-burst-timers"));
  }

  /** Daemon threads named {@code name}, so the host never keeps the JVM alive by itself. */
  static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** One timer trigger: its schedule and when it fires next on the app's clock. */
  private final class Timer {
    final String name;
    final TimerSchedule schedule;
    final Consumer<String> function;
    Instant next;

    Timer(String name, TimerSchedule schedule, Consumer<String> function, Instant now) {
      this.name = name;
      this.schedule = schedule;
      this.function = function;
      this.next = schedule.next(now);
    }

    void fireIfDue(Instant now) {
      if (now.isBefore(next)) {
        return;
      }
      Instant due = next;
      next = schedule.next(now);
      // Like the host: a run that starts after the following occurrence was due is past due.
      boolean pastDue = !now.isBefore(schedule.next(due));
      try {
        function.accept(TimerPayload.json(due, pastDue));
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, name + " failed at " + due + ": " + e.getMessage(), e);
      }
    }
  }

  void start() {
    Clock clock = app.clock();
    Instant now = clock.instant();
    Settings s = app.settings();
    ReconcileFunction reconcile = new ReconcileFunction(app);
    ScheduleFunction schedule = new ScheduleFunction(app);
    List<Timer> timers = new ArrayList<>();
    timers.add(
        new Timer(
            "ReconcileFunction",
            TimerSchedule.parse(Settings.RECONCILE_SCHEDULE, s.reconcileSchedule()),
            payload -> {
              reconcile.run(payload, LocalContext.of("ReconcileFunction"));
              reportStatus();
            },
            now));
    timers.add(
        new Timer(
            "ScheduleFunction",
            TimerSchedule.parse(Settings.WINDOWS_SCHEDULE, s.windowsSchedule()),
            payload -> schedule.run(payload, LocalContext.of("ScheduleFunction")),
            now));
    pacer.scheduleWithFixedDelay(
        () -> {
          Instant t = clock.instant();
          for (Timer timer : timers) {
            timer.fireIfDue(t);
          }
        },
        PACER_MILLIS,
        PACER_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  /** One console line per workload whose status changed since the last timer run. */
  private void reportStatus() {
    for (ClusterRuntime rt : app.clusters()) {
      for (WorkloadStatus w : app.status().all(rt)) {
        String line =
            w.namespace()
                + "/"
                + w.deployment()
                + ": "
                + w.readyReplicas()
                + "/"
                + w.desiredReplicas()
                + " ready, "
                + w.podsOnVmNodes()
                + " on VMs, "
                + w.podsOnVirtualNodes()
                + " on virtual nodes, "
                + w.pendingPods()
                + " pending"
                + w.nodePool()
                    .map(
                        p ->
                            "; pool "
                                + p.name()
                                + " "
                                + p.readyNodes()
                                + "/"
                                + p.count()
                                + " nodes ready ("
                                + p.provisioningState()
                                + ")")
                    .orElse("");
        String k = rt.clusterId() + " " + w.namespace() + "/" + w.deployment();
        if (!line.equals(lastStatus.put(k, line))) {
          console.accept(HMS.format(app.clock().instant()) + "  " + line);
        }
      }
    }
  }

  @Override
  public void close() {
    pacer.shutdownNow();
  }
}
