package dev.aksburst.prices;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.aksburst.plan.Economics;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Retail Prices client over real HTTP against a fake serving the API's documented shape. */
class RetailPricesClientIT {
  static final String D8AS =
      "serviceName eq 'Virtual Machines' and armRegionName eq 'eastus'"
          + " and armSkuName eq 'Standard_D8as_v5'";
  static final String D2S =
      "serviceName eq 'Virtual Machines' and armRegionName eq 'eastus'"
          + " and armSkuName eq 'Standard_D2s_v5'";
  static final String ACI =
      "serviceName eq 'Container Instances' and armRegionName eq 'eastus'"
          + " and priceType eq 'Consumption'";

  private final FakeRetailPrices fake = new FakeRetailPrices();
  private final RetailPricesClient client = RetailPricesClient.create(fake.base());

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void followsNextPageLinkAndSkipsWindowsAndCloudServicesRows() {
    fake.serve(D8AS, "vm-eastus-D8as_v5.page1.json").servePage("3", "vm-eastus-D8as_v5.page2.json");

    VmPrices p = client.vm("eastus", "Standard_D8as_v5");

    assertThat(client.items(D8AS)).hasSize(6);
    // page 2 holds only Windows and Cloud Services rows (0.712, 0.150303): none is taken
    assertThat(p.payAsYouGo()).hasValue(0.344);
    assertThat(p.spot()).hasValue(0.072618);
    assertThat(p.lowPriority()).hasValue(0.0688);
    assertThat(p.nodeHourly(true)).hasValue(0.072618);
    assertThat(p.nodeHourly(false)).hasValue(0.344);
    assertThat(p.reserved1Year()).isEmpty();
    // two queries of two pages each: every first page was followed by its next page
    assertThat(fake.requests()).isEqualTo(4);
    fake.server.verify(
        2,
        getRequestedFor(urlPathEqualTo("/api/retail/prices"))
            .withQueryParam("$skip", WireMock.equalTo("3")));
  }

  @Test
  void reservationTotalsBecomeHourlyAndSavingsPlansAreRead() {
    fake.serve(D2S, "vm-eastus-D2s_v5.savings-and-reservations.json");

    VmPrices p = client.vm("eastus", "Standard_D2s_v5");

    assertThat(p.payAsYouGo()).hasValue(0.096);
    assertThat(p.spot()).isEmpty();
    assertThat(p.reserved1Year().getAsDouble()).isCloseTo(519.0 / 8760, within(1e-9));
    assertThat(p.reserved3Years().getAsDouble()).isCloseTo(997.0 / 26280, within(1e-9));
    assertThat(p.savingsPlan1Year()).hasValue(0.0658368);
    assertThat(p.savingsPlan3Years()).hasValue(0.0441792);
  }

  @Test
  void aciStandardRatesNotSpot() {
    fake.serve(ACI, "aci-eastus.json");

    assertThat(client.aci("eastus")).contains(new Economics.AciPrices(0.0405, 0.00445));
  }

  @Test
  void aVmSizeTheApiDoesNotListHasNoPrice() {
    fake.server.stubFor(
        get(urlPathEqualTo("/api/retail/prices"))
            .willReturn(FakeRetailPrices.json("{\"Items\":[],\"NextPageLink\":null,\"Count\":0}")));

    assertThat(client.vm("eastus", "Standard_Nope").payAsYouGo()).isEmpty();
    assertThat(client.aci("eastus")).isEqualTo(Optional.empty());
  }

  @Test
  void anErrorNamesTheStatusAndTheQuery() {
    fake.server.stubFor(
        get(urlPathEqualTo("/api/retail/prices"))
            .willReturn(aResponse().withStatus(429).withBody("Too many requests")));

    assertThatThrownBy(() -> client.vm("eastus", "Standard_D2s_v5"))
        .isInstanceOf(PriceLookupException.class)
        .hasMessageContaining("HTTP 429")
        .hasMessageContaining("armSkuName eq 'Standard_D2s_v5'");
  }

  @Test
  void aNextPageLinkToAnotherHostIsNotFollowed() {
    fake.server.stubFor(
        get(urlPathEqualTo("/api/retail/prices"))
            .willReturn(
                FakeRetailPrices.json(
                    "{\"Items\":[],\"NextPageLink\":\"https://elsewhere.test/api/retail/prices?$skip=1\"}")));

    assertThatThrownBy(() -> client.items(ACI))
        .isInstanceOf(PriceLookupException.class)
        .hasMessageContaining("elsewhere.test");
  }

  @Test
  void aBodyWithoutItemsIsAnError() {
    fake.server.stubFor(
        get(urlPathEqualTo("/api/retail/prices")).willReturn(FakeRetailPrices.json("{\"x\":1}")));

    assertThatThrownBy(() -> client.aci("eastus"))
        .isInstanceOf(PriceLookupException.class)
        .hasMessageContaining("no Items");
  }
}
