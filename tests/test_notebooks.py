"""The notebooks run clean against reference and demo data, and are kept stripped.

Each notebook is executed with nbclient in a Python kernel of this
environment, connecting to the test server through the same ``NEO4J_*``
variables as everything else. The executed copies are kept in
``test-artifacts/notebooks/`` for reading after a run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from conftest import clear
from nbclient import NotebookClient

from tagraph.graph.connection import Graph
from tagraph.loaders.demo import write_demo
from tagraph.loaders.load import load_dataset
from tagraph.loaders.reference import REFERENCE_DIR

ROOT = Path(__file__).parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
ARTIFACTS = ROOT / "test-artifacts" / "notebooks"
KERNEL = "python3"
"""The kernel of the Python running the tests (jupyter_client starts
``sys.executable`` for it), so the notebooks import this tagraph."""

EXPECTED = {
    "01-getting-started.ipynb": {
        "figures": 1,
        "texts": ["high-priority gaps in Africa", "API/PNR roadmap"],
    },
    "02-gaps-by-region-and-theme.ipynb": {
        "figures": 5,
        "texts": ["Lowest coverage:", "open_share"],
    },
    "03-overlaps-and-synergies.ipynb": {
        "figures": 2,
        "texts": ["States in the region:", "overlapping pairs", "with a synergy"],
    },
    "04-network-analyses.ipynb": {
        "figures": 3,
        "texts": ["similarity links", "communities", "default capacity 10"],
    },
}


@pytest.fixture(scope="module")
def demo_graph(
    session_graph: Graph,
    neo4j_env: dict[str, str],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Graph]:
    """Reference and demo data (scale 1) in a fresh database, for the module."""
    found = session_graph.read("MATCH (n) RETURN count(n) AS nodes")[0]["nodes"]
    assert found == 0, "the test database must be empty"
    folder = tmp_path_factory.mktemp("demo")
    write_demo(folder, scale=1)
    load_dataset(session_graph, REFERENCE_DIR)
    load_dataset(session_graph, folder)
    try:
        yield session_graph
    finally:
        clear(session_graph)


def outputs(notebook: nbformat.NotebookNode) -> tuple[int, str]:
    """How many figures the notebook drew, and all the text it printed."""
    figures, texts = 0, []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            figures += "image/png" in data
            texts.append(output.get("text", ""))
            texts += [data.get("text/plain", ""), data.get("text/markdown", "")]
            texts.append(data.get("text/html", ""))
    return figures, "\n".join(texts)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_the_notebook_runs_clean_and_tells_its_story(
    demo_graph: Graph, path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Importing Streamlit (as the explorer's tests do) sets MPLBACKEND=Agg for
    # the process; a kernel inheriting it would draw no inline figures.
    monkeypatch.delenv("MPLBACKEND", raising=False)
    notebook = nbformat.read(path, as_version=4)

    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, ARTIFACTS / path.name)

    errors = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
        or (output.get("name") == "stderr" and "Warning" in output.get("text", ""))
    ]
    assert not errors, json.dumps(errors, indent=1)[:2000]
    figures, text = outputs(notebook)
    expected = EXPECTED[path.name]
    assert figures >= expected["figures"], f"{figures} figures drawn"
    for words in expected["texts"]:
        assert words in text, f"{words!r} is missing from the outputs"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_the_committed_notebook_has_no_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)

    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: a cell keeps its outputs"
            assert cell.execution_count is None, f"{path.name}: run numbers kept"
        assert "attachments" not in cell or not cell.attachments
    stripped = subprocess.run(
        [sys.executable, "-m", "nbstripout", "--verify", str(path)],
        capture_output=True,
        text=True,
    )
    assert stripped.returncode == 0, f"run nbstripout on {path.name}"


def test_every_notebook_is_tested() -> None:
    assert sorted(p.name for p in NOTEBOOKS) == sorted(EXPECTED)
