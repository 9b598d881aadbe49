package dev.aksburst.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aksburst.model.Backfill;
import dev.aksburst.model.Bookkeeping;
import dev.aksburst.model.BurstState;
import dev.aksburst.model.Intent;
import dev.aksburst.model.IntentSource;
import dev.aksburst.model.LearnedWindow;
import dev.aksburst.model.PastBurst;
import dev.aksburst.model.PlanEntry;
import dev.aksburst.model.PoolState;
import dev.aksburst.model.ShedAudit;
import dev.aksburst.model.WorkloadRef;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * JSON of the {@code aksburst.dev/state} annotation and of one pool's entry in the {@code
 * aks-burst-pools} ConfigMap. Decoding never throws: a value that can not be read is returned as a
 * problem with an empty state, and writers must refuse to overwrite it (see {@link Decoded}).
 *
 * <p>State format, version 1: {@code {"v":1, "intents":[{"id","source","replicas","from","until",
 * "reason","leadTime","observedAt"}], "bookkeeping":{...}, "lastPlan":[{"action","target","policy",
 * "reason","at"}], "history":[{"key","length","endedAt","floor","source"}], "learned":[{"key",
 * "pattern","days","start","end","timezone","replicas","leadTime","occurrences","expected",
 * "confidence","learnedAt","droppedAt","why"}]}}; {@code history} and {@code learned} are optional
 * (states written before they existed read as having none), and so are a history entry's {@code
 * floor} and {@code source} (read as 0 and {@code alert}: only alert floors were kept then);
 * instants are ISO-8601, durations ISO-8601, local times {@code HH:mm}, days ISO names ({@code
 * MONDAY}), {@code until: null} is open.
 */
public final class StateCodec {
  /** Upper bound of an encoded state (annotations of one object may total 256 KiB). */
  public static final int MAX_BYTES = 64 * 1024;

  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * A decoded value.
   *
   * @param problem present when the text could not be read; {@code state} is then empty and the
   *     stored value must not be overwritten without a human looking at it
   */
  public record Decoded<T>(T state, Optional<String> problem) {
    public Decoded {
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(problem, "problem");
    }

    public boolean readable() {
      return problem.isEmpty();
    }
  }

  private StateCodec() {}

  /**
   * Encodes; throws {@link IllegalArgumentException} when the result exceeds {@link #MAX_BYTES}.
   */
  public static String encode(BurstState state) {
    ObjectNode root = JSON.createObjectNode();
    root.put("v", VERSION);
    ArrayNode intents = root.putArray("intents");
    for (Intent i : state.intents()) {
      ObjectNode n = intents.addObject();
      n.put("id", i.id());
      n.put("source", i.source().wireName());
      n.put("replicas", i.replicas());
      n.put("from", i.from().toString());
      n.put("until", i.until().map(Instant::toString).orElse(null));
      n.put("reason", i.reason());
      n.put("leadTime", i.leadTime().map(Duration::toString).orElse(null));
      n.put("observedAt", i.observedAt().toString());
    }
    Bookkeeping b = state.bookkeeping();
    ObjectNode bk = root.putObject("bookkeeping");
    putInt(bk, "baselineReplicas", b.baselineReplicas());
    putInt(bk, "hpaBaselineMin", b.hpaBaselineMin());
    if (b.backfill().isPresent()) {
      Backfill f = b.backfill().get();
      ObjectNode fn = bk.putObject("backfill");
      fn.put("surge", f.surge());
      fn.put("baseReplicas", f.baseReplicas());
      fn.put("vmReadyBefore", f.vmReadyBefore());
      fn.put("startedAt", f.startedAt().toString());
    } else {
      bk.putNull("backfill");
    }
    putInstant(bk, "lastScaleUp", b.lastScaleUp());
    putInstant(bk, "lastScaleDown", b.lastScaleDown());
    putInstant(bk, "backfillBackoffUntil", b.backfillBackoffUntil());
    ArrayNode plan = root.putArray("lastPlan");
    for (PlanEntry p : state.lastPlan()) {
      ObjectNode n = plan.addObject();
      n.put("action", p.action());
      n.put("target", p.target());
      n.put("policy", p.policy());
      n.put("reason", p.reason());
      n.put("at", p.at().toString());
    }
    if (!state.history().isEmpty()) {
      ArrayNode history = root.putArray("history");
      for (PastBurst p : state.history()) {
        ObjectNode n = history.addObject();
        n.put("key", p.key());
        n.put("length", p.length().toString());
        n.put("endedAt", p.endedAt().toString());
        n.put("floor", p.floor());
        n.put("source", p.source().wireName());
      }
    }
    if (!state.learned().isEmpty()) {
      ArrayNode learned = root.putArray("learned");
      for (LearnedWindow l : state.learned()) {
        ObjectNode n = learned.addObject();
        n.put("key", l.key());
        n.put("pattern", l.pattern().wireName());
        ArrayNode days = n.putArray("days");
        l.days().stream().sorted().forEach(d -> days.add(d.name()));
        n.put("start", l.start().toString());
        n.put("end", l.end().toString());
        n.put("timezone", l.timezone());
        n.put("replicas", l.replicas());
        n.put("leadTime", l.leadTime().toString());
        n.put("occurrences", l.occurrences());
        n.put("expected", l.expected());
        n.put("confidence", l.confidence());
        n.put("learnedAt", l.learnedAt().toString());
        putInstant(n, "droppedAt", l.droppedAt());
        n.put("why", l.why());
      }
    }
    if (state.shedAudit().isPresent()) {
      ShedAudit a = state.shedAudit().get();
      ObjectNode n = root.putObject("shedAudit");
      n.put("at", a.at().toString());
      n.put("replicas", a.replicas());
      ArrayNode expected = n.putArray("expected");
      a.expected().forEach(expected::add);
      ArrayNode before = n.putArray("before");
      a.before().forEach(before::add);
    }
    return bounded(root, "state");
  }

