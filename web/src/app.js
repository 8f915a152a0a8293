// eventwire web UI: hash-routed views over the JSON API. Hand-written, no framework; ECharts draws the timeline,
// dyad and map views, Cytoscape.js the network. Every text from the store goes into the page as text nodes
// (never as HTML), so an article cannot inject markup.
"use strict";

const main = document.getElementById("main");
const statusLine = document.getElementById("status");
const QUAD = { 1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict" };
const QUAD_COLOURS = { 1: "#81c784", 2: "#2e7d32", 3: "#ef9a9a", 4: "#c62828" };
const PLOVER = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
  "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"];
const FILTERS = ["actor", "source", "target", "country", "dyad", "plover", "cameo", "quad_class", "since", "until", "bbox",
  "has_location", "include_negated", "include_hypothetical"];
let charts = [];

// -- small helpers --------------------------------------------------------------------------------------------

function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

async function api(path, options) {
  const response = await fetch(path, options);
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(typeof body.detail === "string" ? body.detail : `HTTP ${response.status}`);
  return body;
}

function say(message, isError) {
  statusLine.textContent = message || "";
  statusLine.className = isError ? "status error" : "status";
}

function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== "" && value !== false) search.set(key, value);
  }
  return search.toString();
}

function route() {
  const [path, search] = location.hash.replace(/^#\/?/, "").split("?");
  const parts = path.split("/");
  return { view: parts[0] || "documents", arg: decodeURIComponent(parts.slice(1).join("/")), params: new URLSearchParams(search || "") };
}

function link(view, arg, params) {
  const tail = params && query(params);
  return `#/${view}${arg !== undefined && arg !== null ? "/" + encodeURIComponent(arg) : ""}${tail ? "?" + tail : ""}`;
}

function goldsteinColour(value) {
  if (value === null || value === undefined) return "#9e9e9e";
  const t = Math.max(-1, Math.min(1, value / 10));
  const [r, g, b] = t < 0 ? [198 + (158 - 198) * (1 + t), 40 + (158 - 40) * (1 + t), 40 + (158 - 40) * (1 + t)]
    : [158 + (46 - 158) * t, 158 + (125 - 158) * t, 158 + (50 - 158) * t];
  return `rgb(${Math.round(r)},${Math.round(g)},${Math.round(b)})`;
}

function newChart(element) {
  const chart = echarts.init(element, null, { renderer: "canvas" });
  charts.push(chart);
  return chart;
}

window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));

function actorLabel(name, code, id) {
  return id ? h("a", { href: link("actor", id) }, name || code || id) : (name || code || "?");
}

// -- views ----------------------------------------------------------------------------------------------------

const views = {
  documents: viewDocuments, reader: viewReader, explorer: viewExplorer, timeline: viewTimeline, dyads: viewDyads,
  network: viewNetwork, map: viewMap, stories: viewStories, story: viewStory, actor: viewActor,
};

async function render() {
  charts.forEach((chart) => chart.dispose());
  charts = [];
  const { view, arg, params } = route();
  document.querySelectorAll(".top nav a[data-view]").forEach((a) => {
    const active = a.dataset.view === view || (view === "story" && a.dataset.view === "stories");
    a.classList.toggle("active", active);
    if (active) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  });
  main.replaceChildren();
  say("Loading…");
  try {
    await (views[view] || viewDocuments)(arg, params);
    say("");
  } catch (error) {
    main.append(h("p", { class: "error", role: "alert" }, error.message));
    say(error.message, true);
  }
}

async function viewDocuments(_arg, params) {
  const q = params.get("q") || "";
  const form = h("form", { class: "actions", role: "search", onsubmit: (event) => {
    event.preventDefault();
    location.hash = link("", null, { q: form.elements.q.value });
  } },
  h("label", { class: "field" }, "Search the articles", h("input", { name: "q", type: "search", value: q, placeholder: "troops Kursk" })),
  h("button", { type: "submit" }, "Search"));
  main.append(h("h1", {}, q ? `Documents matching “${q}”` : "Documents"), form);
  await pagedTable(main, (cursor) => `/api/documents?${query({ q, cursor, limit: 25 })}`,
    ["Published", "Title", "Source", "Events"], (row) => [
      row.published || "", h("a", { href: link("reader", row.id) }, row.title || row.id),
      row.source || "", String(row.events)], (row) => row.snippet);
}

