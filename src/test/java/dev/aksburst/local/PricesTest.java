package dev.aksburst.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.azure.functions.HttpMethod;
import dev.aksburst.app.AksBurst;
import dev.aksburst.app.MoneyStatus;
import dev.aksburst.app.Prices;
import dev.aksburst.app.Settings;
import dev.aksburst.app.WorkloadStatus;
import dev.aksburst.contract.Annotations;
import dev.aksburst.function.AlertFunction;
import dev.aksburst.function.Answers;
import dev.aksburst.function.ReconcileFunction;
import dev.aksburst.intent.Json;
import dev.aksburst.model.ClusterSnapshot;
import dev.aksburst.model.NodeView;
import dev.aksburst.model.WorkloadRef;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.CapacityDecision;
import dev.aksburst.plan.Economics;
import dev.aksburst.plan.EventReason;
import dev.aksburst.prices.PriceBook;
import dev.aksburst.prices.PriceLookup;
import dev.aksburst.prices.PriceStore;
import dev.aksburst.prices.VmPrices;
import dev.aksburst.reconcile.ClusterPorts;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimCluster;
import dev.aksburst.sim.SimEvent;
import dev.aksburst.sim.SimScenario;
import dev.aksburst.sim.SimWorkloadSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * The price book in the app, on the simulated seed cluster with the default strategy: the timer
 * fills it, an alert never waits for it, a missing price is said once, status shows the money.
 */
class PricesTest {
  static final WorkloadRef REF = SeedScenario.NGINX_VN;
  static final String FIRED = "/demo/alerts/metric-static-fired.json";

  /** The eastus list prices of 2026 for the seed's pool and ACI; counts what it is asked. */
  static final class EastUs implements PriceLookup {
    final List<String> asked = new ArrayList<>();
    boolean listed = true;

    @Override
    public VmPrices vm(String region, String vmSize) {
      asked.add("vm " + region + " " + vmSize);
      OptionalDouble p = listed ? OptionalDouble.of(0.146) : OptionalDouble.empty();
      OptionalDouble none = OptionalDouble.empty();
      return new VmPrices(region, vmSize, p, none, none, none, none, none, none);
    }

    @Override
    public Optional<Economics.AciPrices> aci(String region) {
      asked.add("aci " + region);
      return listed ? Optional.of(new Economics.AciPrices(0.0405, 0.00445)) : Optional.empty();
    }

    @Override
    public String describe() {
      return "eastus 2026 list";
    }
  }

  final EastUs lookup = new EastUs();
  final SimCluster sim = SimCluster.start(scenario());
  final AksBurst app = app();
  final ReconcileFunction timer = new ReconcileFunction(app);

  static SimScenario scenario() {
    SimScenario seed = SeedScenario.scenario();
    SimWorkloadSpec w = SeedScenario.workload(1);
    Map<String, String> annotations = new HashMap<>(w.annotations());
    annotations.put(Annotations.STRATEGY, "cost");
    return new SimScenario(
        seed.clusterId(),
        seed.start(),
        seed.pools(),
        seed.virtualNode(),
        List.of(
            new SimWorkloadSpec(
                w.ref(),
                w.labels(),
                annotations,
                w.replicas(),
                w.requests(),
                w.placement(),
                w.hpa())),
        seed.settings());
  }

  /** The simulator's nodes as AKS labels them: in region eastus. */
  static ClusterPorts inEastUs(ClusterPorts p) {
    return new ClusterPorts(
        p.clusterId(),
        () -> {
          ClusterSnapshot s = p.reader().read();
          List<NodeView> nodes = new ArrayList<>();
          for (NodeView n : s.nodes()) {
            Map<String, String> labels = new HashMap<>(n.labels());
            labels.put("topology.kubernetes.io/region", "eastus");
            nodes.add(
                new NodeView(
                    n.name(),
                    labels,
                    n.taints(),
                    n.pool(),
                    n.virtual(),
                    n.ready(),
                    n.unschedulable(),
                    n.allocatable(),
                    n.maxPods(),
                    n.requested(),
                    n.podCount(),
                    n.daemonSetRequested(),
                    n.daemonSetPods(),
                    n.created()));
          }
          return new ClusterSnapshot(
              s.clusterId(),
              s.observedAt(),
              s.workloads(),
              nodes,
              s.disruptionBudgets(),
              s.pools(),
              s.poolStates(),
              s.problems(),
              s.daemonSets());
        },
        p.writer(),
        p.pools(),
        p.intents(),
        p.poolStates(),
        p.events(),
        p.lock());
  }

  AksBurst app() {
    Settings settings = Settings.parse(Map.of(Settings.SIMULATE, "true"));
    Prices prices =
        new Prices(
            new PriceBook(
                Optional.of(lookup),
                PriceStore.NONE,
                PriceBook.DEFAULT_TTL,
                PriceBook.DEFAULT_RETRY),
            settings.prices().economics(),
            sim.clock());
    return AksBurst.create(
        settings, List.of(inEastUs(sim.ports())), new BurstPlanner(), sim.clock(), prices);
  }

