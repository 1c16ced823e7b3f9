/* diplomatic-kg explorer, part 7: search by name, ISO3 code or short name (never by IRI),
 * with a list to move through by keyboard; Enter selects, focuses and details the match. */
"use strict";

KG.search = (function () {
  const LIMIT = 8;
  let entries = [];
  let hits = [];
  let active = -1;

  function rank(e, term) {
    const label = e.label.toLowerCase();
    if (e.key && e.key.toLowerCase() === term) return 0;
    if (label === term) return 1;
    if (label.startsWith(term)) return 2;
    if (label.split(/[\s\-']+/).some((word) => word.startsWith(term))) return 3;
    if (e.key && e.key.toLowerCase().startsWith(term)) return 4;
    if (term.length >= 4 && label.includes(term)) return 5;  // "usa" is not inside "Busan"
    return -1;
  }

  function match(text) {
    const term = text.trim().toLowerCase();
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
    KG.byId("kg-search-result").textContent = term
      ? (hits.length === 1 ? "1 match" : `${hits.length} matches`) : "";
  }

  function pick(n) {
    const i = hits[n < 0 ? 0 : n];
    if (i === undefined) return;
    const input = KG.byId("kg-search");
    input.value = KG.data.entities[i].label;
    hits = [];
    active = -1;
    render();
    KG.byId("kg-search-result").textContent = `Selected ${KG.data.entities[i].label}`;
    KG.select(i, { fromSearch: true });
  }

  function mount() {
    entries = KG.data.entities.filter((e) => e.kind !== "other");
    const input = KG.byId("kg-search");
    input.addEventListener("input", () => {
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
