package dev.aksburst.function;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.aksburst.app.AlertIntake;
import dev.aksburst.app.Clusters;
import dev.aksburst.app.EventIntake;
import dev.aksburst.app.LearnedWindowStatus;
import dev.aksburst.app.ManualBursts;
import dev.aksburst.app.MoneyStatus;
import dev.aksburst.app.WindowIntake;
import dev.aksburst.app.WorkloadStatus;
import dev.aksburst.intent.Json;
import dev.aksburst.model.Intent;
import dev.aksburst.model.LearnedWindow;
import dev.aksburst.model.PlanEntry;
import dev.aksburst.model.Window;
import dev.aksburst.plan.Action;
import dev.aksburst.plan.Holds;
import dev.aksburst.plan.Note;
import dev.aksburst.reconcile.ActionOutcome;
import dev.aksburst.reconcile.ReconcileResult;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The JSON the HTTP routes answer (and the timers log): one rendering of each use case's record,
 * used by the Function classes and, through them, by the local host.
 */
public final class Answers {
  private Answers() {}

  public static ObjectNode alert(AlertIntake.Outcome o) {
    ObjectNode out = Json.object();
    out.put("rule", o.alert().rule());
    out.put("condition", o.alert().condition().name().toLowerCase(Locale.ROOT));
    if (o instanceof AlertIntake.Unmapped u) {
      u.clusterId().ifPresent(c -> out.put("cluster", c));
      out.put("outcome", "unmapped");
      out.put("reason", u.reason());
    } else if (o instanceof AlertIntake.Recorded r) {
      out.put("cluster", r.clusterId());
      out.put("outcome", "recorded");
      out.put("targetedBy", r.targetedBy().name().toLowerCase(Locale.ROOT));
      ArrayNode intents = out.putArray("intents");
      r.intents().forEach(i -> intents.add(intent(i)));
      out.set("reconcile", reconcile(r.reconcile()));
    } else {
      throw new IllegalStateException("unhandled alert outcome " + o);
    }
    return out;
  }

  public static ObjectNode event(EventIntake.Outcome o) {
    ObjectNode out = Json.object();
    out.put("eventId", o.eventId());
    out.put("type", o.type());
    EventIntake.Result r = o.result();
    if (r instanceof EventIntake.BurstPlanned p) {
      out.put("outcome", "dry-run");
      out.set("reconcile", reconcile(p.reconcile()));
    } else if (r instanceof EventIntake.BurstRecorded b) {
      out.put("outcome", "recorded");
      out.set("intent", intent(b.intent()));
      out.set("reconcile", reconcile(b.reconcile()));
    } else if (r instanceof EventIntake.Alert a) {
      out.put("outcome", "alert");
      out.set("alert", alert(a.alert()));
    } else if (r instanceof EventIntake.Reconciled c) {
      out.put("outcome", "reconciled");
      out.set("reconcile", reconcile(c.reconcile()));
    } else if (r instanceof EventIntake.Rolling p) {
      out.put("outcome", p.paused() ? "paused" : "resumed");
      out.put("pool", p.pool());
      out.set("reconcile", reconcile(p.reconcile()));
    } else if (r instanceof EventIntake.Validation v) {
      out.put("outcome", "validation");
      out.put("validationResponse", v.validationResponse());
    } else if (r instanceof EventIntake.Ignored i) {
      out.put("outcome", "ignored");
      out.put("reason", i.reason());
    } else {
      throw new IllegalStateException("unhandled event result " + r);
    }
    return out;
  }

  public static ObjectNode windows(WindowIntake.Outcome o) {
    ObjectNode out = Json.object();
    out.put("at", o.at().toString());
    ArrayNode recorded = out.putArray("intents");
    o.recorded().forEach(i -> recorded.add(intent(i)));
    ArrayNode problems = out.putArray("problems");
    o.problems().forEach(problems::add);
    out.set("clusters", clusters(o.clusters()).get("clusters"));
    return out;
  }

