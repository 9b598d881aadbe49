package dev.aksburst.contract;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.aksburst.model.BurstSize;
import dev.aksburst.model.BurstStrategy;
import dev.aksburst.model.CapacityMode;
import dev.aksburst.model.LearnMode;
import dev.aksburst.model.Window;
import dev.aksburst.model.WorkloadPolicy;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code aksburst.dev/*} annotations of a Deployment into a {@link WorkloadPolicy}.
 * Pure: takes a plain map (the simulator calls it too). Every invalid value becomes a message
 * naming the key, the value and what is expected, and that field is left empty: never guessed,
 * never thrown.
 */
public final class WorkloadAnnotations {
  private static final String PREFIX = "aksburst.dev/";
  private static final Set<String> KNOWN =
      Set.of(
          Annotations.MAX_REPLICAS,
          Annotations.BURST,
          Annotations.HOLD,
          Annotations.ALERT_RULES,
          Annotations.WINDOWS,
          Annotations.MAX_VIRTUAL_PODS,
          Annotations.NODE_POOL,
          Annotations.STRATEGY,
          Annotations.LEARN,
          Annotations.LEARN_TIMEZONE,
          Annotations.CAPACITY,
          Annotations.STATE,
          Annotations.ENABLED);
  private static final Pattern ABSOLUTE = Pattern.compile("\\d{1,9}");
  private static final Pattern PLUS = Pattern.compile("\\+(\\d{1,9})");
  private static final Pattern TIMES = Pattern.compile("x(\\d{1,6}(?:\\.\\d{1,6})?)");
  private static final Pattern POOL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,79}");
  private static final Set<String> WINDOW_FIELDS =
      Set.of("start", "end", "timezone", "replicas", "leadTime");
  private static final CronParser UNIX_CRON =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The policy and every problem found, in annotation order of the contract. */
  public record Parsed(WorkloadPolicy policy, List<String> problems) {
    public Parsed {
      Objects.requireNonNull(policy, "policy");
      problems = List.copyOf(problems);
    }
  }

  private WorkloadAnnotations() {}

  public static Parsed parse(Map<String, String> annotations) {
    Map<String, String> a = annotations == null ? Map.of() : annotations;
    List<String> problems = new ArrayList<>();
    OptionalInt maxReplicas = intAtLeast(a, Annotations.MAX_REPLICAS, 1, problems);
    Optional<BurstSize> burst = burst(a, problems);
    Optional<Duration> hold =
        Optional.ofNullable(a.get(Annotations.HOLD))
            .flatMap(v -> duration(Annotations.HOLD, v, problems));
    List<String> alertRules = alertRules(a, problems);
    List<Window> windows = windows(a, problems);
    OptionalInt maxVirtualPods = intAtLeast(a, Annotations.MAX_VIRTUAL_PODS, 0, problems);
    List<String> nodePools = nodePools(a, problems);
    Optional<String> nodePool = nodePools.stream().findFirst();
    Optional<BurstStrategy> strategy = strategy(a, problems);
    Optional<LearnMode> learn = learn(a, problems);
    Optional<String> learnTimezone = learnTimezone(a, problems);
    Optional<CapacityMode> capacity =
        Optional.ofNullable(a.get(Annotations.CAPACITY))
            .flatMap(v -> capacityMode(Annotations.CAPACITY, v, problems));
    a.keySet().stream()
        .filter(k -> k.startsWith(PREFIX) && !KNOWN.contains(k))
        .sorted()
        .forEach(
            k ->
                problems.add(
                    KnownNames.unknown(
                        k,
                        k,
                        KNOWN.stream().filter(x -> !x.equals(Annotations.ENABLED)).toList(),
                        "annotation")));
    return new Parsed(
        new WorkloadPolicy(
            maxReplicas,
            burst,
            hold,
            alertRules,
            windows,
            maxVirtualPods,
            nodePool,
            strategy,
            nodePools,
            learn,
            learnTimezone,
            capacity),
        problems);
  }

  /**
   * A duration in the grammar of {@link Durations} ({@code 15m}, {@code 1h30m}, {@code 1d},
   * ISO-8601 {@code PT15M}); must not be negative. Empty (with a problem) when invalid.
   */
  public static Optional<Duration> duration(String key, String raw, List<String> problems) {
    Optional<Duration> d = Durations.parse(raw);
    if (d.isEmpty()) {
      problems.add(key + "=\"" + raw + "\" is not a duration: expected " + Durations.EXPECTED);
    } else if (d.get().isNegative()) {
      problems.add(key + "=\"" + raw + "\" is negative: expected a duration >= 0");
      return Optional.empty();
    }
    return d;
  }

  private static OptionalInt intAtLeast(
      Map<String, String> a, String key, int min, List<String> problems) {
    String raw = a.get(key);
    if (raw == null) {
      return OptionalInt.empty();
    }
    try {
      int v = Integer.parseInt(raw.trim());
      if (v >= min) {
        return OptionalInt.of(v);
      }
    } catch (NumberFormatException e) {
      // reported below with the same message as a value out of range
    }
    problems.add(key + "=\"" + raw + "\" is not valid: expected a whole number >= " + min);
    return OptionalInt.empty();
  }

  private static Optional<BurstSize> burst(Map<String, String> a, List<String> problems) {
    String raw = a.get(Annotations.BURST);
    if (raw == null) {
      return Optional.empty();
    }
    String v = raw.trim();
    Optional<BurstSize> parsed = Optional.empty();
    Matcher m;
    if (v.equals("proportional")) {
      parsed = Optional.of(new BurstSize.Proportional());
    } else if (ABSOLUTE.matcher(v).matches() && Integer.parseInt(v) >= 1) {
      parsed = Optional.of(new BurstSize.Absolute(Integer.parseInt(v)));
    } else if ((m = PLUS.matcher(v)).matches() && Integer.parseInt(m.group(1)) >= 1) {
      parsed = Optional.of(new BurstSize.Plus(Integer.parseInt(m.group(1))));
    } else if ((m = TIMES.matcher(v)).matches() && Double.parseDouble(m.group(1)) >= 1.0) {
      parsed = Optional.of(new BurstSize.Times(Double.parseDouble(m.group(1))));
    }
    if (parsed.isEmpty()) {
      problems.add(
          Annotations.BURST
              + "=\""
              + raw
              + "\" is not valid: expected replicas (20), an increment (+10), a factor >= 1"
              + " (x2, x1.5) or proportional");
    }
    return parsed;
  }

  private static List<String> alertRules(Map<String, String> a, List<String> problems) {
    String raw = a.get(Annotations.ALERT_RULES);
    if (raw == null) {
      return List.of();
    }
    Set<String> rules = new LinkedHashSet<>();
    for (String part : raw.split(",", -1)) {
      String r = part.trim();
      if (!r.isEmpty()) {
        rules.add(r);
      }
    }
    if (rules.isEmpty()) {
      problems.add(
          Annotations.ALERT_RULES
              + "=\""
              + raw
              + "\" names no rule: expected a comma-separated list of alert rule names");
    }
    return List.copyOf(rules);
  }

  private static Optional<BurstStrategy> strategy(Map<String, String> a, List<String> problems) {
    String raw = a.get(Annotations.STRATEGY);
    if (raw == null) {
      return Optional.empty();
    }
    Optional<BurstStrategy> s = BurstStrategy.fromWire(raw.trim());
    if (s.isEmpty()) {
      problems.add(
          Annotations.STRATEGY
              + "=\""
              + raw
              + "\" is not a strategy: expected cost (the default), vm-first or aci-first");
    }
    return s;
  }

  /**
   * {@code node-pool} or {@code placeholders}, exactly; a near miss is named. Shared with the
   * setting {@code AKSBURST_CAPACITY_MODE}, so both refuse the same values the same way.
   */
  public static Optional<CapacityMode> capacityMode(String key, String raw, List<String> problems) {
    Optional<CapacityMode> m = CapacityMode.fromWire(raw.trim());
    if (m.isEmpty()) {
      String hint =
          KnownNames.closest(raw.trim(), CapacityMode.wireNames())
              .map(c -> "did you mean " + c + "? ")
              .orElse("");
      problems.add(
          key
              + "=\""
              + raw
              + "\" is not a capacity mode: "
              + hint
              + "expected node-pool (the default: size an agent pool through ARM) or placeholders"
              + " (no ARM write: low-priority placeholder pods make node auto-provisioning or the"
              + " cluster autoscaler add VM nodes)");
    }
    return m;
  }

  /** {@code off}, {@code suggest} or {@code act}, exactly; a near miss is named. */
  private static Optional<LearnMode> learn(Map<String, String> a, List<String> problems) {
    String raw = a.get(Annotations.LEARN);
    if (raw == null) {
      return Optional.empty();
    }
    Optional<LearnMode> m = LearnMode.fromWire(raw);
    if (m.isEmpty()) {
      String hint =
          KnownNames.closest(raw.trim(), LearnMode.wireNames())
              .map(c -> "did you mean " + c + "? ")
              .orElse("");
      problems.add(
          Annotations.LEARN
              + "=\""
              + raw
              + "\" is not a learn mode: "
              + hint
              + "expected off, suggest (the default: propose learned windows) or act (learned"
              + " windows pre-warm)");
    }
    return m;
  }

  private static Optional<String> learnTimezone(Map<String, String> a, List<String> problems) {
    String raw = a.get(Annotations.LEARN_TIMEZONE);
    if (raw == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ZoneId.of(raw).getId());
    } catch (DateTimeException e) {
      problems.add(
          Annotations.LEARN_TIMEZONE
              + "=\""
              + raw
              + "\" is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)");
      return Optional.empty();
    }
  }

  /**
   * One pool, or an ordered list ({@code burst-d4as, burst-d4s, agentpool}): the first that can
   * grow is sized. Empty (with a problem) when any name is invalid or repeated.
   */
  private static List<String> nodePools(Map<String, String> a, List<String> problems) {
    String raw = a.get(Annotations.NODE_POOL);
    if (raw == null) {
      return List.of();
    }
    List<String> pools = new ArrayList<>();
    for (String part : raw.split(",", -1)) {
      String v = part.trim();
      if (!POOL_NAME.matcher(v).matches()) {
        problems.add(
            Annotations.NODE_POOL
                + "=\""
                + raw
                + "\": \""
                + v
                + "\" is not a node pool name: expected letters, digits, '-' or '_', or a comma"
                + " list of them in order of preference (e.g. userpool or burst-d4as, agentpool)");
        return List.of();
      }
      if (pools.contains(v)) {
        problems.add(Annotations.NODE_POOL + "=\"" + raw + "\" names pool " + v + " twice");
        return List.of();
      }
      pools.add(v);
    }
    return List.copyOf(pools);
  }

  /** All windows, or none when any window is invalid (one problem per invalid field). */
  private static List<Window> windows(Map<String, String> a, List<String> problems) {
    String raw = a.get(Annotations.WINDOWS);
    if (raw == null) {
      return List.of();
    }
    String key = Annotations.WINDOWS;
    JsonNode root;
    try {
      root = JSON.readTree(raw);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      problems.add(
          key
              + " is not valid JSON ("
              + e.getOriginalMessage()
              + "): expected a list of {start, end, timezone, replicas, leadTime?}");
      return List.of();
    }
    if (root == null || !root.isArray()) {
      problems.add(
          key + " must be a JSON list of {start, end, timezone, replicas, leadTime?}, got: " + raw);
      return List.of();
    }
    int before = problems.size();
    List<Window> windows = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      String at = key + "[" + i + "]";
      JsonNode w = root.get(i);
      if (!w.isObject()) {
        problems.add(at + " must be an object {start, end, timezone, replicas, leadTime?}");
        continue;
      }
      for (Iterator<String> it = w.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!WINDOW_FIELDS.contains(f)) {
          problems.add(KnownNames.unknown(at + "." + f, f, WINDOW_FIELDS, "field"));
        }
      }
      Optional<String> start = cron(at + ".start", w.get("start"), problems);
      Optional<String> end = cron(at + ".end", w.get("end"), problems);
      Optional<String> zone = zone(at + ".timezone", w.get("timezone"), problems);
      OptionalInt replicas = replicas(at + ".replicas", w.get("replicas"), problems);
      Optional<Duration> lead = Optional.empty();
      JsonNode leadNode = w.get("leadTime");
      if (leadNode != null && !leadNode.isNull()) {
        if (leadNode.isTextual()) {
          lead = duration(at + ".leadTime", leadNode.asText(), problems);
        } else {
          problems.add(at + ".leadTime=" + leadNode + " must be a duration string such as 10m");
        }
      }
      if (start.isPresent() && end.isPresent() && zone.isPresent() && replicas.isPresent()) {
        windows.add(new Window(start.get(), end.get(), zone.get(), replicas.getAsInt(), lead));
      }
    }
    if (problems.size() > before) {
      problems.add(key + " ignored as a whole until every window is valid");
      return List.of();
    }
    return windows;
  }

  private static Optional<String> cron(String at, JsonNode node, List<String> problems) {
    if (node == null || !node.isTextual()) {
      problems.add(at + " is missing: expected a 5-field cron such as \"0 8 * * 1-5\"");
      return Optional.empty();
    }
    String expr = node.asText().trim();
    try {
      UNIX_CRON.parse(expr).validate();
      return Optional.of(expr);
    } catch (IllegalArgumentException e) {
      problems.add(
          at
              + "=\""
              + node.asText()
              + "\" is not a 5-field UNIX cron (minute hour day-of-month month day-of-week): "
              + e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<String> zone(String at, JsonNode node, List<String> problems) {
    if (node == null || !node.isTextual()) {
      problems.add(at + " is missing: expected an IANA time zone such as Europe/Amsterdam");
      return Optional.empty();
    }
    try {
      return Optional.of(ZoneId.of(node.asText().trim()).getId());
    } catch (DateTimeException e) {
      problems.add(
          at
              + "=\""
              + node.asText()
              + "\" is not a time zone: expected an IANA name such as Europe/Amsterdam or UTC");
      return Optional.empty();
    }
  }

  private static OptionalInt replicas(String at, JsonNode node, List<String> problems) {
    if (node == null || !node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 0) {
      problems.add(at + "=" + node + " is not valid: expected a whole number >= 0");
      return OptionalInt.empty();
    }
    return OptionalInt.of(node.asInt());
  }
}
