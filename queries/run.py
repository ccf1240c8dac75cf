"""Running saved queries: parameters checked, access applied, rows as a DataFrame.

Every read runs as a read transaction with the query timeout, and always
receives ``$access_all`` and ``$access_states`` from the viewer, so that a need
stays hidden unless it is public, the viewer sees everything, or it belongs to
one of the viewer's States.

Examples
--------
>>> from tagraph.graph.connection import Graph              # doctest: +SKIP
>>> with Graph.connect() as graph:                          # doctest: +SKIP
...     gaps = run_query(graph, "gaps", {"priority": "high"})
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
from neo4j import graph as bolt
from neo4j.exceptions import Neo4jError
from neo4j.time import Date, DateTime, Duration, Time

from tagraph.access import FULL_ACCESS, Viewer
from tagraph.errors import AccessDenied, TagraphError, UnknownQuery
from tagraph.graph.connection import Graph
from tagraph.queries.catalog import (
    VOCABULARIES,
    Parameter,
    SavedQuery,
    get_query,
)

log = logging.getLogger("tagraph.queries")

_ACCESS = "($access_all OR n.confidentiality = 'public' OR s.iso3 IN $access_states)"

_VOCABULARY_TEXT = {
    "states": "MATCH (s:State) RETURN s.iso3 AS value, s.name AS label ORDER BY label",
    "regions": (
        "MATCH (r:Region) RETURN r.code AS value, r.name AS label "
        "ORDER BY r.level, label"
    ),
    "themes": "MATCH (t:Theme) RETURN t.code AS value, t.name AS label ORDER BY value",
    "providers": (
        "MATCH (p:Provider) RETURN p.id AS value, p.name AS label ORDER BY label"
    ),
    "programmes": (
        "MATCH (p:Programme) RETURN p.id AS value, p.title AS label ORDER BY value"
    ),
    "resolutions": (
        "MATCH (r:Resolution) RETURN r.number AS value, "
        "toString(r.number) + ' (' + r.year + ')' AS label ORDER BY value"
    ),
    "needs": (
        "MATCH (n:Need)-[:OF_STATE]->(s:State) WHERE " + _ACCESS + " "
        "RETURN n.id AS value, n.id + ': ' + n.title AS label ORDER BY value"
    ),
}
"""The constant queries behind each vocabulary; needs obey the access rule."""


class QueryFailed(TagraphError):
    """The server refused or stopped a saved query (bad input, time-out)."""


def _resolve(query: str | SavedQuery, folder: Path | None) -> SavedQuery:
    return query if isinstance(query, SavedQuery) else get_query(query, folder)


_PLAIN = frozenset({str, int, float, bool, type(None)})
"""Types the driver hands over as they are; most values are of these."""


def native(value: Any) -> Any:
    """A value from the driver in plain Python.

    Neo4j dates and times become ``date``, ``datetime`` and ``time``, and
    durations their ISO 8601 text. A node becomes the map of its properties,
    a relationship (start properties, type, end properties) and a path the
    list of its nodes with the type of each step between them, as the
    driver's ``Record.data()`` gives them.
    """
    if type(value) in _PLAIN:
        return value
    if isinstance(value, Date | DateTime | Time):
        return value.to_native()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, bolt.Node):
        return {key: native(item) for key, item in value.items()}
    if isinstance(value, bolt.Relationship):
        return (native(value.start_node), value.type, native(value.end_node))
    if isinstance(value, bolt.Path):
        steps = [native(value.start_node)]
        for relationship, node in zip(
            value.relationships, value.nodes[1:], strict=True
        ):
            steps += [relationship.type, native(node)]
        return steps
    if isinstance(value, list):
        return [native(item) for item in value]
    if isinstance(value, dict):
        return {key: native(item) for key, item in value.items()}
    return value


def _read(
    graph: Graph,
    saved: SavedQuery,
    params: Mapping[str, Any] | None,
    viewer: Viewer,
    timeout: float | None,
) -> list[dict[str, Any]]:
    if saved.mode != "read":
        raise AccessDenied(
            f"query {saved.name!r} changes the graph; it runs only through "
            "record_decision or 'tagraph link', not as a saved read"
        )
    bound = saved.bind(params)
    bound.update(viewer.parameters())
    log.debug("running %s as %s (%s)", saved.name, viewer.name, viewer.role)

    try:
        packed = graph.read_value(_packed(saved), bound, timeout=timeout)
    except Neo4jError as error:
        if "SyntaxError" not in (error.code or ""):
            raise QueryFailed(_explain(saved, error)) from None
        # Packing fails when the text does not return the declared columns;
        # run it as written for the error to name them (or for its rows, if
        # the text is one a subquery cannot hold).
        rows = _unpacked(graph, saved, bound, timeout)
        return [{key: native(value) for key, value in row.items()} for row in rows]

    columns = saved.columns
    return [dict(zip(columns, map(native, row), strict=True)) for row in packed]


def _packed(saved: SavedQuery) -> str:
    """The saved text, wrapped so that the server sends its rows as one record.

    The driver spends tens of microseconds on each record it receives, which
    for a thousand rows is more than the server takes to find them; one record
    holding every row, in the text's order, arrives several times faster. Only
    the header's column names are written into the text, each checked to be a
    lower-case name when the file was read.
    """
    columns = ", ".join(f"`{column}`" for column in saved.columns)
    return f"CALL () {{\n{saved.text}\n}}\nRETURN collect([{columns}]) AS rows"


def _unpacked(
    graph: Graph, saved: SavedQuery, bound: dict[str, Any], timeout: float | None
) -> list[dict[str, Any]]:
    try:
        rows = graph.read(saved.text, bound, timeout=timeout)
    except Neo4jError as error:
        raise QueryFailed(_explain(saved, error)) from None

    declared = list(saved.columns)
    for row in rows[:1]:
        if list(row) != declared:
            raise QueryFailed(
                f"query {saved.name!r} ({saved.path}) returned columns "
                f"{', '.join(row)}; its header declares {', '.join(declared)}"
            )
    return rows


def _explain(saved: SavedQuery, error: Neo4jError) -> str:
    code = error.code or ""
    if "TimedOut" in code or "Terminated" in code:
        return (
            f"query {saved.name!r} ran past its time limit and was stopped; narrow "
            "it with its parameters or raise TAGRAPH_QUERY_TIMEOUT"
        )
    return f"query {saved.name!r} failed on the server: {error.message or code}"


def run_query(
    graph: Graph,
    query: str | SavedQuery,
    params: Mapping[str, Any] | None = None,
    *,
    viewer: Viewer = FULL_ACCESS,
    timeout: float | None = None,
    folder: Path | None = None,
) -> pd.DataFrame:
    """Run a saved read query and return its rows.

    Parameters
    ----------
    graph
        The connection.
    query
        A saved query's name (looked up in ``folder``, default tagraph's own)
        or a :class:`SavedQuery`.
    params
        Parameter values, typed or as text (``"a;b"`` for lists); defaults
        fill the rest.
    viewer
        Who is looking; decides which needs count and appear.
    timeout
        Seconds before the server stops the query (default: the
        ``TAGRAPH_QUERY_TIMEOUT`` setting).

    Returns
    -------
    pandas.DataFrame
        Exactly the declared columns, in order; dates as ``datetime.date``.

    Raises
    ------
    UnknownQuery
        For an unknown query, parameter or value; the message lists valid ones.
    QueryFailed
        When the server refuses or stops the query.
    """
    saved = _resolve(query, folder)
    rows = _read(graph, saved, params, viewer, timeout)
    return pd.DataFrame(rows, columns=list(saved.columns))


def run_graph(
    graph: Graph,
    query: str | SavedQuery,
    params: Mapping[str, Any] | None = None,
    *,
    viewer: Viewer = FULL_ACCESS,
    timeout: float | None = None,
    folder: Path | None = None,
) -> nx.MultiDiGraph:
    """Run a saved ``result: graph`` query and return it as a networkx graph.

    Each row of such a query is one relationship: ``source`` and ``target``
    (``Label:key``), their ``*_label``, ``*_name`` and ``*_properties``, and
    the relationship's ``type`` and ``properties``. A row whose ``type`` is
    null carries a lone node. Nodes keep their label, key, name and
    properties; edges their type and properties.

    Raises
    ------
    UnknownQuery
        When the query does not return a graph, or as :func:`run_query`.
    """
    saved = _resolve(query, folder)
    if saved.result != "graph":
        raise UnknownQuery(
            f"query {saved.name!r} returns a {saved.result}, not a graph; use "
            "run_query for it"
        )
    rows = _read(graph, saved, params, viewer, timeout)

    network = nx.MultiDiGraph(query=saved.name)
    for row in rows:
        for end in ("source", "target"):
            node = row.get(end)
            if node is None or node in network:
                continue
            label, _, key = node.partition(":")
            attributes = dict(row.get(f"{end}_properties") or {})
            attributes.update(
                label=row.get(f"{end}_label") or label,
                key=key,
                name=row.get(f"{end}_name") or key,
            )
            network.add_node(node, **attributes)
        if row.get("type") is not None:
            attributes = dict(row.get("properties") or {})
            attributes["type"] = row["type"]
            network.add_edge(row["source"], row["target"], **attributes)
    return network


def choices(
    graph: Graph, parameter: Parameter, *, viewer: Viewer = FULL_ACCESS
) -> list[tuple[Any, str]]:
    """The values the explorer offers for ``parameter``: (value, label) pairs.

    Fixed ``choices`` come back as they are; ``choices_from`` a vocabulary
    runs that vocabulary's query; ``choices_from`` a saved query runs it with
    its defaults and takes its first column (second, when there is one, as the
    label). Needs always obey the access rule.
    """
    if parameter.choices is not None:
        return [(choice, str(choice)) for choice in parameter.choices]
    source = parameter.choices_from
    if source is None:
        return []
    if source in VOCABULARIES:
        rows = graph.read(_VOCABULARY_TEXT[source], viewer.parameters())
        return [(native(row["value"]), row["label"]) for row in rows]
    frame = run_query(graph, source, viewer=viewer)
    labels = frame.iloc[:, 1] if frame.shape[1] > 1 else frame.iloc[:, 0]
    return [
        (native(value), str(label))
        for value, label in zip(frame.iloc[:, 0], labels, strict=True)
    ]


def run_write(
    graph: Graph, query: str | SavedQuery, params: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Run a saved ``mode: write`` query in one write transaction.

    Callers check who may write; :mod:`tagraph.queries.decisions` is the one
    user of this today.
    """
    saved = _resolve(query, None)
    if saved.mode != "write":
        raise UnknownQuery(f"query {saved.name!r} is a read; use run_query for it")
    bound = saved.bind(params)
    try:
        rows = graph.write(saved.text, bound)
    except Neo4jError as error:
        raise QueryFailed(_explain(saved, error)) from None
    return [{key: native(value) for key, value in row.items()} for row in rows]


def to_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dictionaries: dates in ISO form, missing as None."""
    records = []
    for row in frame.to_dict(orient="records"):
        records.append({key: _jsonable(value) for key, value in row.items()})
    return records


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(value, "item"):
        return value.item()
    return value