async function pagedTable(parent, url, headings, cells, extra) {
  const stack = [null];
  const body = h("tbody");
  const info = h("span", { class: "muted" });
  const previous = h("button", { class: "plain", type: "button", disabled: true }, "← Previous");
  const next = h("button", { class: "plain", type: "button", disabled: true }, "Next →");
  parent.append(h("div", { class: "table-wrap" }, h("table", {}, h("thead", {}, h("tr", {}, headings.map((x) => h("th", { scope: "col" }, x)))), body)),
    h("div", { class: "actions" }, previous, next, info));
  let nextCursor = null;
  async function load() {
    const data = await api(url(stack[stack.length - 1]));
    body.replaceChildren(...data.items.map((row) => {
      const tr = h("tr", {}, cells(row).map((cell) => h("td", {}, cell)));
      const more = extra && extra(row);
      return more ? [tr, h("tr", {}, h("td", { colspan: headings.length, class: "muted" }, more))] : tr;
    }).flat());
    if (!data.items.length) body.append(h("tr", {}, h("td", { colspan: headings.length, class: "muted" }, "Nothing found.")));
    nextCursor = data.next_cursor;
    next.disabled = !nextCursor;
    previous.disabled = stack.length < 2;
    info.textContent = `page ${stack.length}${data.total !== undefined ? ` · ${data.total} rows in all` : ""}`;
    return data;
  }
  next.addEventListener("click", () => { stack.push(nextCursor); load(); });
  previous.addEventListener("click", () => { stack.pop(); load(); });
  return load();
}

// -- reader ---------------------------------------------------------------------------------------------------

async function viewReader(docId, params) {
  main.append(h("h1", {}, "Reader"));
  const holder = h("div");
  main.append(holder, pasteBox(holder));
  if (docId) {
    const doc = await api(`/api/documents/${encodeURIComponent(docId)}`);
    showExtraction(holder, doc.extraction, { event: params.get("event"), stored: doc });
  } else {
    const latest = await api("/api/documents?limit=1");
    if (latest.items.length) location.replace(link("reader", latest.items[0].id));
    else holder.append(h("p", { class: "muted" }, "The store holds no document yet: paste an article below."));
  }
}

function pasteBox(holder) {
  const text = h("textarea", { id: "paste-text", name: "text", "aria-label": "Article text", placeholder: "Paste an English news article…" });
  const published = h("input", { id: "paste-published", type: "date", "aria-label": "Publication date" });
  const form = h("form", { class: "card paste", onsubmit: async (event) => {
    event.preventDefault();
    say("Extracting…");
    try {
      const result = await api("/api/extract", { method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text: text.value, published: published.value || null }) });
      holder.replaceChildren();
      showExtraction(holder, result, { pasted: true });
      say("Extracted (not stored).");
      holder.scrollIntoView();
    } catch (error) { say(error.message, true); }
  } },
  h("h2", {}, "Extract an article live"),
  h("p", { class: "muted" }, "Paste a story to see what eventwire finds in it. Nothing is stored."),
  text, h("div", { class: "actions" }, h("label", { class: "field" }, "Published", published),
    h("button", { type: "submit", id: "paste-submit" }, "Extract")));
  return form;
}

function extractionItems(extraction) {
  const items = [];
  for (const entity of extraction.entities || []) {
    for (const mention of entity.mentions || []) items.push({ kind: "entity", start: mention.start, end: mention.end, item: entity, id: `entity:${entity.id}` });
  }
  (extraction.events || []).forEach((event, index) => {
    if (event.trigger) items.push({ kind: "event", start: event.trigger.start, end: event.trigger.end, item: event, index, id: `event:${index}` });
  });
  for (const quote of extraction.quotes || []) items.push({ kind: "quote", start: quote.start, end: quote.end, item: quote, id: `quote:${quote.id}` });
  for (const time of extraction.times || []) items.push({ kind: "time", start: time.start, end: time.end, item: time, id: `time:${time.id}` });
  for (const number of extraction.quantities || []) items.push({ kind: "number", start: number.start, end: number.end, item: number, id: `number:${number.id}` });
  return items.filter((x) => Number.isInteger(x.start) && Number.isInteger(x.end) && x.end > x.start);
}

function highlightClass(entry) {
  if (entry.kind === "entity") {
    const type = entry.item.type;
    return `h-entity ${["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"].includes(type) ? "h-" + type : "h-ent-other"}`;
  }
  return { event: "h-trigger", quote: "h-quote", time: "h-time", number: "h-number" }[entry.kind];
}

