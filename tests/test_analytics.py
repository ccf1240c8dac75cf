"""Network analytics: projections, communities, centrality, assignment, export.

Expected values are worked out by hand from the fixture (see the docstring of
tests/test_queries_analyses.py for its facts).
"""

from __future__ import annotations

import math
import random
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from tagraph.access import Viewer
from tagraph.graph.connection import Graph
from tagraph.queries import analytics
from tagraph.queries.run import run_graph

GUEST = Viewer("guest", "viewer")
PHI = (1 + math.sqrt(5)) / 2


def test_programme_network(fixture_graph: Graph) -> None:
    programme_nx = analytics.programme_network_nx(fixture_graph)

    # Cancelled PG6 is left out. Pairs sharing a theme: BSM PG1 PG2 PG7; LE PG2
    # PG8; CFT PG3 PG8; PRR PG4 PG5. Of these PG1-PG7 and PG2-PG7 share no
    # State (PG7 covers MAR and JOR only).
    assert sorted(programme_nx.nodes) == [
        "PG1",
        "PG2",
        "PG3",
        "PG4",
        "PG5",
        "PG7",
        "PG8",
    ]
    assert sorted(programme_nx.edges) == [
        ("PG1", "PG2"),
        ("PG2", "PG8"),
        ("PG3", "PG8"),
        ("PG4", "PG5"),
    ]
    assert programme_nx["PG4"]["PG5"]["shared_states"] == ["KEN"]
    assert programme_nx["PG4"]["PG5"]["shared_themes"] == ["PRR"]


def test_state_similarity_and_communities(fixture_graph: Graph) -> None:
    state_nx = analytics.state_similarity_nx(fixture_graph)

    # Active needs per theme (BSM, LE, CFT, CJ, PRR, PCVE):
    # KEN (2,1,0,0,1,0), UGA (0,2,1,1,0,0), NGA (0,0,1,0,0,1), MAR (1,0,...),
    # JOR (0,0,1,0,0,0). Cosines: KEN-MAR 2/sqrt(6) = 0.816, NGA-JOR
    # 1/sqrt(2) = 0.707, UGA-JOR 0.408, KEN-UGA 1/3, UGA-NGA 0.289, the rest 0.
    # From 0.5: two links.
    assert sorted(state_nx.edges(data="weight")) == [
        ("JOR", "NGA", pytest.approx(1 / math.sqrt(2), abs=1e-6)),
        ("KEN", "MAR", pytest.approx(2 / math.sqrt(6), abs=1e-6)),
    ]
    assert analytics.state_communities(state_nx) == [
        {"JOR", "NGA"},
        {"KEN", "MAR"},
        {"UGA"},
    ]

    lower = analytics.state_similarity_nx(fixture_graph, threshold=0.4)
    assert lower.has_edge("UGA", "JOR") and not lower.has_edge("KEN", "UGA")


def test_state_similarity_for_a_viewer(fixture_graph: Graph) -> None:
    state_nx = analytics.state_similarity_nx(fixture_graph, viewer=GUEST)

    # Without N03, N06, N10: KEN (2,1,0,...), MAR (1,0,...): 2/sqrt(5); JOR has
    # no visible active need and is no node.
    assert sorted(state_nx.nodes) == ["KEN", "MAR", "NGA", "UGA"]
    assert sorted(state_nx.edges(data="weight")) == [
        ("KEN", "MAR", pytest.approx(2 / math.sqrt(5), abs=1e-6))
    ]


def test_provider_network_and_centrality(fixture_graph: Graph) -> None:
    provider_nx = analytics.provider_network_nx(fixture_graph)

    # Joint programmes (not cancelled): PG2 PB+PA, PG3 PC+PB, PG7 PC+PB,
    # PG4 PA+PD. A path PD - PA - PB - PC.
    assert sorted(provider_nx.edges(data="programmes")) == [
        ("PA", "PB", ["PG2"]),
        ("PA", "PD", ["PG4"]),
        ("PB", "PC", ["PG3", "PG7"]),
    ]

    centrality = analytics.provider_centrality(provider_nx).set_index("provider")

    # On a path of four: degree 2/3 in the middle and 1/3 at the ends;
    # betweenness 2 of the 3 pairs of others for the middle ones; the
    # principal eigenvector is proportional to (1, phi, phi, 1).
    ends = 1 / math.sqrt(2 + 2 * PHI**2)
    expected = {
        "PA": (2 / 3, 2 / 3, PHI * ends),
        "PB": (2 / 3, 2 / 3, PHI * ends),
        "PC": (1 / 3, 0.0, ends),
        "PD": (1 / 3, 0.0, ends),
    }
    for provider, values in expected.items():
        row = centrality.loc[provider, ["degree", "betweenness", "eigenvector"]]
        assert list(row) == pytest.approx(values, abs=1e-4)
    assert list(centrality.index[:2]) == ["PA", "PB"]