  public static ObjectNode clusters(List<Clusters.ClusterReconcile> results) {
    ObjectNode out = Json.object();
    ArrayNode array = out.putArray("clusters");
    for (Clusters.ClusterReconcile c : results) {
      ObjectNode r = reconcile(c.result());
      r.put("cluster", c.clusterId());
      array.add(r);
    }
    return out;
  }

  public static ObjectNode started(ManualBursts.Started s) {
    ObjectNode out = Json.object();
    out.put("dryRun", s.dryRun());
    out.set("intent", intent(s.intent()));
    out.set(s.dryRun() ? "plan" : "reconcile", reconcile(s.reconcile()));
    return out;
  }

  public static ObjectNode ended(ManualBursts.Ended e) {
    ObjectNode out = Json.object();
    out.put("namespace", e.workload().namespace());
    out.put("deployment", e.workload().name());
    ArrayNode a = out.putArray("ended");
    e.ended().forEach(a::add);
    if (e.after().isPresent()) {
      WorkloadStatus s = e.after().get();
      out.put("desiredReplicas", s.desiredReplicas());
      out.put("floor", s.floor());
      holds(out, s);
    }
    out.set("reconcile", reconcile(e.reconcile()));
    return out;
  }

  /**
   * A reconcile result as trigger answers show it: {@code status}, {@code correlationId}, {@code
   * error} (FAILED), {@code nextReconcileAt} when the planner waits for something, {@code
   * coalescedWith} (COALESCED: when the reconcile that answered for this trigger finished), the
   * {@code actions} with their {@code outcome}, {@code cause} (why SKIPPED or REFUSED) and {@code
   * code} (why FAILED), and the plan's {@code notes} with their {@code reason} (the Event reason)
   * and {@code cause}.
   */
  public static ObjectNode reconcile(ReconcileResult r) {
    ObjectNode n = Json.object();
    n.put("status", r.status().name());
    n.put("correlationId", r.context().correlationId());
    r.error().ifPresent(e -> n.put("error", e));
    r.nextReconcileAt().ifPresent(t -> n.put("nextReconcileAt", t.toString()));
    if (r instanceof ReconcileResult.Coalesced c) {
      n.put("coalescedWith", c.finishedAt().toString());
    }
    ArrayNode actions = n.putArray("actions");
    for (ActionOutcome o : r.outcomes()) {
      Action a = o.action();
      ObjectNode an = actions.addObject();
      an.put("action", a.kind());
      an.put("target", a.target());
      an.put("policy", a.policy());
      an.put("reason", a.reason());
      an.put("outcome", o.status().name());
      o.cause().ifPresent(c -> an.put("cause", c.name()));
      o.code().ifPresent(c -> an.put("code", c));
      if (!o.message().isEmpty()) {
        an.put("message", o.message());
      }
    }
    ArrayNode notes = n.putArray("notes");
    for (Note note : r.plan().notes()) {
      ObjectNode nn = notes.addObject();
      note.workload().ifPresent(w -> nn.put("target", w.toString()));
      nn.put("reason", note.reason());
      nn.put("cause", note.cause().name());
      nn.put("message", note.message());
    }
    return n;
  }

