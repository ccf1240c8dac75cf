"""Every saved query is documented, runs with its defaults and keeps its columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from tagraph.graph import model
from tagraph.graph.connection import Graph
from tagraph.queries.catalog import QUERY_FOLDER, list_queries, markdown
from tagraph.queries.run import run_graph, run_query

DOCS = Path(__file__).parents[1] / "docs" / "queries.md"
MARKER = "<!-- The reference below is generated from the query headers"

QUERIES = list_queries()
READS = [query for query in QUERIES if query.mode == "read"]


def test_the_library_has_the_analyses_the_explorer_needs() -> None:
    names = {query.name for query in QUERIES}
    assert {
        "gaps", "gap-summary", "overlaps", "synergies", "candidates",
        "need-candidates-for-programme", "state-profile", "programme-profile",
        "provider-portfolio", "resolution-coverage", "needs-by-year",
        "coverage-map", "overview", "needs", "programmes", "providers",
        "search", "neighbours", "loads", "decisions", "record-decision",
    } <= names  # fmt: skip
    assert all(path.stem in names for path in QUERY_FOLDER.glob("*.cypher"))


@pytest.mark.parametrize("query", QUERIES, ids=lambda query: query.name)
def test_every_query_is_documented(query) -> None:
    assert query.title and query.title[0].isupper()
    assert len(query.description.split()) >= 12, "say what the query answers"
    assert query.columns
    for parameter in query.parameters:
        assert len(parameter.doc.split()) >= 2, f"{parameter.name} needs a doc"
    if "score" in query.columns:
        assert query.score, "a ranked query states its score formula"


def test_the_decision_statuses_are_the_models() -> None:
    status = {q.name: q for q in QUERIES}["record-decision"].parameter("status")
    assert status.choices == model.LINK_STATUSES


@pytest.mark.parametrize("query", READS, ids=lambda query: query.name)
def test_every_read_runs_with_its_defaults(fixture_graph: Graph, query) -> None:
    frame = run_query(fixture_graph, query)

    assert list(frame.columns) == list(query.columns)
    if query.result == "graph":
        network = run_graph(fixture_graph, query)
        assert all("label" in data for _, data in network.nodes(data=True))


def test_docs_and_headers_agree() -> None:
    text = DOCS.read_text(encoding="utf-8")
    assert MARKER in text, "docs/queries.md lost its generated reference"
    reference = text.split(MARKER, 1)[1].split("-->", 1)[1].strip()
    assert reference == markdown(QUERIES).strip(), (
        "regenerate the reference: tagraph query docs"
    )
