/* diplomatic-kg explorer, part 9: the panel, the tabs and the refresh that ties the views
 * to the filter state. Controls read KG.state when they change (never a copy of it), so
 * "Reset filters" and every later click act on the same sets. */
"use strict";

KG.VIEW_MODULES = { countries: () => KG.countries, entities: () => KG.entities,
                    map: () => KG.map, timeline: () => KG.timeline };

KG.checks = function (parent, values, key, labelOf) {
  /* One checkbox per value, each toggling `value` in KG.state[key] as it is now. */
  parent.replaceChildren();
  for (const [value, count] of values) {
    const label = KG.el("label", "kg-check");
    const box = KG.el("input");
    box.type = "checkbox";
    box.value = value;
    box.dataset.key = key;
    box.addEventListener("change", () => {
      if (box.checked) KG.state[key].add(value);
      else KG.state[key].delete(value);
      KG.refresh();
    });
    label.appendChild(box);
    if (key === "statuses") label.appendChild(KG.el("span", `kg-swatch kg-statuses-${value}`));
    label.appendChild(KG.el("span", null, labelOf(value)));
    if (count !== undefined) label.appendChild(KG.el("span", "kg-tally", count));
    parent.appendChild(label);
  }
};

KG.syncControls = function () {
  /* Every control shows KG.state (after a reset or a new fragment). */
  const s = KG.state;
  for (const box of document.querySelectorAll("input[data-key]")) {
    box.checked = s[box.dataset.key].has(box.value);
  }
  KG.byId("kg-country").value = String(s.country);
  KG.byId("kg-hops").value = String(s.hops);
  KG.byId("kg-size").value = s.sizeBy;
  KG.byId("kg-undated").checked = s.undated;
  KG.byId("kg-confidence").value = String(s.minConfidence);
  KG.byId("kg-confidence-value").textContent = String(s.minConfidence);
  KG.byId("kg-from").value = String(s.from);
  KG.byId("kg-to").value = String(s.to);
};

KG.setRange = function (from, to, preview) {
  const note = KG.byId("kg-range-note");
  note.textContent = "";
  if (from > to) {
    [from, to] = [to, from];
    note.textContent = "The start was after the end: the two were swapped.";
  }
  KG.state.from = from;
  KG.state.to = to;
  KG.byId("kg-from").value = String(from);
  KG.byId("kg-to").value = String(to);
  if (preview) KG.timeline.redraw();
  else KG.refresh();
};

KG.meetingsOf = function (i) {
  return KG.selected().filter((m) => {
    const row = KG.data.meetings[m];
    return row[5].includes(i) || row[6].includes(i) || row[4] === i;
  });
};

KG.select = function (i, options) {
  /* Select entity i: focus it in the view, and fill the Selected panel. */
  const opts = options || {};
  const e = KG.data.entities[i];
  const isSide = e.kind === "country" || e.kind === "organization";
  if (opts.fromSearch && KG.state.view === "countries" && !isSide) {
    KG.state.focus = i;
    KG.show("entities");
  } else if (opts.fromSearch && KG.state.view === "entities") {
    KG.state.focus = i;
    KG.state.expanded.clear();
    KG.refresh();
  }
  const net = KG.state.view === "countries" ? KG.countries.network()
    : KG.state.view === "entities" ? KG.entities.network() : null;
  if (net) {
    const set = KG.state.view === "countries" ? KG.countries.nodes : KG.entities.nodes;
    if (set.get(i)) {
      net.selectNodes([i]);
      if (opts.fromSearch) net.focus(i, { scale: Math.max(net.getScale(), 1.1), animation: { duration: 300 } });
    }
  }
  if (KG.state.view === "map" && e.kind === "city") {
    const n = KG.map.cities().findIndex((c) => c.city === i);
    if (n >= 0) return KG.map.showCity(n);
  }
  return KG.details.entity(i, KG.meetingsOf(i));
};

KG.refresh = function () {
  const s = KG.state;
  const selected = KG.selected();
  const module = KG.VIEW_MODULES[s.view]();
  const notes = [...KG.baseNotes, ...module.update(selected)];
  if (s.view !== "timeline") KG.timeline.update();
  KG.byId("kg-note").textContent = notes.join(" ");
  KG.explainEmpty(selected.length);
  KG.details.follow();
  const total = KG.data.meetings.length;
  KG.byId("kg-shown").textContent = `showing ${KG.plural(selected.length, "meeting")} of ${total.toLocaleString("en")}`;
  KG.exporter.enable();
  KG.writeFragment();
  Object.assign(window.kgExplorer, {
    ready: true, view: s.view, nodes: module.nodes, edges: module.edges,
    network: module.network ? module.network() : null,
  });
};

KG.explainEmpty = function (shown) {
  /* An empty view says which filters emptied it, and offers to widen them. */
  const box = KG.byId("kg-empty");
  const s = KG.state;
  box.hidden = shown > 0 || !KG.data.meetings.length;
  if (box.hidden) return;
  const why = [];
  const statuses = [...s.statuses];
  why.push(statuses.length ? `status ${statuses.join(", ")}` : "no status ticked");
  if (s.country >= 0) why.push(`country ${KG.data.entities[s.country].label}`);
  if (KG.dateFiltered()) why.push(`months ${KG.months[s.from]} to ${KG.months[s.to]}`);
  if (!s.undated) why.push("undated meetings left out");
  if (s.minConfidence > 0) why.push(`confidence below ${s.minConfidence} left out`);
  KG.byId("kg-empty-why").textContent = `No meeting matches these filters: ${why.join("; ")}.`;
};

