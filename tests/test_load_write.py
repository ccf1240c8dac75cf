"""Writing: what a load puts in the graph, idempotence, provenance and atomicity."""

from __future__ import annotations

import json
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import start_test_server
from datasets import (
    INJECTION,
    MINIMAL,
    append,
    copy_minimal,
    count_nodes,
    dump,
    edit,
    read_rows,
    write_rows,
)

from tagraph.errors import ValidationFailed
from tagraph.graph.connection import Graph
from tagraph.graph.server import LocalServer, free_port
from tagraph.loaders.load import LoadFailed, load_dataset


def one(graph: Graph, query: str, **parameters: object) -> dict:
    rows = graph.read(query, parameters)
    assert len(rows) == 1, rows
    return rows[0]


def test_a_load_reports_what_it_added(graph: Graph) -> None:
    report = load_dataset(graph, MINIMAL)

    added = {name: counts.added for name, counts in report.counts.items()}
    assert added == {
        "regions": 7,
        "states": 5,
        "themes": 8,
        "resolutions": 4,
        "good_practices": 1,
        "providers": 4,
        "programmes": 3,
        "programme_partners": 4,
        "assessments": 2,
        "needs": 6,
        "links": 4,
        "roadmap_templates": 1,
        "roadmap_steps": 2,
        "roadmaps": 1,
        "roadmap_step_statuses": 2,
    }
    assert report.total.rows == report.total.added == 54
    assert report.total.changed == report.total.unchanged == 0
    relationships = one(graph, "MATCH ()-[r]->() RETURN count(r) AS n")["n"]
    assert report.total.relationships_added == relationships == 107
    assert not report.dry_run
    assert "54 added, 0 changed, 0 unchanged" in report.summary()


def test_a_state_is_in_every_enclosing_region(graph: Graph) -> None:
    load_dataset(graph, MINIMAL)

    kenya = one(
        graph,
        "MATCH (s:State {iso3: 'KEN'})-[:IN_REGION]->(r:Region) "
        "RETURN s {.region, .subregion, .intermediate_region} AS names, "
        "collect(r.code) AS codes",
    )
    pakistan = one(
        graph,
        "MATCH (s:State {iso3: 'PAK'})-[:IN_REGION]->(r:Region) "
        "RETURN s {.region, .subregion, .intermediate_region} AS names, "
        "collect(r.code) AS codes",
    )

    assert sorted(kenya["codes"]) == ["002", "014", "202"]
    assert kenya["names"] == {
        "region": "Africa",
        "subregion": "Sub-Saharan Africa",
        "intermediate_region": "Eastern Africa",
    }
    assert sorted(pakistan["codes"]) == ["034", "142"]
    assert pakistan["names"]["intermediate_region"] is None
    chain = one(
        graph,
        "MATCH p = (:Region {code: '014'})-[:PART_OF*]->(:Region {code: '002'}) "
        "RETURN length(p) AS steps",
    )
    assert chain["steps"] == 2


def test_programmes_needs_and_links_follow_the_model(graph: Graph) -> None:
    load_dataset(graph, MINIMAL)

    travel = one(
        graph,
        "MATCH (lead:Provider)-[:LEADS]->(p:Programme {id: 'FIX-TRAVEL'}) "
        "RETURN lead.id AS lead, p.start AS start, p.end AS end, "
        "p.budget_usd AS budget, p.capacity AS capacity, "
        "[(v)-[r:PARTNER_IN]->(p) | v.id + ':' + r.role] AS partners",
    )
    link = one(
        graph,
        "MATCH (:Programme {id: 'FIX-TRAVEL'})-[r:ADDRESSES]->(:Need {id: 'FIX-N1'}) "
        "RETURN r {.status, .decided_on, .note, .decided_by, .synthetic} AS link",
    )
    need = one(
        graph,
        "MATCH (n:Need {id: 'FIX-N6'})-[:OF_STATE]->(s:State) "
        "RETURN n.confidentiality AS confidentiality, n.synthetic AS synthetic, "
        "n.human_rights AS human_rights, s.iso3 AS state",
    )
    covers = graph.read(
        "MATCH (p:Programme)-[:COVERS]->(x) RETURN p.id AS programme, "
        "coalesce(x.iso3, x.code) AS covered ORDER BY programme"
    )

    assert travel["lead"] == "UNOCT"
    assert travel["start"].to_native() == date(2019, 5, 7)
    assert travel["end"] is None
    assert travel["budget"] == 4500000.0
    assert travel["capacity"] == 12
    assert sorted(travel["partners"]) == ["GOV-NLD:funding", "INTERPOL:implementing"]
    assert link["link"]["status"] == "agreed"
    assert link["link"]["decided_on"].to_native() == date(2022, 1, 10)
    assert link["link"]["decided_by"] == "fixture"
    assert link["link"]["synthetic"] is True
    assert need == {
        "confidentiality": "public",
        "synthetic": True,
        "human_rights": None,
        "state": "PAK",
    }
    assert covers == [
        {"programme": "FIX-FIU", "covered": "011"},
        {"programme": "FIX-PRR", "covered": "KEN"},
    ]


