"""Facts about each need, derived from the graph and kept on the Need node.

Every analysis asks the same questions of each need: which State it is in,
under which regions, on which themes, whether some programme addresses it and
how many programmes could. Walking those paths for tens of thousands of needs
on every page view is slow, so the answers are computed where the graph
changes and read afterwards as plain properties:

``state_code``
    ISO3 code of the need's State (its ``OF_STATE`` relationship).
``region_codes``
    M49 codes of every region enclosing that State, at every level.
``theme_codes``
    Codes of the need's themes, sorted.
``theme_scope``
    Those codes and the codes of every theme they are part of (``PART_OF``
    followed to the top), sorted: a filter on a theme matches its sub-themes.
``addressed``
    True when some programme links to the need with status agreed,
    delivering or completed.
``candidates``
    How many candidate programmes the need has: neither cancelled nor
    completed, covering its State (listed, through a region, or global
    scope), sharing a theme with it, and not ended before it was identified.

The relationships stay the source of truth. A load recomputes the facts inside
its own transaction, and a decision recomputes ``addressed`` of its need in
the same write, so readers never see the two disagree. A database written by
other means is brought up to date with :func:`refresh_needs` (``tagraph db
refresh``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence

from neo4j import ManagedTransaction, Transaction

from tagraph.graph.connection import Graph

log = logging.getLogger("tagraph.graph")

NEED_FACTS = (
    "state_code",
    "region_codes",
    "theme_codes",
    "theme_scope",
    "addressed",
    "candidates",
)
"""The derived properties of a Need."""

_ELIGIBLE = """
CALL () {
  MATCH (p:Programme)
  WHERE NOT p.status IN ['cancelled', 'completed']
  RETURN collect({
    end: p.end,
    global: p.scope = 'global',
    states: COLLECT {
      MATCH (p)-[:COVERS]->()<-[:IN_REGION*0..1]-(x:State)
      RETURN DISTINCT x.iso3
    },
    themes: COLLECT { MATCH (p)-[:ON_THEME]->(t:Theme) RETURN t.code }
  }) AS eligible
}
"""
"""Programmes that can be candidates, read once with their States and themes."""

_ALL_NEEDS = """
MATCH (n:Need)-[:OF_STATE]->(s:State)
"""

_SOME_NEEDS = """
UNWIND $needs AS id
MATCH (n:Need {id: id})-[:OF_STATE]->(s:State)
"""

_SET_FACTS = """
WITH eligible, s, collect(n) AS needs
WITH s, needs,
     [c IN eligible WHERE c.global OR s.iso3 IN c.states] AS covering,
     COLLECT { MATCH (s)-[:IN_REGION]->(r:Region) RETURN r.code ORDER BY r.code }
       AS regions
UNWIND needs AS n
WITH n, s, covering, regions,
     COLLECT { MATCH (n)-[:ON_THEME]->(t:Theme) RETURN t.code ORDER BY t.code }
       AS themes,
     COLLECT {
       MATCH (n)-[:ON_THEME]->(:Theme)-[:PART_OF*0..]->(t:Theme)
       RETURN DISTINCT t.code AS code ORDER BY code
     } AS scope
SET n.state_code = s.iso3,
    n.region_codes = regions,
    n.theme_codes = themes,
    n.theme_scope = scope,
    n.addressed = EXISTS {
      (:Programme)-[a:ADDRESSES]->(n)
      WHERE a.status IN ['agreed', 'delivering', 'completed']
    },
    n.candidates = size([c IN covering
                         WHERE (c.end IS NULL OR c.end >= n.identified)
                           AND any(code IN c.themes WHERE code IN themes)])
RETURN count(n) AS refreshed
"""

REFRESH_ALL = _ELIGIBLE + _ALL_NEEDS + _SET_FACTS
"""Recompute the facts of every need."""

REFRESH_SOME = _ELIGIBLE + _SOME_NEEDS + _SET_FACTS
"""Recompute the facts of the needs whose ids are in ``$needs``."""

_STALE = """
MATCH (n:Need)
WHERE n.candidates IS NULL OR n.theme_scope IS NULL
RETURN count(n) AS stale
"""


def refresh_needs(
    graph: Graph,
    *,
    needs: Sequence[str] | None = None,
    tx: Transaction | ManagedTransaction | None = None,
) -> int:
    """Recompute the derived facts of needs.

    Parameters
    ----------
    graph
        The connection.
    needs
        Ids of the needs to refresh; None for every need. Unknown ids are
        passed over.
    tx
        An open transaction to run in (a load's, so that the facts commit
        with it); None runs in a write transaction of its own.

    Returns
    -------
    int
        How many needs were refreshed.
    """
    if needs is not None and not needs:
        return 0

    started = time.monotonic()
    query = REFRESH_ALL if needs is None else REFRESH_SOME
    parameters = {} if needs is None else {"needs": sorted(set(needs))}
    if tx is not None:
        record = graph.run_in(tx, query, parameters).single()
    else:
        records = graph.write(query, parameters)
        record = records[0] if records else None

    refreshed = int(record["refreshed"]) if record else 0
    log.info(
        "recomputed the derived facts of %d needs in %.1f s",
        refreshed,
        time.monotonic() - started,
    )
    return refreshed


def stale_needs(graph: Graph) -> int:
    """How many needs lack their derived facts (written by other means)."""
    return int(graph.read(_STALE)[0]["stale"])
