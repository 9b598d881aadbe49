package dev.aksburst.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aksburst.plan.Economics;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceSettingsTest {
  @Test
  void defaultsKnowNoPriceAndAzuresAciLimits() {
    List<String> problems = new ArrayList<>();
    PriceSettings s = PriceSettings.parse(Map.of(), problems::add);
    assertThat(problems).isEmpty();
    assertThat(s.poolPrices()).isEmpty();
    assertThat(s.aciPrices()).isEmpty();
    assertThat(s.vmDiscount()).isZero();
    assertThat(s.pricesApi()).contains(URI.create("https://prices.azure.com"));
    assertThat(s.aciLimits()).isEqualTo(new Economics.AciLimits(100, 100, 100, 100));
    assertThat(s.expectedBurst()).isEqualTo(Duration.ofMinutes(30));
    assertThat(s.pricesFile()).isEmpty();
    assertThat(s.economics().nodeBoot()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void theNodeBootIsASettingOfThePlannersEconomics() {
    List<String> problems = new ArrayList<>();
    PriceSettings s = PriceSettings.parse(Map.of("AKSBURST_NODE_BOOT", "3m"), problems::add);
    assertThat(problems).isEmpty();
    assertThat(s.economics().nodeBoot()).isEqualTo(Duration.ofMinutes(3));
  }

  @Test
  void thePriceFileIsAnAbsolutePath() {
    List<String> problems = new ArrayList<>();
    PriceSettings s =
        PriceSettings.parse(
            Map.of("AKSBURST_PRICES_FILE", "/home/data/aks-burst/prices.json"), problems::add);
    assertThat(problems).isEmpty();
    assertThat(s.pricesFile()).contains(java.nio.file.Path.of("/home/data/aks-burst/prices.json"));
  }

  @Test
  void everySettingParses() {
    List<String> problems = new ArrayList<>();
    PriceSettings s =
        PriceSettings.parse(
            Map.of(
                "AKSBURST_POOL_PRICES", "agentpool=0.146, burst=0.03",
                "AKSBURST_ACI_PRICES", "vcpuHour=0.0405,gbHour=0.00445",
                "AKSBURST_VM_DISCOUNT", "0.4",
                "AKSBURST_PRICES_API", "off",
                "AKSBURST_ACI_CORE_QUOTA", "300",
                "AKSBURST_ACI_GROUP_QUOTA", "250",
                "AKSBURST_ACI_CREATES_PER_5MIN", "50",
                "AKSBURST_ACI_DELETES_PER_5MIN", "60",
                "AKSBURST_EXPECTED_BURST", "45m"),
            problems::add);
    assertThat(problems).isEmpty();
    assertThat(s.poolPrices()).isEqualTo(Map.of("agentpool", 0.146, "burst", 0.03));
    assertThat(s.aciPrices()).contains(new Economics.AciPrices(0.0405, 0.00445));
    assertThat(s.pricesApi()).isEmpty();
    assertThat(s.aciLimits()).isEqualTo(new Economics.AciLimits(300, 250, 50, 60));
    Economics e = s.economics();
    assertThat(e.nodeHourly("agentpool").getAsDouble()).isCloseTo(0.146 * 0.6, within());
    assertThat(e.nodeHourly("other")).isEmpty();
    assertThat(e.expectedBurst()).isEqualTo(Duration.ofMinutes(45));
    assertThat(e.aci()).isEqualTo(Optional.of(new Economics.AciPrices(0.0405, 0.00445)));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "AKSBURST_POOL_PRICES|agentpool:0.146|is not pool=price",
        "AKSBURST_POOL_PRICES|agentpool=-1|is not pool=price",
        "AKSBURST_ACI_PRICES|vcpuHour=0.04|is not vcpuHour=<USD>,gbHour=<USD>",
        "AKSBURST_VM_DISCOUNT|1.2|is not a fraction in [0, 1)",
        "AKSBURST_PRICES_API|ftp://x|is not a URL",
        "AKSBURST_ACI_CORE_QUOTA|lots|is not a whole number >= 0",
        "AKSBURST_ACI_CREATES_PER_5MIN|0|is not a whole number >= 1",
        "AKSBURST_EXPECTED_BURST|soon|AKSBURST_EXPECTED_BURST",
        "AKSBURST_NODE_BOOT|quick|must be a duration",
        "AKSBURST_NODE_BOOT|0s|must be between PT30S and PT20M",
        "AKSBURST_NODE_BOOT|1h|must be between PT30S and PT20M",
        "AKSBURST_PRICES_FILE|prices.json|is not an absolute file path",
      })
  void invalidValuesAreProblemsNamingTheSetting(String key, String value, String expected) {
    List<String> problems = new ArrayList<>();
    PriceSettings.parse(Map.of(key, value), problems::add);
    assertThat(problems).singleElement().asString().contains(key).contains(expected);
  }

  static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-12);
  }
}