def test_propose_assignments(fixture_graph: Graph) -> None:
    proposal = analytics.propose_assignments(fixture_graph)

    # Candidate pairs of gaps: N02-PG2 2.5, N05-PG8 2.0, N05-PG2 1.5,
    # N06-PG3 2.5, N08-PG7 3.0 (declined: left out). Free capacity: PG2
    # 2 - 1 (N01) = 1; PG8 1 - 1 (N04) = 0; PG3 default 3 - 1 (N04) = 2.
    # PG2's one place goes to N02 (2.5 over 1.5); N05 can go nowhere else.
    assert proposal.to_dict(orient="records") == [
        {"need": "N02", "state": "KEN", "priority": "medium", "programme": "PG2",
         "score": 2.5},
        {"need": "N06", "state": "NGA", "priority": "medium", "programme": "PG3",
         "score": 2.5},
    ]  # fmt: skip

    # A viewer does not see N06 (confidential), so only N02 is proposed.
    guest = analytics.propose_assignments(fixture_graph, viewer=GUEST)
    assert list(guest["need"]) == ["N02"]
    # Western Africa 011 holds NGA only.
    with_region = analytics.propose_assignments(fixture_graph, region="011")
    assert list(with_region["need"]) == ["N06"]


def _pairs(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["need", "programme", "score", "link", "capacity", "load"]
    )


def test_assign_is_not_greedy() -> None:
    # Greedy would give n1 to X (3.0) and leave n2 without a place: 3.0.
    # The best total gives n1 to Y and n2 to X: 2.75 + 2.5 = 5.25.
    pairs = _pairs(
        [
            ("n1", "X", 3.0, None, 1, 0),
            ("n1", "Y", 2.75, None, 1, 0),
            ("n2", "X", 2.5, None, 1, 0),
        ]
    )
    chosen = analytics.assign(pairs)
    assert sorted(zip(chosen["need"], chosen["programme"], strict=True)) == [
        ("n1", "Y"),
        ("n2", "X"),
    ]


def test_assign_respects_capacity_load_and_declines() -> None:
    pairs = _pairs(
        [
            ("n1", "X", 2.0, None, None, 0),  # X: default capacity 3
            ("n2", "X", 2.0, None, None, 0),
            ("n3", "X", 2.0, None, None, 0),
            ("n4", "X", 2.0, None, None, 0),
            ("n4", "Y", 1.0, "declined", 5, 0),  # declined: never proposed
            ("n5", "Z", 1.0, None, 2, 2),  # Z is full
        ]
    )
    chosen = analytics.assign(pairs)
    assert len(chosen) == 3 and set(chosen["programme"]) == {"X"}

    chosen = analytics.assign(pairs, default_capacity=4)
    assert sorted(chosen["need"]) == ["n1", "n2", "n3", "n4"]
    assert analytics.assign(pairs.iloc[4:]).empty


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_assign_matches_a_matching_over_capacity_slots(seed: int) -> None:
    # Reference: each programme expanded into one node per free place, and
    # networkx's maximum-weight matching on the bipartite graph.
    rng = random.Random(seed)
    programmes = {f"P{i}": rng.randint(0, 3) for i in range(5)}
    rows = []
    for need in (f"n{j}" for j in range(12)):
        for programme in rng.sample(sorted(programmes), rng.randint(1, 3)):
            score = rng.choice([1.25, 1.5, 2.0, 2.25, 2.5, 3.0, 3.5])
            rows.append((need, programme, score, None, programmes[programme], 0))
    pairs = _pairs(rows)

    slots_nx = nx.Graph()
    for need, programme, score, *_ in rows:
        for slot in range(programmes[programme]):
            slots_nx.add_edge(("need", need), (programme, slot), weight=score)
    matching = nx.max_weight_matching(slots_nx)
    best = sum(slots_nx.edges[a, b]["weight"] for a, b in matching)

    chosen = analytics.assign(pairs)
    assert chosen["score"].sum() == pytest.approx(best)
    assert chosen["need"].is_unique
    for programme, places in programmes.items():
        assert (chosen["programme"] == programme).sum() <= places


def test_export_to_graphml_and_gexf(fixture_graph: Graph, tmp_path: Path) -> None:
    programme_nx = analytics.programme_network_nx(fixture_graph)
    kenya_nx = run_graph(fixture_graph, "neighbours", {"key": "KEN"})

    analytics.write_graphml(programme_nx, tmp_path / "programmes.graphml")
    analytics.write_gexf(kenya_nx, tmp_path / "kenya.gexf")
    analytics.write_graphml(kenya_nx, tmp_path / "kenya.graphml")

    back = nx.read_graphml(tmp_path / "programmes.graphml")
    assert back.nodes["PG3"]["states"] == "KEN;NGA;UGA"
    assert back.edges["PG4", "PG5"]["weight"] == 1
    kenya = nx.read_graphml(tmp_path / "kenya.graphml")
    assert kenya.nodes["Need:N01"]["identified"] == "2019-03-01"
    assert kenya.number_of_edges() == 10
    assert nx.read_gexf(tmp_path / "kenya.gexf").number_of_nodes() == 11
