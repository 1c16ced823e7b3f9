"""Office titles normalised to GOLD.md's role list (kg/data/roles.json)."""

from __future__ import annotations

from functools import cache

from kg.linking._tables import data_json, fold


@cache
def role_titles() -> dict[str, str]:
    """Every title form, lower case, with plural forms -> normalised role."""
    table: dict[str, str] = {}
    for role, titles in data_json("roles.json").items():
        for title in titles:
            for form in (title, _plural(title)):
                table.setdefault(fold(form), role)
    return table


def _plural(title: str) -> str:
    head, _, last = title.rpartition(" ")
    if last.endswith("y") and not last.endswith("ey"):
        last = last[:-1] + "ies"
    elif last.endswith(("s", "sh", "ch")):
        last = last + "es"
    else:
        last = last + "s"
    return f"{head} {last}".strip()


def normalise_role(title: str) -> str | None:
    """The GOLD.md role for an office title ("Foreign Minister" -> "foreign minister").

    Unknown titles give None; "X minister" for any other portfolio gives "minister".
    """
    key = " ".join(fold(title).replace("–", "-").split())
    key = key.removeprefix("the ")
    if key in role_titles():
        return role_titles()[key]
    words = key.split()
    for start in range(1, len(words)):
        tail = " ".join(words[start:])
        if tail in role_titles():
            return role_titles()[tail]
    return None


@cache
def _ranks() -> dict[str, int]:
    return {role: rank for rank, role in enumerate(data_json("roles.json"))}


def role_rank(role: str) -> int:
    """The role's place in GOLD.md's list, highest office first (unknown roles last)."""
    return _ranks().get(role, len(_ranks()))
