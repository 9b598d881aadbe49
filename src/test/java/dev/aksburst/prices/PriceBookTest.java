package dev.aksburst.prices;

import static dev.aksburst.fixtures.Fixtures.T0;
import static dev.aksburst.fixtures.Fixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.fixtures.Fixtures;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.NodePoolView;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.PoolProfile;
import dev.aksburst.model.Resources;
import dev.aksburst.plan.Economics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceBookTest {
  static final Duration TTL = PriceBook.DEFAULT_TTL;
  static final Duration RETRY = PriceBook.DEFAULT_RETRY;

  /** An in-memory price list that counts what it is asked. */
  static final class ListedPrices implements PriceLookup {
    final Map<String, VmPrices> vm = new HashMap<>();
    final Map<String, Economics.AciPrices> aci = new HashMap<>();
    final List<String> asked = new ArrayList<>();
    boolean failing;

    ListedPrices vm(String region, String size, double payg, double spot) {
      vm.put(
          region + "/" + size,
          new VmPrices(
              region,
              size,
              OptionalDouble.of(payg),
              OptionalDouble.of(spot),
              OptionalDouble.empty(),
              OptionalDouble.empty(),
              OptionalDouble.empty(),
              OptionalDouble.empty(),
              OptionalDouble.empty()));
      return this;
    }

    ListedPrices aci(String region, double vcpu, double gb) {
      aci.put(region, new Economics.AciPrices(vcpu, gb));
      return this;
    }

    @Override
    public VmPrices vm(String region, String vmSize) {
      asked.add("vm " + region + " " + vmSize);
      if (failing) {
        throw new PriceLookupException("HTTP 503");
      }
      VmPrices p = vm.get(region + "/" + vmSize);
      return p != null
          ? p
          : new VmPrices(
              region,
              vmSize,
              OptionalDouble.empty(),
              OptionalDouble.empty(),
              OptionalDouble.empty(),
              OptionalDouble.empty(),
              OptionalDouble.empty(),
              OptionalDouble.empty(),
              OptionalDouble.empty());
    }

    @Override
    public Optional<Economics.AciPrices> aci(String region) {
      asked.add("aci " + region);
      if (failing) {
        throw new PriceLookupException("HTTP 503");
      }
      return Optional.ofNullable(aci.get(region));
    }

    @Override
    public String describe() {
      return "a test price list";
    }
  }

  static NodeView inRegion(NodeView n, String region) {
    Map<String, String> labels = new HashMap<>(n.labels());
    labels.put(PriceBook.REGION_LABEL, region);
    return new NodeView(
        n.name(),
        labels,
        n.taints(),
        n.pool(),
        n.virtual(),
        n.ready(),
        n.unschedulable(),
        n.allocatable(),
        n.maxPods(),
        Resources.ZERO,
        0,
        Resources.ZERO,
        0,
        n.created());
  }

  static NodePoolView pool(String name, String vmSize, boolean spot) {
    return new NodePoolView(
        name,
        dev.aksburst.model.PoolMode.MANUAL,
        1,
        java.util.OptionalInt.empty(),
        java.util.OptionalInt.empty(),
        "Succeeded",
        vmSize,
        30,
        Optional.empty(),
        Optional.of(new PoolProfile(Map.of(), List.of(), List.of(), spot, 0)));
  }

  /** Pool "general" (D4s_v5 on demand, one node in eastus) and "spot" (D8as_v5 Spot, at zero). */
  static ClusterSnapshot cluster() {
    return snapshot()
        .nodes(inRegion(Fixtures.vmNode("n1", "general", T0), "eastus"))
        .pools(pool("general", "Standard_D4s_v5", false), pool("spot", "Standard_D8as_v5", true))
        .build();
  }

  final ListedPrices listed =
      new ListedPrices()
          .vm("eastus", "Standard_D4s_v5", 0.192, 0.04)
          .vm("eastus", "Standard_D8as_v5", 0.344, 0.072618)
          .aci("eastus", 0.0405, 0.00445);

  PriceBook book(PriceStore store) {
    return new PriceBook(Optional.of(listed), store, TTL, RETRY);
  }

  @Test
  void resolvingNeverLooksUpAndRefreshFillsTheBookForEachPoolsSizeRegionAndPriority() {
    PriceBook book = book(PriceStore.NONE);

    PriceBook.Resolved before = book.resolve(cluster(), Economics.UNPRICED, T0);
    assertThat(listed.asked).isEmpty();
    assertThat(before.pools().get("general").origin()).isEqualTo(PriceOrigin.NONE);
    assertThat(before.aci()).isEqualTo(PriceOrigin.NONE);
    assertThat(before.unknown())
        .containsExactly(
            "ACI in eastus",
            "pool general (Standard_D4s_v5 in eastus)",
            "pool spot (Standard_D8as_v5 Spot in eastus)");
    assertThat(before.economics().nodeHourly("general")).isEmpty();

    assertThat(book.refresh(T0)).isEqualTo(3);
    PriceBook.Resolved after = book.resolve(cluster(), Economics.UNPRICED, T0.plusSeconds(60));

    assertThat(after.economics().nodeHourly("general")).hasValue(0.192);
    // a Spot pool at zero: the Spot meter, the region of any node of the cluster
    assertThat(after.economics().nodeHourly("spot")).hasValue(0.072618);
    assertThat(after.economics().aci()).contains(new Economics.AciPrices(0.0405, 0.00445));
    assertThat(after.pools().get("spot").origin()).isEqualTo(PriceOrigin.API);
    assertThat(after.aci()).isEqualTo(PriceOrigin.API);
    assertThat(after.unknown()).isEmpty();
  }

  @Test
  void settingsWinAndTheDiscountAppliesToEveryListPrice() {
    PriceBook book = book(PriceStore.NONE);
    book.resolve(cluster(), Economics.UNPRICED, T0);
    book.refresh(T0);
    Economics configured =
        Economics.UNPRICED
            .withPoolHourly(Map.of("general", 0.1))
            .withAci(Optional.of(new Economics.AciPrices(0.05, 0.005)))
            .withVmDiscount(0.5);

    PriceBook.Resolved r = book.resolve(cluster(), configured, T0);

    assertThat(r.pools().get("general").origin()).isEqualTo(PriceOrigin.SETTING);
    assertThat(r.economics().nodeHourly("general")).hasValue(0.05);
    assertThat(r.economics().nodeHourly("spot")).hasValue(0.072618 * 0.5);
    assertThat(r.aci()).isEqualTo(PriceOrigin.SETTING);
    assertThat(r.economics().aci()).contains(new Economics.AciPrices(0.05, 0.005));
  }

  @Test
  void theCacheLastsItsLifetimeThenTheFiguresAreLastKnownUntilTheNextRefresh() {
    PriceBook book = book(PriceStore.NONE);
    book.resolve(cluster(), Economics.UNPRICED, T0);
    book.refresh(T0);
    listed.asked.clear();

    assertThat(book.refresh(T0.plus(TTL))).isZero();
    assertThat(listed.asked).isEmpty();
    Instant later = T0.plus(TTL).plusSeconds(1);
    PriceBook.Resolved stale = book.resolve(cluster(), Economics.UNPRICED, later);
    assertThat(stale.pools().get("general").origin()).isEqualTo(PriceOrigin.LAST_KNOWN);
    assertThat(stale.economics().nodeHourly("general")).hasValue(0.192);

    listed.vm("eastus", "Standard_D4s_v5", 0.2, 0.04);
    assertThat(book.refresh(later)).isEqualTo(3);
    PriceBook.Resolved fresh = book.resolve(cluster(), Economics.UNPRICED, later);
    assertThat(fresh.pools().get("general").origin()).isEqualTo(PriceOrigin.API);
    assertThat(fresh.economics().nodeHourly("general")).hasValue(0.2);
  }

  @Test
  void aFailedLookupKeepsTheLastKnownAndIsNotRetriedBeforeTheDelay() {
    PriceBook book = book(PriceStore.NONE);
    book.resolve(cluster(), Economics.UNPRICED, T0);
    book.refresh(T0);
    listed.failing = true;
    Instant expired = T0.plus(TTL).plusSeconds(1);
    listed.asked.clear();

    assertThat(book.refresh(expired)).isZero();
    assertThat(listed.asked).hasSize(3);
    assertThat(book.refresh(expired.plus(RETRY).minusSeconds(1))).isZero();
    assertThat(listed.asked).hasSize(3);
    PriceBook.Resolved r = book.resolve(cluster(), Economics.UNPRICED, expired);
    assertThat(r.pools().get("general").origin()).isEqualTo(PriceOrigin.LAST_KNOWN);

    listed.failing = false;
    assertThat(book.refresh(expired.plus(RETRY))).isEqualTo(3);
  }

  @Test
  void aRestartedBookHasTheLastKnownPricesFromItsFile(@TempDir Path dir) {
    FilePriceStore store = new FilePriceStore(dir.resolve("sub/prices.json"));
    PriceBook first = book(store);
    first.resolve(cluster(), Economics.UNPRICED, T0);
    first.refresh(T0);
    listed.asked.clear();

    PriceBook restarted = new PriceBook(Optional.empty(), store, TTL, RETRY);
    PriceBook.Resolved r = restarted.resolve(cluster(), Economics.UNPRICED, T0.plusSeconds(5));

    assertThat(r.pools().get("general").origin()).isEqualTo(PriceOrigin.LAST_KNOWN);
    assertThat(r.economics().nodeHourly("general")).hasValue(0.192);
    assertThat(r.economics().nodeHourly("spot")).hasValue(0.072618);
    assertThat(r.aci()).isEqualTo(PriceOrigin.LAST_KNOWN);
    assertThat(r.pools().get("general").fetchedAt()).contains(T0);
    assertThat(restarted.refresh(T0.plusSeconds(5))).isZero();
    assertThat(listed.asked).isEmpty();
  }

  @Test
  void anUnreadableFileIsReadAsEmptyAndReplacedByTheNextRefresh(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("prices.json");
    Files.writeString(file, "{\"version\":7}");
    FilePriceStore store = new FilePriceStore(file);
    assertThat(store.load()).isEqualTo(Quotes.EMPTY);

    PriceBook book = book(store);
    book.resolve(cluster(), Economics.UNPRICED, T0);
    book.refresh(T0);

    assertThat(store.load().vm())
        .containsEntry(
            new Quotes.VmKey("eastus", "Standard_D4s_v5", false), new Quotes.VmQuote(0.192, T0));
  }

  @Test
  void withoutARegionOrAVmSizeThereIsNoPriceToLookUp() {
    PriceBook book = book(PriceStore.NONE);
    ClusterSnapshot noRegion =
        snapshot()
            .nodes(Fixtures.vmNode("n1", "general", T0))
            .pools(pool("general", "Standard_D4s_v5", false), pool("bare", "", false))
            .build();

    PriceBook.Resolved r = book.resolve(noRegion, Economics.UNPRICED, T0);
    book.refresh(T0);

    assertThat(listed.asked).isEmpty();
    assertThat(r.unknown())
        .containsExactly(
            "ACI",
            "pool bare (VM size unknown, region unknown)",
            "pool general (Standard_D4s_v5, region unknown)");
  }

  @Test
  void withTheApiOffOnlySettingsAndLastKnownCount() {
    PriceBook book = new PriceBook(Optional.empty(), PriceStore.NONE, TTL, RETRY);
    book.resolve(cluster(), Economics.UNPRICED, T0);

    assertThat(book.refresh(T0)).isZero();
    assertThat(book.resolve(cluster(), Economics.UNPRICED, T0).unknown()).hasSize(3);
  }
}
