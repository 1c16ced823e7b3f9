/* diplomatic-kg explorer, part 2: the Selected panel (meetings with their evidence and
 * sources, newest first and paginated; an entity's facts and the articles that mention it).
 * Details come from the page itself, or from `kg serve` when the page was served. */
"use strict";

KG.PAGE_SIZE = 10;

KG.details = (function () {
  const panel = () => KG.byId("kg-details");
  const fetched = new Map();

  function label(i) {
    return i >= 0 ? KG.data.entities[i].label : "";
  }

  function fact(list, name, value) {
    if (value === undefined || value === null || value === "") return;
    list.appendChild(KG.el("dt", null, name));
    const dd = KG.el("dd");
    if (value instanceof Node) dd.appendChild(value);
    else dd.textContent = String(value);
    list.appendChild(dd);
  }

  async function remote(path) {
    if (!fetched.has(path)) {
      fetched.set(path, fetch(path).then((r) => (r.ok ? r.json() : Promise.reject(r.statusText))));
    }
    return fetched.get(path);
  }

  async function reports(indices, table) {
    /* index -> [{title, url, date, evidence}] or null where the page does not carry them;
     * table is "meetings" (the default) or "actions". */
    const d = KG.data;
    const which = table || "meetings";
    if (d.meta.inline) {
      const inline = which === "meetings" ? d.reports : d.actionReports.map((r) => [r]);
      return new Map(indices.map((i) => [i, inline[i] && inline[i].map(([a, evidence]) => {
        const [title, url, date] = a >= 0 ? d.articles[a] : [null, null, null];
        return { title, url, date, evidence };
      })]));
    }
    if (!indices.length) return new Map();
    const answer = await remote(`explorer/reports?${which}=${indices.join(",")}`);
    return new Map(indices.map((i) => [i, answer[i] || []]));
  }

  function dateLine(m) {
    const box = KG.el("div", "kg-meeting-head");
    box.appendChild(KG.el("time", null, m[2] || "undated"));
    if (KG.data.datedBy[m[3]] === "article") {
      box.appendChild(KG.el("span", "kg-flag", " (article date)"));
    }
    const city = m[4] >= 0 ? label(m[4]) : null;
    const parts = [KG.data.kinds[m[0]], city, KG.data.statuses[m[1]],
                   m[7] > 1 ? KG.plural(m[7], "report") : null].filter(Boolean);
    box.appendChild(KG.el("span", null, ` \u00b7 ${parts.join(" \u00b7 ")}`));
    return box;
  }

  function sources(item, found) {
    for (const r of found) {
      if (r.evidence) item.appendChild(KG.el("blockquote", null, r.evidence));
      const source = KG.el("div", "kg-article");
      source.appendChild(KG.link(r.title, r.url));
      if (r.date) source.appendChild(KG.el("span", null, ` \u00b7 ${r.date}`));
      item.appendChild(source);
    }
  }

  function meetingItem(i, found) {
    const m = KG.data.meetings[i];
    const item = KG.el("li", `kg-meeting kg-status-${KG.data.statuses[m[1]]}`);
    item.dataset.meeting = String(i);
    item.appendChild(dateLine(m));
    item.appendChild(KG.el("div", "kg-sides", m[5].map(label).join(", ")));
    if (m[6].length) item.appendChild(KG.el("div", "kg-people", m[6].map(label).join(", ")));
    if (found === null || found === undefined) {
      item.appendChild(KG.el("p", "kg-note",
        "Evidence not carried by this page (only the newest meetings' is): open it with kg serve."));
      return item;
    }
    sources(item, found);
    return item;
  }

  function pager(total, page, show) {
    const pages = Math.max(1, Math.ceil(total / KG.PAGE_SIZE));
    const bar = KG.el("div", "kg-pager");
    const newer = KG.el("button", null, "\u2190 Newer");
    const older = KG.el("button", null, "Older \u2192");
    newer.type = older.type = "button";
    newer.disabled = page === 0;
    older.disabled = page >= pages - 1;
    newer.addEventListener("click", () => show(page - 1));
    older.addEventListener("click", () => show(page + 1));
    bar.append(newer, KG.el("span", "kg-page", `page ${page + 1} of ${pages}`), older);
    return bar;
  }

  function meetingList(box, indices) {
    /* Meetings newest first, KG.PAGE_SIZE a page. */
    const ordered = KG.newestFirst(indices);
    const list = KG.el("ol", "kg-meetings");
    const bar = KG.el("div");
    async function show(page) {
      const shown = ordered.slice(page * KG.PAGE_SIZE, (page + 1) * KG.PAGE_SIZE);
      const found = await reports(shown);
      list.replaceChildren(...shown.map((i) => meetingItem(i, found.get(i))));
      bar.replaceChildren(ordered.length > KG.PAGE_SIZE ? pager(ordered.length, page, show) : "");
    }
    box.append(list, bar);
    return show(0);
  }

  function start(title, subtitle) {
    const box = panel();
    box.replaceChildren(KG.el("h3", "kg-selected-title", title));
    if (subtitle) box.appendChild(KG.el("p", "kg-note", subtitle));
    return box;
  }

  /* What the panel shows, so that it follows the filters (see follow). */
  let current = null;

  function clear(message) {
    current = null;
    panel().replaceChildren(KG.el("p", "kg-note", message || "Click a country, a link or a city."));
  }

  function meetings(title, indices, subtitle, options) {
    /* options.recompute(): the meetings to list under the filters as they are now;
     * options.pair: [a, b], two sides whose months the panel charts (KG.pairChart). */
    const opts = options || {};
    current = { kind: "meetings", title, subtitle, opts,
                ids: indices, recompute: opts.recompute || (() => indices.filter((i) => KG.meetingPasses(i))) };
    const box = start(title, subtitle || KG.plural(indices.length, "meeting"));
    if (opts.pair && KG.pairChart) KG.pairChart.draw(box, opts.pair, indices);
    return meetingList(box, indices);
  }

  function follow() {
    /* Show the selection again under the filters as they are now. */
    if (!current) return null;
    if (current.kind === "entity") return entity(current.index, KG.meetingsOf(current.index));
    if (current.kind === "meetings") {
      const { title, opts, recompute } = current;
      const ids = recompute();
      const shown = meetings(title, ids, null, opts);
      current.recompute = recompute;
      return shown;
    }
    return null;
  }

  async function mentions(i) {
    const d = KG.data;
    if (d.meta.inline) {
      const found = (d.mentions[i] || []).map((a) => d.articles[a]);
      return { articles: found.map(([title, url, date]) => ({ title, url, date })),
               total: d.mentionCounts[i] || 0 };
    }
    return remote(`explorer/entity?index=${i}`);
  }

  async function entity(i, inView) {
    current = { kind: "entity", index: i };
    const e = KG.data.entities[i];
    const box = start(e.label, null);
    const list = KG.el("dl", "kg-facts");
    fact(list, "Type", e.kind);
    fact(list, e.kind === "organization" ? "Short name" : "ISO3", e.key);
    fact(list, "Role", (e.roles || []).join("; "));
    fact(list, e.kind === "city" ? "Country" : "Represents", (e.sides || []).map(label).join(", "));
    fact(list, "Between\u00adness", e.between);
    fact(list, "IRI", e.id);
    box.appendChild(list);
    box.appendChild(KG.el("h4", null, `Meetings in view (${inView.length})`));
    const shown = meetingList(box, inView);
    const heading = KG.el("h4", null, "Articles that mention it");
    const articles = KG.el("ul", "kg-articles");
    box.append(heading, articles);
    const found = await mentions(i);
    heading.textContent = `Articles that mention it (${found.total})`;
    for (const a of found.articles) {
      const item = KG.el("li");
      item.appendChild(KG.link(a.title, a.url));
      if (a.date) item.appendChild(KG.el("span", null, ` \u00b7 ${a.date}`));
      articles.appendChild(item);
    }
    if (found.total > found.articles.length) {
      articles.appendChild(KG.el("li", "kg-note", `and ${found.total - found.articles.length} older`));
    }
    return shown;
  }

  async function actions(link) {
    current = null;
    const box = start(`${link.category}: ${label(link.actor)} \u2192 ${label(link.recipient)}`,
                      KG.plural(link.ids.length, "action"));
    const list = KG.el("ol", "kg-meetings");
    box.appendChild(list);
    const found = await reports(link.ids, "actions");
    for (const i of link.ids) {
      const [, status, date] = KG.data.actions[i];
      const item = KG.el("li", "kg-meeting");
      item.appendChild(KG.el("div", "kg-meeting-head", `${date || "undated"} \u00b7 ${KG.data.statuses[status]}`));
      sources(item, found.get(i) || []);
      list.appendChild(item);
    }
  }

  function shownEntity() {
    /* The entity the panel shows, or -1. */
    return current && current.kind === "entity" ? current.index : -1;
  }

  return { clear, meetings, entity, actions, reports, label, follow, shownEntity };
})();
