package dev.aksburst.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.azure.functions.HttpMethod;
import dev.aksburst.app.AksBurst;
import dev.aksburst.app.MoneyStatus;
import dev.aksburst.app.PriceSettings;
import dev.aksburst.app.Settings;
import dev.aksburst.function.AlertFunction;
import dev.aksburst.function.ReconcileFunction;
import dev.aksburst.intent.Json;
import dev.aksburst.plan.BurstPlanner;
import dev.aksburst.plan.EventReason;
import dev.aksburst.prices.FakeRetailPrices;
import dev.aksburst.sim.SeedScenario;
import dev.aksburst.sim.SimCluster;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The price book as the settings build it, over real HTTP: the app reaches a local fake Retail
 * Prices API through {@code AKSBURST_PRICES_API}, only from the reconcile timer, and keeps what it
 * read in {@code AKSBURST_PRICES_FILE}.
 */
class PricesOverHttpIT {
  static final String DS2 =
      "serviceName eq 'Virtual Machines' and armRegionName eq 'eastus'"
          + " and armSkuName eq 'Standard_DS2_v2'";
  static final String ACI =
      "serviceName eq 'Container Instances' and armRegionName eq 'eastus'"
          + " and priceType eq 'Consumption'";
  static final String DS2_BODY =
      "{\"BillingCurrency\":\"USD\",\"CustomerEntityId\":\"Default\",\"CustomerEntityType\":\"Retail\","
          + "\"Items\":[{\"currencyCode\":\"USD\",\"retailPrice\":0.146,\"unitPrice\":0.146,"
          + "\"armRegionName\":\"eastus\",\"meterName\":\"DS2 v2\",\"productName\":\"Virtual Machines"
          + " DSv2 Series\",\"skuName\":\"DS2 v2\",\"serviceName\":\"Virtual Machines\","
          + "\"unitOfMeasure\":\"1 Hour\",\"type\":\"Consumption\",\"isPrimaryMeterRegion\":true,"
          + "\"armSkuName\":\"Standard_DS2_v2\"},{\"currencyCode\":\"USD\",\"retailPrice\":0.292,"
          + "\"armRegionName\":\"eastus\",\"meterName\":\"DS2 v2\",\"productName\":\"Virtual Machines"
          + " DSv2 Series Windows\",\"skuName\":\"DS2 v2\",\"serviceName\":\"Virtual Machines\","
          + "\"unitOfMeasure\":\"1 Hour\",\"type\":\"Consumption\",\"armSkuName\":\"Standard_DS2_v2\"}],"
          + "\"NextPageLink\":null,\"Count\":2}";

  final FakeRetailPrices fake =
      new FakeRetailPrices().serveBody(DS2, DS2_BODY).serve(ACI, "aci-eastus.json");

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void theTimerReadsTheApiTheAlertDoesNotAndTheFileKeepsWhatWasRead(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("last-known-prices.json");
    SimCluster sim = SimCluster.start(PricesTest.scenario());
    Settings settings =
        Settings.parse(
            Map.of(
                Settings.SIMULATE, "true",
                PriceSettings.PRICES_API, fake.base().toString(),
                PriceSettings.PRICES_FILE, file.toString()));
    AksBurst app =
        AksBurst.create(
            settings, List.of(PricesTest.inEastUs(sim.ports())), new BurstPlanner(), sim.clock());
    ReconcileFunction timer = new ReconcileFunction(app);

    sim.scale(SeedScenario.NGINX_VN, 2);
    sim.advanceTo(sim.now().plus(Duration.ofMinutes(1)));
    timer.run(TimerPayload.json(sim.now(), false), LocalContext.of("ReconcileFunction"));
    assertThat(fake.requests()).as("the timer's refresh: one VM size, ACI").isEqualTo(2);
    assertThat(Files.readString(file))
        .contains("Standard_DS2_v2")
        .contains("0.146")
        .contains("0.0405");

    String fired = PricesTest.resource(PricesTest.FIRED);
    sim.advanceTo(Instant.parse(Json.parse(fired).at("/data/essentials/firedDateTime").asText()));
    new AlertFunction(app)
        .run(
            LocalRequest.of(
                HttpMethod.POST,
                URI.create("http://localhost:7071/api/alerts"),
                Map.of("content-type", "application/json"),
                Optional.of(fired)),
            LocalContext.of("AlertFunction"));

    assertThat(fake.requests()).as("nothing on the alert's path").isEqualTo(2);
    assertThat(sim.events(SeedScenario.NGINX_VN))
        .filteredOn(e -> e.reason().equals(EventReason.CAPACITY_DECISION))
        .first()
        .satisfies(
            e ->
                assertThat(e.message())
                    .startsWith("kept 17 pods on ACI (1 more fit room the pool has)"));
    MoneyStatus m = app.status().of(app.clusters().get(0), SeedScenario.NGINX_VN).money();
    assertThat(m.prices().pool().get().usdPerNodeHour()).hasValue(0.146);
    assertThat(m.prices().pool().get().source()).isEqualTo("api");

    // a restarted app, the API now unreachable: the file's prices, as last known
    fake.close();
    SimCluster sim2 = SimCluster.start(PricesTest.scenario());
    AksBurst restarted =
        AksBurst.create(
            settings, List.of(PricesTest.inEastUs(sim2.ports())), new BurstPlanner(), sim2.clock());
    MoneyStatus after =
        restarted.status().of(restarted.clusters().get(0), SeedScenario.NGINX_VN).money();
    assertThat(after.prices().pool().get().source()).isEqualTo("last-known");
    assertThat(after.prices().aciSource()).isEqualTo("last-known");
    assertThat(after.prices().aciVcpuHour()).hasValue(0.0405);
  }
}
