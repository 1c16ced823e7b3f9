/* diplomatic-kg explorer, part 3: the countries view. One node per side at the position
 * networkx gave it (no physics), one undirected link per pair weighted by the meetings
 * the filters let through, and, where PLOVER categories are ticked, the actions. */
"use strict";

KG.KIND_COLORS = {
  country: "#0072B2", organization: "#CC79A7", person: "#E69F00", city: "#009E73",
  event: "#D55E00", other: "#999999",
};
KG.KIND_SHAPES = {
  country: "dot", organization: "hexagon", person: "triangle", city: "square",
  event: "star", other: "diamond",
};

KG.tip = function (title, lines) {
  /* A tooltip as plain text: vis-network shows a string title with innerText. */
  return [title, ...lines.filter(Boolean)].join("\n");
};

KG.countries = (function () {
  let network = null;
  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  let pairs = new Map();
  let actionLinks = new Map();
  let perSide = new Map();

  const OPTIONS = {
    physics: false,
    layout: { improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: true },
    nodes: {
      shape: "dot",
      borderWidth: 1,
      scaling: { min: 5, max: 28, label: { enabled: true, min: 14, max: 24, drawThreshold: 8, maxVisible: 24 } },
      font: { face: "system-ui, sans-serif", strokeWidth: 3, strokeColor: "#ffffff" },
    },
    edges: {
      smooth: false,
      scaling: { min: 1, max: 8 },
      color: { color: "rgba(72, 101, 129, 0.35)", highlight: "#243b53", hover: "#243b53" },
      selectionWidth: 2,
    },
  };

  function aggregate(selected) {
    pairs = new Map();
    perSide = new Map();
    const width = KG.data.entities.length;
    const occurred = KG.data.statuses.indexOf("occurred");
    for (const i of selected) {
      const m = KG.data.meetings[i];
      const sides = m[5];
      for (const s of sides) {
        if (!perSide.has(s)) perSide.set(s, { meetings: [], partners: new Set() });
        perSide.get(s).meetings.push(i);
      }
      for (let x = 0; x < sides.length; x++) {
        for (let y = x + 1; y < sides.length; y++) {
          const a = Math.min(sides[x], sides[y]);
          const b = Math.max(sides[x], sides[y]);
          const key = a * width + b;  // a number: string keys cost seconds at 100,000 articles
          let pair = pairs.get(key);
          if (!pair) {
            pair = { a, b, ids: [], occurred: 0 };
            pairs.set(key, pair);
          }
          pair.ids.push(i);
          if (m[1] === occurred) pair.occurred += 1;
          perSide.get(a).partners.add(b);
          perSide.get(b).partners.add(a);
        }
      }
    }
    actionLinks = new Map();
    for (const i of KG.selectedActions()) {
      const [category, , , actor, recipient] = KG.data.actions[i];
      if (actor < 0 || recipient < 0) continue;
      const key = `act-${actor}-${recipient}-${category}`;
      if (!actionLinks.has(key)) actionLinks.set(key, { actor, recipient, category, ids: [] });
      actionLinks.get(key).ids.push(i);
      for (const s of [actor, recipient]) {
        if (!perSide.has(s)) perSide.set(s, { meetings: [], partners: new Set() });
      }
    }
  }

  function size(i) {
    const e = KG.data.entities[i];
    const seen = perSide.get(i);
    if (KG.state.sizeBy === "partners") return seen.partners.size;
    if (KG.state.sizeBy === "betweenness") return e.between || 0;
    return seen.meetings.length;
  }

  function span(ids) {
    let first = null;
    let last = null;
    for (const i of ids) {
      const date = KG.data.meetings[i][2];
      if (!date) continue;
      if (first === null || date < first) first = date;
      if (last === null || date > last) last = date;
    }
    return first === null ? "undated" : `${first} to ${last}`;
  }

  function nodeRecords() {
    return [...perSide.keys()].map((i) => {
      const e = KG.data.entities[i];
      const seen = perSide.get(i);
      return {
        id: i, kind: e.kind, label: e.label, x: e.x || 0, y: e.y || 0, value: size(i),
        shape: KG.KIND_SHAPES[e.kind] || "dot",
        color: KG.KIND_COLORS[e.kind] || KG.KIND_COLORS.other,
        title: KG.tip(e.label, [e.key, `${KG.plural(seen.meetings.length, "meeting")} with ` +
                                        KG.plural(seen.partners.size, "partner")]),
      };
    });
  }

  function edgeRecords(limit) {
    const ranked = [...pairs.values()].sort((p, q) => q.ids.length - p.ids.length);
    const shown = ranked.slice(0, limit).map((p) => ({
      id: `${p.a}-${p.b}`, from: p.a, to: p.b, value: p.ids.length,
      dashes: p.occurred ? false : KG.STATUS_DASHES[KG.data.statuses[KG.data.meetings[p.ids[0]][1]]],
      title: KG.tip(`${KG.details.label(p.a)} \u2014 ${KG.details.label(p.b)}`,
                    [KG.plural(p.ids.length, "meeting"), span(p.ids)]),
    }));
    for (const [key, link] of actionLinks) {
      shown.push({
        id: key, from: link.actor, to: link.recipient, value: link.ids.length,
        arrows: "to", dashes: [4, 4], color: { color: "#D55E00", highlight: "#D55E00" },
        label: link.category, font: { size: 10, color: "#8a3b00", strokeWidth: 2 },
        title: KG.tip(`${link.category}: ${KG.details.label(link.actor)} \u2192 ` +
                      KG.details.label(link.recipient), [KG.plural(link.ids.length, "action")]),
      });
    }
    return { shown, total: ranked.length };
  }

  const drawn = new Map([[nodes, new Map()], [edges, new Map()]]);

  function sync(set, records) {
    /* Change only what changed: vis-network rebuilds every item it is given. */
    const before = drawn.get(set);
    const after = new Map(records.map((r) => [r.id, JSON.stringify(r)]));
    const gone = [...before.keys()].filter((id) => !after.has(id));
    const changed = records.filter((r) => before.get(r.id) !== after.get(r.id));
    if (gone.length) set.remove(gone);  // each call costs a pass over the whole network
    if (changed.length) set.update(changed);
    drawn.set(set, after);
  }

  function update(selected) {
    aggregate(selected);
    const limit = KG.data.meta.caps.country_links;
    const { shown, total } = edgeRecords(limit);
    sync(nodes, nodeRecords());
    sync(edges, shown);
    const notes = [];
    if (total > limit) {
      notes.push(`Showing the ${limit.toLocaleString("en")} strongest of ` +
                 `${total.toLocaleString("en")} links; filter by country or date to see the rest.`);
    }
    return notes;
  }

  function open(container) {
    if (network) return network;
    network = new vis.Network(container, { nodes, edges }, OPTIONS);
    network.once("afterDrawing", () => network.fit());
    network.on("click", (params) => {
      if (params.nodes.length) KG.select(params.nodes[0]);
      else if (params.edges.length) showLink(params.edges[0]);
      else KG.details.clear();
    });
    return network;
  }

  function showLink(id) {
    const [a, b] = String(id).split("-").map(Number);
    const p = pairs.get(a * KG.data.entities.length + b);
    if (p) {
      const both = (i) => KG.data.meetings[i][5].includes(p.a) && KG.data.meetings[i][5].includes(p.b);
      return KG.details.meetings(`${KG.details.label(p.a)} \u2014 ${KG.details.label(p.b)}`, p.ids, null,
                                 { recompute: () => KG.selected().filter(both), pair: [p.a, p.b] });
    }
    const link = actionLinks.get(id);
    if (link) return KG.details.actions(link);
    return null;
  }

  function meetingsOf(i) {
    return perSide.has(i) ? perSide.get(i).meetings : [];
  }

  function rows() {
    return [...pairs.values()].map((p) => ({ a: p.a, b: p.b, meetings: p.ids.length, span: span(p.ids) }));
  }

  return { open, update, showLink, meetingsOf, rows, nodes, edges, network: () => network };
})();
