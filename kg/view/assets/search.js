/* diplomatic-kg explorer, part 7: search by name, ISO3 code, short name or alias (never by
 * IRI), case and accents folded, with a list to move through by keyboard; Enter selects,
 * focuses and details the match, and the box keeps it. */
"use strict";

KG.search = (function () {
  const LIMIT = 8;
  let entries = [];
  let hits = [];
  let active = -1;

  let chosen = null;

  function fold(text) {
    /* Case and accents folded: "erdogan" finds "Erdoğan", "sao paulo" "São Paulo". */
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/\u0131/g, "i");
  }

  function rankName(name, term) {
    if (name === term) return 1;
    if (name.startsWith(term)) return 2;
    if (name.split(/[\s\-'.]+/).some((word) => word.startsWith(term))) return 3;
    if (term.length >= 4 && name.includes(term)) return 5;  // "usa" is not inside "Busan"
    return -1;
  }

  function rank(e, term) {
    const key = e.key ? fold(e.key) : "";
    if (key === term) return 0;
    let best = -1;
    for (const name of e.names) {  // the label, then the aliases ("UK", "Britain", "Kiev")
      const r = rankName(name, term);
      if (r >= 0 && (best < 0 || r < best)) best = r;
    }
    if (best >= 0) return best;
    if (key && key.startsWith(term)) return 4;
    return -1;
  }

  function match(text) {
    const term = fold(text.trim());
    if (!term) return [];
    const found = [];
    for (const e of entries) {
      const r = rank(e, term);
      if (r >= 0) found.push([r, e]);
    }
    const order = { country: 0, organization: 1, person: 2, city: 3 };
    found.sort((x, y) => x[0] - y[0] || (order[x[1].kind] ?? 9) - (order[y[1].kind] ?? 9)
      || x[1].label.localeCompare(y[1].label));
    return found.map(([, e]) => e.index);
  }

  function render() {
    const list = KG.byId("kg-search-list");
    list.replaceChildren(...hits.slice(0, LIMIT).map((i, n) => {
      const e = KG.data.entities[i];
      const option = KG.el("li", n === active ? "kg-option kg-active" : "kg-option");
      option.id = `kg-option-${n}`;
      option.setAttribute("role", "option");
      option.setAttribute("aria-selected", String(n === active));
      option.appendChild(KG.el("span", null, e.label));
      option.appendChild(KG.el("span", "kg-tally", [e.key, e.kind].filter(Boolean).join(" \u00b7 ")));
      option.addEventListener("mousedown", (event) => { event.preventDefault(); pick(n); });
      return option;
    }));
    list.hidden = hits.length === 0;
    const input = KG.byId("kg-search");
    input.setAttribute("aria-expanded", String(hits.length > 0));
    if (active >= 0) input.setAttribute("aria-activedescendant", `kg-option-${active}`);
    else input.removeAttribute("aria-activedescendant");
    const term = input.value.trim();
    KG.byId("kg-search-result").textContent = chosen !== null && term === chosen.label
      ? `Selected ${chosen.label}`
      : term ? (hits.length === 1 ? "1 match" : `${hits.length} matches`) : "";
  }

  function pick(n) {
    const i = hits[n < 0 ? 0 : n];
    if (i === undefined) return;
    const input = KG.byId("kg-search");
    input.value = KG.data.entities[i].label;
    chosen = KG.data.entities[i];  // the box keeps its match until it is edited
    hits = [];
    active = -1;
    render();
    KG.select(i, { fromSearch: true });
  }

  function mount() {
    entries = KG.data.entities.filter((e) => e.kind !== "other");
    for (const e of entries) e.names = [e.label, ...(e.aliases || [])].map(fold);
    const input = KG.byId("kg-search");
    input.addEventListener("input", () => {
      chosen = null;
      hits = match(input.value);
      active = hits.length ? 0 : -1;
      render();
    });
    input.addEventListener("keydown", (event) => {
      const shown = Math.min(hits.length, LIMIT);
      if (event.key === "ArrowDown" && shown) active = (active + 1) % shown;
      else if (event.key === "ArrowUp" && shown) active = (active - 1 + shown) % shown;
      else if (event.key === "Enter") { event.preventDefault(); pick(active); return; }
      else if (event.key === "Escape") { hits = []; active = -1; }
      else return;
      event.preventDefault();
      render();
    });
    input.addEventListener("blur", () => setTimeout(() => { hits = []; active = -1; render(); }, 150));
  }

  return { mount, match };
})();
