package dev.aksburst.prices;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aksburst.plan.Economics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * The last known prices in one JSON file ({@code {"version":1,"vm":[{region, vmSize, spot, hourly,
 * fetchedAt}], "aci":[{region, vcpuHour, gbHour, fetchedAt}]}}), written whole to a temporary file
 * and moved into place. A file that can not be read is reported and read as empty; the next save
 * replaces it.
 */
public final class FilePriceStore implements PriceStore {
  private static final Logger LOG = Logger.getLogger(FilePriceStore.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int VERSION = 1;

  private final Path file;

  public FilePriceStore(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  @Override
  public String describe() {
    return "file " + file;
  }

  @Override
  public Quotes load() {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Quotes.EMPTY;
    } catch (IOException e) {
      LOG.warning("last known prices: could not read " + file + ": " + e);
      return Quotes.EMPTY;
    }
    try {
      return decode(JSON.readTree(text));
    } catch (IOException | RuntimeException e) {
      LOG.warning(
          "last known prices: "
              + file
              + " is not a price file of version "
              + VERSION
              + " ("
              + e.getMessage()
              + "); read as empty, the next refresh replaces it");
      return Quotes.EMPTY;
    }
  }

  @Override
  public void save(Quotes quotes) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      Files.writeString(tmp, JSON.writeValueAsString(encode(quotes)), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      LOG.warning(
          "last known prices: could not write "
              + file
              + " ("
              + e
              + "); a restart will wait for the Retail Prices API");
    }
  }

  static ObjectNode encode(Quotes q) {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    ArrayNode vm = root.putArray("vm");
    q.vm().entrySet().stream()
        .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(Quotes.VmKey::toString)))
        .forEach(
            e -> {
              ObjectNode n = vm.addObject();
              n.put("region", e.getKey().region());
              n.put("vmSize", e.getKey().vmSize());
              n.put("spot", e.getKey().spot());
              n.put("hourly", e.getValue().hourly());
              n.put("fetchedAt", e.getValue().fetchedAt().toString());
            });
    ArrayNode aci = root.putArray("aci");
    q.aci().entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              ObjectNode n = aci.addObject();
              n.put("region", e.getKey());
              n.put("vcpuHour", e.getValue().prices().vcpuHour());
              n.put("gbHour", e.getValue().prices().gbHour());
              n.put("fetchedAt", e.getValue().fetchedAt().toString());
            });
    return root;
  }

  static Quotes decode(JsonNode root) {
    if (root.path("version").asInt(-1) != VERSION) {
      throw new IllegalArgumentException("version " + root.path("version") + ", not " + VERSION);
    }
    Map<Quotes.VmKey, Quotes.VmQuote> vm = new LinkedHashMap<>();
    for (JsonNode n : root.path("vm")) {
      vm.put(
          new Quotes.VmKey(text(n, "region"), text(n, "vmSize"), n.path("spot").asBoolean(false)),
          new Quotes.VmQuote(number(n, "hourly"), Instant.parse(text(n, "fetchedAt"))));
    }
    Map<String, Quotes.AciQuote> aci = new LinkedHashMap<>();
    for (JsonNode n : root.path("aci")) {
      aci.put(
          text(n, "region"),
          new Quotes.AciQuote(
              new Economics.AciPrices(number(n, "vcpuHour"), number(n, "gbHour")),
              Instant.parse(text(n, "fetchedAt"))));
    }
    return new Quotes(vm, aci);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    if (!v.isTextual() || v.asText().isBlank()) {
      throw new IllegalArgumentException("an entry has no " + field);
    }
    return v.asText();
  }

  private static double number(JsonNode n, String field) {
    JsonNode v = n.path(field);
    if (!v.isNumber()) {
      throw new IllegalArgumentException("an entry's " + field + " is not a number");
    }
    return v.asDouble();
  }
}
