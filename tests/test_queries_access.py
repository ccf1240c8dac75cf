"""No saved query lets a viewer reach another State's restricted or confidential needs.

For each viewer, every saved read query in queries/ runs with its defaults and
with its need, State, programme, theme, region, search and node parameters set
to the hidden needs' own values. Two things must hold:

1. No hidden need's id or title appears anywhere in a result.
2. Non-interference: the results are the same as on the same graph with the
   hidden needs (and the decisions about them) deleted. Counts, shares and
   scores therefore cannot include them either.

The hidden needs of the fixture are N03 (KEN, restricted), N06 (NGA,
confidential) and N10 (JOR, restricted). Jordan's focal point may see N10.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tagraph.access import FULL_ACCESS, Viewer
from tagraph.errors import UnknownQuery
from tagraph.graph.connection import Graph
from tagraph.loaders.load import load_dataset
from tagraph.queries.catalog import SavedQuery, list_queries
from tagraph.queries.decisions import record_decision
from tagraph.queries.run import run_query

FIXTURE = Path(__file__).parent / "fixtures" / "analysis"
HIDDEN = {
    "N03": "Prison rehabilitation programme",
    "N06": "Terrorist financing risk assessment",
    "N10": "Counter-financing legislation",
}
HIDDEN_STATE = {"N03": "KEN", "N06": "NGA", "N10": "JOR"}

VIEWERS = {
    "viewer": Viewer("guest", "viewer"),
    "focal point of Jordan": Viewer("jo", "focal-point", frozenset({"JOR"})),
}

VALUES: dict[str, list[Any]] = {
    "need": ["N03", "N06", "N10"],
    "state": ["KEN", "NGA", "JOR"],
    # PG4 addresses N03; PG3 is N06's candidate; PG7 covers JOR.
    "programme": ["PG4", "PG3", "PG7"],
    "theme": ["PRR", "CFT"],
    "region": ["014", "011", "145"],
    "provider": ["PA", "PC"],
    "text": ["rehabilitation", "financing", "legislation", "N03", "N06", "N10"],
    "status": [["open"], ["open", "in-progress"]],
    "by": ["state", "region", "theme"],
    "as_of": ["2025-06-01"],
    "needs": [["N03", "N06", "N10"]],
    "programmes": [["PG4", "PG3"]],
}
"""Values that point at the hidden needs, by parameter name."""

NODES = [
    ("Need", "N03"), ("Need", "N06"), ("Need", "N10"), ("State", "KEN"),
    ("State", "NGA"), ("Programme", "PG4"), ("Programme", "PG3"),
    ("Theme", "CFT"), ("Resolution", "2462"), ("Resolution", "2396"),
]  # fmt: skip
"""(label, key) pairs for the neighbours query."""


def variants(query: SavedQuery) -> list[dict[str, Any]]:
    """Defaults, then one variant per value of each parameter the query takes."""
    found: list[dict[str, Any]] = [{}]
    names = {parameter.name for parameter in query.parameters}
    if {"label", "key"} <= names:
        found += [{"label": label, "key": key} for label, key in NODES]
    for parameter in query.parameters:
        for value in VALUES.get(parameter.name, []):
            try:
                parameter.coerce(value)
            except UnknownQuery:
                continue  # e.g. a need status offered to a programme status
            found.append({parameter.name: value})
    return found


def results(graph: Graph, viewer: Viewer) -> dict[tuple[str, str], pd.DataFrame]:
    """Every read query's result for ``viewer``, keyed by (name, parameters)."""
    found = {}
    for query in list_queries():
        if query.mode != "read":
            continue
        for params in variants(query):
            frame = run_query(graph, query, params, viewer=viewer)
            if query.name == "search":
                # Relevance scores follow the index's term statistics, which
                # are not access-aware; what is found must be the same.
                frame = frame.drop(columns="score").sort_values(["label", "key"])
                frame = frame.reset_index(drop=True)
            found[(query.name, repr(params))] = frame
    return found


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _texts(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _texts(item)
    else:
        yield str(value)


def _same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    def plain(frame: pd.DataFrame) -> list[list[Any]]:
        return [
            [None if isinstance(v, float) and math.isnan(v) else v for v in row]
            for row in frame.astype(object).values.tolist()
        ]

    return list(a.columns) == list(b.columns) and plain(a) == plain(b)


@pytest.fixture
def fixture_graph(graph: Graph) -> Graph:
    """The fixture with decisions recorded about two hidden needs."""
    load_dataset(graph, FIXTURE)
    # Neither decision changes what is addressed: PG4's link to N03 was agreed
    # already, and a proposed link to N06 addresses nothing.
    record_decision(graph, "N03", "PG4", "agreed", "Confirmed.", by="analyst")
    record_decision(graph, "N06", "PG3", "proposed", "Worth a look.", by="analyst")
    return graph


@pytest.mark.parametrize("who", list(VIEWERS))
def test_no_saved_query_reaches_another_states_hidden_needs(
    fixture_graph: Graph, who: str
) -> None:
    viewer = VIEWERS[who]
    hidden = [need for need in HIDDEN if HIDDEN_STATE[need] not in viewer.states]

    seen = results(fixture_graph, viewer)

    leaks = []
    for (name, params), frame in seen.items():
        cells = " | ".join(_texts(frame.astype(object).values.tolist()))
        for need in hidden:
            if need in cells or HIDDEN[need] in cells:
                leaks.append(f"{name} {params} shows {need}")
    assert leaks == []

    fixture_graph.write(
        "MATCH (n:Need) WHERE n.id IN $hidden "
        "OPTIONAL MATCH (d:Decision)-[:CONCERNS]->(n) "
        "DETACH DELETE d, n",
        {"hidden": hidden},
    )
    without = results(fixture_graph, viewer)

    differ = [key for key in seen if not _same(seen[key], without[key])]
    assert differ == [], "results that depend on hidden needs"


def test_the_walk_covers_every_query_and_would_see_a_leak(
    fixture_graph: Graph,
) -> None:
    # Run as full access, the same walk finds each hidden need somewhere, so
    # the check above is able to fail.
    seen = results(fixture_graph, FULL_ACCESS)
    cells = " | ".join(
        " | ".join(_texts(frame.astype(object).values.tolist()))
        for frame in seen.values()
    )
    assert all(need in cells for need in HIDDEN)

    # And Jordan's focal point sees Jordan's own restricted need.
    jordan = results(fixture_graph, VIEWERS["focal point of Jordan"])
    gaps = jordan[("gaps", repr({}))]
    assert "N10" in list(gaps["need"])

    walked = {name for name, _ in seen}
    reads = {query.name for query in list_queries() if query.mode == "read"}
    assert walked == reads