function showExtraction(holder, extraction, context) {
  const doc = extraction.document || {};
  const text = doc.text || "";
  const entries = extractionItems(extraction);
  const article = h("div", { class: "article", id: "article", "aria-label": "Article with highlights" });
  const byId = new Map();
  entries.forEach((entry) => { if (!byId.has(entry.id)) byId.set(entry.id, []); byId.get(entry.id).push(entry); });
  // split the text at every boundary; each piece carries the items covering it
  const cuts = new Set([0, text.length]);
  entries.forEach((e) => { cuts.add(Math.min(e.start, text.length)); cuts.add(Math.min(e.end, text.length)); });
  const points = [...cuts].sort((a, b) => a - b);
  const spans = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [start, end] = [points[i], points[i + 1]];
    const covering = entries.filter((e) => e.start <= start && end <= e.end);
    if (!covering.length) { article.append(text.slice(start, end)); continue; }
    const span = h("span", { class: covering.map(highlightClass).join(" "), "data-items": covering.map((e) => e.id).join(" ") }, text.slice(start, end));
    span.addEventListener("click", () => {
      const smallest = covering.slice().sort((a, b) => (a.end - a.start) - (b.end - b.start))[0];
      select(smallest.id);
    });
    spans.push(span);
    article.append(span);
  }
  const provenance = h("section", { class: "card provenance", id: "provenance", "aria-live": "polite" },
    h("h2", {}, "Provenance"), h("p", { class: "muted" }, "Choose an item in the text or in the list to see where it comes from."));
  const buttons = new Map();
  function select(id) {
    const entry = (byId.get(id) || [])[0];
    // an event also marks its source and target mentions
    const sides = entry && entry.kind === "event" ? [["arg-source", entry.item.source], ["arg-target", entry.item.target]] : [];
    spans.forEach((s) => {
      const items = (s.dataset.items || "").split(" ");
      s.classList.toggle("sel", items.includes(id));
      for (const [name, side] of sides) s.classList.toggle(name, (side || []).some((p) => items.includes(`entity:${p.entity}`)));
      if (!sides.length) s.classList.remove("arg-source", "arg-target");
    });
    buttons.forEach((b, key) => b.setAttribute("aria-pressed", key === id ? "true" : "false"));
    if (entry) showProvenance(provenance, entry, extraction);
  }
  const side = h("aside", { class: "side", "aria-label": "What was extracted" });
  const groups = [
    ["Entities", (extraction.entities || []).map((e) => [`entity:${e.id}`, `${e.name} · ${e.type}${e.actor && e.actor.code ? " · " + e.actor.code : ""}`])],
    ["Events", (extraction.events || []).map((e, i) => [`event:${i}`, `${sideName(e.source)} → ${e.trigger ? e.trigger.text : "?"} → ${sideName(e.target)} · ${e.plover || ""} ${e.cameo || ""}`])],
    ["Quotes", (extraction.quotes || []).map((q) => [`quote:${q.id}`, `${q.speaker_name || "?"}: “${q.text}”`])],
    ["Times", (extraction.times || []).map((t) => [`time:${t.id}`, `${t.text} = ${t.value || "?"}`])],
    ["Numbers", (extraction.quantities || []).map((n) => [`number:${n.id}`, `${n.text}${n.counted ? " " + n.counted : ""}`])],
  ];
  for (const [title, list] of groups) {
    side.append(h("section", { class: "card", "data-group": title.toLowerCase() }, h("h2", {}, `${title} (${list.length})`),
      h("ul", { class: "items" }, list.map(([id, label]) => {
        const button = h("button", { type: "button", "aria-pressed": "false", onclick: () => select(id) }, label);
        buttons.set(id, button);
        return h("li", {}, button);
      }))));
  }
  side.prepend(provenance);
  const title = context.pasted ? "Pasted article (not stored)" : (doc.title || doc.id);
  holder.append(h("div", { class: "card" }, h("h2", { id: "doc-title" }, title),
    h("p", { class: "muted" }, [doc.source, doc.published, doc.url].filter(Boolean).join(" · ")),
    h("div", { class: "legend", "aria-hidden": "true" }, h("span", { class: "h-entity h-PERSON" }, "person"),
      h("span", { class: "h-entity h-GPE" }, "place/country"), h("span", { class: "h-entity h-ORG" }, "organisation"),
      h("span", { class: "h-trigger" }, "event trigger"), h("span", { class: "h-quote" }, "quote"),
      h("span", { class: "h-time" }, "time"), h("span", { class: "h-number" }, "number"),
      h("span", { class: "legend-source" }, "chosen event's source"), h("span", { class: "legend-target" }, "its target"))),
  h("div", { class: "reader" }, article, side));
  if (context.event !== null && context.event !== undefined && byId.has(`event:${context.event}`)) {
    const event = (extraction.events || [])[Number(context.event)];
    if (event && event.sentence) markSentence(article, text, event.sentence);
    select(`event:${context.event}`);
    const target = spans.find((s) => s.classList.contains("sel"));
    if (target) target.scrollIntoView({ block: "center" });
  }
}

function markSentence(article, text, sentence) {
  // wrap the plain-text pieces of the sentence so the row's sentence stands out
  let offset = 0;
  for (const node of [...article.childNodes]) {
    const length = node.textContent.length;
    if (offset + length > sentence.start && offset < sentence.end) {
      if (node.nodeType === Node.ELEMENT_NODE) node.classList.add("focus-sentence");
      else {
        const wrap = h("span", { class: "focus-sentence" }, node.textContent);
        node.replaceWith(wrap);
      }
    }
    offset += length;
  }
}

