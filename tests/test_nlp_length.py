"""Extraction is linear in the length of an article: the work per word kg's layers do over
a long article stays near that over a short one. The work is counted, not timed: the
function calls (Python and spaCy's Cython) the profiler sees, so the ratio holds on a
loaded machine, where CPU times of one run vary by a third. The statistical model's own
pipes run first, uncounted: their cost per word is spaCy's
(benchmarks/bench_extract.py --lengths times both)."""

from __future__ import annotations

import cProfile
import datetime as dt
import pstats
import subprocess
import sys
from pathlib import Path

import pytest

from kg.nlp import extract_facts, load_pipeline
from kg.nlp.document import article_doc
from kg.nlp.facts import doc_to_facts
from kg.nlp.pipeline import COMPONENTS
from kg.types import Article

#: Work per word over the long article against that over the short one.
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


def _per_word(nlp, article: Article) -> float:
    """Function calls per word that kg's layers and the facts take over the article."""
    doc = article_doc(nlp, article)
    for name, pipe in nlp.pipeline:
        if name not in COMPONENTS:
            doc = pipe(doc)
    profiler = cProfile.Profile()
    profiler.enable()
    for name in COMPONENTS:
        doc = nlp.get_pipe(name)(doc)
    doc_to_facts(doc, article)
    profiler.disable()
    return pstats.Stats(profiler).total_calls / len(article.text.split())


def measured_ratio() -> float:
    """Work per word over 400 paragraphs against that over 40."""
    nlp = load_pipeline()
    short, long = _chronicle(40), _chronicle(400)
    extract_facts(short, nlp)  # fill the pipeline's caches first
    return _per_word(nlp, long) / _per_word(nlp, short)


@pytest.mark.slow
def test_work_per_word_stays_flat_as_an_article_grows():
    """Counted in a fresh interpreter: the profiler's count is the code's alone, whatever
    the tests before it left in this process (after a build in this process, cProfile
    over the pipeline slowed to a crawl; not seen outside the profiler)."""
    here = Path(__file__).resolve().parent
    done = subprocess.run(
        [sys.executable, "-c", "import test_nlp_length as t; print(t.measured_ratio())"],
        cwd=here, capture_output=True, text=True, timeout=600, check=True)
    ratio = float(done.stdout.split()[-1])
    assert ratio < MAX_RATIO, f"work per word ×{ratio:.2f} for ×10 the text"


def test_a_long_chronicle_keeps_every_encounter():
    facts = extract_facts(_chronicle(60), load_pipeline())
    pairs = {frozenset(getattr(c, "iso3", "") for c in e.participants) for e in facts.events}
    assert frozenset({"NOR", "CHL"}) in pairs
