package dev.aksburst.plan;

import static dev.aksburst.fixtures.Fixtures.pods;
import static dev.aksburst.fixtures.Fixtures.workload;
import static dev.aksburst.plan.PlanningSupport.actions;
import static dev.aksburst.plan.PlanningSupport.noteReasons;
import static dev.aksburst.plan.PlanningSupport.only;
import static dev.aksburst.plan.PlanningSupport.plan;
import static dev.aksburst.plan.PlanningSupport.replan;
import static dev.aksburst.plan.PlanningSupport.seed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.fixtures.SnapshotMutator;
import dev.aksburst.model.BurstState;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.LearnMode;
import dev.aksburst.model.LearnedWindow;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.PastBurst;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.WorkloadPolicy;
import dev.aksburst.model.WorkloadView;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LearnPolicyTest {
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final LocalDate MONDAY = LocalDate.parse("2026-01-05");
  static final String KEY = "alert:web-cpu:default/web";

  /** The same alert at 09:00 Berlin (± a few minutes) on the weekdays of two weeks. */
  static List<PastBurst> twoWeeksOfWeekdays() {
    int[] noise = {0, 3, -2, 4, 1, -1, 2, 0, 3, -3};
    List<PastBurst> h = new ArrayList<>();
    int k = 0;
    for (int i = 0; i < 12; i++) {
      LocalDate d = MONDAY.plusDays(i);
      if (d.getDayOfWeek().getValue() <= 5) {
        Instant start = d.atTime(9, 0).plusMinutes(noise[k]).atZone(BERLIN).toInstant();
        h.add(
            new PastBurst(
                KEY,
                Duration.ofMinutes(45),
                start.plusSeconds(45 * 60),
                18 + k % 3,
                IntentSource.ALERT));
        k++;
      }
    }
    return h;
  }

  static WorkloadView web(LearnMode mode, BurstState state) {
    WorkloadPolicy p = WorkloadPolicy.DEFAULTS.withLearn(mode);
    p =
        new WorkloadPolicy(
            p.maxReplicas(),
            p.burst(),
            p.hold(),
            p.alertRules(),
            p.windows(),
            p.maxVirtualPods(),
            p.nodePool(),
            p.strategy(),
            p.learn(),
            Optional.of("Europe/Berlin"));
    return workload("web").replicas(2).pods(pods("web", 2, "vm-0")).policy(p).state(state).build();
  }

  static Instant at(LocalDate d, String time) {
    return d.atTime(LocalTime.parse(time)).atZone(BERLIN).toInstant();
  }

  @Test
  void aConfidentRecurrenceBecomesALearnedWindowAnnouncedOnce() {
    ClusterSnapshot s =
        seed(web(LearnMode.SUGGEST, BurstState.EMPTY.withHistory(twoWeeksOfWeekdays())));
    Instant now = at(MONDAY.plusDays(14), "06:00");
    Plan p = plan(s, now);
    LearnedWindow l = only(p, Action.RecordLearnedWindows.class).learned().get(0);
    assertThat(l.pattern()).isEqualTo(LearnedWindow.Pattern.WEEKDAYS);
    assertThat(l.days()).isEqualTo(LearnedWindow.WEEKDAYS);
    // The earliest alert (08:57 in the kept history) less the alert's lateness.
    assertThat(l.start()).isEqualTo(LocalTime.of(8, 52));
    assertThat(l.end()).isEqualTo(LocalTime.of(9, 45)); // the median end
    assertThat(l.replicas()).isEqualTo(20);
    assertThat(l.leadTime())
        .isEqualTo(PlannerConfig.DEFAULTS.economics().nodeBoot().plus(LearnPolicy.TIMER_MARGIN));
    assertThat(l.occurrences()).isEqualTo(BurstState.MAX_HISTORY_PER_KEY);
    assertThat(l.confidence()).isEqualTo(1.0);
    assertThat(l.learnedAt()).isEqualTo(now);
    assertThat(l.dropped()).isFalse();
    assertThat(l.window().start()).isEqualTo("52 8 * * 1-5");
    assertThat(noteReasons(p)).containsExactly(EventReason.WINDOW_LEARNED);

    Plan again = replan(s, now, PlannerConfig.DEFAULTS);
    assertThat(actions(again, Action.RecordLearnedWindows.class)).isEmpty();
    assertThat(noteReasons(again)).doesNotContain(EventReason.WINDOW_LEARNED);
  }

  @Test
  void aLearnedWindowWhoseSurgesStopTwiceIsDroppedAndSaysSo() {
    ClusterSnapshot s =
        seed(web(LearnMode.ACT, BurstState.EMPTY.withHistory(twoWeeksOfWeekdays())));
    Instant learnedAt = at(MONDAY.plusDays(14), "06:00");
    ClusterSnapshot learned = SnapshotMutator.apply(s, plan(s, learnedAt), learnedAt);
    // Monday and Tuesday of the third week pass without the alert.
    Instant now = at(MONDAY.plusDays(15), "12:00");
    Plan p = plan(learned, now);
    LearnedWindow d = only(p, Action.RecordLearnedWindows.class).learned().get(0);
    assertThat(d.droppedAt()).contains(now);
    assertThat(d.why()).contains(MONDAY.plusDays(14).toString(), MONDAY.plusDays(15).toString());
    assertThat(noteReasons(p)).containsExactly(EventReason.WINDOW_DROPPED);
    Plan again = replan(learned, now, PlannerConfig.DEFAULTS);
    assertThat(actions(again, Action.RecordLearnedWindows.class)).isEmpty();
    // Still dropped on Wednesday: one surge back is not enough to learn it again.
    ClusterSnapshot droppedState = SnapshotMutator.apply(learned, p, now);
    assertThat(plan(droppedState, at(MONDAY.plusDays(16), "06:00")).notes())
        .extracting(Note::reason)
        .doesNotContain(EventReason.WINDOW_LEARNED);
  }

  @Test
  void oneMissedDayKeepsTheWindowWithoutAnEvent() {
    ClusterSnapshot s =
        seed(web(LearnMode.ACT, BurstState.EMPTY.withHistory(twoWeeksOfWeekdays())));
    Instant learnedAt = at(MONDAY.plusDays(14), "06:00");
    ClusterSnapshot learned = SnapshotMutator.apply(s, plan(s, learnedAt), learnedAt);
    Plan p = plan(learned, at(MONDAY.plusDays(14), "12:00"));
    assertThat(noteReasons(p))
        .doesNotContain(EventReason.WINDOW_DROPPED, EventReason.WINDOW_LEARNED);
    actions(p, Action.RecordLearnedWindows.class)
        .forEach(a -> assertThat(a.learned()).noneMatch(LearnedWindow::dropped));
  }

  @Test
  void randomBurstsLearnNothing() {
    Random r = new Random(7);
    List<PastBurst> h = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Instant start = at(MONDAY, "00:00").plusSeconds(r.nextInt(14 * 86_400));
      h.add(
          new PastBurst(
              "alert:r" + (i % 5) + ":default/web",
              Duration.ofMinutes(30),
              start.plusSeconds(1800),
              10,
              IntentSource.ALERT));
    }
    ClusterSnapshot s = seed(web(LearnMode.ACT, BurstState.EMPTY.withHistory(h)));
    Plan p = plan(s, at(MONDAY.plusDays(14), "06:00"));
    assertThat(actions(p, Action.RecordLearnedWindows.class)).isEmpty();
    assertThat(p.notes()).isEmpty();
  }

  @Test
  void learningOffLearnsNothingAndForgetsWhatWasLearned() {
    BurstState st = BurstState.EMPTY.withHistory(twoWeeksOfWeekdays());
    Instant now = at(MONDAY.plusDays(14), "06:00");
    assertThat(plan(seed(web(LearnMode.OFF, st)), now).actions()).isEmpty();
    ClusterSnapshot s = seed(web(LearnMode.SUGGEST, st));
    ClusterSnapshot learned = SnapshotMutator.apply(s, plan(s, now), now);
    WorkloadView off = web(LearnMode.OFF, learned.workloads().get(0).state());
    Action.RecordLearnedWindows forget =
        only(plan(seed(off), now), Action.RecordLearnedWindows.class);
    assertThat(forget.learned()).isEmpty();
  }

  @Test
  void windowAndManualFloorsInTheStateCountAsTheyHappen() {
    List<PastBurst> h = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Instant start = at(MONDAY.plusDays(i), "13:00");
      h.add(
          new PastBurst(
              "manual:ops-" + i,
              Duration.ofMinutes(60),
              start.plusSeconds(3600),
              8,
              IntentSource.MANUAL));
      Instant w = at(MONDAY.plusDays(i), "02:00");
      h.add(
          new PastBurst(
              "window:0 2 * * *|0 3 * * *|Europe/Berlin",
              Duration.ofMinutes(60),
              w.plusSeconds(3600),
              8,
              IntentSource.SCHEDULE));
    }
    ClusterSnapshot s = seed(web(LearnMode.SUGGEST, BurstState.EMPTY.withHistory(h)));
    LearnedWindow l =
        only(plan(s, at(MONDAY.plusDays(5), "06:00")), Action.RecordLearnedWindows.class)
            .learned()
            .get(0);
    // Manual bursts are demand; the scheduled window is already a window.
    assertThat(l.start()).isEqualTo(LocalTime.of(13, 0));
    assertThat(l.days()).contains(DayOfWeek.MONDAY);
  }

  @Test
  void theLeadTimeFollowsTheObservedBootOfThePoolsLastGrowth() {
    Instant now = at(MONDAY.plusDays(14), "06:00");
    Instant wrote = now.minus(Duration.ofHours(20));
    NodeView grown =
        readyAfter(
            Fixtures.vmNode("vm-1", Fixtures.POOL, wrote.plusSeconds(150)), wrote.plusSeconds(400));
    ClusterSnapshot s =
        Fixtures.snapshot()
            .nodes(Fixtures.vmNode("vm-0"), grown, Fixtures.virtualNode())
            .pools(Fixtures.manualPool(2))
            .poolState(Fixtures.POOL, PoolState.EMPTY.withLastScaleOut(wrote))
            .workloads(web(LearnMode.ACT, BurstState.EMPTY.withHistory(twoWeeksOfWeekdays())))
            .build();
    LearnedWindow l = only(plan(s, now), Action.RecordLearnedWindows.class).learned().get(0);
    assertThat(l.leadTime()).isEqualTo(Duration.ofSeconds(400).plus(LearnPolicy.TIMER_MARGIN));

    // Once those nodes are gone the lead time stays what was last observed.
    ClusterSnapshot learned = SnapshotMutator.apply(s, plan(s, now), now);
    ClusterSnapshot shrunk =
        Fixtures.snapshot()
            .nodes(Fixtures.vmNode("vm-0"), Fixtures.virtualNode())
            .pools(Fixtures.manualPool(1))
            .workloads(learned.workloads().get(0))
            .build();
    assertThat(actions(plan(shrunk, now.plusSeconds(60)), Action.RecordLearnedWindows.class))
        .isEmpty();
  }

  static NodeView readyAfter(NodeView n, Instant readySince) {
    return new NodeView(
        n.name(),
        n.labels(),
        n.taints(),
        n.pool(),
        n.virtual(),
        true,
        n.unschedulable(),
        n.allocatable(),
        n.maxPods(),
        n.requested(),
        n.podCount(),
        n.daemonSetRequested(),
        n.daemonSetPods(),
        n.created(),
        Optional.of(readySince));
  }
}