function sideName(side) {
  return (side || []).map((p) => p.name || p.code).join(", ") || "?";
}

function definitionList(pairs) {
  return h("dl", {}, pairs.filter(([, v]) => v !== null && v !== undefined && v !== "").map(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]).flat());
}

function showProvenance(panel, entry, extraction) {
  const text = (extraction.document || {}).text || "";
  const item = entry.item;
  panel.replaceChildren(h("h2", {}, "Provenance"));
  if (entry.kind === "event") {
    const sentence = item.sentence ? text.slice(item.sentence.start, item.sentence.end) : "";
    panel.append(h("h3", {}, `${item.cameo || ""} ${item.cameo_name || ""} (${item.plover || "no PLOVER type"})`),
      definitionList([["Sentence", sentence], ["Trigger", item.trigger && item.trigger.text], ["Rule", item.rule],
        ["Reported by", item.reported_by && (item.reported_by.name || JSON.stringify(item.reported_by))],
        ["Confidence", item.confidence], ["Quad class", item.quad_class && `${item.quad_class} ${QUAD[item.quad_class]}`],
        ["Goldstein", item.goldstein], ["Date", item.date && `${item.date.value || "?"} (${item.date.source || ""})`],
        ["Location", item.location && item.location.name], ["Negated", item.negated ? "yes" : null],
        ["Hypothetical", item.hypothetical ? "yes" : null], ["Modality", item.modality],
        ["Real-world event", item.cluster_id !== undefined && item.cluster_id !== null ? h("a", { href: link("story", item.cluster_id) }, `story #${item.cluster_id}`) : null]]));
    for (const [label, side] of [["Source", item.source], ["Target", item.target]]) {
      for (const participant of side || []) {
        const entity = (extraction.entities || []).find((e) => e.id === participant.entity);
        panel.append(h("h3", {}, `${label}: ${participant.name || participant.code || "?"}`), definitionList(resolution(participant, entity)));
      }
    }
  } else if (entry.kind === "entity") {
    panel.append(h("h3", {}, `${item.name} (${item.type})`), definitionList(resolution({ code: item.actor && item.actor.code }, item)));
  } else if (entry.kind === "quote") {
    panel.append(h("h3", {}, `Quote (${item.kind})`), definitionList([["Speaker", item.speaker_name], ["Speaker entity", item.speaker],
      ["Cue", item.cue && item.cue.text], ["Words", item.text], ["Nested in", item.nested]]));
  } else if (entry.kind === "time") {
    panel.append(h("h3", {}, `Time “${item.text}”`), definitionList([["Value", item.value], ["Type", item.type], ["Anchor", item.anchor], ["Modifier", item.mod]]));
  } else {
    panel.append(h("h3", {}, `Number “${item.text}”`), definitionList([["Value", item.max ? `${item.value}–${item.max}` : item.value],
      ["Qualifier", item.qualifier], ["Unit", item.unit], ["Counted", item.counted], ["About", item.about], ["Revises", item.revises], ["Claimed by", item.claimant]]));
  }
}

function resolution(participant, entity) {
  const actor = (entity && entity.actor) || {};
  const mentions = entity ? (entity.mentions || []).map((m) => m.text).join("; ") : null;
  return [["Entity", entity && `${entity.name} (${entity.id})`], ["Actor code", participant.code || actor.code],
    ["Country", actor.country], ["Sector", actor.sector], ["Role", actor.role],
    ["Knowledge base", entity && entity.kb ? `resolved to ${entity.kb}` : (entity ? "not in the knowledge base" : null)],
    ["Corpus actor", entity && entity.corpus_actor ? h("a", { href: link("actor", entity.corpus_actor) }, entity.corpus_actor) : null],
    ["Mentions", mentions], ["Place", entity && entity.place && entity.place.name]];
}

// -- explorer -------------------------------------------------------------------------------------------------

