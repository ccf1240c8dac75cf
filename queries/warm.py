"""Warming the server's plan cache, so that no user waits for a query plan.

Neo4j plans a query the first time it sees its text with a given kind of
parameters, and keeps the plan. For the larger analyses planning takes a
quarter of a second to a second, longer than running them; a page that runs
ten of them after a server restart makes its first user wait for all ten
plans. :func:`warm_plans` runs every saved read once with its defaults for
each kind of viewer (full access, a focal point, a viewer): the parameters
``$access_all`` and ``$access_states`` differ in kind between them, and each
kind gets its own plan. ``tagraph app`` starts it in the background;
``tagraph query warm`` runs it by hand.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tagraph.access import FULL_ACCESS, Viewer
from tagraph.errors import TagraphError
from tagraph.graph.connection import Graph
from tagraph.queries.catalog import list_queries
from tagraph.queries.run import run_query

log = logging.getLogger("tagraph.queries")

VIEWER_KINDS: tuple[Viewer, ...] = (
    FULL_ACCESS,
    Viewer("plan-warmer", "focal-point", frozenset({"---"})),
    Viewer("plan-warmer", "viewer"),
)
"""One viewer of each kind of access parameters. The focal point's State code
matches no State, so its runs are cheap."""


@dataclass
class Warmed:
    """What a warm-up did."""

    runs: int = 0
    seconds: float = 0.0
    failed: list[str] = field(default_factory=list)
    """``query (role): error`` for each run that failed."""


def warm_plans(
    graph: Graph,
    *,
    viewers: Sequence[Viewer] = VIEWER_KINDS,
    folder: Path | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> Warmed:
    """Run every saved read query once per kind of viewer, with its defaults.

    A query that fails is noted and passed over; the warm-up never raises for
    one query.

    Parameters
    ----------
    graph
        The connection.
    viewers
        One viewer per kind of access parameters to plan for.
    folder
        Where the saved queries are (default: the library in ``queries/``).
    progress
        Called with the query's name, runs done and runs in all.
    """
    started = time.monotonic()
    reads = [query for query in list_queries(folder) if query.mode == "read"]
    total = len(reads) * len(viewers)
    warmed = Warmed()

    for query in reads:
        for viewer in viewers:
            try:
                run_query(graph, query, viewer=viewer)
            except TagraphError as error:
                warmed.failed.append(f"{query.name} ({viewer.role}): {error}")
            warmed.runs += 1
            if progress is not None:
                progress(query.name, warmed.runs, total)

    warmed.seconds = time.monotonic() - started
    log.info(
        "warmed the plans of %d saved queries for %d kinds of viewer in %.1f s "
        "(%d failed)",
        len(reads),
        len(viewers),
        warmed.seconds,
        len(warmed.failed),
    )
    return warmed
