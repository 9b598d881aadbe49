package dev.aksburst.prices;

import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.PoolProfile;
import dev.aksburst.plan.Economics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The price book: for each node pool an hourly price per node, for ACI a vCPU-hour and a GB-hour,
 * in this order: the settings; the Retail Prices API's figures for the pool's region, VM size and
 * priority (Spot), cached for {@link #ttl()}; the last known figures (kept by a {@link PriceStore},
 * so a restart has them); otherwise none.
 *
 * <p>{@link #resolve} never does network I/O: it reads the cache and records what it was asked for.
 * {@link #refresh} (the reconcile timer calls it, after its reconcile) fetches what is missing or
 * older than the cache's lifetime, so an alert never waits for the API. The region is the {@value
 * #REGION_LABEL} label of the pool's nodes (any node of the cluster for a pool at zero).
 */
public final class PriceBook {
  private static final Logger LOG = Logger.getLogger(PriceBook.class.getName());
  static final String REGION_LABEL = "topology.kubernetes.io/region";

  /** How long the API's figures are used before they are fetched again. */
  public static final Duration DEFAULT_TTL = Duration.ofHours(24);

  /** After a failed lookup the same price is not asked again sooner than this. */
  public static final Duration DEFAULT_RETRY = Duration.ofMinutes(15);

  /** At most this many lookups per refresh, so one timer run stays short. */
  static final int MAX_LOOKUPS_PER_REFRESH = 8;

  /** A pool's price as the book resolved it. */
  public record PoolPrice(
      String pool,
      String vmSize,
      boolean spot,
      Optional<String> region,
      OptionalDouble hourly,
      PriceOrigin origin,
      Optional<Instant> fetchedAt) {
    public PoolPrice {
      Objects.requireNonNull(pool);
      Objects.requireNonNull(vmSize);
      Objects.requireNonNull(region);
      Objects.requireNonNull(hourly);
      Objects.requireNonNull(origin);
      Objects.requireNonNull(fetchedAt);
    }
  }

  /**
   * The book for one reconcile.
   *
   * @param economics the settings' economics with the book's prices filled in
   * @param pools every observed pool's price, by name
   * @param aci where ACI's prices came from
   */
  public record Resolved(
      Economics economics,
      Map<String, PoolPrice> pools,
      PriceOrigin aci,
      Optional<String> region,
      Optional<Instant> aciFetchedAt) {
    public Resolved {
      Objects.requireNonNull(economics);
      pools = Map.copyOf(pools);
      Objects.requireNonNull(aci);
      Objects.requireNonNull(region);
      Objects.requireNonNull(aciFetchedAt);
    }

    /** What has no price, in words ("pool agentpool (Standard_DS2_v2 in eastus)", "ACI"). */
    public List<String> unknown() {
      List<String> out = new ArrayList<>();
      if (aci == PriceOrigin.NONE) {
        out.add("ACI" + region.map(r -> " in " + r).orElse(""));
      }
      new TreeMap<>(pools)
          .values().stream()
              .filter(p -> p.origin() == PriceOrigin.NONE)
              .forEach(
                  p ->
                      out.add(
                          "pool "
                              + p.pool()
                              + " ("
                              + (p.vmSize().isEmpty() ? "VM size unknown" : p.vmSize())
                              + (p.spot() ? " Spot" : "")
                              + p.region().map(r -> " in " + r).orElse(", region unknown")
                              + ")"));
      return out;
    }
  }

  private final Optional<PriceLookup> api;
  private final PriceStore store;
  private final Duration ttl;
  private final Duration retry;
  private final Object lock = new Object();
  private final Set<Quotes.VmKey> wantedVm = ConcurrentHashMap.newKeySet();
  private final Set<String> wantedAci = ConcurrentHashMap.newKeySet();
  private final Map<Object, Instant> failedUntil = new HashMap<>();
  private final Map<Object, Instant> fetchedHere = new HashMap<>();
  private Quotes quotes;
  private boolean loaded;

  /**
   * @param api empty when {@code AKSBURST_PRICES_API=off}
   * @param store where the last known prices are kept
   */
  public PriceBook(Optional<PriceLookup> api, PriceStore store, Duration ttl, Duration retry) {
    this.api = Objects.requireNonNull(api, "api");
    this.store = Objects.requireNonNull(store, "store");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    this.retry = Objects.requireNonNull(retry, "retry");
  }

  public Duration ttl() {
    return ttl;
  }

  /** Where the book looks, for the start-up log. */
  public String describe() {
    return "prices: settings, then "
        + api.map(PriceLookup::describe).orElse("no price API (off)")
        + " cached "
        + ttl.toHours()
        + " h, then the last known ("
        + store.describe()
        + ")";
  }

  /**
   * The book for the observed pools, without network I/O. {@code configured} carries the settings'
   * prices, which win.
   */
  public Resolved resolve(ClusterSnapshot snapshot, Economics configured, Instant now) {
    Quotes q = quotes();
    Optional<String> clusterRegion =
        snapshot.nodes().stream()
            .map(n -> n.labels().get(REGION_LABEL))
            .filter(Objects::nonNull)
            .findFirst();
    Map<String, Double> hourly = new TreeMap<>(configured.poolHourly());
    Map<String, PoolPrice> pools = new LinkedHashMap<>();
    for (NodePoolView pool : snapshot.pools()) {
      boolean spot = pool.profile().map(PoolProfile::spot).orElse(false);
      Optional<String> region = region(snapshot, pool.name()).or(() -> clusterRegion);
      Double set = configured.poolHourly().get(pool.name());
      if (set != null) {
        pools.put(
            pool.name(),
            new PoolPrice(
                pool.name(),
                pool.vmSize(),
                spot,
                region,
                OptionalDouble.of(set),
                PriceOrigin.SETTING,
                Optional.empty()));
        continue;
      }
      if (region.isEmpty() || pool.vmSize().isEmpty()) {
        pools.put(
            pool.name(),
            new PoolPrice(
                pool.name(),
                pool.vmSize(),
                spot,
                region,
                OptionalDouble.empty(),
                PriceOrigin.NONE,
                Optional.empty()));
        continue;
      }
      Quotes.VmKey key = new Quotes.VmKey(region.get(), pool.vmSize(), spot);
      wantedVm.add(key);
      Quotes.VmQuote quote = q.vm().get(key);
      if (quote == null) {
        pools.put(
            pool.name(),
            new PoolPrice(
                pool.name(),
                pool.vmSize(),
                spot,
                region,
                OptionalDouble.empty(),
                PriceOrigin.NONE,
                Optional.empty()));
        continue;
      }
      hourly.put(pool.name(), quote.hourly());
      pools.put(
          pool.name(),
          new PoolPrice(
              pool.name(),
              pool.vmSize(),
              spot,
              region,
              OptionalDouble.of(quote.hourly()),
              origin(key, quote.fetchedAt(), now),
              Optional.of(quote.fetchedAt())));
    }
    Economics e = configured.withPoolHourly(hourly);
    PriceOrigin aciOrigin;
    Optional<Instant> aciAt = Optional.empty();
    if (configured.aci().isPresent()) {
      aciOrigin = PriceOrigin.SETTING;
    } else if (clusterRegion.isEmpty()) {
      aciOrigin = PriceOrigin.NONE;
    } else {
      wantedAci.add(clusterRegion.get());
      Quotes.AciQuote quote = q.aci().get(clusterRegion.get());
      if (quote == null) {
        aciOrigin = PriceOrigin.NONE;
      } else {
        e = e.withAci(Optional.of(quote.prices()));
        aciOrigin = origin(clusterRegion.get(), quote.fetchedAt(), now);
        aciAt = Optional.of(quote.fetchedAt());
      }
    }
    return new Resolved(e, pools, aciOrigin, clusterRegion, aciAt);
  }

  /**
   * Fetches every price the book was asked for that is missing or older than the cache's lifetime
   * (at most {@value #MAX_LOOKUPS_PER_REFRESH}), keeps the result and returns how many were read. A
   * failed lookup is logged and tried again after the retry delay; it never throws.
   */
  public int refresh(Instant now) {
    if (api.isEmpty()) {
      return 0;
    }
    Quotes q = quotes();
    Map<Quotes.VmKey, Quotes.VmQuote> vm = new HashMap<>(q.vm());
    Map<String, Quotes.AciQuote> aci = new HashMap<>(q.aci());
    int lookups = 0;
    int read = 0;
    for (String region : List.copyOf(wantedAci)) {
      if (lookups >= MAX_LOOKUPS_PER_REFRESH || !due(region, now)) {
        continue;
      }
      lookups++;
      try {
        Optional<Economics.AciPrices> p = api.get().aci(region);
        if (p.isPresent()) {
          aci.put(region, new Quotes.AciQuote(p.get(), now));
          fetched(region, now);
          read++;
          LOG.info("prices: ACI in " + region + " " + p.get() + " from " + api.get().describe());
        } else {
          failed(region, now, "the API lists no ACI Standard vCPU/Memory Duration in " + region);
        }
      } catch (RuntimeException ex) {
        failed(region, now, ex.getMessage());
      }
    }
    for (Quotes.VmKey key : List.copyOf(wantedVm)) {
      if (lookups >= MAX_LOOKUPS_PER_REFRESH || !due(key, now)) {
        continue;
      }
      lookups++;
      try {
        VmPrices p = api.get().vm(key.region(), key.vmSize());
        OptionalDouble h = p.nodeHourly(key.spot());
        if (h.isPresent()) {
          vm.put(key, new Quotes.VmQuote(h.getAsDouble(), now));
          fetched(key, now);
          read++;
          LOG.info(
              "prices: "
                  + key
                  + " $"
                  + h.getAsDouble()
                  + "/h (reserved 1y "
                  + hourly(p.reserved1Year())
                  + ", 3y "
                  + hourly(p.reserved3Years())
                  + "; savings plan 1y "
                  + hourly(p.savingsPlan1Year())
                  + ", 3y "
                  + hourly(p.savingsPlan3Years())
                  + "; AKSBURST_VM_DISCOUNT applies to the list price) from "
                  + api.get().describe());
        } else {
          failed(
              key,
              now,
              "the API lists no Linux " + (key.spot() ? "Spot " : "") + "price for " + key);
        }
      } catch (RuntimeException ex) {
        failed(key, now, ex.getMessage());
      }
    }
    if (read > 0) {
      Quotes next = new Quotes(vm, aci);
      synchronized (lock) {
        quotes = next;
      }
      store.save(next);
    }
    return read;
  }

  private PriceOrigin origin(Object key, Instant fetchedAt, Instant now) {
    Instant here;
    synchronized (lock) {
      here = fetchedHere.get(key);
    }
    return here != null && here.equals(fetchedAt) && !now.isAfter(fetchedAt.plus(ttl))
        ? PriceOrigin.API
        : PriceOrigin.LAST_KNOWN;
  }

  private boolean due(Object key, Instant now) {
    synchronized (lock) {
      Instant failed = failedUntil.get(key);
      if (failed != null && now.isBefore(failed)) {
        return false;
      }
      Instant here = fetchedHere.get(key);
      return here == null || now.isAfter(here.plus(ttl));
    }
  }

  private void fetched(Object key, Instant now) {
    synchronized (lock) {
      fetchedHere.put(key, now);
      failedUntil.remove(key);
    }
  }

  private void failed(Object key, Instant now, String why) {
    synchronized (lock) {
      failedUntil.put(key, now.plus(retry));
    }
    LOG.warning(
        "prices: no price for "
            + (key instanceof String ? "ACI in " + key : key)
            + " from "
            + api.map(PriceLookup::describe).orElse("-")
            + ": "
            + why
            + "; trying again after "
            + now.plus(retry)
            + ", meanwhile the last known price (if any) is used");
  }

  private Quotes quotes() {
    synchronized (lock) {
      if (!loaded) {
        quotes = store.load();
        loaded = true;
        if (!quotes.vm().isEmpty() || !quotes.aci().isEmpty()) {
          LOG.info(
              "prices: "
                  + quotes.vm().size()
                  + " VM and "
                  + quotes.aci().size()
                  + " ACI last known prices from "
                  + store.describe());
        }
      }
      return quotes;
    }
  }

  private static Optional<String> region(ClusterSnapshot snapshot, String pool) {
    for (NodeView n : snapshot.nodes()) {
      if (n.pool().equals(Optional.of(pool)) && n.labels().containsKey(REGION_LABEL)) {
        return Optional.of(n.labels().get(REGION_LABEL));
      }
    }
    return Optional.empty();
  }

  private static String hourly(OptionalDouble d) {
    return d.isPresent() ? String.format(java.util.Locale.ROOT, "$%.4f/h", d.getAsDouble()) : "-";
  }
}