function filterForm(params, onSubmit, extra) {
  const input = (name, label, attrs) => h("label", {}, label, h("input", { name, value: params.get(name) || "", ...attrs }));
  const select = (name, label, options) => h("label", {}, label, h("select", { name },
    h("option", { value: "" }, "any"), options.map(([value, text]) => h("option", { value, selected: params.get(name) === String(value) }, text))));
  const check = (name, label) => h("label", { class: "check" }, h("input", { type: "checkbox", name, checked: params.get(name) === "true" }), label);
  const form = h("form", { class: "filters", "aria-label": "Filters", onsubmit: (event) => {
    event.preventDefault();
    const values = {};
    for (const element of form.elements) {
      if (!element.name) continue;
      if (element.type === "checkbox") values[element.name] = element.checked ? "true" : "";
      else values[element.name] = element.value.trim();
    }
    onSubmit(values);
  } },
  input("actor", "Actor (either side)", { placeholder: "PRK, PRKGOV or an actor id" }),
  input("country", "Country (ISO3)", { placeholder: "PRK", maxlength: 3 }),
  input("dyad", "Dyad", { placeholder: "PRK,RUS" }),
  select("plover", "PLOVER type", PLOVER.map((p) => [p, p])),
  input("cameo", "CAMEO prefix", { placeholder: "04", maxlength: 4 }),
  select("quad_class", "Quad class", Object.entries(QUAD)),
  input("since", "Since", { type: "date" }), input("until", "Until", { type: "date" }),
  input("bbox", "Box W,S,E,N", { placeholder: "30,40,60,60" }),
  select("has_location", "Location", [["true", "has one"], ["false", "has none"]]),
  check("include_negated", "include negated"), check("include_hypothetical", "include hypothetical"),
  extra || null,
  h("button", { type: "submit" }, "Apply"));
  // folded on a phone, where the filters would fill the screen; open on a wider one
  const active = FILTERS.filter((name) => params.get(name)).length;
  return h("details", { class: "card", open: window.matchMedia("(min-width: 801px)").matches },
    h("summary", {}, active ? `Filters (${active} set)` : "Filters"), form);
}

function filterValues(params) {
  const values = {};
  for (const name of FILTERS) if (params.get(name)) values[name] = params.get(name);
  return values;
}

async function viewExplorer(_arg, params) {
  const filters = filterValues(params);
  const sort = params.get("sort") || "-day";
  main.append(h("h1", {}, "Explorer"),
    filterForm(params, (values) => { location.hash = link("explorer", null, { ...values, sort: values.sort }); },
      h("label", {}, "Sort", h("select", { name: "sort" }, [["-day", "newest"], ["day", "oldest"], ["-goldstein", "most cooperative"],
        ["goldstein", "most conflictual"], ["-confidence", "most confident"]].map(([v, t]) => h("option", { value: v, selected: v === sort }, t))))));
  const downloads = h("div", { class: "actions" }, "Download the filtered events:",
    h("a", { class: "button", href: `/api/events/download?${query({ ...filters, sort, format: "csv" })}`, download: "events.csv" }, "CSV"),
    h("a", { class: "button", href: `/api/events/download?${query({ ...filters, sort, format: "jsonl" })}`, download: "events.jsonl" }, "JSON lines"));
  main.append(downloads);
  await pagedTable(main, (cursor) => `/api/events?${query({ ...filters, sort, cursor, limit: 50 })}`,
    ["Day", "Source", "Event", "Target", "Location", "Sentence"], (row) => [
      row.day || "", actorLabel(row.source_name, row.source_code, row.source_actor),
      h("span", {}, h("span", { class: "badge" }, row.plover || "—"), `${row.cameo || ""} ${row.cameo_name || ""}`),
      actorLabel(row.target_name, row.target_code, row.target_actor), row.location_name || "",
      h("a", { href: link("reader", row.doc_id, { event: row.idx }), title: row.document_title || "" }, row.sentence || row.trigger_text || "open")]);
}

// -- timeline and dyads ---------------------------------------------------------------------------------------

function seriesChart(element, rows, seriesName, colours) {
  const periods = [...new Set(rows.map((r) => r.period))].sort();
  const names = [...new Set(rows.map((r) => r.series === null ? "none" : String(r.series)))].sort();
  const counts = {};
  rows.forEach((r) => { counts[`${r.period}|${r.series === null ? "none" : r.series}`] = r.events; });
  const totals = periods.map((p) => {
    const at = rows.filter((r) => r.period === p);
    const events = at.reduce((sum, r) => sum + r.events, 0);
    const weighted = at.reduce((sum, r) => sum + (r.mean_goldstein === null ? 0 : r.mean_goldstein * r.events), 0);
    const weight = at.reduce((sum, r) => sum + (r.mean_goldstein === null ? 0 : r.events), 0);
    return { events, goldstein: weight ? Math.round((weighted / weight) * 100) / 100 : null };
  });
  const chart = newChart(element);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", top: 0 },
    grid: { left: 48, right: 48, top: 48, bottom: 40 },
    xAxis: { type: "category", data: periods },
    yAxis: [{ type: "value", name: "events" }, { type: "value", name: "Goldstein", min: -10, max: 10 }],
    series: [
      ...names.map((name) => ({ name: seriesName(name), type: "bar", stack: "events", itemStyle: colours ? { color: colours[name] } : undefined,
        data: periods.map((p) => counts[`${p}|${name}`] || 0) })),
      { name: "mean Goldstein", type: "line", yAxisIndex: 1, data: totals.map((t) => t.goldstein), itemStyle: { color: "#333" } },
    ],
  });
  return chart;
}

