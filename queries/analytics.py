"""Network analytics over saved-query results, with networkx.

Every network here is built from the rows of a saved query, run for a viewer,
so the access rules hold: a need the viewer may not see never enters a
projection. Names ending in ``_nx`` are networkx objects, kept apart from the
Neo4j graph they were projected from.

- :func:`programme_network_nx`: programmes linked when they cover a same State
  and share a theme (``programme-footprint``).
- :func:`state_similarity_nx`: States linked when their needs fall on similar
  themes (cosine similarity of theme counts, ``state-theme-needs``);
  :func:`state_communities` finds groups of such States (Louvain).
- :func:`provider_network_nx`: providers linked by the programmes they run
  together (``programme-providers``); :func:`provider_centrality` ranks them.
- :func:`propose_assignments`: gaps assigned to candidate programmes so that
  the total candidate score is as high as it can be while no programme takes
  on more needs than its capacity (``candidate-pairs``).
- :func:`write_graphml` and :func:`write_gexf` export any of them.
"""

from __future__ import annotations

import json
import logging
import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from itertools import combinations
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from tagraph.access import FULL_ACCESS, Viewer
from tagraph.graph.connection import Graph
from tagraph.queries.run import run_query

log = logging.getLogger("tagraph.analytics")

DEFAULT_CAPACITY = 3
"""Needs a programme can take on at once when its ``capacity`` is not given."""

SIMILARITY_THRESHOLD = 0.5
"""Cosine similarity from which two States' need profiles count as similar."""

SEED = 20011128
"""Seed of the community detection, so that results repeat."""

_SCORE_SCALE = 100
"""Candidate scores are multiples of 0.25; as hundredths they are whole."""


def _present(value: Any) -> bool:
    if value is None:
        return False
    try:
        return not (isinstance(value, float) and math.isnan(value))
    except TypeError:
        return True


# Projections -------------------------------------------------------------------


def programme_network_nx(graph: Graph, *, viewer: Viewer = FULL_ACCESS) -> nx.Graph:
    """Programmes (not cancelled) linked when they cover a same State and share a
    theme.

    Nodes carry ``title``, ``lead_provider``, ``status``, ``scope``, ``themes``
    and ``states``; edges ``shared_states``, ``shared_themes`` (lists) and
    ``weight`` (shared States times shared themes). Periods are not compared.
    """
    rows = run_query(graph, "programme-footprint", viewer=viewer)
    programme_nx = nx.Graph(projection="programmes by shared States and themes")
    for row in rows.itertuples(index=False):
        programme_nx.add_node(
            row.programme,
            title=row.title,
            lead_provider=row.lead_provider,
            status=row.status,
            scope=row.scope,
            themes=list(row.themes),
            states=list(row.states),
        )

    for a, b in combinations(sorted(programme_nx.nodes), 2):
        states = sorted(
            set(programme_nx.nodes[a]["states"]) & set(programme_nx.nodes[b]["states"])
        )
        themes = sorted(
            set(programme_nx.nodes[a]["themes"]) & set(programme_nx.nodes[b]["themes"])
        )
        if states and themes:
            programme_nx.add_edge(
                a,
                b,
                shared_states=states,
                shared_themes=themes,
                weight=len(states) * len(themes),
            )
    log.debug(
        "programme network: %d programmes, %d links",
        programme_nx.number_of_nodes(),
        programme_nx.number_of_edges(),
    )
    return programme_nx


def state_similarity_nx(
    graph: Graph,
    *,
    viewer: Viewer = FULL_ACCESS,
    threshold: float = SIMILARITY_THRESHOLD,
    status: Iterable[str] = ("open", "in-progress"),
) -> nx.Graph:
    """States with visible needs, linked when their need profiles are similar.

    A State's profile counts its needs per theme (``state-theme-needs`` with
    ``status``); two States are linked when the cosine similarity of their
    profiles is at least ``threshold``. Edges carry ``weight`` (the similarity)
    and ``themes`` (the themes both have needs on).
    """
    rows = run_query(
        graph, "state-theme-needs", {"status": list(status)}, viewer=viewer
    )
    profiles: dict[str, dict[str, int]] = defaultdict(dict)
    names: dict[str, str] = {}
    for row in rows.itertuples(index=False):
        profiles[row.state][row.theme] = int(row.needs)
        names[row.state] = row.state_name

    state_nx = nx.Graph(
        projection="States by similar need profiles", threshold=threshold
    )
    for state in sorted(profiles):
        state_nx.add_node(
            state,
            name=names[state],
            needs=sum(profiles[state].values()),
            themes=sorted(profiles[state]),
        )
    for a, b in combinations(sorted(profiles), 2):
        similarity = cosine(profiles[a], profiles[b])
        if similarity >= threshold:
            shared = sorted(set(profiles[a]) & set(profiles[b]))
            state_nx.add_edge(a, b, weight=round(similarity, 6), themes=shared)
    return state_nx


