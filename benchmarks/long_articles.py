"""Long synthetic articles of a given size, for the length benchmarks.

Three shapes: varied prose (the sentences of the synthetic news templates over many
states), a chronicle (one encounter every two sentences, varied states and cities) and
one sentence repeated (a scraped page whose boilerplate repeats). Deterministic.
"""

from __future__ import annotations

import datetime as dt
import random

import pycountry

from kg.types import Article

#: The shapes :func:`long_article` writes.
SHAPES = ("prose", "chronicle", "repeated")

_CITIES = ["Accra", "Lima", "Hanoi", "Oslo", "Nairobi", "Quito", "Riga", "Dakar", "Manila",
           "Tbilisi", "Amman", "Santiago", "Helsinki", "Rabat", "Jakarta", "Bogota"]
_VERBS = ["met", "held talks with", "received", "spoke by telephone with"]
_FILLER = [
    "Officials said the talks covered trade, energy and the border.",
    "The ministers agreed to meet again before the end of the year.",
    "Analysts said the visit could open the way to a wider agreement.",
    "Both delegations described the discussions as frank and useful.",
]
_REPEATED = ("The foreign minister of Ghana met the foreign minister of Peru in Accra "
             "on Monday to discuss cocoa exports. ")


def states(rng: random.Random) -> list[str]:
    """Country names fit for running text, shuffled."""
    names = [c.name for c in pycountry.countries if "," not in c.name and "(" not in c.name]
    rng.shuffle(names)
    return names


def sentence(shape: str, n: int, rng: random.Random, states: list[str]) -> str:
    """The ``n``-th sentence of an article of ``shape``, states drawn from ``states``."""
    if shape == "repeated":
        return _REPEATED
    a, b = rng.sample(states, 2)
    city = rng.choice(_CITIES)
    if shape == "chronicle" and n % 2:
        return rng.choice(_FILLER) + " "
    if shape == "chronicle":
        return f"The foreign minister of {a} {rng.choice(_VERBS)} his {b} counterpart in {city}. "
    templates = [
        f"{a} and {b} signed an agreement on fisheries during a visit to {city}. ",
        f"The president of {a} said cooperation with {b} would deepen next year. ",
        rng.choice(_FILLER) + " ",
        f"Trade between {a} and {b} grew by {rng.randint(2, 40)} percent last year. ",
        f"Protesters gathered in {city} as the parliament of {a} debated the budget. ",
    ]
    return rng.choice(templates)


def long_article(shape: str, size: int, seed: int = 11) -> Article:
    """An article of about ``size`` characters of the given shape, in paragraphs of five
    sentences."""
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {SHAPES}")
    rng = random.Random(seed)
    names = states(rng)
    parts: list[str] = []
    length = n = 0
    while length < size:
        text = sentence(shape, n, rng, names)
        n += 1
        if n % 5 == 0:
            text += "\n\n"
        parts.append(text)
        length += len(text)
    return Article(identifier=f"long-{shape}-{size}", title=f"A {shape} of {size} characters",
                   text="".join(parts).strip(), date=dt.date(2021, 5, 4))