def test_everything_written_carries_provenance(graph: Graph) -> None:
    report = load_dataset(graph, MINIMAL)

    nodes = graph.read(
        "MATCH (n) WHERE NOT n:Load "
        "RETURN n.source AS source, n.load_id AS load_id, n.loaded_at AS at"
    )
    relationships = graph.read(
        "MATCH ()-[r]->() RETURN r.source AS source, r.load_id AS load_id"
    )
    themes = {
        row["source"] for row in graph.read("MATCH (t:Theme) RETURN t.source AS source")
    }
    load = one(graph, "MATCH (l:Load) RETURN properties(l) AS load")["load"]

    assert all(row["source"] and row["at"] for row in nodes)
    assert {row["load_id"] for row in nodes} == {report.load_id}
    assert all(row["source"] for row in relationships)
    assert {row["load_id"] for row in relationships} == {report.load_id}
    assert themes == {"minimal"}, "an empty source cell takes the dataset's name"
    assert load["id"] == report.load_id
    assert load["source"] == "minimal"
    assert load["checksum"] == report.checksum
    assert load["started_at"] <= load["finished_at"]
    assert json.loads(load["counts"])["needs"]["added"] == 6
    assert load["tables"][0] == "regions"


def test_a_second_load_changes_nothing(graph: Graph) -> None:
    load_dataset(graph, MINIMAL)
    before = dump(graph, ignore=())

    report = load_dataset(graph, MINIMAL)

    assert dump(graph, ignore=()) == before, "not even provenance may move"
    assert report.total.added == report.total.changed == 0
    assert report.total.unchanged == 54
    assert report.total.relationships_added == report.total.relationships_removed == 0
    assert one(graph, "MATCH (l:Load) RETURN count(l) AS n")["n"] == 2


