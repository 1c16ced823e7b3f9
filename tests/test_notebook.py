"""The three notebooks run from top to bottom on a sample of the bundled corpus (the whole
corpus would only make them slower), and ship without outputs."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from corpus_sample import sample_folder
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
NAMES = ["01-quickstart", "02-sparql-cookbook", "03-network-analysis"]
#: Articles of the pair the notebooks follow over time (Ukraine and the United States).
PAIR = ("2022-04-25-president-ukraine-met-secretary-state",
        "2022-06-15-volodymyr-zelenskyy-had-phone-conversation",
        "2025-11-23-joint-statement-united-states-ukraine")


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, nbformat.NotebookNode]:
    """Each notebook run in order in one folder: the first builds the store the others open."""
    root = tmp_path_factory.mktemp("notebooks")
    work = root / "notebooks"
    work.mkdir()
    sample_folder(root / "corpus", also=PAIR)
    done = {}
    for name in NAMES:
        notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
        NotebookClient(
            notebook,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(work)}},
        ).execute()
        done[name] = notebook
    done["folder"] = work  # type: ignore[assignment]
    return done


def outputs(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs(executed: dict, name: str) -> None:
    assert not [o for o in outputs(executed[name]) if o.output_type == "error"]


@pytest.mark.slow
def test_what_the_notebooks_show(executed: dict) -> None:
    assert (executed["folder"] / "quickstart-graph.html").stat().st_size > 100_000
    frames = [
        o for o in outputs(executed["02-sparql-cookbook"]) if "text/html" in o.get("data", {})
    ]
    assert len(frames) == 10 and all("<table" in f["data"]["text/html"] for f in frames)
    pictures = [
        o for o in outputs(executed["03-network-analysis"]) if "image/png" in o.get("data", {})
    ]
    assert len(pictures) == 2  # the network, and two sides over time
    frames = [
        o["data"]["text/html"]
        for o in outputs(executed["03-network-analysis"])
        if "text/html" in o.get("data", {})
    ]
    assert any("<iframe srcdoc=" in f and "data-view=&quot;map&quot;" in f for f in frames)


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_ship_without_outputs(name: str) -> None:
    notebook = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)
