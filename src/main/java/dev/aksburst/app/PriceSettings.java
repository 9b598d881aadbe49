package dev.aksburst.app;

import dev.aksburst.intent.Durations;
import dev.aksburst.intent.InvalidPayload;
import dev.aksburst.plan.Economics;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The money and ACI-capacity settings: explicit prices (which override the Retail Prices API), the
 * VM discount, the Retail Prices API's base URL, the region's ACI limits and the prior for an alert
 * burst's length.
 *
 * @param pricesApi empty when {@code AKSBURST_PRICES_API=off}
 * @param pricesFile where the last known prices are kept across restarts; empty: in memory only
 * @param nodeBoot how long a new node takes from the pool write until it takes pods, before the
 *     pool's own last growth was observed (the planner then uses that)
 */
public record PriceSettings(
    Map<String, Double> poolPrices,
    Optional<Economics.AciPrices> aciPrices,
    double vmDiscount,
    Optional<URI> pricesApi,
    Economics.AciLimits aciLimits,
    Duration expectedBurst,
    Optional<Path> pricesFile,
    Duration nodeBoot) {
  public static final String POOL_PRICES = "AKSBURST_POOL_PRICES";
  public static final String ACI_PRICES = "AKSBURST_ACI_PRICES";
  public static final String VM_DISCOUNT = "AKSBURST_VM_DISCOUNT";
  public static final String PRICES_API = "AKSBURST_PRICES_API";
  public static final String ACI_CORE_QUOTA = "AKSBURST_ACI_CORE_QUOTA";
  public static final String ACI_GROUP_QUOTA = "AKSBURST_ACI_GROUP_QUOTA";
  public static final String ACI_CREATES_PER_5MIN = "AKSBURST_ACI_CREATES_PER_5MIN";
  public static final String ACI_DELETES_PER_5MIN = "AKSBURST_ACI_DELETES_PER_5MIN";
  public static final String EXPECTED_BURST = "AKSBURST_EXPECTED_BURST";
  public static final String PRICES_FILE = "AKSBURST_PRICES_FILE";
  public static final String NODE_BOOT = "AKSBURST_NODE_BOOT";

  /** Bounds of {@link #NODE_BOOT}: a node that takes longer than 20 minutes fails in AKS. */
  static final Duration MIN_NODE_BOOT = Duration.ofSeconds(30);

  static final Duration MAX_NODE_BOOT = Duration.ofMinutes(20);

  /** The Azure Retail Prices API. */
  public static final URI DEFAULT_PRICES_API = URI.create("https://prices.azure.com");

  private static final Pattern POOL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,79}");

  public PriceSettings {
    poolPrices = Map.copyOf(poolPrices);
    java.util.Objects.requireNonNull(pricesFile, "pricesFile");
    java.util.Objects.requireNonNull(nodeBoot, "nodeBoot");
  }

  /** The economics these settings give the planner before any price is looked up. */
  public Economics economics() {
    return Economics.UNPRICED
        .withPoolHourly(poolPrices)
        .withAci(aciPrices)
        .withVmDiscount(vmDiscount)
        .withLimits(aciLimits)
        .withExpectedBurst(expectedBurst)
        .withNodeBoot(nodeBoot);
  }

  /** Parses; every problem goes to {@code problems} and leaves that setting at its default. */
  public static PriceSettings parse(Map<String, String> env, Consumer<String> problems) {
    Map<String, Double> pools = new TreeMap<>();
    text(env, POOL_PRICES)
        .ifPresent(
            v -> {
              for (String pair : v.split(",")) {
                String[] kv = pair.split("=", 2);
                Optional<Double> price = kv.length == 2 ? number(kv[1].trim()) : Optional.empty();
                if (kv.length != 2 || !POOL.matcher(kv[0].trim()).matches() || price.isEmpty()) {
                  problems.accept(
                      POOL_PRICES
                          + ": \""
                          + pair.trim()
                          + "\" is not pool=price (USD per node-hour, e.g. agentpool=0.146)");
                } else {
                  pools.put(kv[0].trim(), price.get());
                }
              }
            });
    Optional<Economics.AciPrices> aci = text(env, ACI_PRICES).flatMap(v -> aci(v, problems));
    double discount = 0;
    Optional<String> d = text(env, VM_DISCOUNT);
    if (d.isPresent()) {
      Optional<Double> n = number(d.get()).filter(x -> x < 1);
      if (n.isEmpty()) {
        problems.accept(
            VM_DISCOUNT + "=\"" + d.get() + "\" is not a fraction in [0, 1) (0.4 = 40 % off)");
      } else {
        discount = n.get();
      }
    }
    Optional<URI> api = Optional.of(DEFAULT_PRICES_API);
    Optional<String> a = text(env, PRICES_API);
    if (a.isPresent() && a.get().equals("off")) {
      api = Optional.empty();
    } else if (a.isPresent()) {
      try {
        URI u = URI.create(a.get());
        if (u.getScheme() == null
            || !(u.getScheme().equals("https") || u.getScheme().equals("http"))
            || u.getHost() == null) {
          throw new IllegalArgumentException("not an http(s) URL");
        }
        api = Optional.of(u);
      } catch (IllegalArgumentException e) {
        problems.accept(
            PRICES_API
                + "=\""
                + a.get()
                + "\" is not a URL (default https://prices.azure.com) or off");
      }
    }
    Economics.AciLimits dflt = Economics.AciLimits.AZURE_DEFAULTS;
    Economics.AciLimits limits =
        new Economics.AciLimits(
            count(env, ACI_CORE_QUOTA, dflt.coreQuota(), 0, problems),
            count(env, ACI_GROUP_QUOTA, dflt.groupQuota(), 0, problems),
            count(env, ACI_CREATES_PER_5MIN, dflt.createsPer5Min(), 1, problems),
            count(env, ACI_DELETES_PER_5MIN, dflt.deletesPer5Min(), 1, problems));
    Duration expected = Economics.UNPRICED.expectedBurst();
    Optional<String> e = text(env, EXPECTED_BURST);
    if (e.isPresent()) {
      try {
        expected = Durations.parse(e.get(), EXPECTED_BURST);
      } catch (InvalidPayload ex) {
        problems.accept(ex.getMessage());
      }
    }
    Duration boot = Economics.UNPRICED.nodeBoot();
    Optional<String> b = text(env, NODE_BOOT);
    if (b.isPresent()) {
      try {
        boot = Durations.parseBounded(b.get(), NODE_BOOT, MIN_NODE_BOOT, MAX_NODE_BOOT);
      } catch (InvalidPayload ex) {
        problems.accept(ex.getMessage());
      }
    }
    Optional<Path> file = Optional.empty();
    Optional<String> f = text(env, PRICES_FILE);
    if (f.isPresent()) {
      try {
        Path path = Path.of(f.get());
        if (!path.isAbsolute() || path.getFileName() == null) {
          throw new InvalidPathException(f.get(), "not an absolute file path");
        }
        file = Optional.of(path);
      } catch (InvalidPathException ex) {
        problems.accept(
            PRICES_FILE
                + "=\""
                + f.get()
                + "\" is not an absolute file path (e.g. /home/data/aks-burst/prices.json)");
      }
    }
    return new PriceSettings(pools, aci, discount, api, limits, expected, file, boot);
  }

  private static Optional<Economics.AciPrices> aci(String v, Consumer<String> problems) {
    Map<String, Double> kv = new TreeMap<>();
    boolean ok = true;
    for (String pair : v.split(",")) {
      String[] p = pair.split("=", 2);
      Optional<Double> n = p.length == 2 ? number(p[1].trim()) : Optional.empty();
      if (n.isEmpty()) {
        ok = false;
      } else {
        kv.put(p[0].trim(), n.get());
      }
    }
    if (!ok || !kv.keySet().equals(java.util.Set.of("vcpuHour", "gbHour"))) {
      problems.accept(
          ACI_PRICES
              + "=\""
              + v
              + "\" is not vcpuHour=<USD>,gbHour=<USD> (e.g. vcpuHour=0.0405,gbHour=0.00445)");
      return Optional.empty();
    }
    return Optional.of(new Economics.AciPrices(kv.get("vcpuHour"), kv.get("gbHour")));
  }

  private static int count(
      Map<String, String> env, String name, int dflt, int min, Consumer<String> problems) {
    Optional<String> v = text(env, name);
    if (v.isEmpty()) {
      return dflt;
    }
    if (v.get().matches("\\d{1,9}") && Integer.parseInt(v.get()) >= min) {
      return Integer.parseInt(v.get());
    }
    problems.accept(name + "=\"" + v.get() + "\" is not a whole number >= " + min);
    return dflt;
  }

  private static Optional<Double> number(String s) {
    try {
      double d = Double.parseDouble(s);
      return Double.isFinite(d) && d >= 0 ? Optional.of(d) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> text(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
  }
}
