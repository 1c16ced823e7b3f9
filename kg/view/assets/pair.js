/* diplomatic-kg explorer, part 2b: two sides over time. Selecting a link draws, above its
 * meetings, a chart of the pair's months: meetings by status above the axis, the PLOVER
 * actions between them that took place, by quad class, below it (as
 * kg.analytics.pair_timeline counts them). Each bar opens its meetings or actions. */
"use strict";

KG.pairChart = (function () {
  const SVG = "http://www.w3.org/2000/svg";
  const STATUS_COLOURS = { occurred: "#0072B2", planned: "#56B4E9", hypothetical: "#CC79A7",
                           negated: "#D55E00" };
  const QUAD_COLOURS = { "verbal cooperation": "#009E73", "material cooperation": "#006D4F",
                         "verbal conflict": "#E69F00", "material conflict": "#B54708" };
  const HEIGHT = 90;

  function svg(tag, attributes) {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attributes || {})) node.setAttribute(k, String(v));
    return node;
  }

  function months(a, b) {
    /* month -> {meetings: {status: [i]}, actions: {quad: [i]}} for the two sides. */
    const d = KG.data;
    const found = new Map();
    const at = (month) => {
      if (!found.has(month)) found.set(month, { meetings: {}, actions: {} });
      return found.get(month);
    };
    d.meetings.forEach((m, i) => {
      if (!m[5].includes(a) || !m[5].includes(b) || d.datedBy[m[3]] !== "meeting") return;
      if (!m[2] || m[2].length < 7) return;
      const bucket = at(m[2].slice(0, 7)).meetings;
      (bucket[d.statuses[m[1]]] = bucket[d.statuses[m[1]]] || []).push(i);
    });
    d.actions.forEach((x, i) => {
      const quad = (d.quads || {})[x[0]];
      const between = (x[3] === a && x[4] === b) || (x[3] === b && x[4] === a);
      if (!quad || !between || d.statuses[x[1]] !== "occurred" || !x[2] || x[2].length < 7) return;
      const bucket = at(x[2].slice(0, 7)).actions;
      (bucket[quad] = bucket[quad] || []).push(i);
    });
    return found;
  }

  function draw(box, pair) {
    const [a, b] = pair;
    const found = months(a, b);
    const figure = KG.el("figure", "kg-pair");
    figure.dataset.pair = `${a}-${b}`;
    if (!found.size) {
      figure.appendChild(KG.el("figcaption", "kg-note", "No dated meeting or action of the two by month."));
      box.appendChild(figure);
      return figure;
    }
    const keys = [...found.keys()].sort();
    const all = KG.monthRange(keys[0], keys[keys.length - 1]);
    const width = Math.max(240, box.clientWidth || 280);
    const step = width / all.length;
    const total = (group) => Object.values(group).reduce((n, ids) => n + ids.length, 0);
    const top = Math.max(1, ...[...found.values()].map((v) => total(v.meetings)));
    const bottom = Math.max(1, ...[...found.values()].map((v) => total(v.actions)));
    const unit = (HEIGHT / 2 - 6) / Math.max(top, bottom);
    const chart = svg("svg", { width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: "img" });
    chart.appendChild(svg("line", { x1: 0, x2: width, y1: HEIGHT / 2, y2: HEIGHT / 2, stroke: "#9fb3c8" }));
    all.forEach((month, n) => {
      const entry = found.get(month);
      if (!entry) return;
      const x = n * step + step * 0.1;
      const w = Math.max(2, step * 0.8);
      let y = HEIGHT / 2;
      for (const [status, ids] of Object.entries(entry.meetings)) {
        const h = ids.length * unit;
        y -= h;
        bar(chart, { x, y, w, h, fill: STATUS_COLOURS[status] || "#486581",
                     tip: `${month}: ${KG.plural(ids.length, status + " meeting")}`,
                     open: () => KG.details.meetings(`${KG.details.label(a)} \u2014 ${KG.details.label(b)}, ${month}`,
                                                     ids, null, { pair }) });
      }
      y = HEIGHT / 2;
      for (const [quad, ids] of Object.entries(entry.actions)) {
        const h = ids.length * unit;
        bar(chart, { x, y, w, h, fill: QUAD_COLOURS[quad] || "#52606d",
                     tip: `${month}: ${KG.plural(ids.length, "action")}, ${quad}`,
                     open: () => KG.details.actions(direction(`${quad} in ${month}`, ids, a, b)) });
        y += h;
      }
    });
    figure.appendChild(chart);
    const legend = KG.el("figcaption", "kg-note",
      `${all[0]} to ${all[all.length - 1]}: meetings by status above the line, actions by quad class below.`);
    figure.appendChild(legend);
    box.appendChild(figure);
    return figure;
  }

  function direction(category, ids, a, b) {
    /* The actions' actor and recipient where all go one way, else the pair as selected. */
    const actors = new Set(ids.map((i) => KG.data.actions[i][3]));
    const [actor, recipient] = actors.size === 1 && actors.has(b) ? [b, a] : [a, b];
    return { category, actor, recipient, ids };
  }

  function bar(chart, spec) {
    const rect = svg("rect", { x: spec.x, y: spec.y, width: spec.w, height: Math.max(1, spec.h),
                               fill: spec.fill, class: "kg-pair-bar", tabindex: 0 });
    const title = svg("title");
    title.textContent = spec.tip;
    rect.appendChild(title);
    rect.addEventListener("click", spec.open);
    rect.addEventListener("keydown", (event) => { if (event.key === "Enter") spec.open(); });
    chart.appendChild(rect);
  }

  return { draw, months };
})();