def cosine(a: dict[str, int], b: dict[str, int]) -> float:
    """Cosine similarity of two count vectors keyed by theme."""
    dot = sum(count * b.get(theme, 0) for theme, count in a.items())
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def provider_network_nx(graph: Graph, *, viewer: Viewer = FULL_ACCESS) -> nx.Graph:
    """Providers linked by the programmes (not cancelled) they take part in
    together, as lead or partner.

    Edges carry ``programmes`` (the joint programmes) and ``weight`` (how
    many).
    """
    rows = run_query(graph, "programme-providers", viewer=viewer)
    provider_nx = nx.Graph(projection="providers by joint programmes")
    teams: dict[str, set[str]] = defaultdict(set)
    for row in rows.itertuples(index=False):
        provider_nx.add_node(row.provider, name=row.provider_name)
        teams[row.programme].add(row.provider)

    for programme in sorted(teams):
        for a, b in combinations(sorted(teams[programme]), 2):
            if provider_nx.has_edge(a, b):
                provider_nx[a][b]["programmes"].append(programme)
                provider_nx[a][b]["weight"] += 1
            else:
                provider_nx.add_edge(a, b, programmes=[programme], weight=1)
    return provider_nx


# Measures --------------------------------------------------------------------------


def state_communities(state_nx: nx.Graph, *, seed: int = SEED) -> list[set[str]]:
    """Groups of States with similar needs: Louvain communities of
    :func:`state_similarity_nx`, weighted by similarity, largest first.

    A State similar to no other forms a community of its own.
    """
    communities = nx.community.louvain_communities(state_nx, weight="weight", seed=seed)
    return sorted((set(c) for c in communities), key=lambda c: (-len(c), min(c)))


def provider_centrality(provider_nx: nx.Graph) -> pd.DataFrame:
    """Degree, betweenness and eigenvector centrality of each provider.

    All three treat the network as unweighted (a joint programme is a tie,
    however many there are) and are normalised as networkx does. Rows are
    ranked by betweenness, then degree.
    """
    columns = ["provider", "name", "degree", "betweenness", "eigenvector"]
    if provider_nx.number_of_nodes() == 0:
        return pd.DataFrame(columns=columns)
    degree = nx.degree_centrality(provider_nx)
    betweenness = nx.betweenness_centrality(provider_nx)
    eigenvector = _eigenvector(provider_nx)
    rows = [
        {
            "provider": node,
            "name": provider_nx.nodes[node].get("name", node),
            "degree": degree[node],
            "betweenness": betweenness[node],
            "eigenvector": eigenvector[node],
        }
        for node in provider_nx.nodes
    ]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(
        ["betweenness", "degree", "provider"], ascending=[False, False, True]
    ).reset_index(drop=True)


def _eigenvector(network: nx.Graph) -> dict[str, float]:
    # Power iteration can stall on some shapes; the dense solver then decides.
    try:
        return nx.eigenvector_centrality(network, max_iter=1000, tol=1e-9)
    except nx.PowerIterationFailedConvergence:
        log.debug("eigenvector centrality: power iteration failed; solving directly")
        return nx.eigenvector_centrality_numpy(network)


# Assignment ------------------------------------------------------------------------


def propose_assignments(
    graph: Graph,
    *,
    viewer: Viewer = FULL_ACCESS,
    default_capacity: int = DEFAULT_CAPACITY,
    region: str = "",
    theme: str = "",
) -> pd.DataFrame:
    """A proposal of which programme should take up which gap.

    The gaps and their candidate programmes come from ``candidate-pairs``;
    :func:`assign` picks the pairs. Each programme takes on at most its free
    capacity: its ``capacity`` (``default_capacity`` when not given) less the
    needs it already addresses under an agreed or delivering link. For a
    viewer who cannot see every need, that load counts the visible needs only.

    Returns
    -------
    pandas.DataFrame
        Columns ``need``, ``state``, ``priority``, ``programme``, ``score``, one
        row per proposed assignment, by need.
    """
    pairs = run_query(
        graph,
        "candidate-pairs",
        {"region": region, "theme": theme, "limit": None},
        viewer=viewer,
    )
    return assign(pairs, default_capacity=default_capacity)


