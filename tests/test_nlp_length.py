"""Extraction is linear in the length of an article: the time per word kg's layers take
over a long article stays near that over a short one (a ratio measured in one process, not
a timing). The statistical model's own pipes run first, untimed: their cost per word is
spaCy's (benchmarks/bench_extract.py --lengths prints both)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from kg.nlp import extract_facts, load_pipeline
from kg.nlp.document import article_doc
from kg.nlp.facts import doc_to_facts
from kg.nlp.pipeline import COMPONENTS
from kg.types import Article

#: Time per word of the long article over that of the short one.
MAX_RATIO = 1.2
_STATES = ["Norway", "Chile", "Kenya", "Vietnam", "Peru", "Ghana", "Latvia", "Jordan",
           "Uruguay", "Nepal", "Senegal", "Iceland", "Bolivia", "Tunisia", "Mongolia"]
_CITIES = ["Oslo", "Santiago", "Nairobi", "Hanoi", "Lima", "Accra", "Riga", "Amman"]


def _chronicle(paragraphs: int) -> Article:
    """An encounter every two sentences between varied states, in short paragraphs."""
    parts = []
    for n in range(paragraphs):
        a, b = _STATES[n % len(_STATES)], _STATES[(3 * n + 1) % len(_STATES)]
        city = _CITIES[n % len(_CITIES)]
        parts.append(f"The foreign minister of {a} met the foreign minister of {b} in {city} "
                     f"on {1990 + n % 30}-0{1 + n % 9}-1{n % 10}. They discussed fisheries "
                     f"and the border. Later, {a} and {b} signed an agreement on trade. "
                     "Officials described the talks as useful.")
    return Article(identifier=f"chronicle-{paragraphs}", title="A chronicle",
                   text="\n\n".join(parts), date=dt.date(2021, 3, 2))


def _per_word(nlp, article: Article, repeat: int) -> float:
    """CPU seconds per word of kg's layers and facts, the best of ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        doc = article_doc(nlp, article)
        for name, pipe in nlp.pipeline:
            if name not in COMPONENTS:
                doc = pipe(doc)
        started = time.process_time()
        for name in COMPONENTS:
            doc = nlp.get_pipe(name)(doc)
        doc_to_facts(doc, article)
        best = min(best, time.process_time() - started)
    return best / len(article.text.split())


@pytest.mark.slow
def test_time_per_word_stays_flat_as_an_article_grows():
    nlp = load_pipeline()
    short, long = _chronicle(40), _chronicle(400)
    extract_facts(short, nlp)  # warm the pipeline's caches
    ratio = _per_word(nlp, long, 3) / _per_word(nlp, short, 5)
    assert ratio < MAX_RATIO, f"time per word ×{ratio:.2f} for ×10 the text"


def test_a_long_chronicle_keeps_every_encounter():
    facts = extract_facts(_chronicle(60), load_pipeline())
    pairs = {frozenset(getattr(c, "iso3", "") for c in e.participants) for e in facts.events}
    assert frozenset({"NOR", "CHL"}) in pairs
