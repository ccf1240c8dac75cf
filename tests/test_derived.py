"""The facts kept on each need: right after a load, a decision and a refresh.

The expected facts of the analysis fixture were worked out by hand from its
CSV files (tests/fixtures/analysis); the reasoning for the candidate counts is
written next to each row.
"""

from __future__ import annotations

import csv
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tagraph.graph.connection import Graph
from tagraph.graph.derived import NEED_FACTS, refresh_needs, stale_needs
from tagraph.loaders.load import load_dataset
from tagraph.loaders.write import needs_to_refresh
from tagraph.queries.decisions import record_decision

FIXTURE = Path(__file__).parent / "fixtures" / "analysis"

EAST = ["002", "014", "202"]  # Kenya and Uganda: Africa, Eastern Africa, SSA
WEST = ["002", "011", "202"]  # Nigeria
NORTH = ["002", "015"]  # Morocco
ASIA = ["142", "145"]  # Jordan

EXPECTED = {
    # need: (state_code, region_codes, theme_codes, theme_scope, addressed,
    #        candidates)
    # N01 BSM, 2019: PG2 (region 014, open-ended); PG1 is completed.
    "N01": ("KEN", EAST, ["BSM"], ["BSM"], True, 1),
    # N02 BSM+LE: PG2 only; its link is proposed, so not addressed.
    "N02": ("KEN", EAST, ["BSM", "LE"], ["BSM", "LE"], False, 1),
    # N03 PRR (part of CJ), 2024: PG4 (global); PG5 ended in 2023.
    "N03": ("KEN", EAST, ["PRR"], ["CJ", "PRR"], True, 1),
    # N04 CFT: PG3 (sub-region 202) and PG8 (lists UGA).
    "N04": ("UGA", EAST, ["CFT"], ["CFT"], True, 2),
    # N05 LE: PG2 and PG8.
    "N05": ("UGA", EAST, ["LE"], ["LE"], False, 2),
    # N06 CFT: PG3 through 202; PG6 (NGA) is cancelled.
    "N06": ("NGA", WEST, ["CFT"], ["CFT"], False, 1),
    # N07 PCVE: PG5 covers only KEN; PG4 has no PCVE.
    "N07": ("NGA", WEST, ["PCVE"], ["PCVE"], False, 0),
    # N08 BSM: PG7 (lists MAR); its declined link addresses nothing.
    "N08": ("MAR", NORTH, ["BSM"], ["BSM"], False, 1),
    # N09 BSM: PG7 (lists JOR).
    "N09": ("JOR", ASIA, ["BSM"], ["BSM"], False, 1),
    # N10 CFT: neither PG3 (202) nor PG8 (UGA) covers JOR.
    "N10": ("JOR", ASIA, ["CFT"], ["CFT"], False, 0),
    # N11 CJ+LE, 2018: PG2 (LE, open-ended), PG4 (CJ), PG8 (LE, open-ended).
    "N11": ("UGA", EAST, ["CJ", "LE"], ["CJ", "LE"], True, 3),
    # N12 BSM, 2017: PG2 (open-ended, so not ended before 2017).
    "N12": ("KEN", EAST, ["BSM"], ["BSM"], False, 1),
}

_FACTS = "MATCH (n:Need) RETURN n.id AS need, " + ", ".join(
    f"n.{fact} AS {fact}" for fact in NEED_FACTS
)


def facts(graph: Graph) -> dict[str, tuple[Any, ...]]:
    """Every need's derived facts, in the order of NEED_FACTS."""
    return {
        row["need"]: tuple(row[fact] for fact in NEED_FACTS)
        for row in graph.read(_FACTS)
    }


