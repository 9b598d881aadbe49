package dev.aksburst.prices;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One item of the Azure Retail Prices API (api-version 2023-01-01-preview), the fields aks-burst
 * reads.
 *
 * @param type {@code Consumption}, {@code Reservation} or {@code DevTestConsumption}
 * @param reservationTerm {@code 1 Year} or {@code 3 Years} for a Reservation item
 * @param retailPrice per {@code unitOfMeasure}; for a Reservation item the total of its term
 * @param savingsPlan hourly savings-plan prices of a Consumption item
 */
public record RetailPrice(
    String armRegionName,
    String armSkuName,
    String skuName,
    String productName,
    String serviceName,
    String meterName,
    String type,
    Optional<String> reservationTerm,
    double retailPrice,
    String unitOfMeasure,
    boolean primaryMeterRegion,
    String effectiveStartDate,
    List<SavingsPlan> savingsPlan) {

  /** A savings-plan price: hourly, for its term. */
  public record SavingsPlan(String term, double retailPrice) {}

  public RetailPrice {
    Objects.requireNonNull(reservationTerm);
    savingsPlan = List.copyOf(savingsPlan);
  }

  /** Reads an item; a field the API leaves out reads as empty. */
  static RetailPrice of(JsonNode item) {
    List<SavingsPlan> plans = new ArrayList<>();
    for (JsonNode p : item.path("savingsPlan")) {
      if (p.path("retailPrice").isNumber()) {
        plans.add(new SavingsPlan(p.path("term").asText(""), p.path("retailPrice").asDouble()));
      }
    }
    JsonNode term = item.path("reservationTerm");
    return new RetailPrice(
        item.path("armRegionName").asText(""),
        item.path("armSkuName").asText(""),
        item.path("skuName").asText(""),
        item.path("productName").asText(""),
        item.path("serviceName").asText(""),
        item.path("meterName").asText(""),
        item.path("type").asText(""),
        term.isTextual() && !term.asText().isBlank()
            ? Optional.of(term.asText())
            : Optional.empty(),
        item.path("retailPrice").asDouble(Double.NaN),
        item.path("unitOfMeasure").asText(""),
        item.path("isPrimaryMeterRegion").asBoolean(true),
        item.path("effectiveStartDate").asText(""),
        plans);
  }

  /** A Windows meter: its price includes the Windows licence. */
  boolean windows() {
    return productName.endsWith(" Windows");
  }

  /** A Cloud Services (classic) meter, which shares the armSkuName of the VM size. */
  boolean cloudServices() {
    return productName.contains("Cloud Services");
  }

  boolean spot() {
    return skuName.endsWith(" Spot");
  }

  boolean lowPriority() {
    return skuName.endsWith(" Low Priority");
  }

  boolean consumption() {
    return "Consumption".equals(type);
  }

  boolean reservation() {
    return "Reservation".equals(type);
  }
}
