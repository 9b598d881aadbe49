package dev.aksburst.app;

import dev.aksburst.model.BurstStrategy;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.model.WorkloadView;
import dev.aksburst.plan.CapacityDecision;
import dev.aksburst.plan.Economics;
import dev.aksburst.plan.EventReason;
import dev.aksburst.plan.Plan;
import dev.aksburst.prices.PriceBook;
import dev.aksburst.reconcile.ClusterPorts;
import dev.aksburst.reconcile.EconomicsSource;
import dev.aksburst.reconcile.ReconcileResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The price book in use: it fills every reconcile's economics, refreshes off the alert path (the
 * reconcile timer), says once per change when a price is missing (log and a Normal {@value
 * EventReason#PRICES_UNKNOWN} Event on each Deployment with the {@code cost} strategy whose
 * capacity decision lacks it), sums each burst's cost and builds the money part of status.
 */
public final class Prices {
  private static final Logger LOG = Logger.getLogger(Prices.class.getName());

  private final PriceBook book;
  private final Economics configured;
  private final Clock clock;
  private final BurstLedger ledger = new BurstLedger();
  private final Map<String, String> announced = new ConcurrentHashMap<>();

  public Prices(PriceBook book, Economics configured, Clock clock) {
    this.book = Objects.requireNonNull(book, "book");
    this.configured = Objects.requireNonNull(configured, "configured");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public PriceBook book() {
    return book;
  }

  /** Fills a reconcile's economics from the book (no network I/O). */
  public EconomicsSource source() {
    return (snapshot, economics, now) -> book.resolve(snapshot, economics, now).economics();
  }

  /** Fetches stale or missing prices; the reconcile timer calls it after its reconcile. */
  public int refresh() {
    return book.refresh(clock.instant());
  }

  /** Sees every reconcile of the cluster: announces missing prices, sums burst costs. */
  public Consumer<ReconcileResult> observer(ClusterPorts ports) {
    return r -> {
      try {
        see(ports, r);
      } catch (RuntimeException e) {
        LOG.warning(r.context().tag() + " the burst's cost could not be summed: " + e);
      }
    };
  }

  private void see(ClusterPorts ports, ReconcileResult r) {
    {
      if (r.status() != ReconcileResult.Status.DONE
          && r.status() != ReconcileResult.Status.DRY_RUN) {
        return;
      }
      if (r.snapshot().isEmpty()) {
        return;
      }
      ClusterSnapshot s = r.snapshot().get();
      Instant now = clock.instant();
      PriceBook.Resolved resolved = book.resolve(s, configured, now);
      for (WorkloadView w : s.workloads()) {
        Optional<CapacityDecision> d = decision(r.plan(), w.ref());
        ledger.record(
            ports.clusterId(), w.ref(), BurstMoney.of(s, w, d, resolved.economics(), now), now);
        // only a burst's decision needs prices: nothing is said for a workload at rest
        if (r.status() == ReconcileResult.Status.DONE && d.isPresent()) {
          announce(ports, r, s, w, resolved);
        }
      }
    }
  }

  /** The money part of a workload's status, with the decision of {@code preview}. */
  public MoneyStatus status(String clusterId, ClusterSnapshot s, WorkloadView w, Plan preview) {
    Instant now = clock.instant();
    PriceBook.Resolved resolved = book.resolve(s, configured, now);
    Optional<CapacityDecision> d = decision(preview, w.ref());
    Optional<MoneyStatus.Decision> decision =
        d.map(
            c ->
                new MoneyStatus.Decision(
                    c.route().wireName(),
                    c.cause().name(),
                    c.reason(),
                    c.pods(),
                    c.newNodes(),
                    c.aciKept(),
                    c.vmUsdPerHour(),
                    c.aciUsdPerHour(),
                    c.vmRouteUsd(),
                    c.aciRouteUsd(),
                    c.expectedRemaining(),
                    c.expectedBasis()));
    BurstMoney money = BurstMoney.of(s, w, d, resolved.economics(), now);
    Optional<MoneyStatus.Cost> cost =
        ledger.of(clusterId, w.ref()).map(b -> cost(b, money, d, resolved.economics(), s, w, now));
    return new MoneyStatus(decision, cost, sources(s, w, resolved));
  }

  private static MoneyStatus.Cost cost(
      BurstLedger.Burst b,
      BurstMoney money,
      Optional<CapacityDecision> d,
      Economics e,
      ClusterSnapshot s,
      WorkloadView w,
      Instant now) {
    // the sums up to the last reconcile, plus the stretch since then at the current rates
    BurstLedger.Burst upToNow = b.ended().isPresent() ? b : b.next(money, now);
    double spent = upToNow.spent();
    double projected = spent;
    if (b.ended().isEmpty()) {
      Duration remaining =
          d.map(CapacityDecision::expectedRemaining)
              .orElseGet(
                  () ->
                      BurstMoney.floor(w, now)
                          .flatMap(i -> i.until())
                          .map(u -> Duration.between(now, u))
                          .filter(x -> !x.isNegative())
                          .orElse(Duration.ZERO));
      double h = remaining.toMillis() / 3_600_000.0;
      double nodes =
          s.poolChoice(w).name().flatMap(p -> boxed(e.nodeHourly(p))).orElse(0.0)
              * money.extraNodes()
              * h;
      OptionalDouble route =
          d.isEmpty()
              ? OptionalDouble.of(money.actualPerHour() * h)
              : d.get().route() == CapacityDecision.Route.VM
                  ? d.get().vmRouteUsd()
                  : d.get().aciRouteUsd();
      projected = spent + (d.isEmpty() ? route.orElse(0) : nodes + route.orElse(0));
    }
    return new MoneyStatus.Cost(
        spent,
        projected,
        upToNow.aciOnly() - spent,
        upToNow.vmOnly() - spent,
        money.actualPerHour(),
        b.since(),
        b.ended(),
        upToNow.priced());
  }

  private static Optional<Double> boxed(OptionalDouble d) {
    return d.isPresent() ? Optional.of(d.getAsDouble()) : Optional.empty();
  }

  private static MoneyStatus.PriceSources sources(
      ClusterSnapshot s, WorkloadView w, PriceBook.Resolved r) {
    Optional<MoneyStatus.PoolPrice> pool =
        s.poolChoice(w)
            .name()
            .map(
                name -> {
                  PriceBook.PoolPrice p = r.pools().get(name);
                  return p == null
                      ? new MoneyStatus.PoolPrice(
                          name, "", false, OptionalDouble.empty(), "none", Optional.empty())
                      : new MoneyStatus.PoolPrice(
                          name,
                          p.vmSize(),
                          p.spot(),
                          p.hourly(),
                          p.origin().wireName(),
                          p.fetchedAt());
                });
    Economics e = r.economics();
    return new MoneyStatus.PriceSources(
        pool,
        r.region(),
        r.aci().wireName(),
        e.aci().map(a -> OptionalDouble.of(a.vcpuHour())).orElse(OptionalDouble.empty()),
        e.aci().map(a -> OptionalDouble.of(a.gbHour())).orElse(OptionalDouble.empty()),
        e.vmDiscount(),
        unknownFor(s, w, r));
  }

  /** What the workload's decision needs and has no price: ACI, and its pool. */
  private static List<String> unknownFor(ClusterSnapshot s, WorkloadView w, PriceBook.Resolved r) {
    Optional<String> pool = s.poolChoice(w).name();
    List<String> out = new ArrayList<>();
    for (String u : r.unknown()) {
      if (u.startsWith("ACI") || pool.map(p -> u.startsWith("pool " + p + " ")).orElse(false)) {
        out.add(u);
      }
    }
    if (pool.isPresent() && !r.pools().containsKey(pool.get())) {
      out.add("pool " + pool.get() + " (not observed)");
    }
    return out;
  }

  /** A log line and a Normal Event when what is unknown for the workload changes. */
  private void announce(
      ClusterPorts ports,
      ReconcileResult r,
      ClusterSnapshot s,
      WorkloadView w,
      PriceBook.Resolved p) {
    String key = ports.clusterId() + "|" + w.ref();
    List<String> unknown =
        w.policy().strategyOrDefault() == BurstStrategy.COST ? unknownFor(s, w, p) : List.of();
    String message =
        unknown.isEmpty()
            ? ""
            : "no price known for "
                + String.join(" and ", unknown)
                + ": the cost strategy grows VMs as vm-first does until one is known (set "
                + PriceSettings.POOL_PRICES
                + " / "
                + PriceSettings.ACI_PRICES
                + ", or let the Retail Prices API answer: "
                + book.describe()
                + ")";
    String before = announced.getOrDefault(key, "");
    if (message.equals(before)) {
      return;
    }
    if (message.isEmpty()) {
      announced.remove(key);
      LOG.info(r.context().tag() + " prices for " + w.ref() + " are known again");
      return;
    }
    announced.put(key, message);
    LOG.warning(r.context().tag() + " " + w.ref() + ": " + message);
    try {
      ports.events().record(w.ref(), EventReason.PRICES_UNKNOWN, message, false, r.context());
    } catch (RuntimeException e) {
      LOG.warning(
          r.context().tag()
              + " could not record the "
              + EventReason.PRICES_UNKNOWN
              + " Event: "
              + e);
    }
  }

  private static Optional<CapacityDecision> decision(Plan plan, WorkloadRef ref) {
    return plan.decisions().stream().filter(c -> c.workload().equals(ref)).findFirst();
  }
}
