package dev.aksburst.prices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aksburst.plan.Economics;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * The Azure Retail Prices API ({@code GET /api/retail/prices}, unauthenticated), over the JDK HTTP
 * client. Every query names its region and service; the answer is read page by page through {@code
 * NextPageLink} until it is null, whatever the page size. Filter values are case-sensitive at
 * {@value #API_VERSION}, which also lists savings plans.
 */
public final class RetailPricesClient implements PriceLookup {
  public static final String API_VERSION = "2023-01-01-preview";

  /** Hours of a reservation term, as Azure bills them (365-day years). */
  static final double HOURS_1_YEAR = 8760;

  static final double HOURS_3_YEARS = 3 * 8760;

  /** A guard against a server that never ends its pages. */
  static final int MAX_PAGES = 100;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;
  private final Duration timeout;

  /**
   * @param base the API's base URL, e.g. {@code https://prices.azure.com}
   * @param timeout for each page
   */
  public RetailPricesClient(URI base, HttpClient http, Duration timeout) {
    this.base = Objects.requireNonNull(base, "base");
    this.http = Objects.requireNonNull(http, "http");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** A client with its own JDK HTTP client: 5 s to connect, 20 s per page. */
  public static RetailPricesClient create(URI base) {
    return new RetailPricesClient(
        base,
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build(),
        Duration.ofSeconds(20));
  }

  public URI base() {
    return base;
  }

  @Override
  public String describe() {
    return "the Retail Prices API at " + base;
  }

  /** The Linux prices of a VM size in a region (one query: Consumption and Reservation items). */
  @Override
  public VmPrices vm(String region, String vmSize) {
    List<RetailPrice> items =
        items(
            "serviceName eq 'Virtual Machines' and armRegionName eq '"
                + literal(region)
                + "' and armSkuName eq '"
                + literal(vmSize)
                + "'");
    List<RetailPrice> linux =
        items.stream()
            .filter(i -> i.armSkuName().equals(vmSize) && i.armRegionName().equals(region))
            .filter(i -> !i.windows() && !i.cloudServices())
            .toList();
    Optional<RetailPrice> payg = pick(linux, i -> i.consumption() && !i.spot() && !i.lowPriority());
    return new VmPrices(
        region,
        vmSize,
        payg.map(i -> OptionalDouble.of(i.retailPrice())).orElse(OptionalDouble.empty()),
        price(pick(linux, i -> i.consumption() && i.spot())),
        price(pick(linux, i -> i.consumption() && i.lowPriority())),
        reserved(linux, "1 Year", HOURS_1_YEAR),
        reserved(linux, "3 Years", HOURS_3_YEARS),
        savingsPlan(payg, "1 Year"),
        savingsPlan(payg, "3 Years"));
  }

  /**
   * ACI's Standard vCPU-hour and GB-hour in a region. Pods on a virtual node run in the cluster's
   * VNet, where ACI Spot containers can not, so the Standard meters apply to them.
   */
  @Override
  public Optional<Economics.AciPrices> aci(String region) {
    List<RetailPrice> items =
        items(
            "serviceName eq 'Container Instances' and armRegionName eq '"
                + literal(region)
                + "' and priceType eq 'Consumption'");
    Optional<RetailPrice> vcpu =
        pick(items, i -> i.meterName().equals("Standard vCPU Duration") && !i.windows());
    Optional<RetailPrice> memory =
        pick(items, i -> i.meterName().equals("Standard Memory Duration") && !i.windows());
    if (vcpu.isEmpty() || memory.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Economics.AciPrices(vcpu.get().retailPrice(), memory.get().retailPrice()));
  }

  /** Every item the filter matches, all pages. */
  public List<RetailPrice> items(String filter) {
    URI next =
        URI.create(
            base.toString().replaceAll("/+$", "")
                + "/api/retail/prices?api-version="
                + API_VERSION
                + "&$filter="
                + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20"));
    List<RetailPrice> out = new ArrayList<>();
    for (int page = 1; next != null; page++) {
      if (page > MAX_PAGES) {
        throw new PriceLookupException(
            "the Retail Prices API answered more than " + MAX_PAGES + " pages for " + filter);
      }
      JsonNode body = page(next, filter);
      for (JsonNode item : body.path("Items")) {
        out.add(RetailPrice.of(item));
      }
      JsonNode link = body.path("NextPageLink");
      next = link.isTextual() && !link.asText().isBlank() ? sameOrigin(link.asText()) : null;
    }
    return out;
  }

  private JsonNode page(URI uri, String filter) {
    HttpRequest request =
        HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").build();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new PriceLookupException(
          "could not reach the Retail Prices API at " + base + " (" + filter + "): " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PriceLookupException("interrupted while reading the Retail Prices API", e);
    }
    if (response.statusCode() != 200) {
      String body = response.body() == null ? "" : response.body();
      throw new PriceLookupException(
          "the Retail Prices API answered HTTP "
              + response.statusCode()
              + " for "
              + filter
              + ": "
              + body.substring(0, Math.min(200, body.length())));
    }
    try {
      JsonNode body = JSON.readTree(response.body());
      if (!body.path("Items").isArray()) {
        throw new PriceLookupException(
            "the Retail Prices API's answer for " + filter + " has no Items array");
      }
      return body;
    } catch (IOException e) {
      throw new PriceLookupException(
          "the Retail Prices API's answer for " + filter + " is not JSON: " + e.getMessage(), e);
    }
  }

  /** A next-page link is followed only on the API's own scheme, host and port. */
  private URI sameOrigin(String link) {
    URI u = URI.create(link);
    if (!Objects.equals(u.getScheme(), base.getScheme())
        || !Objects.equals(u.getHost(), base.getHost())
        || u.getPort() != base.getPort()) {
      throw new PriceLookupException(
          "the Retail Prices API's NextPageLink " + link + " leaves " + base + "; not followed");
    }
    return u;
  }

  /** The primary-region item with the latest effective date among those that match. */
  private static Optional<RetailPrice> pick(List<RetailPrice> items, Predicate<RetailPrice> p) {
    return items.stream()
        .filter(p)
        .filter(i -> Double.isFinite(i.retailPrice()) && i.retailPrice() >= 0)
        .max(
            Comparator.comparing(RetailPrice::primaryMeterRegion)
                .thenComparing(RetailPrice::effectiveStartDate));
  }

  private static OptionalDouble price(Optional<RetailPrice> i) {
    return i.map(x -> OptionalDouble.of(x.retailPrice())).orElse(OptionalDouble.empty());
  }

  private static OptionalDouble reserved(List<RetailPrice> items, String term, double hours) {
    return pick(items, i -> i.reservation() && i.reservationTerm().equals(Optional.of(term)))
        .map(i -> OptionalDouble.of(i.retailPrice() / hours))
        .orElse(OptionalDouble.empty());
  }

  private static OptionalDouble savingsPlan(Optional<RetailPrice> payg, String term) {
    return payg.flatMap(
            i -> i.savingsPlan().stream().filter(s -> s.term().equals(term)).findFirst())
        .map(s -> OptionalDouble.of(s.retailPrice()))
        .orElse(OptionalDouble.empty());
  }

  /** An OData string literal's content: a quote is doubled. */
  private static String literal(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("a Retail Prices filter value must not be blank");
    }
    return value.replace("'", "''");
  }
}
