"""kg.analytics.pair_timeline: two sides' meetings by status and actions by quad class."""

from __future__ import annotations

import pytest

import kg
import kg.analytics
from kg.plover import QUAD_CLASSES, quad_class


@pytest.fixture(scope="module")
def graph() -> kg.KnowledgeGraph:
    graph = kg.KnowledgeGraph(kg.open_store())
    graph.add(kg.extract(
        "Chilean Foreign Minister Tomas Vidal met Peruvian Foreign Minister Ana Quispe in "
        "Lima on 4 April 2031. Chile will host Peru for talks in Santiago in May 2031.",
        date="2031-04-05", identifier="lima"))
    graph.add(kg.extract(
        "Chile condemned Peru on 2 June 2031 over the fishing ban. Chile imposed sanctions "
        "on Peru on 9 June 2031.", date="2031-06-10", identifier="ban"))
    graph.add(kg.extract(
        "The foreign ministers of Chile and Peru met in Lima on 4 April 2031, a Peruvian "
        "official said.", date="2031-04-06", identifier="retold"))
    graph.resolve_meetings()
    return graph


def test_pair_timeline(graph: kg.KnowledgeGraph) -> None:
    rows = kg.analytics.pair_timeline(graph, "Peru", "chl", frame=False)
    quiet = dict.fromkeys(kg.analytics.PAIR_COLUMNS[1:], 0)
    assert rows == [
        {"month": "2031-04", **quiet, "occurred": 1, "verbal cooperation": 1},
        {"month": "2031-05", **quiet, "planned": 1},
        {"month": "2031-06", **quiet, "verbal conflict": 1, "material conflict": 1},
    ]
    frame = kg.analytics.pair_timeline(graph, "CHL", "PER")
    assert list(frame.columns) == kg.analytics.PAIR_COLUMNS and len(frame) == 3
    with pytest.raises(KeyError, match="Atlantis"):
        kg.analytics.pair_timeline(graph, "CHL", "Atlantis")


def test_every_plover_category_has_one_quad_class() -> None:
    from kg.plover import codes

    categories = {code.category for code in codes().values()}
    assert categories == {c for names in QUAD_CLASSES.values() for c in names}
    assert quad_class("consult") == "verbal cooperation" and quad_class("nothing") is None