async function viewTimeline(_arg, params) {
  const by = params.get("by") || "type";
  const period = params.get("period") || "month";
  const filters = filterValues(params);
  main.append(h("h1", {}, "Timeline"),
    filterForm(params, (values) => { location.hash = link("timeline", null, values); }, [
      h("label", {}, "Series", h("select", { name: "by" }, [["type", "PLOVER type"], ["quad_class", "quad class"], ["country", "source country"]]
        .map(([v, t]) => h("option", { value: v, selected: v === by }, t)))),
      h("label", {}, "Period", h("select", { name: "period" }, ["day", "week", "month"].map((p) => h("option", { value: p, selected: p === period }, p))))]));
  const data = await api(`/api/timeline?${query({ ...filters, by, period })}`);
  const element = h("div", { class: "chart", id: "timeline-chart", role: "img", "aria-label": `Events per ${period} by ${by}` });
  main.append(element, h("p", { class: "muted", id: "timeline-count" }, `${data.rows.reduce((s, r) => s + r.events, 0)} event mentions in ${new Set(data.rows.map((r) => r.period)).size} periods`));
  seriesChart(element, data.rows, (name) => (by === "quad_class" ? QUAD[name] || name : name), by === "quad_class" ? QUAD_COLOURS : null);
}

async function viewDyads(_arg, params) {
  const a = params.get("a") || "PRK";
  const b = params.get("b") || "RUS";
  const period = params.get("period") || "month";
  const form = h("form", { class: "card filters", onsubmit: (event) => {
    event.preventDefault();
    location.hash = link("dyads", null, { a: form.elements.a.value.trim(), b: form.elements.b.value.trim(), period: form.elements.period.value });
  } },
  h("label", {}, "First actor or country", h("input", { name: "a", value: a })),
  h("label", {}, "Second actor or country", h("input", { name: "b", value: b })),
  h("label", {}, "Period", h("select", { name: "period" }, ["day", "week", "month"].map((p) => h("option", { value: p, selected: p === period }, p)))),
  h("button", { type: "submit" }, "Show"));
  main.append(h("h1", {}, `Dyad: ${a} and ${b}`), form);
  const data = await api(`/api/timeline?${query({ dyad: `${a},${b}`, by: "quad_class", period })}`);
  const element = h("div", { class: "chart", id: "dyad-chart", role: "img", "aria-label": `Cooperation and conflict between ${a} and ${b}` });
  main.append(element, h("p", {}, h("a", { href: link("explorer", null, { dyad: `${a},${b}` }) }, "See these events in the explorer")));
  if (!data.rows.length) main.append(h("p", { class: "muted" }, "No events between these two."));
  seriesChart(element, data.rows, (name) => QUAD[name] || name, QUAD_COLOURS);
}

// -- network --------------------------------------------------------------------------------------------------

async function viewNetwork(_arg, params) {
  const level = params.get("level") || "country";
  const filters = filterValues(params);
  main.append(h("h1", {}, "Network"),
    filterForm(params, (values) => { location.hash = link("network", null, values); },
      h("label", {}, "Nodes", h("select", { name: "level" }, [["country", "countries"], ["actor", "actors"]].map(([v, t]) => h("option", { value: v, selected: v === level }, t))))));
  const data = await api(`/api/dyads?${query({ ...filters, level, limit: 150 })}`);
  const element = h("div", { class: "chart", id: "network-graph", role: "img", "aria-label": `Network of ${level === "actor" ? "actors" : "countries"}` });
  main.append(element, h("p", { class: "muted", id: "network-count" }, `${data.edges.length} edges · width = events, colour = mean Goldstein (red conflict, green cooperation) · click an edge to see its events`));
  const nodes = new Map();
  data.edges.forEach((e) => {
    nodes.set(e.source, { name: e.source_name || e.source, degree: (nodes.get(e.source) || { degree: 0 }).degree + e.events });
    nodes.set(e.target, { name: e.target_name || e.target, degree: (nodes.get(e.target) || { degree: 0 }).degree + e.events });
  });
  const maxEvents = Math.max(1, ...data.edges.map((e) => e.events));
  const maxDegree = Math.max(1, ...[...nodes.values()].map((n) => n.degree));
  const graph = cytoscape({
    container: element,
    elements: [
      ...[...nodes].map(([id, n]) => ({ data: { id: `n:${id}`, key: id, label: n.name, size: 18 + 30 * (n.degree / maxDegree) } })),
      ...data.edges.filter((e) => e.source !== e.target).map((e, i) => ({ data: { id: `e${i}`, source: `n:${e.source}`, target: `n:${e.target}`,
        width: 1 + 7 * (e.events / maxEvents), colour: goldsteinColour(e.mean_goldstein), dyad: `${e.source},${e.target}`, events: e.events } })),
    ],
    style: [
      { selector: "node", style: { label: "data(label)", width: "data(size)", height: "data(size)", "background-color": "#1f4e79", color: "#1d232b", "font-size": 11, "text-valign": "bottom" } },
      { selector: "edge", style: { width: "data(width)", "line-color": "data(colour)", "target-arrow-color": "data(colour)", "target-arrow-shape": "triangle", "curve-style": "bezier", opacity: 0.85 } },
    ],
    layout: { name: "cose", animate: false, randomize: false },
    maxZoom: 1.6,
  });
  graph.on("tap", "edge", (event) => { location.hash = link("explorer", null, { dyad: event.target.data("dyad") }); });
  graph.on("tap", "node", (event) => {
    const key = event.target.data("key");
    location.hash = level === "actor" ? link("actor", key) : link("explorer", null, { country: key });
  });
}

