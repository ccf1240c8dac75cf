"""Recording decisions: the link, the audit trail, and what the analyses then say."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tagraph.access import Viewer
from tagraph.errors import AccessDenied, NotFound, UnknownQuery
from tagraph.graph.connection import Graph
from tagraph.loaders.load import load_dataset
from tagraph.queries.decisions import record_decision
from tagraph.queries.run import run_query

FIXTURE = Path(__file__).parent / "fixtures" / "analysis"


@pytest.fixture
def fixture_graph(graph: Graph) -> Graph:
    load_dataset(graph, FIXTURE)
    return graph


def _link(graph: Graph, need: str, programme: str) -> dict | None:
    rows = graph.read(
        "MATCH (:Programme {id: $programme})-[a:ADDRESSES]->(:Need {id: $need}) "
        "RETURN a.status AS status, a.note AS note, a.decided_on AS decided_on, "
        "a.decided_by AS decided_by",
        {"need": need, "programme": programme},
    )
    return rows[0] if rows else None


def test_a_decision_updates_the_link_and_keeps_an_audit_record(
    fixture_graph: Graph,
) -> None:
    analyst = Viewer("amina", "analyst")
    decision = record_decision(
        fixture_graph,
        "N02",
        "PG2",
        "agreed",
        "Agreed at the review meeting.",
        by="amina",
        on=date(2025, 3, 4),
        viewer=analyst,
    )

    assert decision["status_before"] == "proposed"
    assert decision["status_after"] == "agreed"
    assert decision["note_before"] is None
    assert decision["decided_on"] == date(2025, 3, 4)
    link = _link(fixture_graph, "N02", "PG2")
    assert link is not None
    assert link["status"] == "agreed" and link["decided_by"] == "amina"
    assert link["note"] == "Agreed at the review meeting."

    # N02 is now addressed: no longer a gap, and KEN's coverage rises to 3/3.
    gaps = run_query(fixture_graph, "gaps")
    assert "N02" not in set(gaps["need"])
    kenya = run_query(fixture_graph, "coverage-map").set_index("iso3").loc["KEN"]
    assert (kenya["addressed"], kenya["coverage"]) == (3, 1.0)

    # A second decision on the same link keeps the first.
    record_decision(
        fixture_graph, "N02", "PG2", "delivering", "", by="omar", on=date(2025, 6, 1)
    )
    trail = run_query(fixture_graph, "decisions", {"need": "N02"})
    assert list(trail["status_after"]) == ["delivering", "agreed"]
    assert list(trail["status_before"]) == ["agreed", "proposed"]
    assert trail["note_before"].iloc[0] == "Agreed at the review meeting."
    assert trail["note_before"].isna().iloc[1]
    assert _link(fixture_graph, "N02", "PG2")["note"] is None
    concerns = fixture_graph.read(
        "MATCH (d:Decision)-[:CONCERNS]->(x) "
        "RETURN labels(x)[0] AS label, count(*) AS links ORDER BY label"
    )
    assert concerns == [
        {"label": "Need", "links": 2},
        {"label": "Programme", "links": 2},
    ]


def test_declining_the_only_link_makes_a_gap(fixture_graph: Graph) -> None:
    record_decision(fixture_graph, "N11", "PG4", "declined", "Out of scope.", by="a")

    gaps = run_query(fixture_graph, "gaps", {"state": "UGA"}).set_index("need")
    # N11 (UGA, CJ + LE, open) lost its agreed link; candidates are PG2 (014,
    # LE), PG8 (UGA, LE) and PG4 itself (global, CJ): a declined link does not
    # stop it being a candidate.
    assert gaps.loc["N11", "kind"] == "unlinked"
    assert gaps.loc["N11", "candidates"] == 3


def test_a_new_link_has_no_status_before(fixture_graph: Graph) -> None:
    decision = record_decision(fixture_graph, "N07", "PG3", "proposed", "", by="a")
    assert decision["status_before"] is None
    assert _link(fixture_graph, "N07", "PG3")["status"] == "proposed"


def test_bad_decisions_write_nothing(fixture_graph: Graph) -> None:
    def links() -> int:
        query = "MATCH ()-[a:ADDRESSES]->() RETURN count(a) AS n"
        return fixture_graph.read(query)[0]["n"]

    before = links()
    with pytest.raises(NotFound, match=r"no need 'N99'"):
        record_decision(fixture_graph, "N99", "PG2", "agreed", "", by="a")
    with pytest.raises(NotFound, match=r"no need 'N99' and no programme 'PG99'"):
        record_decision(fixture_graph, "N99", "PG99", "agreed", "", by="a")
    with pytest.raises(NotFound, match=r"no programme 'PG99'"):
        record_decision(fixture_graph, "N01", "PG99", "agreed", "", by="a")
    with pytest.raises(UnknownQuery, match=r"proposed, agreed, delivering"):
        record_decision(fixture_graph, "N01", "PG2", "accepted", "", by="a")
    with pytest.raises(UnknownQuery, match=r"who decided"):
        record_decision(fixture_graph, "N01", "PG2", "agreed", "", by=" ")
    for role in ("viewer", "focal-point"):
        with pytest.raises(AccessDenied, match=r"may not record decisions"):
            record_decision(
                fixture_graph, "N01", "PG2", "agreed", "", by="x",
                viewer=Viewer("x", role, frozenset({"KEN"})),
            )  # fmt: skip

    assert links() == before
    assert fixture_graph.read("MATCH (d:Decision) RETURN count(d) AS n")[0]["n"] == 0


def test_tagraph_link(
    fixture_graph: Graph,
    tagraph_command: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    done = tagraph_command(
        "link", "N05", "PG8", "--status", "agreed", "--note", "Fits.",
        "--by", "omar", "--on", "2025-02-01",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("PG8 -> N05: no link -> agreed (decision ")
    assert _link(fixture_graph, "N05", "PG8") == {
        "status": "agreed",
        "note": "Fits.",
        "decided_on": date(2025, 2, 1),
        "decided_by": "omar",
    }

    refused = tagraph_command("link", "N05", "PG8", "--status", "maybe")
    assert refused.returncode == 1
    assert refused.stderr.strip().startswith("error: status 'maybe' is not a link")
    missing = tagraph_command("link", "N55", "PG8", "--status", "agreed")
    assert missing.returncode == 1
    assert "there is no need 'N55'" in missing.stderr
    assert "Traceback" not in missing.stderr
