"""A sample of the bundled corpus for tests that need many real articles but not all 171.

Building, storing and resolving the whole corpus takes a minute; a test of how a build,
a store or a query behaves needs varied articles, not every one. The sample is every
tenth article in name order, and the articles tests name; tests of extraction quality
(kg eval, tests/test_nlp_corpus.py) read the whole corpus.
"""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
#: Articles tests name: the hand-checked seed article, and one with a bilateral visit.
NAMED = ("trilateral-busan", "2021-12-06-russian-indian-talks")


def sample(every: int = 10, also: tuple[str, ...] = ()) -> list[Path]:
    """The sample's article files (.txt), in name order; ``also`` names more articles."""
    texts = sorted(CORPUS.glob("*.txt"))
    return sorted({*texts[::every], *(CORPUS / f"{name}.txt" for name in (*NAMED, *also))})


def sample_folder(folder: Path, every: int = 10, also: tuple[str, ...] = ()) -> Path:
    """``folder`` filled with links to the sample's articles and their gold, for tools that
    read a folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for text in sample(every, also):
        for path in (text, text.parent / f"{text.stem}.gold.json"):
            if path.exists():
                (folder / path.name).symlink_to(path)
    return folder