  void minute() {
    sim.advanceTo(sim.now().plus(Duration.ofMinutes(1)));
    timer.run(TimerPayload.json(sim.now(), false), LocalContext.of("ReconcileFunction"));
  }

  void alert() {
    String body = resource(FIRED);
    sim.advanceTo(Instant.parse(Json.parse(body).at("/data/essentials/firedDateTime").asText()));
    new AlertFunction(app)
        .run(
            LocalRequest.of(
                HttpMethod.POST,
                URI.create("http://localhost:7071/api/alerts"),
                Map.of("content-type", "application/json"),
                Optional.of(body)),
            LocalContext.of("AlertFunction"));
  }

  List<SimEvent> events(String reason) {
    return sim.events(REF).stream().filter(e -> e.reason().equals(reason)).toList();
  }

  @Test
  void theTimerFillsTheBookAndTheAlertDecidesOnItsPricesWithoutAskingTheApi() {
    sim.scale(REF, 2);
    minute();
    assertThat(lookup.asked)
        .as("the timer's refresh, after its reconcile")
        .containsExactlyInAnyOrder("aci eastus", "vm eastus Standard_DS2_v2");
    lookup.asked.clear();

    alert();

    assertThat(lookup.asked).as("nothing is looked up on the alert's path").isEmpty();
    List<SimEvent> decisions = events(EventReason.CAPACITY_DECISION);
    assertThat(decisions).isNotEmpty();
    assertThat(decisions.get(0).message())
        .startsWith("kept 17 pods on ACI (1 more fit room the pool has)")
        .contains("ACI costs less");
    assertThat(events(EventReason.PRICES_UNKNOWN)).isEmpty();
    assertThat(sim.poolNodeCount(SeedScenario.POOL)).isEqualTo(1);

    for (int i = 0; i < 5; i++) {
      minute();
    }
    WorkloadStatus s = app.status().of(app.clusters().get(0), REF);
    MoneyStatus m = s.money();
    assertThat(m.decision()).isPresent();
    assertThat(m.decision().get().cause()).isEqualTo(CapacityDecision.Cause.ACI_CHEAPER.name());
    assertThat(m.prices().pool().get().source()).isEqualTo("api");
    assertThat(m.prices().pool().get().usdPerNodeHour()).hasValue(0.146);
    assertThat(m.prices().aciSource()).isEqualTo("api");
    assertThat(m.prices().region()).contains("eastus");
    assertThat(m.cost()).isPresent();
    // 17-18 pods of 500m/1Gi on ACI for about 5 minutes: 18 x 0.0247 $/h x 5/60 h
    assertThat(m.cost().get().spentUsd()).isBetween(0.02, 0.06);
    assertThat(m.cost().get().projectedUsd()).isGreaterThan(m.cost().get().spentUsd());
    assertThat(m.cost().get().savedVsVmOnlyUsd()).isPositive();
    assertThat(m.cost().get().priced()).isTrue();

    JsonNode json = Answers.status(s);
    assertThat(json.at("/decision/route").asText()).isEqualTo("aci");
    assertThat(json.at("/decision/aciKept").isInt()).isTrue();
    assertThat(json.at("/decision/aciKept").asInt()).as("no quota binds: no split").isZero();
    assertThat(json.at("/decision/aciUsdPerHour").isNumber()).isTrue();
    assertThat(json.at("/decision/vmUsdPerHour").isNumber()).isTrue();
    assertThat(json.at("/decision/expectedRemaining").asText()).startsWith("PT");
    assertThat(json.at("/cost/spentUsd").isNumber()).isTrue();
    assertThat(json.at("/cost/projectedUsd").isNumber()).isTrue();
    assertThat(json.at("/cost/savedVsAciOnlyUsd").isNumber()).isTrue();
    assertThat(json.at("/cost/savedVsVmOnlyUsd").isNumber()).isTrue();
    assertThat(json.at("/prices/pool/source").asText()).isEqualTo("api");
    assertThat(json.at("/prices/aci/source").asText()).isEqualTo("api");
  }

  @Test
  void withoutAPriceTheDecisionIsVmFirstAndSaysSoOnceNotEveryReconcile() {
    lookup.listed = false;
    sim.scale(REF, 2);
    minute();

    alert();
    for (int i = 0; i < 4; i++) {
      minute();
    }

    List<SimEvent> unknown = events(EventReason.PRICES_UNKNOWN);
    assertThat(unknown).hasSize(1);
    assertThat(unknown.get(0).warning()).isFalse();
    assertThat(unknown.get(0).message())
        .contains("ACI in eastus")
        .contains("pool agentpool (Standard_DS2_v2 in eastus)");
    assertThat(sim.poolNodeCount(SeedScenario.POOL))
        .as("the VM route, as vm-first")
        .isGreaterThan(1);
    MoneyStatus m = app.status().of(app.clusters().get(0), REF).money();
    assertThat(m.prices().aciSource()).isEqualTo("none");
    assertThat(m.prices().pool().get().source()).isEqualTo("none");
    assertThat(m.prices().unknown()).hasSize(2);
    assertThat(m.cost().get().priced()).isFalse();
  }

  static String resource(String path) {
    try (InputStream in = PricesTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
