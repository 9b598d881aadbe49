package dev.aksburst.prices;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A local fake of the Retail Prices API (WireMock on loopback) answering with the recorded sample
 * pages of {@code src/test/resources/prices/}, matched on the {@code $filter} as the client sends
 * it. A next-page link of a sample points at prices.azure.com; the fake rewrites it to itself.
 */
public final class FakeRetailPrices implements AutoCloseable {
  public final WireMockServer server =
      new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

  public FakeRetailPrices() {
    server.start();
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  /** Answers a query whose $filter is exactly {@code filter} with the sample {@code file}. */
  public FakeRetailPrices serve(String filter, String file) {
    server.stubFor(
        get(urlPathEqualTo("/api/retail/prices"))
            .withQueryParam("api-version", WireMock.equalTo(RetailPricesClient.API_VERSION))
            .withQueryParam("$filter", WireMock.equalTo(filter))
            .atPriority(5)
            .willReturn(json(sample(file))));
    return this;
  }

  /** Answers a query whose $filter is exactly {@code filter} with {@code body}. */
  public FakeRetailPrices serveBody(String filter, String body) {
    server.stubFor(
        get(urlPathEqualTo("/api/retail/prices"))
            .withQueryParam("api-version", WireMock.equalTo(RetailPricesClient.API_VERSION))
            .withQueryParam("$filter", WireMock.equalTo(filter))
            .willReturn(json(body)));
    return this;
  }

  /** Answers a request carrying {@code $skip=skip} (a next page) with the sample {@code file}. */
  FakeRetailPrices servePage(String skip, String file) {
    server.stubFor(
        get(urlPathEqualTo("/api/retail/prices"))
            .withQueryParam("$skip", WireMock.equalTo(skip))
            .atPriority(1)
            .willReturn(json(sample(file))));
    return this;
  }

  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(body);
  }

  String sample(String file) {
    try (InputStream in = getClass().getResourceAsStream("/prices/" + file)) {
      if (in == null) {
        throw new IllegalStateException("no sample /prices/" + file + " on the test class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("https://prices.azure.com", base().toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int requests() {
    return server.getAllServeEvents().size();
  }

  @Override
  public void close() {
    server.stop();
  }
}
