"""The explorer's one way to the graph: a cached connection and cached queries.

As Streamlit's own connections do, one :class:`~tagraph.graph.connection.Graph`
is opened per server process (``st.cache_resource``) and every saved query's
result is cached by query name, parameters and viewer (``st.cache_data``) for
``TAGRAPH_APP_CACHE_SECONDS``. Pages read only through :func:`table` and
:func:`network`, which always pass the signed-in viewer to the saved-query
runner, where the access rules are applied.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx
import pandas as pd
import streamlit as st

from tagraph.access import Viewer
from tagraph.app import session
from tagraph.app.settings import load_app_settings
from tagraph.graph.connection import Graph

log = logging.getLogger("tagraph.app")

_TTL = load_app_settings().cache_seconds


@st.cache_resource(show_spinner=False)
def connection() -> Graph:
    """The server process's one connection to Neo4j."""
    log.info("explorer connecting to Neo4j")
    return Graph.connect()


def _viewer_key(viewer: Viewer) -> tuple[str, str, tuple[str, ...]]:
    return viewer.name, viewer.role, tuple(sorted(viewer.states))


def _viewer(key: tuple[str, str, tuple[str, ...]]) -> Viewer:
    name, role, states = key
    return Viewer(name, role, frozenset(states))  # type: ignore[arg-type]


@st.cache_data(ttl=_TTL, show_spinner=False, max_entries=2000)
def _table(
    name: str, params: dict[str, Any], viewer: tuple[str, str, tuple[str, ...]]
) -> pd.DataFrame:
    from tagraph.queries.run import run_query

    return run_query(connection(), name, params, viewer=_viewer(viewer))


@st.cache_data(ttl=_TTL, show_spinner=False, max_entries=500)
def _network(
    name: str, params: dict[str, Any], viewer: tuple[str, str, tuple[str, ...]]
) -> nx.MultiDiGraph:
    from tagraph.queries.run import run_graph

    return run_graph(connection(), name, params, viewer=_viewer(viewer))


def table(name: str, params: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Rows of a saved query as the signed-in viewer may see them (cached)."""
    return _table(name, dict(params or {}), _viewer_key(session.viewer())).copy()


def network(name: str, params: Mapping[str, Any] | None = None) -> nx.MultiDiGraph:
    """A saved query's result as a networkx graph, for the signed-in viewer."""
    return _network(name, dict(params or {}), _viewer_key(session.viewer())).copy()


def forget() -> None:
    """Drop every cached result, after a decision or a load changed the graph."""
    _table.clear()
    _network.clear()
    _choices.clear()


@st.cache_data(ttl=_TTL, show_spinner=False, max_entries=500)
def _choices(
    query: str, parameter: str, viewer: tuple[str, str, tuple[str, ...]]
) -> list[tuple[Any, str]]:
    from tagraph.queries.catalog import get_query
    from tagraph.queries.run import choices

    found = get_query(query).parameter(parameter)
    return choices(connection(), found, viewer=_viewer(viewer))


def choices(query: str, parameter: str) -> list[tuple[Any, str]]:
    """The (value, label) pairs offered for a saved query's parameter (cached)."""
    return list(_choices(query, parameter, _viewer_key(session.viewer())))


def fit(query: str, **values: Any) -> dict[str, Any]:
    """Keep only the values ``query`` declares as parameters.

    Pages pass what they know (``state="KEN"``) to several queries; each gets
    the part it takes.
    """
    from tagraph.queries.catalog import get_query

    declared = {parameter.name for parameter in get_query(query).parameters}
    return {
        name: value
        for name, value in values.items()
        if name in declared and value is not None
    }


def saved(name: str) -> Any:
    """The saved query called ``name`` (its header: title, parameters...)."""
    from tagraph.queries.catalog import get_query

    return get_query(name)


def has_synthetic() -> bool:
    """True when the needs this viewer sees include synthetic ones."""
    figures = table("overview")
    return not figures.empty and bool(figures["synthetic_needs"].iloc[0])


def synthetic_among(needs: Iterable[str]) -> frozenset[str]:
    """Which of ``needs`` are synthetic (and visible to this viewer)."""
    ids = sorted({str(need) for need in needs})
    if not ids:
        return frozenset()
    found = table("synthetic-needs", {"needs": ids})
    return frozenset(found["need"].astype(str))


def query_names() -> set[str]:
    """Names of the saved queries there are."""
    from tagraph.queries.catalog import list_queries

    return {query.name for query in list_queries()}