def test_a_changed_row_replaces_its_relationships(graph: Graph, tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    first = load_dataset(graph, folder)
    edit(folder, "needs", 3, "themes", "PRR")
    edit(folder, "needs", 3, "title", "Rehabilitation in prisons")
    edit(folder, "programmes", 2, "lead_provider", "UNODC")

    report = load_dataset(graph, folder)

    need = one(
        graph,
        "MATCH (n:Need {id: 'FIX-N2'}) RETURN n.title AS title, n.load_id AS load, "
        "[(n)-[:ON_THEME]->(t) | t.code] AS themes",
    )
    other = one(graph, "MATCH (n:Need {id: 'FIX-N1'}) RETURN n.load_id AS load")
    leads = graph.read(
        "MATCH (v:Provider)-[:LEADS]->(:Programme {id: 'FIX-TRAVEL'}) RETURN v.id AS id"
    )
    assert need == {
        "title": "Rehabilitation in prisons",
        "load": report.load_id,
        "themes": ["PRR"],
    }
    assert other["load"] == first.load_id
    assert leads == [{"id": "UNODC"}]
    assert report.counts["needs"].changed == 1
    assert report.counts["needs"].unchanged == 5
    assert report.counts["needs"].relationships_removed == 1
    assert report.counts["programmes"].relationships_removed == 1
    assert report.counts["programmes"].relationships_added == 1


def test_new_region_names_reach_states_already_in_the_graph(
    graph: Graph, tmp_path: Path
) -> None:
    load_dataset(graph, MINIMAL)
    folder = tmp_path / "renamed"
    folder.mkdir()
    rows = read_rows(MINIMAL / "regions.csv")
    rows[4][1] = "East Africa"
    write_rows(folder / "regions.csv", rows)

    report = load_dataset(graph, folder)

    kenya = one(
        graph, "MATCH (s:State {iso3: 'KEN'}) RETURN s.intermediate_region AS name"
    )
    assert kenya["name"] == "East Africa"
    assert report.counts["regions"].changed == 1
    assert report.counts["states"].changed == 1
    assert report.counts["states"].rows == 0


def test_text_is_stored_as_written(graph: Graph, tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    edit(folder, "providers", 2, "name", INJECTION)
    edit(folder, "needs", 2, "description", "=HYPERLINK(\"x\") ; 'quoted' \\n")

    load_dataset(graph, folder)

    provider = one(graph, "MATCH (p:Provider {id: 'UNOCT'}) RETURN p.name AS name")
    need = one(graph, "MATCH (n:Need {id: 'FIX-N1'}) RETURN n.description AS text")
    assert provider["name"] == INJECTION
    assert need["text"] == "=HYPERLINK(\"x\") ; 'quoted' \\n"
    assert count_nodes(graph) == 46 + 1, "46 data nodes and the Load, intact"


def test_a_dry_run_writes_nothing(graph: Graph) -> None:
    report = load_dataset(graph, MINIMAL, dry_run=True)

    assert report.dry_run
    assert report.total.added == 54
    assert count_nodes(graph) == 0
    assert "Nothing was written" in report.summary()


def test_progress_is_reported_after_each_batch(graph: Graph) -> None:
    calls: list[tuple[str, int, int]] = []

    load_dataset(
        graph, MINIMAL, progress=lambda *call: calls.append(call), batch_size=4
    )

    needs = [call for call in calls if call[0] == "needs"]
    assert needs == [("needs", 4, 6), ("needs", 6, 6)]
    assert calls[0] == ("regions", 4, 7)
    assert len(calls) == sum(
        -(-rows // 4) for rows in (7, 5, 8, 4, 1, 4, 3, 4, 2, 6, 4, 1, 2, 1, 2)
    )


def test_a_workbook_loads_like_the_folder(graph: Graph, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for file in sorted(MINIMAL.glob("*.csv")):
        sheet = book.create_sheet(file.stem)
        rows = read_rows(file)
        sheet.append(rows[0])
        for row in rows[1:]:
            sheet.append([_typed(rows[0][i], cell) for i, cell in enumerate(row)])
    book.create_sheet("_notes").append(["sheets whose names begin with _ are skipped"])
    workbook = tmp_path / "minimal.xlsx"
    book.save(workbook)
    load_dataset(graph, MINIMAL)
    from_folder = dump(graph, ignore=("load_id", "loaded_at"))
    graph.write("MATCH (n) DETACH DELETE n")

    report = load_dataset(graph, workbook)

    assert dump(graph, ignore=("load_id", "loaded_at")) == from_folder
    assert report.source == "minimal"


def _typed(column: str, text: str) -> object:
    """Cells as a person typing into Excel would leave them: numbers and dates."""
    if not text:
        return None
    if column in ("code", "parent", "m49", "region") and text.isdigit():
        return int(text)  # Excel drops the leading zeros of 002
    if column in ("start", "end", "date", "identified", "decided_on"):
        return date.fromisoformat(text)
    if column in ("year", "number", "capacity"):
        return int(text)
    if column in ("human_rights", "gender", "synthetic"):
        return text == "true"
    return text


def test_a_workbook_problem_names_the_sheet(graph: Graph, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "providers"
    sheet.append(["id", "name", "kind"])
    sheet.append(["P1", "Provider one", "ngo"])
    workbook = tmp_path / "book.xlsx"
    book.save(workbook)

    with pytest.raises(ValidationFailed) as failure:
        load_dataset(graph, workbook)

    assert failure.value.problems == [
        "book.xlsx[providers]:2: kind: 'ngo' is not allowed; expected one of "
        "un-entity, multilateral, regional-organization, bilateral-donor, "
        "civil-society, private-sector"
    ]


# Atomicity -----------------------------------------------------------------------


def test_a_refused_batch_leaves_nothing(graph: Graph, tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    title = read_rows(folder / "needs.csv")[1][2]
    edit(folder, "needs", 7, "title", title)
    graph.write(
        "CREATE CONSTRAINT test_need_title IF NOT EXISTS "
        "FOR (n:Need) REQUIRE n.title IS UNIQUE"
    )
    try:
        with pytest.raises(LoadFailed) as failure:
            load_dataset(graph, folder, batch_size=2)
    finally:
        graph.write("DROP CONSTRAINT test_need_title IF EXISTS")

    assert "Neo4j refused needs (rows 5-6 in load order)" in str(failure.value)
    assert "nothing was written" in str(failure.value)
    assert count_nodes(graph) == 0


def _large_dataset(folder: Path, needs: int) -> Path:
    """The minimal dataset with ``needs`` more needs (synthetic, for a long load)."""
    folder = copy_minimal(folder)
    states = ("KEN", "MLI", "NGA", "MAR", "PAK")
    themes = ("BSM", "CFT;CJ", "PRR;HR", "GEN", "BSM-APIPNR")
    rows = read_rows(folder / "needs.csv")
    for index in range(needs):
        values = {
            "id": f"BULK-{index:05d}",
            "state": states[index % len(states)],
            "title": f"Bulk need {index}",
            "themes": themes[index % len(themes)],
            "priority": "medium",
            "identified": "2024-01-01",
            "status": "open",
            "synthetic": "true",
            "source": "synthetic:bulk",
        }
        rows.append([values.get(name, "") for name in rows[0]])
    write_rows(folder / "needs.csv", rows)
    return folder


@pytest.mark.slow
def test_a_killed_server_keeps_nothing(tmp_path: Path) -> None:
    server, settings = start_test_server(tmp_path / "server")
    try:
        folder = _large_dataset(tmp_path, needs=6000)
        halfway = threading.Event()
        outcome: dict[str, object] = {}

        def progress(table: str, done: int, total: int) -> None:
            if table == "needs" and done >= 1000:
                halfway.set()

        def run() -> None:
            with Graph(server.uri, ("neo4j", server.password())) as graph:
                try:
                    load_dataset(graph, folder, progress=progress, batch_size=40)
                    outcome["committed"] = True
                except Exception as error:  # what the load raises is the point
                    outcome["error"] = error

        loader = threading.Thread(target=run)
        loader.start()
        assert halfway.wait(300), "the load never reached the needs"
        server.kill()
        loader.join(120)

        assert not loader.is_alive()
        assert isinstance(outcome.get("error"), LoadFailed), outcome
        assert "nothing was written" in str(outcome["error"])
        # Restart on a fresh port: on a shared machine another server may have
        # taken the old one in the meantime. Same home, same data.
        server = LocalServer(replace(settings, bolt_port=free_port()))
        server.start(timeout=180)
        with Graph(server.uri, ("neo4j", server.password())) as graph:
            assert count_nodes(graph) == 0
            assert graph.read("MATCH (l:Load) RETURN count(l) AS n")[0]["n"] == 0
    finally:
        server.stop()


def test_a_relationship_row_never_deletes(graph: Graph, tmp_path: Path) -> None:
    load_dataset(graph, MINIMAL)
    folder = tmp_path / "partners"
    folder.mkdir()
    (folder / "programme_partners.csv").write_text(
        "programme,provider,role\nFIX-TRAVEL,UNODC,extending\n", encoding="utf-8"
    )

    report = load_dataset(graph, folder)

    partners = graph.read(
        "MATCH (v:Provider)-[r:PARTNER_IN]->(:Programme {id: 'FIX-TRAVEL'}) "
        "RETURN v.id + ':' + r.role AS partner ORDER BY partner"
    )
    assert [row["partner"] for row in partners] == [
        "GOV-NLD:funding",
        "INTERPOL:implementing",
        "UNODC:extending",
    ]
    assert report.counts["programme_partners"].added == 1


def test_an_appended_theme_parent_in_a_later_batch_is_linked(
    graph: Graph, tmp_path: Path
) -> None:
    folder = copy_minimal(tmp_path)
    edit(folder, "themes", 2, "parent", "ZZZ")
    append(folder, "themes", {"code": "ZZZ", "name": "A theme named last"})

    report = load_dataset(graph, folder, batch_size=2)

    parent = one(
        graph,
        "MATCH (:Theme {code: 'BSM'})-[:PART_OF]->(p:Theme) RETURN p.name AS name",
    )
    assert parent["name"] == "A theme named last"
    assert report.counts["themes"].added == 9
