/* diplomatic-kg explorer, part 6: the timeline. Meetings per month for the selection, as
 * a bar chart that is also the date-range control: drag across it (or move the two
 * sliders) to choose the months; double-click it to take every month again. The chart
 * spans the bulk of the meetings (their 1st to 99th percentile month): months outside it
 * are counted in a bar at each end, so that one stray date ("1969") cannot squeeze the
 * rest into a corner. A meeting dated only by year is a light band across its months. */
"use strict";

KG.timeline = (function () {
  const strip = KG.el("canvas", "kg-timeline-canvas");
  const large = KG.el("canvas", "kg-timeline-canvas");
  let counts = [];
  let band = [];
  let yearOnly = 0;
  let undated = 0;
  let spanned = null;  // [first, last] month index the chart spans

  function bulk() {
    /* [first, last] month index of the bulk of all meetings: 1st to 99th percentile. */
    const months = KG.spans.filter((sp) => sp && sp[0] === sp[1]).map((sp) => sp[0]).sort((a, b) => a - b);
    const n = KG.months.length;
    if (!months.length) return [0, Math.max(0, n - 1)];
    const at = (q) => months[Math.min(months.length - 1, Math.max(0, Math.round(q * (months.length - 1))))];
    return [at(0.01), at(0.99)];
  }

  function slots() {
    /* Month index of each bar: -1 for "earlier", -2 for "later". */
    spanned = spanned || bulk();
    const [lo, hi] = spanned;
    const out = [];
    if (lo > 0) out.push(-1);
    for (let m = lo; m <= hi; m++) out.push(m);
    if (hi < KG.months.length - 1) out.push(-2);
    return out;
  }

  function value(slot, table) {
    const [lo, hi] = spanned;
    if (slot === -1) return table.slice(0, lo).reduce((a, b) => a + b, 0);
    if (slot === -2) return table.slice(hi + 1).reduce((a, b) => a + b, 0);
    return table[slot];
  }

  function tally() {
    counts = new Array(KG.months.length).fill(0);
    band = new Array(KG.months.length).fill(0);
    yearOnly = 0;
    undated = 0;
    for (const i of KG.selected(true)) {
      const span = KG.spans[i];
      if (!span) undated += 1;
      else if (span[0] !== span[1]) {
        yearOnly += 1;
        const share = 1 / (span[1] - span[0] + 1);
        for (let m = span[0]; m <= span[1]; m++) band[m] += share;
      } else counts[span[0]] += 1;
    }
  }

  function fit(canvas) {
    const box = canvas.parentElement && canvas.parentElement.getBoundingClientRect();
    if (!box || !box.width) return false;
    const w = Math.round(box.width);
    const h = Math.round(box.height);
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
    return true;
  }

  function layout(canvas, axis) {
    const pad = axis ? 36 : 4;
    return { left: pad, bottom: canvas.height - (axis ? 22 : 3), width: canvas.width - 2 * pad, top: 6 };
  }

  function draw(canvas, axis) {
    if (!fit(canvas)) return;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    if (!counts.length) return;
    const bars = slots();
    const n = bars.length;
    const g = layout(canvas, axis);
    const totals = bars.map((slot) => value(slot, counts) + value(slot, band));
    const most = Math.max(1, ...totals);
    const w = g.width / n;
    const s = KG.state;
    const inRange = (slot) => (slot === -1 ? s.from === 0 : slot === -2 ? s.to === KG.months.length - 1
      : slot >= s.from && slot <= s.to);
    bars.forEach((slot, k) => {
      const x = g.left + k * w;
      const bw = Math.max(1, w - (w > 3 ? 1 : 0));
      const h = ((g.bottom - g.top) * value(slot, counts)) / most;
      const hb = ((g.bottom - g.top) * value(slot, band)) / most;
      const end = slot < 0;
      ctx.fillStyle = inRange(slot) ? (end ? "#486581" : "#0072B2") : "#bcccdc";
      ctx.fillRect(x, g.bottom - h, bw, h);
      ctx.fillStyle = inRange(slot) ? "rgba(0, 114, 178, 0.3)" : "rgba(188, 204, 220, 0.5)";
      ctx.fillRect(x, g.bottom - h - hb, bw, hb);
    });
    const first = bars.findIndex((slot) => inRange(slot));
    let last = -1;
    bars.forEach((slot, k) => { if (inRange(slot)) last = k; });
    if (first >= 0) {
      ctx.fillStyle = "rgba(0, 114, 178, 0.08)";
      ctx.fillRect(g.left + first * w, g.top, (last - first + 1) * w, g.bottom - g.top);
    }
    if (!axis) return;
    ctx.fillStyle = "#52606d";
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillText(String(Math.round(most)), 4, g.top + 10);
    const step = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(g.width / 70))));
    for (let k = 0; k < n; k += step) {
      const slot = bars[k];
      const text = slot === -1 ? "earlier" : slot === -2 ? "later" : KG.months[slot];
      ctx.fillText(text, g.left + k * w, canvas.height - 6);
    }
  }

  function monthAt(canvas, axis, event) {
    /* The month under the pointer; an end bar stands for the first or the last month. */
    const r = canvas.getBoundingClientRect();
    const g = layout(canvas, axis);
    const bars = slots();
    const x = (event.clientX - r.left) * (r.width ? canvas.width / r.width : 1);
    const k = Math.min(bars.length - 1, Math.max(0, Math.floor(((x - g.left) / g.width) * bars.length)));
    return bars[k] === -1 ? 0 : bars[k] === -2 ? KG.months.length - 1 : bars[k];
  }

  function control(canvas, axis) {
    let start = null;
    canvas.addEventListener("mousedown", (event) => {
      start = monthAt(canvas, axis, event);
      KG.setRange(start, start, true);
    });
    canvas.addEventListener("mousemove", (event) => {
      if (start === null || !event.buttons) return;
      const m = monthAt(canvas, axis, event);
      KG.setRange(Math.min(start, m), Math.max(start, m), true);
    });
    window.addEventListener("mouseup", () => {
      if (start !== null) { start = null; KG.refresh(); }
    });
    canvas.addEventListener("dblclick", () => KG.setRange(0, counts.length - 1));
  }

  function summary() {
    const s = KG.state;
    const range = KG.months.length ? `${KG.months[s.from]} to ${KG.months[s.to]}` : "no dated meetings";
    const extra = [];
    const { earlier, later } = shown();
    if (earlier || later) extra.push(`chart ${shown().first} to ${shown().last}, ${earlier} earlier and ${later} later at its ends`);
    if (yearOnly) extra.push(`${yearOnly} dated by year only (kept where the year overlaps)`);
    if (undated) extra.push(`${undated} undated`);
    return extra.length ? `${range}; ${extra.join(", ")}` : range;
  }

  function update() {
    tally();
    redraw();
    return [];
  }

  function redraw() {
    draw(strip, false);
    if (large.parentElement && KG.state.view === "timeline") draw(large, true);
    KG.byId("kg-range").textContent = summary();
  }

  function open(container) {
    if (!large.parentElement) {
      container.appendChild(large);
      control(large, true);
    }
    return large;
  }

  function mount() {
    KG.byId("kg-timebar-chart").appendChild(strip);
    control(strip, false);
  }

  function rows() {
    return counts.map((n, m) => ({ month: KG.months[m], meetings: n }));
  }

  function shown() {
    /* The months the chart spans, and the meetings counted at its ends. */
    const bars = slots();
    const months = bars.filter((slot) => slot >= 0);
    return {
      first: KG.months[months[0]], last: KG.months[months[months.length - 1]],
      earlier: bars[0] === -1 ? value(-1, counts) : 0,
      later: bars[bars.length - 1] === -2 ? value(-2, counts) : 0,
    };
  }

  return { open, mount, update, redraw, rows, shown, canvas: large, strip };
})();