// -- map ------------------------------------------------------------------------------------------------------

let worldLoaded = null;
function loadWorld() {
  worldLoaded = worldLoaded || fetch("/static/vendor/countries-110m.json").then((r) => r.json()).then((topology) => {
    echarts.registerMap("world", topojson.feature(topology, topology.objects.countries));
  });
  return worldLoaded;
}

async function viewMap(_arg, params) {
  const filters = filterValues(params);
  main.append(h("h1", {}, "Map"), filterForm(params, (values) => { location.hash = link("map", null, values); }));
  const [data] = await Promise.all([api(`/api/places?${query({ ...filters, limit: 500 })}`), loadWorld()]);
  const element = h("div", { class: "chart", id: "world-map", role: "img", "aria-label": "Map of event locations" });
  main.append(element, h("p", { class: "muted", id: "map-count" }, `${data.places.length} places · size = events, colour = mean Goldstein · click a place to see its events`));
  const maxEvents = Math.max(1, ...data.places.map((p) => p.events));
  const chart = newChart(element);
  chart.setOption({
    animation: false,
    tooltip: { trigger: "item", formatter: (p) => (p.data ? `${p.data.name}: ${p.data.events} events, mean Goldstein ${p.data.goldstein}` : p.name) },
    geo: { map: "world", roam: true, itemStyle: { areaColor: "#e8ecf1", borderColor: "#9aa5b1" }, emphasis: { disabled: true } },
    series: [{ type: "scatter", coordinateSystem: "geo", data: data.places.map((p) => ({ name: p.name, value: [p.lon, p.lat, p.events], events: p.events,
      goldstein: p.mean_goldstein, itemStyle: { color: goldsteinColour(p.mean_goldstein) }, symbolSize: 6 + 24 * Math.sqrt(p.events / maxEvents) })) }],
  });
  chart.on("click", (p) => {
    if (!p.data || !p.data.value) return;
    const [lon, lat] = p.data.value;
    const box = [lon - 0.5, lat - 0.5, lon + 0.5, lat + 0.5].map((x) => Math.round(x * 1000) / 1000);
    location.hash = link("explorer", null, { ...filters, bbox: box.join(",") });
  });
}

// -- stories (real-world events) ------------------------------------------------------------------------------

async function viewStories(_arg, params) {
  const filters = filterValues(params);
  const minReports = params.get("min_reports") || "2";
  main.append(h("h1", {}, "Stories of real-world events"),
    h("p", { class: "muted" }, "Each story is one real-world event as several reports tell it."),
    filterForm(params, (values) => { location.hash = link("stories", null, values); },
      h("label", {}, "Fewest reports", h("input", { name: "min_reports", type: "number", min: 1, value: minReports }))));
  await pagedTable(main, (cursor) => `/api/clusters?${query({ ...filters, min_reports: minReports, cursor, limit: 25 })}`,
    ["First day", "Event", "Who", "Reports", "Sources"], (row) => [
      row.first_day || "", h("a", { href: link("story", row.id) }, `${row.plover || row.family || "?"} ${row.cameo || ""}`),
      `${row.source_name || row.source_actor || "?"} → ${row.target_name || row.target_actor || "?"}`, String(row.mentions),
      (row.source_names || []).join(", ")]);
}

