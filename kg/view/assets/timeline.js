/* diplomatic-kg explorer, part 6: the timeline. Meetings per month for the selection, as
 * a bar chart that is also the date-range control: drag across it (or move the two
 * sliders) to choose the months; double-click it to take every month again. */
"use strict";

KG.timeline = (function () {
  const strip = KG.el("canvas", "kg-timeline-canvas");
  const large = KG.el("canvas", "kg-timeline-canvas");
  let counts = [];
  let yearOnly = 0;
  let undated = 0;

  function tally() {
    counts = new Array(KG.months.length).fill(0);
    yearOnly = 0;
    undated = 0;
    for (const i of KG.selected(true)) {
      const span = KG.spans[i];
      if (!span) undated += 1;
      else if (span[0] !== span[1]) yearOnly += 1;
      else counts[span[0]] += 1;
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
    const n = counts.length;
    if (!n) return;
    const g = layout(canvas, axis);
    const most = Math.max(1, ...counts);
    const w = g.width / n;
    const s = KG.state;
    for (let m = 0; m < n; m++) {
      const h = ((g.bottom - g.top) * counts[m]) / most;
      ctx.fillStyle = m >= s.from && m <= s.to ? "#0072B2" : "#bcccdc";
      ctx.fillRect(g.left + m * w, g.bottom - h, Math.max(1, w - (w > 3 ? 1 : 0)), h);
    }
    ctx.fillStyle = "rgba(0, 114, 178, 0.08)";
    ctx.fillRect(g.left + s.from * w, g.top, (s.to - s.from + 1) * w, g.bottom - g.top);
    if (!axis) return;
    ctx.fillStyle = "#52606d";
    ctx.font = "11px system-ui, sans-serif";
    ctx.fillText(String(most), 4, g.top + 10);
    const step = Math.max(1, Math.ceil(n / Math.max(1, Math.floor(g.width / 70))));
    for (let m = 0; m < n; m += step) ctx.fillText(KG.months[m], g.left + m * w, canvas.height - 6);
  }

  function monthAt(canvas, axis, event) {
    const r = canvas.getBoundingClientRect();
    const g = layout(canvas, axis);
    const m = Math.floor(((event.clientX - r.left - g.left) / g.width) * counts.length);
    return Math.min(counts.length - 1, Math.max(0, m));
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

  return { open, mount, update, redraw, rows, canvas: large, strip };
})();
