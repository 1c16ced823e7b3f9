/* diplomatic-kg explorer, part 4: the entities view. Sides, people, cities and meetings
 * around a selection (its ego network, one or two hops; double-click a node to add its
 * neighbours), capped to the most connected nodes with a note saying what was left out. */
"use strict";

KG.RELATIONS = ["participant", "attendee", "locatedIn", "represents", "meets"];

KG.entities = (function () {
  let network = null;
  const nodes = new vis.DataSet();
  const edges = new vis.DataSet();
  let adjacency = new Map();
  let links = [];
  const state = { stabilized: true };

  const OPTIONS = {
    physics: {
      solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -60, springLength: 90, avoidOverlap: 0.4 },
      stabilization: { enabled: true, iterations: 200, fit: true },
    },
    layout: { randomSeed: 7, improvedLayout: false },
    interaction: { hover: true, tooltipDelay: 120 },
    nodes: { size: 14, font: { face: "system-ui, sans-serif", size: 13, strokeWidth: 3, strokeColor: "#fff" } },
    edges: {
      color: { color: "#9aa5b1", highlight: "#243b53", hover: "#243b53" },
      font: { size: 9, color: "#52606d", strokeWidth: 2, align: "middle" },
      smooth: { enabled: true, type: "continuous", roundness: 0.2 },
    },
  };

  function kindOf(id) {
    return typeof id === "string" ? "event" : KG.data.entities[id].kind;
  }

  function link(from, to, relation, dashes) {
    const s = KG.state;
    if (!s.relations.has(relation) || !s.kinds.has(kindOf(from)) || !s.kinds.has(kindOf(to))) return;
    links.push({ from, to, relation, dashes });
    for (const [x, y] of [[from, to], [to, from]]) {
      if (!adjacency.has(x)) adjacency.set(x, new Set());
      adjacency.get(x).add(y);
    }
  }

  function build(meetings) {
    /* The entity graph of these meetings, and who represents the sides in it. */
    adjacency = new Map();
    links = [];
    const met = new Set();
    const occurred = KG.data.statuses.indexOf("occurred");
    for (const i of meetings) {
      const m = KG.data.meetings[i];
      const id = `m${i}`;
      const dashes = KG.STATUS_DASHES[KG.data.statuses[m[1]]];
      for (const s of m[5]) link(id, s, "participant", dashes);
      for (const p of m[6]) link(id, p, "attendee", dashes);
      if (m[4] >= 0) link(id, m[4], "locatedIn", dashes);
      if (m[1] !== occurred) continue;
      for (const a of m[5]) for (const b of m[5]) {
        if (a < b && !met.has(`${a}-${b}`)) { met.add(`${a}-${b}`); link(a, b, "meets", false); }
      }
    }
    for (const e of KG.data.entities) {
      if (e.kind !== "person") continue;
      for (const side of e.sides || []) if (adjacency.has(side)) link(e.index, side, "represents", false);
    }
  }

  function byEntity(selected) {
    const index = new Map();
    const add = (e, i) => {
      if (!index.has(e)) index.set(e, []);
      index.get(e).push(i);
    };
    for (const i of selected) {
      const m = KG.data.meetings[i];
      for (const x of [...m[5], ...m[6]]) add(x, i);
      if (m[4] >= 0) add(m[4], i);
    }
    return index;
  }

  /* A selection of this many meetings or fewer is drawn whole; a larger one opens on an
   * ego network, so that its labels can be read. */
  const SMALL = 12;

  function neighbourhood(selected) {
    /* The meetings to draw: every one of a small selection; else those within `hops`
     * meetings of the focus (the entity selected, else the side in the most meetings). */
    const s = KG.state;
    if (s.focus < 0 && (selected.length <= SMALL || !KG.sides.length)) {
      return { meetings: selected, notes: [] };
    }
    const index = byEntity(selected);
    let focus = s.focus;
    const notes = [];
    if (focus < 0 && KG.details.shownEntity() >= 0) {
      focus = KG.details.shownEntity();  // the entity the Selected panel shows
      notes.push(`The neighbourhood of ${KG.details.label(focus)}, selected: search or click to open another.`);
    } else if (focus < 0) {
      focus = KG.sides.reduce((best, e) => ((index.get(e.index) || []).length >
        (index.get(best) || []).length ? e.index : best), KG.sides[0].index);
      notes.push(`The neighbourhood of ${KG.details.label(focus)}, the side in the most ` +
                 "meetings: search or click to open another.");
    }
    const chosen = new Set();
    const seen = new Set([focus, ...s.expanded]);
    let frontier = [...seen];
    for (let hop = 0; hop < s.hops; hop++) {
      const next = [];
      for (const e of frontier) for (const i of index.get(e) || []) {
        if (chosen.has(i)) continue;
        chosen.add(i);
        const m = KG.data.meetings[i];
        for (const x of [...m[5], ...m[6], m[4]]) {
          if (x >= 0 && !seen.has(x)) { seen.add(x); next.push(x); }
        }
      }
      frontier = next;
    }
    return { meetings: [...chosen], focus, notes };
  }

  function choose(focus) {
    /* The node ids to draw, the focus and the nodes expanded first, and a note on what
     * the cap left out. */
    const chosen = new Set(adjacency.keys());
    if (focus !== undefined) chosen.add(focus);
    const cap = KG.data.meta.caps.entity_nodes;
    const total = chosen.size;
    if (total <= cap) return { chosen, note: null };
    const kept = new Set([focus, ...KG.state.expanded].filter((x) => chosen.has(x)));
    const degree = (x) => (adjacency.get(x) || new Set()).size;
    const reach = (x) => [...(adjacency.get(x) || [])].reduce((sum, y) => sum + degree(y), 0);
    // Meetings among the most connected nodes first, each with everything it links, so
    // that what is drawn stays connected; then the most connected of the rest.
    const meetings = [...chosen].filter((x) => typeof x === "string").sort((x, y) => reach(y) - reach(x));
    for (const m of meetings) {
      const added = [m, ...adjacency.get(m)].filter((x) => !kept.has(x));
      if (kept.size + added.length <= cap) for (const x of added) kept.add(x);
    }
    for (const x of [...chosen].sort((x, y) => degree(y) - degree(x))) {
      if (kept.size >= cap) break;
      kept.add(x);
    }
    const note = `Showing ${cap} of ${total.toLocaleString("en")} nodes, the meetings among ` +
      `the most connected first (${(total - kept.size).toLocaleString("en")} left out; ` +
      "double-click a node for its neighbours).";
    return { chosen: kept, note };
  }

  function nodeRecord(id) {
    if (typeof id === "string") {
      const i = Number(id.slice(1));
      const m = KG.data.meetings[i];
      const sides = m[5].map(KG.details.label).join(", ");
      return {
        id, kind: "event", label: KG.data.kinds[m[0]], shape: KG.KIND_SHAPES.event, color: KG.KIND_COLORS.event,
        title: KG.tip(`${KG.data.kinds[m[0]]}: ${sides}`, [m[2] || "undated", KG.data.statuses[m[1]]]),
      };
    }
    const e = KG.data.entities[id];
    return {
      id, kind: e.kind, label: e.label, shape: KG.KIND_SHAPES[e.kind] || "diamond",
      color: KG.KIND_COLORS[e.kind] || KG.KIND_COLORS.other,
      borderWidth: id === KG.state.focus ? 4 : 1,
      title: KG.tip(e.label, [e.kind, e.key, (e.roles || []).join("; ")]),
    };
  }

  function update(selected) {
    const around = neighbourhood(selected);
    build(around.meetings);
    const { chosen, note } = choose(around.focus);
    const shownLinks = links.filter((l) => chosen.has(l.from) && chosen.has(l.to));
    state.stabilized = false;
    nodes.clear();
    edges.clear();
    nodes.add([...chosen].map(nodeRecord));
    edges.add(shownLinks.map((l, n) => ({
      id: `r${n}`, from: l.from, to: l.to, label: l.relation, relation: l.relation,
      dashes: l.dashes, arrows: l.relation === "meets" ? "" : "to",
    })));
    if (network && chosen.size) {
      network.setOptions({ physics: { enabled: true } });
      network.stabilize(200);
    } else {
      state.stabilized = true;  // nothing to lay out: no "stabilized" event would come
    }
    return note ? [...around.notes, note] : around.notes;
  }

  function legend() {
    /* What the shapes, colours and dashes mean. */
    const box = KG.el("div", "kg-legend");
    box.setAttribute("aria-label", "Legend");
    const SYMBOLS = { dot: "\u25cf", hexagon: "\u2b22", triangle: "\u25b2", square: "\u25a0", star: "\u2605" };
    const NAMES = { country: "country", organization: "organisation", person: "person", city: "city",
                    event: "meeting" };
    for (const [kind, name] of Object.entries(NAMES)) {
      const item = KG.el("span", "kg-legend-item");
      const mark = KG.el("span", "kg-legend-mark", SYMBOLS[KG.KIND_SHAPES[kind]]);
      mark.style.color = KG.KIND_COLORS[kind];
      item.append(mark, KG.el("span", null, name));
      box.appendChild(item);
    }
    for (const status of ["planned", "hypothetical", "negated"]) {
      const item = KG.el("span", "kg-legend-item");
      item.append(KG.el("span", `kg-swatch kg-statuses-${status}`), KG.el("span", null, status));
      box.appendChild(item);
    }
    return box;
  }

  function open(container) {
    if (network) return network;
    network = new vis.Network(container, { nodes, edges }, OPTIONS);
    container.appendChild(legend());  // after: vis empties its container
    network.on("stabilizationIterationsDone", () => {
      network.setOptions({ physics: { enabled: false } });
      state.stabilized = true;
    });
    network.on("click", (params) => {
      const id = params.nodes[0];
      if (id === undefined) {
        if (params.edges.length) showEdge(edges.get(params.edges[0]));
        else KG.details.clear();
      } else if (typeof id === "string") {
        showMeeting(Number(id.slice(1)));
      } else {
        KG.select(id, { keepView: true });
      }
    });
    network.on("doubleClick", (params) => {
      if (!params.nodes.length) return;
      KG.state.expanded.add(params.nodes[0]);
      KG.refresh();
    });
    return network;
  }

  function showMeeting(i) {
    const m = KG.data.meetings[i];
    return KG.details.meetings(`${KG.data.kinds[m[0]]}: ${m[5].map(KG.details.label).join(", ")}`, [i]);
  }

  function showEdge(edge) {
    const ends = [edge.from, edge.to];
    const event = ends.find((x) => typeof x === "string");
    if (event) return showMeeting(Number(event.slice(1)));
    if (edge.relation === "meets") {
      const [a, b] = ends;
      const both = (i) => KG.data.meetings[i][5].includes(a) && KG.data.meetings[i][5].includes(b);
      return KG.details.meetings(`${KG.details.label(a)} \u2014 ${KG.details.label(b)}`,
                                 KG.selected().filter(both), null,
                                 { recompute: () => KG.selected().filter(both), pair: [a, b] });
    }
    return KG.select(edge.from, { keepView: true });
  }

  function rows() {
    return edges.get().map((e) => ({ a: e.from, b: e.to, relation: e.relation }));
  }

  return { open, update, rows, nodes, edges, state, network: () => network };
})();
