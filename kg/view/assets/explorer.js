/* diplomatic-kg explorer: the network, filters, search and tooltips over vis DataSets.
 *
 * Every string that comes from the data (labels, evidence, article titles, dates, IRIs)
 * reaches the page through textContent or an <option>'s text, never through innerHTML,
 * so article text cannot inject markup. Filtering sets `hidden` on DataSet items, which
 * keeps node positions once the layout has settled.
 */
(function () {
  "use strict";

  const data = JSON.parse(document.getElementById("kg-data").textContent);
  const kinds = data.kinds;
  const NO_RELATION = "(none)";
  const state = {
    kinds: new Set(Object.keys(kinds)),
    relations: new Set(),
    country: "",
    from: "",
    to: "",
    keepUndated: true,
    hideIsolated: false,
  };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function byId(id) {
    return document.getElementById(id);
  }

  const labels = new Map(data.nodes.map((n) => [n.id, n.label]));
  const relationOf = (edge) => edge.relation || NO_RELATION;

  function nodeTip(node) {
    const box = el("div", "kg-tip");
    box.appendChild(el("h3", null, node.label));
    const kind = kinds[node.kind] || kinds.other;
    box.appendChild(el("div", null, kind.name));
    box.appendChild(el("div", "kg-iri", node.id));
    return box;
  }

  function edgeTip(edge) {
    const box = el("div", "kg-tip");
    const head = [labels.get(edge.from), relationOf(edge), labels.get(edge.to)];
    box.appendChild(el("h3", null, head.join(" \u2192 ")));
    const list = el("dl");
    for (const [name, value] of [["Date", edge.date], ["Status", edge.status],
                                 ["Article", edge.article]]) {
      if (!value) continue;
      list.appendChild(el("dt", null, name));
      list.appendChild(el("dd", null, value));
    }
    box.appendChild(list);
    if (edge.evidence) box.appendChild(el("blockquote", null, edge.evidence));
    return box;
  }

  const nodes = new vis.DataSet(data.nodes.map((n) => ({ ...n, title: nodeTip(n) })));
  const edges = new vis.DataSet(data.edges.map((e) => ({ ...e, title: edgeTip(e) })));
  const neighbours = new Map(data.nodes.map((n) => [n.id, new Set()]));
  for (const e of data.edges) {
    neighbours.get(e.from).add(e.to);
    neighbours.get(e.to).add(e.from);
  }

  const container = byId("kg-network");
  const network = new vis.Network(container, { nodes, edges }, data.options);
  const explorer = { network, nodes, edges, stabilized: false, apply };
  window.kgExplorer = explorer;

  function settle() {
    network.setOptions({ physics: { enabled: false } });
    explorer.stabilized = true;
  }
  if (data.nodes.length === 0) settle();
  else network.once("stabilizationIterationsDone", settle);

  /* ---- filters ---- */

  function dateAllowed(edge) {
    if (!state.from && !state.to) return true;
    if (!edge.day) return state.keepUndated;
    return (!state.from || edge.day >= state.from) && (!state.to || edge.day <= state.to);
  }

  function visibleNodeIds() {
    const shown = new Set();
    const around = state.country ? neighbours.get(state.country) : null;
    for (const n of data.nodes) {
      const inCountry = !around || n.id === state.country || around.has(n.id);
      if (state.kinds.has(n.kind) && inCountry) shown.add(n.id);
    }
    return shown;
  }

  function apply(refit = true) {
    const shownNodes = visibleNodeIds();
    const shownEdges = new Set();
    const linked = new Set();
    for (const e of data.edges) {
      if (state.relations.has(relationOf(e)) && dateAllowed(e)
          && shownNodes.has(e.from) && shownNodes.has(e.to)) {
        shownEdges.add(e.id);
        linked.add(e.from);
        linked.add(e.to);
      }
    }
    if (state.hideIsolated) {
      for (const id of [...shownNodes]) if (!linked.has(id)) shownNodes.delete(id);
    }
    nodes.update(changed(nodes, shownNodes));
    edges.update(changed(edges, shownEdges));
    if (refit && shownNodes.size) {
      network.fit({ nodes: [...shownNodes], animation: { duration: 300 } });
    }
    const all = data.nodes.length === shownNodes.size && data.edges.length === shownEdges.size;
    byId("kg-shown").textContent = all ? "" :
      `(showing ${shownNodes.size} nodes, ${shownEdges.size} edges)`;
  }

  function changed(set, shown) {
    const updates = [];
    set.forEach((item) => {
      const hidden = !shown.has(item.id);
      if (Boolean(item.hidden) !== hidden) updates.push({ id: item.id, hidden });
    });
    return updates;
  }

  function checkbox(parent, glyph, color, text, count, onChange) {
    const label = el("label", "kg-check");
    const box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.addEventListener("change", () => onChange(box.checked));
    label.appendChild(box);
    if (glyph) {
      const mark = el("span", "kg-glyph", glyph);
      mark.style.color = color;
      label.appendChild(mark);
    }
    label.appendChild(el("span", null, text));
    label.appendChild(el("span", "kg-tally", count));
    parent.appendChild(label);
    return box;
  }

  function toggle(set, key) {
    return (on) => {
      if (on) set.add(key);
      else set.delete(key);
      apply();
    };
  }

  function tally(items, key) {
    const counts = new Map();
    for (const item of items) counts.set(key(item), (counts.get(key(item)) || 0) + 1);
    return counts;
  }

  const boxes = [];
  const kindCounts = tally(data.nodes, (n) => n.kind);
  for (const [key, kind] of Object.entries(kinds)) {
    if (key === "other" && !kindCounts.has(key)) continue;
    boxes.push(checkbox(byId("kg-kinds"), kind.glyph, kind.color, kind.name,
                        kindCounts.get(key) || 0, toggle(state.kinds, key)));
  }
  const relationCounts = tally(data.edges, relationOf);
  for (const relation of [...relationCounts.keys()].sort()) {
    state.relations.add(relation);
    boxes.push(checkbox(byId("kg-relations"), null, null, relation,
                        relationCounts.get(relation), toggle(state.relations, relation)));
  }

  const countrySelect = byId("kg-country");
  const countries = data.nodes.filter((n) => n.kind === "country")
    .sort((a, b) => a.label.localeCompare(b.label));
  for (const c of countries) {
    const option = el("option", null, c.label);
    option.value = c.id;
    countrySelect.appendChild(option);
  }
  countrySelect.addEventListener("change", () => {
    state.country = countrySelect.value;
    apply();
  });

  const inputs = {
    from: byId("kg-date-from"), to: byId("kg-date-to"),
    keepUndated: byId("kg-undated"), hideIsolated: byId("kg-isolated"),
  };
  const days = data.edges.map((e) => e.day).filter(Boolean).sort();
  if (days.length) {
    for (const input of [inputs.from, inputs.to]) {
      input.min = days[0];
      input.max = days[days.length - 1];
    }
  }
  for (const [key, input] of Object.entries(inputs)) {
    input.addEventListener("change", () => {
      state[key] = input.type === "checkbox" ? input.checked : input.value;
      apply();
    });
  }

  byId("kg-reset").addEventListener("click", () => {
    for (const box of boxes) box.checked = true;
    state.kinds = new Set(Object.keys(kinds));
    state.relations = new Set(relationCounts.keys());
    countrySelect.value = state.country = "";
    inputs.from.value = inputs.to.value = state.from = state.to = "";
    inputs.keepUndated.checked = state.keepUndated = true;
    inputs.hideIsolated.checked = state.hideIsolated = false;
    apply();
  });

  /* ---- search and details ---- */

  const search = byId("kg-search");
  const searchResult = byId("kg-search-result");
  search.addEventListener("input", () => {
    const term = search.value.trim().toLowerCase();
    if (!term) {
      network.unselectAll();
      searchResult.textContent = "";
      return;
    }
    const hits = nodes.get({
      filter: (n) => !n.hidden && (n.label.toLowerCase().includes(term)
                                   || n.id.toLowerCase().includes(term)),
    }).map((n) => n.id);
    network.selectNodes(hits);
    if (hits.length) network.fit({ nodes: hits, animation: { duration: 400 } });
    searchResult.textContent = hits.length === 1 ? "1 match" : `${hits.length} matches`;
  });

  const details = byId("kg-details");
  network.on("click", (params) => {
    details.replaceChildren();
    if (params.nodes.length) details.appendChild(nodeTip(nodes.get(params.nodes[0])));
    else if (params.edges.length) details.appendChild(edgeTip(edges.get(params.edges[0])));
    else details.appendChild(el("p", "kg-note", "Click a node or a link."));
  });

  apply(false);
})();
