/* diplomatic-kg explorer, part 1: the data, the filter state and the meetings they select.
 *
 * Every string that comes from the graph (labels, evidence, titles, dates, IRIs) reaches
 * the page through textContent, an <option>'s text or a link's href (http and https
 * only), never through innerHTML, so article text cannot inject markup.
 */
"use strict";

const KG = (window.KG = {});

KG.el = function (tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
};

KG.byId = (id) => document.getElementById(id);

KG.link = function (text, url) {
  /* A link to an article's source where the URL is http(s); plain text otherwise. */
  if (url && /^https?:\/\//i.test(url)) {
    const a = KG.el("a", "kg-source", text || url);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  return KG.el("span", null, text || "(untitled article)");
};

KG.plural = (n, word) => `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;

KG.STATUS_DASHES = { occurred: false, planned: [8, 6], hypothetical: [2, 5], negated: [12, 4, 2, 4] };

/* ---- loading ---- */

KG.load = async function () {
  const block = KG.byId("kg-data");
  let text = block.textContent;
  if (block.dataset.src) {
    const answer = await fetch(block.dataset.src, { headers: { Accept: "application/json" } });
    if (!answer.ok) throw new Error(`${block.dataset.src}: ${answer.status} ${await answer.text()}`);
    text = await answer.text();
  } else if (block.dataset.encoding === "gzip+base64") {
    const bytes = Uint8Array.from(atob(text.trim()), (c) => c.charCodeAt(0));
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    text = await new Response(stream).text();
  }
  KG.data = JSON.parse(text);
  KG.world = JSON.parse(KG.byId("kg-world").textContent);
  KG.prepare();
};

KG.prepare = function () {
  /* Derived tables: each meeting's month span, the months present, entity lookups. */
  const d = KG.data;
  d.entities.forEach((e, i) => { e.index = i; });
  const spans = d.meetings.map((m) => KG.span(m[2]));
  const actionSpans = d.actions.map((a) => KG.span(a[2]));
  const months = new Set();
  for (const span of [...spans, ...actionSpans]) if (span) { months.add(span[0]); months.add(span[1]); }
  let all = [...months].sort();
  if (all.length) all = KG.monthRange(all[0], all[all.length - 1]);
  KG.months = all;
  KG.monthIndex = new Map(all.map((m, i) => [m, i]));
  const toIndex = (s) => (s ? [KG.monthIndex.get(s[0]), KG.monthIndex.get(s[1])] : null);
  KG.spans = spans.map(toIndex);
  KG.actionSpans = actionSpans.map(toIndex);
  KG.sides = d.entities.filter((e) => e.kind === "country" || e.kind === "organization");
  KG.categories = [...new Set(d.actions.map((a) => a[0]))].sort();
};

KG.span = function (date) {
  /* [first month, last month] of an ISO date of any precision: a year spans its twelve. */
  if (!date) return null;
  if (date.length >= 7) return [date.slice(0, 7), date.slice(0, 7)];
  return [`${date}-01`, `${date}-12`];
};

KG.monthRange = function (first, last) {
  const out = [];
  let [y, m] = first.split("-").map(Number);
  const [ly, lm] = last.split("-").map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
  }
  return out;
};

/* ---- the filter state ---- */

KG.defaults = function () {
  return {
    view: "countries",
    statuses: new Set(["occurred"]),
    country: -1,
    kinds: new Set(["country", "organization", "person", "city", "event"]),
    relations: new Set(["participant", "attendee", "locatedIn", "represents"]),
    categories: new Set(),
    from: 0,
    to: Math.max(0, KG.months.length - 1),
    undated: true,
    minConfidence: 0,
    hops: 1,
    focus: -1,
    expanded: new Set(),
    sizeBy: "meetings",
  };
};

KG.dateFiltered = () => KG.state.from > 0 || KG.state.to < KG.months.length - 1;

KG.inRange = function (span) {
  /* A meeting is in the date range if its month span overlaps it. */
  if (!span) return KG.state.undated;
  return span[1] >= KG.state.from && span[0] <= KG.state.to;
};

KG.meetingPasses = function (i, ignoreDates) {
  const m = KG.data.meetings[i];
  const s = KG.state;
  if (!s.statuses.has(KG.data.statuses[m[1]])) return false;
  if (s.country >= 0 && !m[5].includes(s.country)) return false;
  /* m[8]: the extractor's confidence; a meeting no model weighed passes. */
  if (s.minConfidence > 0 && m[8] !== null && m[8] !== undefined && m[8] < s.minConfidence) return false;
  return ignoreDates || KG.inRange(KG.spans[i]);
};

KG.selected = function (ignoreDates) {
  /* Indices of the meetings the filters let through. */
  const out = [];
  for (let i = 0; i < KG.data.meetings.length; i++) if (KG.meetingPasses(i, ignoreDates)) out.push(i);
  return out;
};

KG.selectedActions = function () {
  const s = KG.state;
  if (!s.categories.size) return [];
  const out = [];
  KG.data.actions.forEach((a, i) => {
    if (!s.categories.has(a[0]) || !s.statuses.has(KG.data.statuses[a[1]])) return;
    if (s.country >= 0 && a[3] !== s.country && a[4] !== s.country) return;
    if (KG.inRange(KG.actionSpans[i])) out.push(i);
  });
  return out;
};

KG.newestFirst = function (indices) {
  const m = KG.data.meetings;
  return [...indices].sort((a, b) => (m[b][2] || "").localeCompare(m[a][2] || "") || a - b);
};

/* ---- the URL fragment: #view&focus=KEY&country=KEY&from=YYYY-MM&to=YYYY-MM ---- */

KG.VIEWS = ["countries", "entities", "map", "timeline"];

KG.entityRef = (i) => (i < 0 ? "" : KG.data.entities[i].key || KG.data.entities[i].id);

KG.findEntity = function (ref) {
  if (!ref) return -1;
  const found = KG.data.entities.find((e) => e.id === ref)
    || KG.data.entities.find((e) => e.key && e.key.toLowerCase() === ref.toLowerCase());
  return found ? found.index : -1;
};

KG.readFragment = function () {
  const [view, ...rest] = decodeURI(location.hash.slice(1)).split("&");
  const params = new URLSearchParams(rest.join("&"));
  const s = KG.state;
  const fallback = document.documentElement.dataset.view;
  s.view = KG.VIEWS.includes(view) ? view : KG.VIEWS.includes(fallback) ? fallback : "countries";
  s.focus = KG.findEntity(params.get("focus"));
  s.country = KG.findEntity(params.get("country"));
  const from = KG.monthIndex.get(params.get("from"));
  const to = KG.monthIndex.get(params.get("to"));
  s.from = from === undefined ? 0 : from;
  s.to = to === undefined ? Math.max(0, KG.months.length - 1) : to;
  if (s.from > s.to) [s.from, s.to] = [s.to, s.from];
};

KG.writeFragment = function () {
  const s = KG.state;
  const params = new URLSearchParams();
  if (s.view === "entities" && s.focus >= 0) params.set("focus", KG.entityRef(s.focus));
  if (s.country >= 0) params.set("country", KG.entityRef(s.country));
  if (KG.dateFiltered()) {
    params.set("from", KG.months[s.from]);
    params.set("to", KG.months[s.to]);
  }
  const tail = params.toString();
  const hash = `#${s.view}${tail ? "&" + tail : ""}`;
  if (location.hash !== hash) history.replaceState(null, "", hash);
};