  /** Decodes the state of {@code owner} (the Deployment the annotation is on). */
  public static Decoded<BurstState> decode(String text, WorkloadRef owner) {
    if (text == null || text.isBlank()) {
      return new Decoded<>(BurstState.EMPTY, Optional.empty());
    }
    String where = Annotations.STATE + " on " + owner;
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return garbled(BurstState.EMPTY, where, "it is larger than " + MAX_BYTES + " bytes");
    }
    try {
      JsonNode root = JSON.readTree(text);
      if (root == null || !root.isObject()) {
        return garbled(BurstState.EMPTY, where, "it is not a JSON object");
      }
      int v = root.path("v").asInt(-1);
      if (v != VERSION) {
        return garbled(
            BurstState.EMPTY,
            where,
            "its version "
                + root.path("v")
                + " is not "
                + VERSION
                + " (written by another version?)");
      }
      List<Intent> intents = new ArrayList<>();
      for (JsonNode n : array(root, "intents")) {
        intents.add(
            new Intent(
                text(n, "id"),
                IntentSource.fromWire(text(n, "source")),
                owner,
                integer(n, "replicas"),
                instant(n, "from"),
                optInstant(n, "until"),
                n.path("reason").asText(""),
                optText(n, "leadTime").map(Duration::parse),
                instant(n, "observedAt")));
      }
      JsonNode bk = root.path("bookkeeping");
      Optional<Backfill> backfill = Optional.empty();
      JsonNode fn = bk.path("backfill");
      if (fn.isObject()) {
        backfill =
            Optional.of(
                new Backfill(
                    integer(fn, "surge"),
                    integer(fn, "baseReplicas"),
                    integer(fn, "vmReadyBefore"),
                    instant(fn, "startedAt")));
      }
      Bookkeeping bookkeeping =
          new Bookkeeping(
              optInt(bk, "baselineReplicas"),
              optInt(bk, "hpaBaselineMin"),
              backfill,
              optInstant(bk, "lastScaleUp"),
              optInstant(bk, "lastScaleDown"),
              optInstant(bk, "backfillBackoffUntil"));
      List<PlanEntry> plan = new ArrayList<>();
      for (JsonNode n : array(root, "lastPlan")) {
        plan.add(
            new PlanEntry(
                text(n, "action"),
                text(n, "target"),
                text(n, "policy"),
                n.path("reason").asText(""),
                instant(n, "at")));
      }
      List<PastBurst> history = new ArrayList<>();
      for (JsonNode n : array(root, "history")) {
        history.add(
            new PastBurst(
                text(n, "key"),
                Duration.parse(text(n, "length")),
                instant(n, "endedAt"),
                optInt(n, "floor").orElse(0),
                optText(n, "source").map(IntentSource::fromWire).orElse(IntentSource.ALERT)));
      }
      List<LearnedWindow> learned = new ArrayList<>();
      for (JsonNode n : array(root, "learned")) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (JsonNode d : array(n, "days")) {
          days.add(DayOfWeek.valueOf(d.asText()));
        }
        JsonNode confidence = n.get("confidence");
        if (confidence == null || !confidence.isNumber()) {
          throw new IllegalArgumentException("\"confidence\" is missing or not a number in " + n);
        }
        learned.add(
            new LearnedWindow(
                text(n, "key"),
                LearnedWindow.Pattern.fromWire(text(n, "pattern")),
                days,
                LocalTime.parse(text(n, "start")),
                LocalTime.parse(text(n, "end")),
                text(n, "timezone"),
                integer(n, "replicas"),
                Duration.parse(text(n, "leadTime")),
                integer(n, "occurrences"),
                integer(n, "expected"),
                confidence.asDouble(),
                instant(n, "learnedAt"),
                optInstant(n, "droppedAt"),
                n.path("why").asText("")));
      }
      Optional<ShedAudit> shedAudit = Optional.empty();
      JsonNode an = root.path("shedAudit");
      if (an.isObject()) {
        List<String> expected = new ArrayList<>();
        array(an, "expected").forEach(x -> expected.add(x.asText()));
        List<String> before = new ArrayList<>();
        array(an, "before").forEach(x -> before.add(x.asText()));
        shedAudit =
            Optional.of(
                new ShedAudit(instant(an, "at"), integer(an, "replicas"), expected, before));
      }
      return new Decoded<>(
          new BurstState(intents, bookkeeping, plan, history, learned, shedAudit),
          Optional.empty());
    } catch (JsonProcessingException e) {
      return garbled(BurstState.EMPTY, where, "it is not valid JSON: " + e.getOriginalMessage());
    } catch (RuntimeException e) {
      return garbled(BurstState.EMPTY, where, e.getMessage());
    }
  }

  public static String encodePool(PoolState s) {
    ObjectNode root = JSON.createObjectNode();
    root.put("v", VERSION);
    putInt(root, "baseline", s.baseline());
    putInstant(root, "lastScaleOut", s.lastScaleOut());
    putInstant(root, "lastScaleIn", s.lastScaleIn());
    putInstant(root, "rollingSince", s.rollingSince());
    root.put("lastError", s.lastError().orElse(null));
    putInstant(root, "retryNotBefore", s.retryNotBefore());
    s.lastBoot().ifPresent(b -> root.put("lastBoot", b.toString()));
    return bounded(root, "pool state");
  }

  public static Decoded<PoolState> decodePool(String text, String where) {
    if (text == null || text.isBlank()) {
      return new Decoded<>(PoolState.EMPTY, Optional.empty());
    }
    try {
      JsonNode root = JSON.readTree(text);
      if (root == null || !root.isObject() || root.path("v").asInt(-1) != VERSION) {
        return garbled(PoolState.EMPTY, where, "it is not a version " + VERSION + " JSON object");
      }
      return new Decoded<>(
          new PoolState(
              optInt(root, "baseline"),
              optInstant(root, "lastScaleOut"),
              optInstant(root, "lastScaleIn"),
              optInstant(root, "rollingSince"),
              optText(root, "lastError"),
              optInstant(root, "retryNotBefore"),
              optText(root, "lastBoot").map(Duration::parse)),
          Optional.empty());
    } catch (JsonProcessingException e) {
      return garbled(PoolState.EMPTY, where, "it is not valid JSON: " + e.getOriginalMessage());
    } catch (RuntimeException e) {
      return garbled(PoolState.EMPTY, where, e.getMessage());
    }
  }

  private static <T> Decoded<T> garbled(T empty, String where, String why) {
    return new Decoded<>(
        empty,
        Optional.of(
            where
                + " can not be read ("
                + why
                + "); aks-burst treats it as empty and will not overwrite it: fix or remove it"
                + " by hand"));
  }

  private static String bounded(ObjectNode root, String what) {
    String s = root.toString();
    int bytes = s.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_BYTES) {
      throw new IllegalArgumentException(
          "encoded " + what + " is " + bytes + " bytes, above the limit of " + MAX_BYTES);
    }
    return s;
  }

  private static Iterable<JsonNode> array(JsonNode root, String field) {
    JsonNode n = root.path(field);
    if (n.isMissingNode() || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new IllegalArgumentException("\"" + field + "\" is not a list");
    }
    return n;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" is missing or not a string in " + n);
    }
    return v.asText();
  }

  private static Optional<String> optText(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" is not a string in " + n);
    }
    return Optional.of(v.asText());
  }

  private static int integer(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new IllegalArgumentException("\"" + field + "\" is missing or not an integer in " + n);
    }
    return v.asInt();
  }

  private static OptionalInt optInt(JsonNode n, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(integer(n, field));
  }

  private static Instant instant(JsonNode n, String field) {
    return Instant.parse(text(n, field));
  }

  private static Optional<Instant> optInstant(JsonNode n, String field) {
    return optText(n, field).map(Instant::parse);
  }

  private static void putInt(ObjectNode n, String field, OptionalInt v) {
    if (v.isPresent()) {
      n.put(field, v.getAsInt());
    } else {
      n.putNull(field);
    }
  }

  private static void putInstant(ObjectNode n, String field, Optional<Instant> v) {
    n.put(field, v.map(Instant::toString).orElse(null));
  }
}
