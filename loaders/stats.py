"""How much the graph holds: nodes per label and relationships per type."""

from __future__ import annotations

from typing import Any

from tagraph.graph.connection import Graph

_NODES = """
MATCH (n)
UNWIND labels(n) AS label
RETURN label, count(*) AS count
ORDER BY label
"""

_RELATIONSHIPS = """
MATCH ()-[r]->()
RETURN type(r) AS type, count(*) AS count
ORDER BY type
"""


def graph_stats(graph: Graph) -> dict[str, Any]:
    """Count the graph's nodes per label and relationships per type.

    Returns
    -------
    dict
        ``{"nodes": {label: count}, "relationships": {type: count}}``, sorted
        by name.

    Examples
    --------
    >>> graph_stats(graph)["nodes"]["State"]                # doctest: +SKIP
    193
    """
    nodes = {row["label"]: row["count"] for row in graph.read(_NODES) if row["count"]}
    relationships = {
        row["type"]: row["count"] for row in graph.read(_RELATIONSHIPS) if row["count"]
    }
    return {"nodes": nodes, "relationships": relationships}
