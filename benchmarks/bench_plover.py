"""The PLOVER action coder against the PLOVER gold-standard records (CAMEO manual examples).

Reads PLOVER_GSR_CAMEO.json from KG_PLOVER_DIR (default ../shared/plover beside the
project; CC BY-SA 4.0, never copied into the repository), codes each sentence with
kg.nlp.actions.code_actions (the first action = the main clause's) and prints event
category accuracy overall and over the diplomatic categories, actor and recipient
accuracy (the gold record's first source / target code), and the commonest confusions.
The figures are printed for all records, then for a dev half (the first half of each
category's records, in file order) and a check half (the second half), so a rule fitted to
the dev records shows as a gap between the two.

Organisations are scored as CAMEO codes them: a non-state group with a home country in
kg/data/organizations.json (``"country"``) by that country, other armed groups as IMG, any
other organisation as IGO; the gold file codes NGOs now as IGO (Amnesty International), now
as NGO, so the two count as one class.

    python benchmarks/bench_plover.py [--errors]
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import InputError
from kg.linking._tables import data_json
from kg.nlp import load_pipeline
from kg.nlp.actions import code_actions
from kg.types import Action, Country, Side

DIPLOMATIC = ("AGREE", "CONSULT", "SUPPORT", "DEMAND", "DISAPPROVE", "REJECT", "THREATEN",
              "SANCTION")
#: CAMEO country codes that differ from ISO 3166 alpha-3.
CAMEO_TO_ISO = {"JAP": "JPN", "ITL": "ITA", "VTN": "VAT"}
#: CAMEO codes of organisations that count as one class (see the module docstring).
ORGANISATION = frozenset({"IGO", "NGO"})


@dataclass(frozen=True)
class Scored:
    """One gold record and the coder's first action for its sentence."""

    text: str
    event: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]
    action: Action | None

    @property
    def predicted(self) -> str:
        return self.action.category if self.action else "NONE"


def plover_dir() -> Path:
    """Where the gold records are: KG_PLOVER_DIR, else ../shared/plover from the project."""
    configured = os.environ.get("KG_PLOVER_DIR")
    root = Path(__file__).resolve().parents[1]
    return Path(configured) if configured else root.parent / "shared" / "plover"


def _codes(actors: object) -> tuple[str, ...]:
    if not isinstance(actors, list):
        return ()
    codes = (str(a.get("code", "")).upper() for a in actors if isinstance(a, dict))
    return tuple(CAMEO_TO_ISO.get(c, c) for c in codes if c)


def load_gold(directory: Path) -> list[dict]:
    """The coded records (the documentation record left out)."""
    path = directory / "PLOVER_GSR_CAMEO.json"
    if not path.is_file():
        raise InputError(f"{path}: not found; set KG_PLOVER_DIR to the PLOVER data folder")
    records = json.loads(path.read_text(encoding="utf-8"))
    return [r for r in records if r.get("event") != "DOCUMENT" and r.get("text")]


def side_code(side: Side | None) -> str | None:
    """A side as a CAMEO actor code: ISO3 for states and home-based groups, else IGO."""
    if side is None:
        return None
    if isinstance(side, Country):
        return side.iso3
    row = next((r for r in data_json("organizations.json")
                if r["short"] == side.short_name), {})
    if row.get("country"):
        return row["country"]
    return "IMG" if row.get("kind") == "armed group" else "IGO"


def same_code(side: Side | None, gold: str) -> bool:
    """Whether a coded side matches a gold CAMEO code (IGO and NGO as one class)."""
    code = side_code(side)
    return code == gold or (code in ORGANISATION and gold in ORGANISATION)


def halves(scored: list[Scored]) -> tuple[list[Scored], list[Scored]]:
    """The dev half (first half of each category's records) and the check half."""
    dev: list[Scored] = []
    check: list[Scored] = []
    for event in sorted({r.event for r in scored}):
        rows = [r for r in scored if r.event == event]
        cut = (len(rows) + 1) // 2
        dev += rows[:cut]
        check += rows[cut:]
    return dev, check


def score(records: list[dict]) -> list[Scored]:
    """Code every gold sentence; keep the first (main clause) action."""
    nlp = load_pipeline()
    texts = [r["text"] for r in records]
    scored = []
    for record, doc in zip(records, nlp.pipe(texts), strict=True):
        actions = code_actions(doc)
        scored.append(Scored(record["text"], record["event"], _codes(record.get("source")),
                             _codes(record.get("target")), actions[0] if actions else None))
    return scored


def _rate(hits: int, total: int) -> str:
    return f"{hits / total:.3f} ({hits}/{total})" if total else "n/a (0/0)"


def accuracy(rows: Iterable[Scored]) -> dict[str, tuple[int, int]]:
    """(hits, total) for event category, actor and recipient."""
    rows = list(rows)
    event = sum(r.predicted == r.event for r in rows)
    with_source = [r for r in rows if r.sources]
    actor = sum(same_code(r.action and r.action.actor, r.sources[0]) for r in with_source)
    with_target = [r for r in rows if r.targets]
    target = sum(same_code(r.action and r.action.recipient, r.targets[0]) for r in with_target)
    return {"event": (event, len(rows)), "actor": (actor, len(with_source)),
            "recipient": (target, len(with_target))}


def report(scored: list[Scored], errors: bool = False) -> None:
    """Print the figures, per-category recall and the commonest confusions."""
    dev, check = halves(scored)
    for part, records in (("all", scored), ("dev half", dev), ("check half", check)):
        diplomatic = [r for r in records if r.event in DIPLOMATIC]
        for name, rows in (("all categories", records), ("diplomatic", diplomatic)):
            figures = accuracy(rows)
            print(f"{part:>10}, {name}: "
                  + ", ".join(f"{k} {_rate(*v)}" for k, v in figures.items()))
    print("\nper gold category: event recall, actor, recipient")
    for event in sorted({r.event for r in scored}):
        rows = [r for r in scored if r.event == event]
        figures = accuracy(rows)
        print(f"  {event:<12} " + "  ".join(_rate(*figures[k]) for k in figures))
    confusions = Counter((r.event, r.predicted) for r in scored if r.event != r.predicted)
    print("\ncommonest confusions (gold -> coded):")
    for (gold, coded), n in confusions.most_common(15):
        print(f"  {gold:>12} -> {coded:<12} {n}")
    if errors:
        dev_ids = {id(r) for r in dev}
        for r in scored:
            if r.event != r.predicted or (r.sources and not same_code(
                    r.action and r.action.actor, r.sources[0])):
                a = r.action
                half = "dev" if id(r) in dev_ids else "check"
                print(f"\n[{half} {r.event} {r.sources}->{r.targets}] coded {r.predicted} "
                      f"{side_code(a and a.actor)}->{side_code(a and a.recipient)} "
                      f"{a and a.cameo} {a and a.status}\n  {r.text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", action="store_true", help="print every miss")
    args = parser.parse_args()
    records = load_gold(plover_dir())
    print(f"{len(records)} gold records from {plover_dir()}")
    report(score(records), errors=args.errors)


if __name__ == "__main__":
    main()