async function viewStory(clusterId) {
  const story = await api(`/api/clusters/${encodeURIComponent(clusterId)}`);
  main.append(h("h1", {}, `${story.source_name || story.source_actor || "?"} → ${story.target_name || story.target_actor || "?"}: ${story.plover || story.family || ""} ${story.cameo || ""}`),
    h("p", { class: "muted" }, `${story.mentions} reports in ${story.documents} documents from ${story.sources} sources · ${story.first_day || "?"} to ${story.last_day || "?"}` +
      `${story.location_name ? " · " + story.location_name : ""} · mean Goldstein ${story.mean_goldstein}`));
  if (story.numbers.length) {
    main.append(h("section", { class: "card", id: "story-numbers" }, h("h2", {}, "How the numbers changed"),
      story.numbers.map((series) => h("p", {}, h("strong", {}, `${series.counted}: `), series.values.map((v, i) => {
        const previous = i ? series.values[i - 1].value : null;
        const arrow = previous === null ? "" : v.value > previous ? " ↑ " : v.value < previous ? " ↓ " : " = ";
        return [arrow ? h("span", { class: v.value > previous ? "up" : "down" }, arrow) : null, `${v.text} (${v.published || "?"}, ${v.source || "?"})`];
      }).flat()))));
  }
  main.append(h("h2", {}, "Reports in time order"), h("ol", { class: "reports", id: "story-reports" }, story.reports.map((r) => h("li", {},
    h("div", {}, h("strong", {}, r.published || "undated"), " · ", r.document_source || "?", " · ",
      h("a", { href: link("reader", r.doc_id, { event: r.idx }) }, r.document_title || r.doc_id)),
    h("p", {}, r.sentence || ""),
    h("div", { class: "muted" }, `trigger “${r.trigger_text || "?"}” · rule ${r.rule || "?"} · confidence ${r.confidence}`,
      r.reported_by ? ` · reported by ${r.reported_by}` : ""),
    r.quotes.map((q) => h("p", { class: "quote" }, `${q.speaker_name || "(speaker not resolved)"}: “${q.text}”`)),
    r.numbers.length ? h("div", {}, "Numbers: ", r.numbers.map((n) => h("span", { class: "badge" }, `${n.text}${n.counted ? " " + n.counted : ""}`))) : null))));
}

// -- actor ----------------------------------------------------------------------------------------------------

async function viewActor(actorId) {
  const actor = await api(`/api/actors/${encodeURIComponent(actorId)}`);
  main.append(h("h1", {}, `${actor.name} `, h("span", { class: "badge" }, actor.type), actor.code ? h("span", { class: "badge" }, actor.code) : null),
    h("p", { class: "muted" }, `${actor.id}${actor.country ? " · " + actor.country : ""}`),
    h("div", { class: "reader" },
      h("div", {},
        h("h2", {}, "Events as source"), eventList(actor.events_as_source),
        h("h2", {}, "Events as target"), eventList(actor.events_as_target),
        h("h2", {}, "Quotes"), actor.quotes.length ? actor.quotes.map((q) => h("p", { class: "quote" }, `“${q.text}” `,
          h("a", { href: link("reader", q.doc_id) }, `${q.published || ""} ${q.title || ""}`))) : h("p", { class: "muted" }, "None.")),
      h("aside", { class: "side" },
        h("section", { class: "card" }, h("h2", {}, "Also called"), h("ul", {}, actor.aliases.map((a) => h("li", {}, `${a.alias} (${a.documents})`)))),
        h("section", { class: "card" }, h("h2", {}, "Roles"), actor.roles.length ? h("ul", {}, actor.roles.map((r) => h("li", {}, `${r.role}: ${r.first_seen || "?"} – ${r.last_seen || "?"}`))) : h("p", { class: "muted" }, "None.")),
        h("section", { class: "card" }, h("h2", {}, "Deals most with"), h("ul", {}, actor.counterparts.map((c) => h("li", {},
          h("a", { href: link("actor", c.actor_id) }, c.name || c.actor_id), ` ${c.events} events, mean Goldstein ${c.mean_goldstein}`)))),
        h("section", { class: "card" }, h("h2", {}, "Documents"), h("ul", {}, actor.documents.map((d) => h("li", {}, h("a", { href: link("reader", d.id) }, d.title || d.id), ` ${d.published || ""}`)))))));
}

function eventList(rows) {
  if (!rows.length) return h("p", { class: "muted" }, "None.");
  return h("ul", {}, rows.map((r) => h("li", {}, `${r.day || "?"} `, h("span", { class: "badge" }, r.plover || r.cameo || "?"),
    `${r.source_name || "?"} → ${r.target_name || "?"}: `, h("a", { href: link("reader", r.doc_id, { event: r.idx }) }, r.sentence || r.trigger_text))));
}

// -- start ----------------------------------------------------------------------------------------------------

async function showOverview() {
  try {
    const o = await api("/api/overview");
    document.getElementById("overview").textContent = `${o.documents} documents · ${o.events} events · ${o.clusters} real-world events · ${o.first_day || "?"} – ${o.last_day || "?"}`;
  } catch (error) { say(error.message, true); }
}

window.addEventListener("hashchange", render);
showOverview();
render();