def write_table(folder: Path, name: str, rows: list[dict[str, str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def analysis(graph: Graph) -> Graph:
    load_dataset(graph, FIXTURE)
    return graph


def test_a_load_derives_every_needs_facts(analysis: Graph) -> None:
    assert facts(analysis) == EXPECTED
    assert stale_needs(analysis) == 0


def test_loading_again_keeps_the_same_facts(analysis: Graph) -> None:
    load_dataset(analysis, FIXTURE)

    assert facts(analysis) == EXPECTED


def test_a_decision_updates_addressed(analysis: Graph) -> None:
    record_decision(analysis, "N02", "PG2", "agreed", "", by="amina")
    assert facts(analysis)["N02"][4] is True

    record_decision(analysis, "N02", "PG2", "declined", "", by="amina")
    assert facts(analysis)["N02"][4] is False

    # Only addressed moves; everything else is as loaded.
    assert facts(analysis) == EXPECTED


def test_a_load_of_links_refreshes_the_needs_it_links(
    analysis: Graph, tmp_path: Path
) -> None:
    link = {
        "need": "N05",
        "programme": "PG8",
        "status": "agreed",
        "decided_on": "2025-01-10",
        "note": "",
        "decided_by": "fixture",
        "synthetic": "true",
        "source": "fixture: a later link (synthetic)",
    }
    write_table(tmp_path / "later", "links", [link])

    load_dataset(analysis, tmp_path / "later")

    expected = dict(EXPECTED)
    expected["N05"] = (*EXPECTED["N05"][:4], True, 2)
    assert facts(analysis) == expected


def test_a_load_of_programmes_refreshes_every_need(
    analysis: Graph, tmp_path: Path
) -> None:
    programme = {
        "id": "PG9",
        "title": "West African community resilience",
        "lead_provider": "PD",
        "start": "2023-01-01",
        "end": "",
        "status": "active",
        "themes": "PCVE",
        "states": "",
        "regions": "011",
        "scope": "regional",
        "budget_usd": "",
        "modality": "",
        "resolutions": "",
        "description": "",
        "capacity": "",
        "source": "fixture: a later programme (synthetic)",
    }
    write_table(tmp_path / "later", "programmes", [programme])

    load_dataset(analysis, tmp_path / "later")

    # N07 (NGA, PCVE, identified 2023-06-01) now has PG9 through region 011.
    expected = dict(EXPECTED)
    expected["N07"] = (*EXPECTED["N07"][:5], 1)
    assert facts(analysis) == expected


def test_which_needs_a_load_refreshes() -> None:
    needs = [{"key": "N02"}, {"key": "N01"}]
    links = [{"start": "PG8", "end": "N05"}, {"start": "PG2", "end": "N01"}]

    assert needs_to_refresh({"needs": needs, "links": links}) == ["N01", "N02", "N05"]
    assert needs_to_refresh({"assessments": [{"key": "AS1"}]}) == []
    assert needs_to_refresh({"needs": needs, "themes": [{"key": "LE"}]}) is None
    assert needs_to_refresh({"programmes": [], "links": links}) is None


def test_refresh_repairs_missing_facts(analysis: Graph) -> None:
    analysis.write(
        "MATCH (n:Need) WHERE n.id IN ['N03', 'N07'] "
        "REMOVE n.candidates, n.theme_scope, n.addressed"
    )
    assert stale_needs(analysis) == 2

    assert refresh_needs(analysis, needs=["N03", "N404"]) == 1
    assert stale_needs(analysis) == 1

    assert refresh_needs(analysis) == len(EXPECTED)
    assert facts(analysis) == EXPECTED


def test_tagraph_db_refresh(
    analysis: Graph, tagraph_command: Callable[..., subprocess.CompletedProcess[str]]
) -> None:
    analysis.write("MATCH (n:Need {id: 'N11'}) REMOVE n.candidates")

    check = tagraph_command("db", "refresh", "--check")
    assert check.returncode == 1
    assert check.stdout.strip() == "1 needs lack their derived facts"

    done = tagraph_command("db", "refresh")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == (
        f"recomputed the derived facts of {len(EXPECTED)} needs (1 lacked them)"
    )
    assert facts(analysis) == EXPECTED
    assert tagraph_command("db", "refresh", "--check").returncode == 0
