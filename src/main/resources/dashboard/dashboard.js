"use strict";
// Polls the status API (GET /api/bursts, the same JSON scripts read) and draws each opted-in
// Deployment: a time chart of the status figures, its node pool, intents, holds, cost and the
// latest plan. Field names on screen are the status field names.
(function () {
  const params = new URLSearchParams(location.search);
  const statusUrl = document.body.dataset.statusUrl;
  const key = params.get("code");
  const every = Math.max(250, Number(params.get("every")) || 2000);
  const keep = 1800; // points per chart: an hour at the default poll interval

  // The chart's series, in order after time: [status field, label, colour, dash].
  const SERIES = [
    ["desiredReplicas", "desiredReplicas", "--desired", [6, 4]],
    ["readyReplicas", "readyReplicas (Ready)", "--ready", null],
    ["podsOnVmNodes", "podsOnVmNodes (VMs)", "--vm", null],
    ["podsOnVirtualNodes", "podsOnVirtualNodes (ACI)", "--aci", null],
    ["pendingPods", "pendingPods", "--pending", null],
    ["floor", "floor", "--floor", [2, 3]],
  ];

  const state = { polls: 0, lastError: null, charts: {}, workloads: {} };
  window.aksBurstDashboard = state;

  const css = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return e;
  }

  function table(headers, rows, empty) {
    const t = el("table", {}, el("tr", {}, ...headers.map((h) => el("th", {}, h))));
    if (rows.length === 0) {
      t.append(el("tr", {}, el("td", { class: "none", colspan: String(headers.length) }, empty)));
    }
    for (const r of rows) t.append(el("tr", {}, ...r.map((c) => el("td", {}, c ?? ""))));
    return t;
  }

  const usd = (v) => (typeof v === "number" ? "$" + v.toFixed(v < 10 ? 3 : 2) : "");
  const time = (iso) => (iso ? iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "Z") : "open");

  function card(id) {
    const section = el("section", { class: "workload", "data-workload": id });
    const parts = {
      section,
      title: el("h2", {}, id),
      figures: el("div", { class: "figures" }),
      chart: el("div", { class: "chart" }),
      problems: el("ul", { class: "problems" }),
      pool: el("div", { class: "panel", "data-panel": "nodePool" }),
      holds: el("div", { class: "panel", "data-panel": "held" }),
      intents: el("div", { class: "panel", "data-panel": "intents" }),
      money: el("div", { class: "panel", "data-panel": "cost" }),
      plan: el("div", { class: "panel", "data-panel": "lastPlan" }),
    };
    const grid = el("div", { class: "grid" }, parts.pool, parts.holds, parts.intents, parts.money);
    section.append(parts.title, parts.figures, parts.chart, parts.problems, grid, parts.plan);
    document.getElementById("workloads").append(section);
    const width = Math.max(480, section.clientWidth - 32);
    const chart = new uPlot(
      {
        width,
        height: 260,
        scales: { x: { time: true }, y: { range: (u, min, max) => [0, Math.max(5, max + 1)] } },
        axes: [{}, { label: "pods" }],
        series: [
          {},
          ...SERIES.map(([, label, colour, dash]) => ({
            label,
            stroke: css(colour),
            width: 2,
            dash: dash || undefined,
            paths: label === "floor" ? uPlot.paths.stepped({ align: 1 }) : undefined,
          })),
        ],
      },
      [[], ...SERIES.map(() => [])],
      parts.chart,
    );
    state.charts[id] = chart;
    return parts;
  }

  function panel(node, title, ...content) {
    node.replaceChildren(el("h3", {}, title), ...content);
  }

  function render(w, now) {
    const id = w.namespace + "/" + w.deployment;
    const parts = state.workloads[id] || (state.workloads[id] = card(id));
    const chart = state.charts[id];
    const data = chart.data.map((s) => s.slice(-keep + 1));
    data[0].push(now);
    SERIES.forEach(([field], i) => data[i + 1].push(Number(w[field] ?? 0)));
    chart.setData(data);

    parts.figures.replaceChildren(
      ...SERIES.map(([field, , colour]) =>
        el(
          "div",
          { class: "figure", "data-field": field },
          el("div", { class: "v", style: "color: var(" + colour + ")" }, w[field] ?? 0),
          el("div", { class: "k" }, field),
        ),
      ),
    );
    parts.problems.replaceChildren(...(w.problems || []).map((p) => el("li", {}, p)));

    const p = w.nodePool;
    panel(
      parts.pool,
      "nodePool",
      p
        ? table(
            ["name", "mode", "count", "readyNodes", "provisioning", "provisioningState"],
            [[p.name, p.mode, p.count, p.readyNodes, Math.max(0, p.count - p.readyNodes), p.provisioningState]],
            "",
          )
        : el("p", { class: "none" }, "no VM pool backs this workload"),
    );

    const heldBy = w.heldBy;
    panel(
      parts.holds,
      "heldBy",
      heldBy === undefined
        ? el("p", { class: "none" }, "this status does not report holds")
        : el(
            "p",
            { class: "held", "data-field": "heldBy" },
            heldBy === "none" ? "nothing holds it" : heldBy + " until " + time(w.heldUntil),
          ),
    );

    panel(
      parts.intents,
      "intents",
      table(
        ["source", "replicas", "from", "until", "reason"],
        (w.intents || []).map((i) => [i.source, i.replicas, time(i.from), time(i.until), i.reason]),
        "no intent: the workload runs at its baseline",
      ),
    );

    const d = w.decision;
    const c = w.cost;
    const money = [];
    if (d) {
      money.push(
        table(
          ["decision.route", "vmUsdPerHour", "aciUsdPerHour", "expectedRemaining", "reason"],
          [[d.route, usd(d.vmUsdPerHour), usd(d.aciUsdPerHour), d.expectedRemaining, d.reason]],
          "",
        ),
      );
    }
    if (c) {
      money.push(
        table(
          ["spentUsd", "projectedUsd", "savedVsAciOnlyUsd", "savedVsVmOnlyUsd"],
          [[usd(c.spentUsd), usd(c.projectedUsd), usd(c.savedVsAciOnlyUsd), usd(c.savedVsVmOnlyUsd)]],
          "",
        ),
      );
    }
    if (money.length === 0) money.push(el("p", { class: "none" }, "this status reports no decision or cost"));
    panel(parts.money, "decision and cost", ...money);

    panel(
      parts.plan,
      "lastPlan",
      table(
        ["at", "action", "target", "policy", "reason"],
        (w.lastPlan || []).map((e) => [time(e.at), e.action, e.target, e.policy, e.reason]),
        "the last reconcile planned nothing",
      ),
    );
  }

  async function poll() {
    const connection = document.getElementById("connection");
    try {
      const res = await fetch(statusUrl, {
        headers: key ? { "x-functions-key": key } : {},
        cache: "no-store",
      });
      const body = await res.json();
      if (!res.ok) {
        throw new Error(res.status + " " + (body.title || "") + ": " + (body.detail || ""));
      }
      const now = Date.now() / 1000;
      document.getElementById("cluster").textContent = body.cluster || "";
      const workloads = body.workloads || [];
      document.getElementById("empty").hidden = workloads.length > 0;
      workloads.forEach((w) => render(w, now));
      state.polls++;
      state.lastError = null;
      connection.textContent = "updated " + new Date().toLocaleTimeString();
      connection.className = "connection ok";
    } catch (e) {
      state.lastError = String(e.message || e);
      connection.textContent = key
        ? "status failed: " + state.lastError
        : "add ?code=<function key> to the address: " + state.lastError;
      connection.className = "connection failed";
    } finally {
      setTimeout(poll, every);
    }
  }

  window.addEventListener("resize", () => {
    for (const [id, chart] of Object.entries(state.charts)) {
      const w = state.workloads[id].section.clientWidth - 32;
      chart.setSize({ width: Math.max(480, w), height: 260 });
    }
  });
  poll();
})();
