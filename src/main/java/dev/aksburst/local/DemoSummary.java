package dev.aksburst.local;

import dev.aksburst.sim.CostReport;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The figures of one demo run.
 *
 * @param timeTo20Ready from the alert to 20 Ready replicas
 * @param aciPodMinutes minutes of pods on the virtual node (ACI bills per pod-second)
 * @param peakNodes the most VM nodes that existed at once (booting and draining included)
 * @param lowestReadyBackfill the fewest Ready replicas while pods moved from ACI to VMs
 * @param lowestReadyShed the fewest Ready replicas while shedding back to the baseline
 * @param cost VM and ACI cost of the whole run
 * @param simulated simulated time the story took
 * @param wall wall time the story took
 * @param events the Deployment's Event reasons, in order
 * @param seedRun the run itself (the seed's strategy, vm-first)
 * @param defaultRun the same story replayed with the default strategy
 */
record DemoSummary(
    Duration timeTo20Ready,
    double aciPodMinutes,
    int peakNodes,
    int lowestReadyBackfill,
    int lowestReadyShed,
    CostReport cost,
    Duration simulated,
    Duration wall,
    List<String> events,
    StrategyReplay.Outcome seedRun,
    StrategyReplay.Outcome defaultRun) {
  DemoSummary {
    Objects.requireNonNull(timeTo20Ready);
    Objects.requireNonNull(cost);
    Objects.requireNonNull(simulated);
    Objects.requireNonNull(wall);
    events = List.copyOf(events);
    Objects.requireNonNull(seedRun);
    Objects.requireNonNull(defaultRun);
  }

  String render() {
    return String.format(
            Locale.ROOT,
            "%nSummary%n"
                + "  time to 20 ready:                 %ds after the alert%n"
                + "  ACI pod-minutes:                  %.1f%n"
                + "  peak VM nodes:                    %d%n"
                + "  lowest ready during backfill:     %d (floor %d)%n"
                + "  lowest ready during shed:         %d (floor %d)%n"
                + "  cost:                             $%.2f (VM $%.2f, ACI $%.2f)%n"
                + "  simulated time:                   %s, in %.1fs of wall time%n"
                + "  baseline:                         %d replicas, set by the operator's kubectl"
                + " scale before the alert%n",
            timeTo20Ready.toSeconds(),
            aciPodMinutes,
            peakNodes,
            lowestReadyBackfill,
            SeedDemo.BURST,
            lowestReadyShed,
            SeedDemo.BASELINE,
            cost.total(),
            cost.vmCost(),
            cost.aciCost(),
            hm(simulated),
            wall.toMillis() / 1000.0,
            SeedDemo.BASELINE)
        + strategies();
  }

  /** The two strategies on the same story, side by side. */
  private String strategies() {
    StrategyReplay.Outcome a = seedRun;
    StrategyReplay.Outcome b = defaultRun;
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "%nThe same story, two strategies (%s: the seed's own procedure; %s: the default)%n",
            a.strategy(),
            b.strategy()));
    String row = "  %-30s %-34s %s%n";
    sb.append(String.format(Locale.ROOT, row, "strategy", a.strategy(), b.strategy()));
    sb.append(String.format(Locale.ROOT, row, "decided", a.decided(), b.decided()));
    sb.append(String.format(Locale.ROOT, row, "cost", usd(a), usd(b)));
    sb.append(
        String.format(
            Locale.ROOT,
            row,
            "time to 20 ready",
            a.timeTo20Ready().map(d -> d.toSeconds() + "s").orElse("never"),
            b.timeTo20Ready().map(d -> d.toSeconds() + "s").orElse("never")));
    sb.append(
        String.format(
            Locale.ROOT, row, "peak VM nodes", String.valueOf(a.peakNodes()), b.peakNodes()));
    sb.append(
        String.format(
            Locale.ROOT,
            row,
            "ACI pod-minutes",
            String.format(Locale.ROOT, "%.1f", a.aciPodMinutes()),
            String.format(Locale.ROOT, "%.1f", b.aciPodMinutes())));
    sb.append(String.format(Locale.ROOT, row, "status: burst spent", spent(a), spent(b)));
    sb.append(
        String.format(
            Locale.ROOT, row, "status: saved vs ACI only", saved(a, true), saved(b, true)));
    sb.append(
        String.format(
            Locale.ROOT, row, "status: saved vs VMs only", saved(a, false), saved(b, false)));
    return sb.toString();
  }

  private static String usd(StrategyReplay.Outcome o) {
    return String.format(
        Locale.ROOT,
        "$%.2f (VM $%.2f, ACI $%.2f)",
        o.cost().total(),
        o.cost().vmCost(),
        o.cost().aciCost());
  }

  private static String spent(StrategyReplay.Outcome o) {
    return o.money().map(c -> dollars(c.spentUsd())).orElse("no burst summed");
  }

  private static String saved(StrategyReplay.Outcome o, boolean vsAci) {
    return o.money()
        .map(c -> dollars(vsAci ? c.savedVsAciOnlyUsd() : c.savedVsVmOnlyUsd()))
        .orElse("-");
  }

  /** "$0.13", or "-$0.31" when it cost that much more. */
  private static String dollars(double usd) {
    return (usd < -0.005 ? "-" : "") + String.format(Locale.ROOT, "$%.2f", Math.abs(usd));
  }

  private static String hm(Duration d) {
    return d.toHours()
        + "h"
        + String.format(Locale.ROOT, "%02dm%02ds", d.toMinutesPart(), d.toSecondsPart());
  }
}
