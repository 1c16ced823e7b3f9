/* diplomatic-kg explorer, part 5: the map. Natural Earth country outlines (world-atlas,
 * shipped inside the page), meeting cities as circles sized by meetings, lines from each
 * city to the capitals of the states that met there (or between the capitals when the
 * place is unknown). Drawn on a canvas: wheel to zoom, drag to pan, click a city. */
"use strict";

KG.map = (function () {
  const canvas = KG.el("canvas", "kg-map-canvas");
  const view = { scale: 1, dx: 0, dy: 0 };
  let rings = null;
  let cities = [];
  let lines = [];
  let hover = -1;
  let selectedCity = -1;

  function decode() {
    /* TopoJSON arcs -> rings of [lon, lat]: arcs are delta-encoded on a quantized grid. */
    const topo = KG.world;
    const [sx, sy] = topo.transform.scale;
    const [tx, ty] = topo.transform.translate;
    const arcs = topo.arcs.map((arc) => {
      let x = 0;
      let y = 0;
      return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
    });
    const ring = (indices) => {
      const points = [];
      for (const index of indices) {
        const arc = index < 0 ? arcs[~index].slice().reverse() : arcs[index];
        points.push(...(points.length ? arc.slice(1) : arc));
      }
      return points;
    };
    const out = [];
    for (const g of topo.objects.countries.geometries) {
      const polygons = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
      for (const polygon of polygons) out.push(...unwrapped(polygon.map(ring)));
    }
    return out;
  }

  function unwrapped(polygon) {
    /* A polygon that crosses the antimeridian, made continuous and drawn on both sides. */
    let crossed = false;
    const rings = polygon.map((points) => {
      let shift = 0;
      return points.map(([lon, lat], n) => {
        if (n && Math.abs(lon - points[n - 1][0]) > 180) {
          shift += lon < points[n - 1][0] ? 360 : -360;
          crossed = true;
        }
        return [lon + shift, lat];
      });
    });
    if (!crossed) return [rings];
    const moved = (by) => rings.map((points) => points.map(([lon, lat]) => [lon + by, lat]));
    return [rings, moved(360), moved(-360)];
  }

  function base() {
    /* Equirectangular projection fitted to the canvas (latitudes -58 to 84). */
    const w = canvas.width;
    const h = canvas.height;
    const k = Math.min(w / 360, h / 142);
    return { k, x0: (w - 360 * k) / 2, y0: (h - 142 * k) / 2 };
  }

  function project(lat, lon) {
    const b = base();
    const x = b.x0 + (lon + 180) * b.k;
    const y = b.y0 + (84 - lat) * b.k;
    return [x * view.scale + view.dx, y * view.scale + view.dy];
  }

  function place(i) {
    const e = KG.data.entities[i];
    return e && e.lat !== undefined ? [e.lat, e.lon] : null;
  }

  function update(selected) {
    const byCity = new Map();
    const byLine = new Map();
    let unplaced = 0;
    for (const i of selected) {
      const m = KG.data.meetings[i];
      const city = m[4] >= 0 && place(m[4]) ? m[4] : -1;
      const capitals = m[5].filter((s) => place(s));
      if (city < 0 && capitals.length < 2) { unplaced += 1; continue; }
      if (city >= 0) {
        if (!byCity.has(city)) byCity.set(city, []);
        byCity.get(city).push(i);
      }
      const ends = city >= 0 ? capitals.map((s) => [city, s])
        : capitals.flatMap((a, n) => capitals.slice(n + 1).map((b) => [a, b]));
      for (const [a, b] of ends) {
        if (a === b) continue;
        const key = `${a}-${b}`;
        byLine.set(key, (byLine.get(key) || 0) + 1);
      }
    }
    cities = [...byCity].map(([city, ids]) => ({ city, ids })).sort((p, q) => q.ids.length - p.ids.length);
    lines = [...byLine].map(([key, n]) => ({ ends: key.split("-").map(Number), n }));
    draw();
    return unplaced ? [`${KG.plural(unplaced, "meeting")} without a known place or capitals left off the map.`] : [];
  }

  const MAX_RADIUS = 22;

  function radius(c) {
    /* Area by meetings, the busiest city MAX_RADIUS across at most: at any store size the
     * circles stay dots on the map instead of covering continents. */
    const most = cities.length ? cities[0].ids.length : 1;
    return 3 + (MAX_RADIUS - 3) * Math.sqrt(c.ids.length / Math.max(most, 1));
  }

  function draw() {
    const box = canvas.parentElement && canvas.parentElement.getBoundingClientRect();
    if (!box || !box.width) return;
    if (canvas.width !== Math.round(box.width) || canvas.height !== Math.round(box.height)) {
      canvas.width = Math.round(box.width);
      canvas.height = Math.round(box.height);
    }
    rings = rings || decode();
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#eef3f8";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.fillStyle = "#d9e2ec";
    ctx.strokeStyle = "#ffffff";
    ctx.lineWidth = 0.6;
    for (const polygon of rings) {
      ctx.beginPath();
      for (const ring of polygon) {
        ring.forEach(([lon, lat], n) => {
          const [x, y] = project(lat, lon);
          if (n) ctx.lineTo(x, y); else ctx.moveTo(x, y);
        });
        ctx.closePath();
      }
      ctx.fill("evenodd");
      ctx.stroke();
    }
    const most = Math.max(1, ...lines.map((l) => l.n));
    for (const l of lines) {
      const [a, b] = l.ends.map((i) => project(...place(i)));
      ctx.strokeStyle = `rgba(0, 114, 178, ${0.15 + 0.5 * (l.n / most)})`;
      ctx.lineWidth = 0.5 + 2.5 * Math.sqrt(l.n / most);
      ctx.beginPath();
      ctx.moveTo(...a);
      ctx.lineTo(...b);
      ctx.stroke();
    }
    cities.forEach((c, n) => {
      const [x, y] = project(...place(c.city));
      ctx.beginPath();
      ctx.arc(x, y, radius(c), 0, 2 * Math.PI);
      ctx.fillStyle = n === hover || c.city === selectedCity ? "#D55E00" : "rgba(0, 158, 115, 0.75)";
      ctx.fill();
      ctx.strokeStyle = "#ffffff";
      ctx.lineWidth = 1;
      ctx.stroke();
    });
    ctx.font = "12px system-ui, sans-serif";
    ctx.fillStyle = "#1f2933";
    const taken = [];
    for (const c of cities) {  // busiest first: a label that would overlap one drawn is dropped
      if (taken.length >= 40) break;
      const [x, y] = project(...place(c.city));
      const text = KG.details.label(c.city);
      const box = { x: x + radius(c) + 3, y: y - 8, w: ctx.measureText(text).width, h: 14 };
      const clash = taken.some((t) => box.x < t.x + t.w && t.x < box.x + box.w
                                     && box.y < t.y + t.h && t.y < box.y + box.h);
      if (clash || box.x > canvas.width || box.y > canvas.height || box.x + box.w < 0) continue;
      taken.push(box);
      ctx.fillText(text, box.x, y + 4);
    }
  }

  function cityAt(x, y) {
    for (let n = cities.length - 1; n >= 0; n--) {
      const [cx, cy] = project(...place(cities[n].city));
      if (Math.hypot(cx - x, cy - y) <= radius(cities[n]) + 2) return n;
    }
    return -1;
  }

  function point(event) {
    /* The event in canvas pixels, whatever size the page shows the canvas at. */
    const r = canvas.getBoundingClientRect();
    const sx = r.width ? canvas.width / r.width : 1;
    const sy = r.height ? canvas.height / r.height : 1;
    return [(event.clientX - r.left) * sx, (event.clientY - r.top) * sy];
  }

  function open(container) {
    if (canvas.parentElement) return canvas;
    container.appendChild(canvas);
    // the box changes size when a note shows above it: draw again at the new size
    new ResizeObserver(() => { if (!container.hidden) draw(); }).observe(container);
    const tip = KG.el("div", "kg-map-tip");
    container.appendChild(tip);
    let drag = null;
    canvas.addEventListener("wheel", (event) => {
      event.preventDefault();
      const [x, y] = point(event);
      const f = event.deltaY < 0 ? 1.25 : 0.8;
      view.dx = x - (x - view.dx) * f;
      view.dy = y - (y - view.dy) * f;
      view.scale *= f;
      draw();
    }, { passive: false });
    canvas.addEventListener("mousedown", (event) => { drag = { at: point(event), moved: false }; });
    window.addEventListener("mouseup", () => { setTimeout(() => { drag = null; }, 0); });
    canvas.addEventListener("mousemove", (event) => {
      const [x, y] = point(event);
      if (drag && event.buttons) {
        view.dx += x - drag.at[0];
        view.dy += y - drag.at[1];
        drag.moved = drag.moved || Math.hypot(x - drag.at[0], y - drag.at[1]) > 2;
        drag.at = [x, y];
        draw();
        return;
      }
      const n = cityAt(x, y);
      if (n !== hover) { hover = n; draw(); }
      tip.style.display = n < 0 ? "none" : "block";
      if (n >= 0) {
        tip.textContent = `${KG.details.label(cities[n].city)}: ${KG.plural(cities[n].ids.length, "meeting")}`;
        tip.style.left = `${x + 12}px`;
        tip.style.top = `${y + 12}px`;
      }
    });
    canvas.addEventListener("click", (event) => {
      if (drag && drag.moved) return;
      const n = cityAt(...point(event));
      if (n >= 0) showCity(n);
    });
    return canvas;
  }

  function showCity(n) {
    selectedCity = cities[n].city;
    draw();
    const city = cities[n].city;
    return KG.details.meetings(KG.details.label(city), cities[n].ids, null,
                               { recompute: () => KG.selected().filter((i) => KG.data.meetings[i][4] === city) });
  }

  function cityPoint(city) {
    /* Where a city is drawn, relative to the canvas (for tests and keyboard users). */
    const n = cities.findIndex((c) => c.city === city);
    return n < 0 ? null : project(...place(cities[n].city));
  }

  function rows() {
    return cities.map((c) => {
      const [lat, lon] = place(c.city);
      return { city: c.city, lat, lon, meetings: c.ids.length };
    });
  }

  return { open, update, draw, canvas, cityPoint, rows, cities: () => cities, showCity };
})();
