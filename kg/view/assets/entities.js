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

  function build(selected) {
    /* The whole entity graph of the selected meetings. */
    adjacency = new Map();
    links = [];
    const met = new Set();
    const occurred = KG.data.statuses.indexOf("occurred");
    for (const i of selected) {
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

  function around(focus, hops) {
    const keep = new Set([focus]);
    let frontier = [focus];
    for (let h = 0; h < hops; h++) {
      const next = [];
      for (const x of frontier) for (const y of adjacency.get(x) || []) {
        if (!keep.has(y)) { keep.add(y); next.push(y); }
      }
      frontier = next;
    }
    return keep;
  }

  function choose() {
    /* The node ids to draw and a note on what the cap left out. */
    const s = KG.state;
    let chosen;
    if (s.focus >= 0) {
      chosen = around(s.focus, s.hops);
      for (const x of s.expanded) for (const y of adjacency.get(x) || []) chosen.add(y);
    } else {
      chosen = new Set(adjacency.keys());
    }
    const cap = KG.data.meta.caps.entity_nodes;
    const total = chosen.size;
    if (total <= cap) return { chosen, note: null };
    const pinned = [s.focus, ...s.expanded].filter((x) => chosen.has(x));
    const ranked = [...chosen].filter((x) => !pinned.includes(x))
      .sort((x, y) => adjacency.get(y).size - adjacency.get(x).size);
    const kept = new Set([...pinned, ...ranked.slice(0, cap - pinned.length)]);
    const note = `Showing the ${cap} most connected of ${total.toLocaleString("en")} nodes ` +
      `(${(total - kept.size).toLocaleString("en")} left out)` +
      (s.focus >= 0 ? "." : "; search or click a country to open its neighbourhood.");
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
    build(selected);
    const { chosen, note } = choose();
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
    return note ? [note] : [];
  }

  function open(container) {
    if (network) return network;
    network = new vis.Network(container, { nodes, edges }, OPTIONS);
    network.on("stabilized", () => {
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
      const ids = KG.selected().filter((i) => KG.data.meetings[i][5].includes(a) && KG.data.meetings[i][5].includes(b));
      return KG.details.meetings(`${KG.details.label(a)} \u2014 ${KG.details.label(b)}`, ids);
    }
    return KG.select(edge.from, { keepView: true });
  }

  function rows() {
    return edges.get().map((e) => ({ a: e.from, b: e.to, relation: e.relation }));
  }

  return { open, update, rows, nodes, edges, state, network: () => network };
})();