  public static ObjectNode status(WorkloadStatus s) {
    ObjectNode n = Json.object();
    n.put("namespace", s.namespace());
    n.put("deployment", s.deployment());
    n.put("desiredReplicas", s.desiredReplicas());
    n.put("readyReplicas", s.readyReplicas());
    n.put("floor", s.floor());
    n.put("podsOnVirtualNodes", s.podsOnVirtualNodes());
    n.put("podsOnVmNodes", s.podsOnVmNodes());
    n.put("pendingPods", s.pendingPods());
    ArrayNode is = n.putArray("intents");
    s.intents().forEach(i -> is.add(intent(i)));
    if (s.nodePool().isPresent()) {
      WorkloadStatus.PoolStatus p = s.nodePool().get();
      ObjectNode pn = n.putObject("nodePool");
      pn.put("name", p.name());
      pn.put("mode", p.mode());
      pn.put("count", p.count());
      pn.put("readyNodes", p.readyNodes());
      pn.put("provisioningState", p.provisioningState());
      pn.put("type", p.type());
      pn.put("scaleDownMode", p.scaleDownMode());
      pn.put("powerState", p.powerState());
      pn.put("deallocatedNodes", p.deallocatedNodes());
    } else {
      n.putNull("nodePool");
    }
    ArrayNode lp = n.putArray("lastPlan");
    for (PlanEntry e : s.lastPlan()) {
      ObjectNode en = lp.addObject();
      en.put("action", e.action());
      en.put("target", e.target());
      en.put("policy", e.policy());
      en.put("reason", e.reason());
      en.put("at", e.at().toString());
    }
    ArrayNode pr = n.putArray("problems");
    s.problems().forEach(pr::add);
    n.set("virtualNodes", virtualNodes(s.virtualNodes()));
    if (s.placeholders().isPresent()) {
      ObjectNode ph = n.putObject("placeholders");
      ph.put("name", s.placeholders().get().name());
      ph.put("replicas", s.placeholders().get().replicas());
      ph.put("ready", s.placeholders().get().ready());
    } else {
      n.putNull("placeholders");
    }
    holds(n, s);
    money(n, s.money());
    ArrayNode lw = n.putArray("learnedWindows");
    s.learnedWindows().forEach(l -> lw.add(learnedWindow(l)));
    return n;
  }

  /** A learned window as status shows it: its figures, how it was found, and its cron window. */
  static ObjectNode learnedWindow(LearnedWindowStatus s) {
    LearnedWindow l = s.window();
    ObjectNode n = Json.object();
    n.put("key", l.key());
    n.put("state", s.state());
    n.put("pattern", l.pattern().wireName());
    n.put("days", s.days());
    n.put("start", l.start().toString());
    n.put("end", l.end().toString());
    n.put("timezone", l.timezone());
    n.put("replicas", l.replicas());
    n.put("leadTime", l.leadTime().toString());
    n.put("occurrences", l.occurrences());
    n.put("expected", l.expected());
    n.put("confidence", l.confidence());
    n.put("learnedAt", l.learnedAt().toString());
    n.put("droppedAt", l.droppedAt().map(Object::toString).orElse(null));
    n.put("why", l.why());
    Window w = l.window();
    ObjectNode wn = n.putObject("window");
    wn.put("start", w.start());
    wn.put("end", w.end());
    wn.put("timezone", w.timezone());
    wn.put("replicas", w.replicas());
    wn.put("leadTime", l.leadTime().toString());
    return n;
  }

  /**
   * {@code heldBy} / {@code heldUntil} (the hold that ends last; {@code none} and null when nothing
   * holds, null until for a hold that ends with a running operation) and every hold in {@code
   * holds[]}.
   */
  private static void holds(ObjectNode n, WorkloadStatus s) {
    Optional<Holds.Hold> last = s.heldBy();
    n.put("heldBy", last.map(h -> h.by().wireName()).orElse("none"));
    Optional<String> until = last.flatMap(Holds.Hold::until).map(Object::toString);
    if (until.isPresent()) {
      n.put("heldUntil", until.get());
    } else {
      n.putNull("heldUntil");
    }
    ArrayNode hs = n.putArray("holds");
    for (Holds.Hold h : s.holds()) {
      ObjectNode hn = hs.addObject();
      hn.put("by", h.by().wireName());
      if (h.until().isPresent()) {
        hn.put("until", h.until().get().toString());
      } else {
        hn.putNull("until");
      }
      hn.put("what", h.what());
    }
  }