def assign(
    pairs: pd.DataFrame, *, default_capacity: int = DEFAULT_CAPACITY
) -> pd.DataFrame:
    """Pick need-programme pairs with the greatest total score under capacities.

    ``pairs`` has the columns of ``candidate-pairs``: ``need``, ``programme``,
    ``score``, ``link``, ``capacity`` and ``load`` (``state`` and ``priority``
    are carried through when present). Pairs whose link was declined are left
    out. Each need gets at most one programme; each programme at most its free
    capacity, ``max(0, capacity - load)``.

    This is a maximum-weight b-matching, solved as a minimum-cost flow:
    source to each need (capacity 1), need to programme (capacity 1, cost the
    negated score in hundredths), need straight to the sink (capacity 1, cost
    0: left unassigned), programme to the sink (its free capacity). Every need
    can always flow, so the cheapest flow is the best-scoring assignment.
    """
    columns = ["need", "state", "priority", "programme", "score"]
    usable = pairs[pairs["link"].map(lambda link: link != "declined")]
    if usable.empty:
        return pd.DataFrame(columns=columns)

    free: dict[str, int] = {}
    for row in usable.itertuples(index=False):
        capacity = int(row.capacity) if _present(row.capacity) else default_capacity
        free[row.programme] = max(0, capacity - int(row.load))

    flow_nx = nx.DiGraph()
    needs = sorted(set(usable["need"]))
    flow_nx.add_node("source", demand=-len(needs))
    flow_nx.add_node("sink", demand=len(needs))
    for need in needs:
        flow_nx.add_edge("source", ("need", need), capacity=1, weight=0)
        flow_nx.add_edge(("need", need), "sink", capacity=1, weight=0)
    for programme, slots in free.items():
        flow_nx.add_edge(("programme", programme), "sink", capacity=slots, weight=0)
    for row in usable.itertuples(index=False):
        cost = -round(float(row.score) * _SCORE_SCALE)
        flow_nx.add_edge(
            ("need", row.need), ("programme", row.programme), capacity=1, weight=cost
        )

    flow = nx.min_cost_flow(flow_nx)
    chosen = {
        (need, target[1])
        for need in needs
        for target, amount in flow[("need", need)].items()
        if target != "sink" and amount == 1
    }
    picked = usable[
        [
            (n, p) in chosen
            for n, p in zip(usable["need"], usable["programme"], strict=True)
        ]
    ]
    result = (
        picked.reindex(columns=columns).sort_values(["need"]).reset_index(drop=True)
    )
    log.info(
        "proposed %d assignments for %d gaps with candidates (total score %.2f)",
        len(result),
        len(needs),
        float(result["score"].sum()) if len(result) else 0.0,
    )
    return result


# Export ------------------------------------------------------------------------------


def _safe(value: Any) -> Any:
    """A GraphML/GEXF-friendly value: text, number or boolean; None to drop."""
    if value is None:
        return None
    if isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return ";".join(str(_safe(item)) for item in items)
    if isinstance(value, dict):
        return json.dumps({k: _safe(v) for k, v in value.items()}, sort_keys=True)
    if hasattr(value, "item"):
        return _safe(value.item())
    return str(value)


def exportable(network: nx.Graph) -> nx.Graph:
    """A copy of ``network`` whose node ids and attributes GraphML can hold.

    Lists become ``;``-separated text, dates ISO text, dictionaries JSON text;
    missing values are dropped. Node ids become text.
    """
    copy = network.__class__()
    copy.graph.update(
        {k: s for k, v in network.graph.items() if (s := _safe(v)) is not None}
    )
    for node, data in network.nodes(data=True):
        copy.add_node(
            str(node), **{k: s for k, v in data.items() if (s := _safe(v)) is not None}
        )
    for u, v, data in network.edges(data=True):
        copy.add_edge(
            str(u),
            str(v),
            **{k: s for k, val in data.items() if (s := _safe(val)) is not None},
        )
    return copy


def write_graphml(network: nx.Graph, path: str | Path) -> Path:
    """Write ``network`` as GraphML (attributes made safe by :func:`exportable`)."""
    path = Path(path)
    nx.write_graphml(exportable(network), path)
    return path


def write_gexf(network: nx.Graph, path: str | Path) -> Path:
    """Write ``network`` as GEXF, for Gephi (attributes made safe as for GraphML)."""
    path = Path(path)
    nx.write_gexf(exportable(network), path)
    return path