KG.show = function (view) {
  KG.state.view = view;
  for (const name of KG.VIEWS) {
    KG.byId(`kg-view-${name}`).hidden = name !== view;
    const tab = KG.byId(`kg-tab-${name}`);
    tab.setAttribute("aria-selected", String(name === view));
  }
  KG.byId("kg-entity-controls").hidden = view !== "entities";
  KG.VIEW_MODULES[view]().open(KG.byId(`kg-view-${view}`));
  KG.refresh();
};

KG.mountPanel = function () {
  const d = KG.data;
  const count = (f) => { const c = new Map(); d.meetings.forEach((m) => c.set(f(m), (c.get(f(m)) || 0) + 1)); return c; };
  const byStatus = count((m) => d.statuses[m[1]]);
  KG.checks(KG.byId("kg-statuses"), d.statuses.filter((x) => byStatus.has(x) || x === "occurred")
    .map((x) => [x, byStatus.get(x) || 0]), "statuses", (x) => x);
  KG.checks(KG.byId("kg-kinds"), Object.entries({ country: "Country", organization: "Organisation",
    person: "Person", city: "City", event: "Meeting" }).map(([k]) => [k]), "kinds",
    (k) => ({ country: "Country", organization: "Organisation", person: "Person", city: "City", event: "Meeting" })[k]);
  KG.checks(KG.byId("kg-relations"), KG.RELATIONS.map((r) => [r]), "relations", (r) => r);
  const byCategory = new Map();
  d.actions.forEach((a) => byCategory.set(a[0], (byCategory.get(a[0]) || 0) + 1));
  KG.checks(KG.byId("kg-categories"), KG.categories.map((c) => [c, byCategory.get(c)]), "categories", (c) => c);
  KG.byId("kg-categories-section").hidden = !KG.categories.length;
  const select = KG.byId("kg-country");
  for (const e of [...KG.sides].sort((a, b) => a.label.localeCompare(b.label))) {
    const option = KG.el("option", null, e.key ? `${e.label} (${e.key})` : e.label);
    option.value = String(e.index);
    select.appendChild(option);
  }
  select.addEventListener("change", () => { KG.state.country = Number(select.value); KG.refresh(); });
  KG.byId("kg-hops").addEventListener("change", (ev) => { KG.state.hops = Number(ev.target.value); KG.refresh(); });
  KG.byId("kg-size").addEventListener("change", (ev) => { KG.state.sizeBy = ev.target.value; KG.refresh(); });
  KG.byId("kg-undated").addEventListener("change", (ev) => { KG.state.undated = ev.target.checked; KG.refresh(); });
  KG.byId("kg-confidence").addEventListener("input", (ev) => {
    KG.state.minConfidence = Number(ev.target.value);
    KG.byId("kg-confidence-value").textContent = ev.target.value;
    KG.refresh();
  });
  for (const id of ["kg-from", "kg-to"]) {
    const input = KG.byId(id);
    input.max = String(Math.max(0, KG.months.length - 1));
    input.addEventListener("input", () => {
      const from = Number(KG.byId("kg-from").value);
      const to = Number(KG.byId("kg-to").value);
      KG.setRange(from, to);
    });
  }
  const reset = () => {
    const view = KG.state.view;
    KG.state = KG.defaults();
    KG.state.view = view;
    KG.byId("kg-range-note").textContent = "";
    KG.syncControls();
    KG.refresh();
  };
  KG.byId("kg-reset").addEventListener("click", reset);
  KG.byId("kg-widen").addEventListener("click", reset);
};

KG.start = async function () {
  window.kgExplorer = { ready: false, KG };
  try {
    await KG.load();
  } catch (error) {
    KG.byId("kg-note").textContent = `The explorer could not load its data: ${error.message}`;
    throw error;
  }
  const d = KG.data;
  KG.state = KG.defaults();
  KG.baseNotes = d.meta.counted === "reports"
    ? ["This store has no canonical meetings: each report counts as a meeting."] : [];
  KG.byId("kg-articles").textContent = KG.plural(d.meta.articles, "article");
  KG.mountPanel();
  KG.search.mount();
  KG.exporter.mount();
  KG.timeline.mount();
  KG.readFragment();
  KG.syncControls();
  for (const name of KG.VIEWS) {
    KG.byId(`kg-tab-${name}`).addEventListener("click", (event) => {
      event.preventDefault();
      KG.show(name);
    });
  }
  window.addEventListener("hashchange", () => { KG.readFragment(); KG.syncControls(); KG.show(KG.state.view); });
  window.addEventListener("resize", () => { KG.map.draw(); KG.timeline.redraw(); });
  KG.details.clear();
  const meeting = new URLSearchParams(decodeURI(location.hash).split("&").slice(1).join("&")).get("meeting");
  KG.show(KG.state.view);
  KG.openMeeting(meeting);
};

KG.openMeeting = async function (iri) {
  /* #...&meeting=IRI (a link from the query editor): that meeting in the Selected panel. */
  if (!iri) return null;
  const d = KG.data;
  let index = d.meetingIds ? d.meetingIds.indexOf(iri) : -1;
  if (index < 0 && !d.meta.inline) {
    const answer = await fetch(`explorer/meeting?iri=${encodeURIComponent(iri)}`);
    if (answer.ok) index = (await answer.json()).index;
  }
  if (index < 0) return KG.details.clear(`No meeting ${iri} here.`);
  const m = d.meetings[index];
  return KG.details.meetings(`${d.kinds[m[0]]}: ${m[5].map(KG.details.label).join(", ")}`, [index]);
};

KG.start();
