/* diplomatic-kg explorer, part 8: export of the current view as PNG, CSV (its links,
 * cities or months), GEXF or GraphML (the network views). Built in the page, nothing sent. */
"use strict";

KG.exporter = (function () {
  function xml(value) {
    return String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
  }

  function csvCell(value) {
    let text = String(value ?? "");
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return `"${text.replace(/"/g, '""')}"`;
  }

  function nodeId(id) {
    if (typeof id === "string") {
      const i = Number(id.slice(1));
      return KG.data.meetingIds ? KG.data.meetingIds[i] : `meeting-${i}`;
    }
    return KG.data.entities[id].id;
  }

  function network() {
    /* {nodes: [{id, label, kind}], edges: [{source, target, weight|relation}]} of the view. */
    const view = KG.state.view === "entities" ? KG.entities : KG.countries;
    const nodes = view.nodes.get().map((n) => ({
      id: nodeId(n.id), label: n.title.split("\n")[0],
      kind: typeof n.id === "string" ? "event" : KG.data.entities[n.id].kind,
    }));
    const edges = view.edges.get().map((e) => ({
      source: nodeId(e.from), target: nodeId(e.to), weight: e.value || 1, relation: e.relation || e.label || "meets",
    }));
    return { nodes, edges, directed: KG.state.view === "entities" };
  }

  function gexf() {
    const g = network();
    const out = ['<?xml version="1.0" encoding="UTF-8"?>',
      '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
      `<graph defaultedgetype="${g.directed ? "directed" : "undirected"}">`,
      '<attributes class="node"><attribute id="kind" title="kind" type="string"/></attributes>',
      '<attributes class="edge"><attribute id="relation" title="relation" type="string"/></attributes>',
      "<nodes>"];
    for (const n of g.nodes) {
      out.push(`<node id="${xml(n.id)}" label="${xml(n.label)}"><attvalues>` +
               `<attvalue for="kind" value="${xml(n.kind)}"/></attvalues></node>`);
    }
    out.push("</nodes><edges>");
    g.edges.forEach((e, n) => {
      out.push(`<edge id="${n}" source="${xml(e.source)}" target="${xml(e.target)}" weight="${e.weight}">` +
               `<attvalues><attvalue for="relation" value="${xml(e.relation)}"/></attvalues></edge>`);
    });
    out.push("</edges></graph></gexf>");
    return out.join("\n");
  }

  function graphml() {
    const g = network();
    const out = ['<?xml version="1.0" encoding="UTF-8"?>',
      '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
      '<key id="label" for="node" attr.name="label" attr.type="string"/>',
      '<key id="kind" for="node" attr.name="kind" attr.type="string"/>',
      '<key id="weight" for="edge" attr.name="weight" attr.type="int"/>',
      '<key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
      `<graph id="G" edgedefault="${g.directed ? "directed" : "undirected"}">`];
    for (const n of g.nodes) {
      out.push(`<node id="${xml(n.id)}"><data key="label">${xml(n.label)}</data>` +
               `<data key="kind">${xml(n.kind)}</data></node>`);
    }
    for (const e of g.edges) {
      out.push(`<edge source="${xml(e.source)}" target="${xml(e.target)}">` +
               `<data key="weight">${e.weight}</data><data key="relation">${xml(e.relation)}</data></edge>`);
    }
    out.push("</graph></graphml>");
    return out.join("\n");
  }

  function csv() {
    const label = (i) => KG.data.entities[i].label;
    const key = (i) => KG.data.entities[i].key || KG.data.entities[i].id;
    const view = KG.state.view;
    let rows;
    if (view === "countries") {
      rows = [["source", "source_label", "target", "target_label", "meetings", "dates"],
        ...KG.countries.rows().map((r) => [key(r.a), label(r.a), key(r.b), label(r.b), r.meetings, r.span])];
    } else if (view === "entities") {
      const name = (id) => (typeof id === "string" ? nodeId(id) : key(id));
      rows = [["source", "target", "relation"], ...KG.entities.rows().map((r) => [name(r.a), name(r.b), r.relation])];
    } else if (view === "map") {
      rows = [["city", "label", "latitude", "longitude", "meetings"],
        ...KG.map.rows().map((r) => [KG.data.entities[r.city].id, label(r.city), r.lat, r.lon, r.meetings])];
    } else {
      rows = [["month", "meetings"], ...KG.timeline.rows().map((r) => [r.month, r.meetings])];
    }
    return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
  }

  function canvas() {
    const view = KG.state.view;
    if (view === "map") return KG.map.canvas;
    if (view === "timeline") return KG.timeline.canvas;
    const net = (view === "entities" ? KG.entities : KG.countries).network();
    return net ? net.canvas.frame.canvas : null;
  }

  function png() {
    const source = canvas();
    const out = KG.el("canvas");
    out.width = source.width;
    out.height = source.height;
    const ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(source, 0, 0);
    return out.toDataURL("image/png");
  }

  const FORMATS = {
    csv: ["text/csv", csv], gexf: ["application/gexf+xml", gexf], graphml: ["application/graphml+xml", graphml],
  };

  function text(format) {
    return FORMATS[format][1]();
  }

  function save(format) {
    const a = KG.el("a");
    a.download = `diplomatic-kg-${KG.state.view}.${format}`;
    if (format === "png") a.href = png();
    else a.href = URL.createObjectURL(new Blob([text(format)], { type: FORMATS[format][0] }));
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function mount() {
    for (const format of ["png", "csv", "gexf", "graphml"]) {
      KG.byId(`kg-export-${format}`).addEventListener("click", () => save(format));
    }
  }

  function enable() {
    const graph = KG.state.view === "countries" || KG.state.view === "entities";
    for (const format of ["gexf", "graphml"]) KG.byId(`kg-export-${format}`).disabled = !graph;
  }

  return { mount, enable, text, png };
})();