  /** {@code decision}, {@code cost} and {@code prices} of a status. */
  static void money(ObjectNode n, MoneyStatus m) {
    if (m.decision().isPresent()) {
      MoneyStatus.Decision d = m.decision().get();
      ObjectNode dn = n.putObject("decision");
      dn.put("route", d.route());
      dn.put("cause", d.cause());
      dn.put("reason", d.reason());
      dn.put("pods", d.pods());
      dn.put("newNodes", d.newNodes());
      dn.put("aciKept", d.aciKept());
      usd(dn, "vmUsdPerHour", d.vmUsdPerHour());
      usd(dn, "aciUsdPerHour", d.aciUsdPerHour());
      usd(dn, "vmRouteUsd", d.vmRouteUsd());
      usd(dn, "aciRouteUsd", d.aciRouteUsd());
      dn.put("expectedRemaining", d.expectedRemaining().toString());
      dn.put("expectedBasis", d.expectedBasis());
    } else {
      n.putNull("decision");
    }
    if (m.cost().isPresent()) {
      MoneyStatus.Cost c = m.cost().get();
      ObjectNode cn = n.putObject("cost");
      cn.put("spentUsd", round(c.spentUsd()));
      cn.put("projectedUsd", round(c.projectedUsd()));
      cn.put("savedVsAciOnlyUsd", round(c.savedVsAciOnlyUsd()));
      cn.put("savedVsVmOnlyUsd", round(c.savedVsVmOnlyUsd()));
      cn.put("usdPerHour", round(c.usdPerHour()));
      cn.put("since", c.since().toString());
      if (c.ended().isPresent()) {
        cn.put("ended", c.ended().get().toString());
      } else {
        cn.putNull("ended");
      }
      cn.put("priced", c.priced());
    } else {
      n.putNull("cost");
    }
    MoneyStatus.PriceSources p = m.prices();
    ObjectNode pn = n.putObject("prices");
    if (p.region().isPresent()) {
      pn.put("region", p.region().get());
    } else {
      pn.putNull("region");
    }
    if (p.pool().isPresent()) {
      MoneyStatus.PoolPrice pp = p.pool().get();
      ObjectNode ppn = pn.putObject("pool");
      ppn.put("name", pp.name());
      ppn.put("vmSize", pp.vmSize());
      ppn.put("spot", pp.spot());
      usd(ppn, "usdPerNodeHour", pp.usdPerNodeHour());
      ppn.put("source", pp.source());
      if (pp.fetchedAt().isPresent()) {
        ppn.put("fetchedAt", pp.fetchedAt().get().toString());
      }
    } else {
      pn.putNull("pool");
    }
    ObjectNode an = pn.putObject("aci");
    usd(an, "vcpuHour", p.aciVcpuHour());
    usd(an, "gbHour", p.aciGbHour());
    an.put("source", p.aciSource());
    pn.put("vmDiscount", p.vmDiscount());
    ArrayNode un = pn.putArray("unknown");
    p.unknown().forEach(un::add);
  }

  private static void usd(ObjectNode n, String field, java.util.OptionalDouble v) {
    if (v.isPresent()) {
      n.put(field, round(v.getAsDouble()));
    } else {
      n.putNull(field);
    }
  }

  /** Dollars to a hundredth of a cent: enough for a burst, without binary noise. */
  private static double round(double usd) {
    return Math.round(usd * 10_000) / 10_000.0;
  }

  /**
   * The virtual-node room: {@code kind} {@code v2} (bounded: 200 pods a node), {@code add-on}
   * (bounded by the ACI quota, not by pods) or {@code none}.
   */
  static ObjectNode virtualNodes(dev.aksburst.model.VirtualNodeRoom room) {
    ObjectNode n = Json.object();
    n.put(
        "kind",
        switch (room.kind()) {
          case V2 -> "v2";
          case ACI_ADDON -> "add-on";
          case VM -> "none";
        });
    n.put("nodes", room.nodes());
    n.put("pods", room.used());
    if (room.bounded()) {
      n.put("podCapacity", room.capacity().getAsInt());
      n.put("freePods", room.free().getAsInt());
    } else {
      n.putNull("podCapacity");
      n.putNull("freePods");
    }
    return n;
  }

  /** An intent as status and trigger answers show it. */
  public static ObjectNode intent(Intent i) {
    ObjectNode n = Json.object();
    n.put("id", i.id());
    n.put("source", i.source().wireName());
    n.put("target", i.target().toString());
    n.put("replicas", i.replicas());
    n.put("from", i.from().toString());
    if (i.until().isPresent()) {
      n.put("until", i.until().get().toString());
    } else {
      n.putNull("until");
    }
    i.leadTime().ifPresent(l -> n.put("leadTime", l.toString()));
    n.put("reason", i.reason());
    return n;
  }
}
