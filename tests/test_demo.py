"""The synthetic demo: seeded, labelled, realistic in shape, and loadable."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from tagraph.graph.connection import Graph
from tagraph.graph.model import (
    ASSESSMENT_KINDS,
    CONFIDENTIALITY,
    LINK_STATUSES,
    NEED_STATUSES,
    PRIORITIES,
    STEP_STATUSES,
)
from tagraph.loaders.demo import (
    AS_OF,
    DEEP_DIVES_FROM,
    FIRST_DAY,
    MAX_SCALE,
    NEW_TECH_FROM,
    RESOLUTION_ANCHORS,
    ScaleOutOfRange,
    write_demo,
)
from tagraph.loaders.load import load_dataset
from tagraph.loaders.reference import REFERENCE_DIR

SEED = 20160101
DEMO_TABLES = (
    "providers",
    "programmes",
    "programme_partners",
    "assessments",
    "needs",
    "links",
    "roadmaps",
    "roadmap_step_statuses",
)


def read(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def many(value: str) -> list[str]:
    return [part for part in value.split(";") if part]


def day(value: str) -> date:
    return date.fromisoformat(value)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    folder = tmp_path_factory.mktemp("demo")
    return folder, write_demo(folder, scale=1, seed=SEED)


@pytest.fixture(scope="module")
def tables(demo: tuple[Path, dict[str, int]]) -> dict[str, list[dict[str, str]]]:
    folder, _ = demo
    return {table: read(folder, table) for table in DEMO_TABLES}


@pytest.fixture(scope="module")
def reference() -> dict[str, list[dict[str, str]]]:
    names = (
        "states",
        "regions",
        "themes",
        "resolutions",
        "programmes",
        "roadmap_steps",
    )
    return {name: read(REFERENCE_DIR, name) for name in names}


def test_the_same_seed_gives_the_same_bytes(
    demo: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    folder, counts = demo

    again = write_demo(tmp_path / "again", scale=1, seed=SEED)
    write_demo(tmp_path / "other", scale=1, seed=SEED + 1)

    assert again == counts
    for table in DEMO_TABLES:
        name = f"{table}.csv"
        assert (tmp_path / "again" / name).read_bytes() == (folder / name).read_bytes()
    assert (tmp_path / "other" / "needs.csv").read_bytes() != (
        folder / "needs.csv"
    ).read_bytes()


def test_counts_are_the_rows_written_and_within_bounds(
    demo: tuple[Path, dict[str, int]], tables: dict[str, list[dict[str, str]]]
) -> None:
    _, counts = demo
    needs = tables["needs"]
    linked = {link["need"] for link in tables["links"]}

    assert counts == {table: len(rows) for table, rows in tables.items()}
    assert 2800 <= len(needs) <= 3200
    assert 0.35 <= len(linked) / len(needs) <= 0.45
    assert len(tables["assessments"]) >= 193
    assert len({n["id"] for n in needs}) == len(needs)
    assert len({a["id"] for a in tables["assessments"]}) == len(tables["assessments"])
    pairs = [(link["need"], link["programme"]) for link in tables["links"]]
    assert len(set(pairs)) == len(pairs)


def test_every_state_has_needs_and_an_assessment(
    tables: dict[str, list[dict[str, str]]],
    reference: dict[str, list[dict[str, str]]],
) -> None:
    states = {s["iso3"] for s in reference["states"]}

    assert {n["state"] for n in tables["needs"]} == states
    assert {a["state"] for a in tables["assessments"]} == states


def test_needs_fall_between_2016_and_the_demo_date(
    tables: dict[str, list[dict[str, str]]],
) -> None:
    identified = [day(n["identified"]) for n in tables["needs"]]

    assert min(identified) >= FIRST_DAY
    assert max(identified) <= AS_OF
    assert {d.year for d in identified} == set(range(2016, AS_OF.year + 1))


def test_shares_of_priority_status_and_confidentiality(
    tables: dict[str, list[dict[str, str]]],
) -> None:
    needs = tables["needs"]
    share = {
        column: {
            value: count / len(needs)
            for value, count in Counter(n[column] for n in needs).items()
        }
        for column in ("priority", "confidentiality", "status")
    }

    # Targets: 30/45/25 % priority and 70/20/10 % confidentiality, +-5 points.
    assert 0.25 <= share["priority"]["high"] <= 0.35
    assert 0.40 <= share["priority"]["medium"] <= 0.50
    assert 0.20 <= share["priority"]["low"] <= 0.30
    assert 0.65 <= share["confidentiality"]["public"] <= 0.75
    assert 0.15 <= share["confidentiality"]["restricted"] <= 0.25
    assert 0.05 <= share["confidentiality"]["confidential"] <= 0.15
    assert set(share["status"]) == set(NEED_STATUSES)


def test_older_needs_are_more_often_met(
    tables: dict[str, list[dict[str, str]]],
) -> None:
    def met_share(rows: list[dict[str, str]]) -> float:
        return sum(n["status"] == "met" for n in rows) / len(rows)

    old = [n for n in tables["needs"] if day(n["identified"]).year <= 2019]
    recent = [n for n in tables["needs"] if day(n["identified"]).year >= 2025]

    assert met_share(old) > met_share(recent) + 0.3


def test_most_affected_regions_have_more_needs_per_state(
    tables: dict[str, list[dict[str, str]]],
    reference: dict[str, list[dict[str, str]]],
) -> None:
    region_of = {s["iso3"]: s["region"] for s in reference["states"]}
    states = Counter(region_of.values())
    needs = Counter(region_of[n["state"]] for n in tables["needs"])

    def per_state(code: str) -> float:
        return needs[code] / states[code]

    assert per_state("145") > 2 * per_state("021")  # Western Asia, Northern America
    assert per_state("015") > 2 * per_state("155")  # Northern Africa, Western Europe
    assert per_state("011") > 2 * per_state("053")  # Western Africa, Australia/NZ
    assert per_state("143") > per_state("154")  # Central Asia, Northern Europe


def test_themes_are_weighted_and_new_technology_comes_late(
    tables: dict[str, list[dict[str, str]]],
) -> None:
    needs = tables["needs"]
    main = Counter(many(n["themes"])[0] for n in needs)

    assert all(1 <= len(many(n["themes"])) <= 3 for n in needs)
    for frequent in ("BSM", "LEG", "CFT", "CJ", "LE"):
        assert main[frequent] > main["NEWTECH"] + main["WPN"]
    for need in needs:
        if {"NEWTECH", "NEWTECH-UAS"} & set(many(need["themes"])):
            assert day(need["identified"]) >= NEW_TECH_FROM, need["id"]


def test_every_reference_names_a_row(
    tables: dict[str, list[dict[str, str]]],
    reference: dict[str, list[dict[str, str]]],
) -> None:
    states = {s["iso3"] for s in reference["states"]}
    themes = {t["code"] for t in reference["themes"]}
    years = {int(r["number"]): int(r["year"]) for r in reference["resolutions"]}
    assessments = {a["id"]: a for a in tables["assessments"]}
    providers = {p["id"] for p in tables["providers"]}

    for assessment in tables["assessments"]:
        assert assessment["state"] in states
        assert assessment["kind"] in ASSESSMENT_KINDS
    for need in tables["needs"]:
        need_themes = many(need["themes"])
        assert need["state"] in states
        assert set(need_themes) <= themes
        assert need["priority"] in PRIORITIES
        assert need["confidentiality"] in CONFIDENTIALITY
        assessment = assessments[need["assessment"]]
        assert assessment["state"] == need["state"]
        assert day(assessment["date"]) < day(need["identified"])
        for number in map(int, many(need["resolutions"])):
            assert years[number] <= day(need["identified"]).year, need["id"]
            assert any(number in RESOLUTION_ANCHORS[t] for t in need_themes)
    for programme in tables["programmes"]:
        assert programme["lead_provider"] in providers
        assert set(many(programme["themes"])) <= themes
        assert set(many(programme["states"])) <= states
    for partner in tables["programme_partners"]:
        assert partner["provider"] in providers


def test_deep_dives_come_after_ct_travel_and_find_border_needs(
    tables: dict[str, list[dict[str, str]]],
) -> None:
    kinds = {a["id"]: a["kind"] for a in tables["assessments"]}
    deep_dives = [a for a in tables["assessments"] if a["kind"] == "deep-dive"]

    assert deep_dives
    assert all(day(a["date"]) >= DEEP_DIVES_FROM for a in deep_dives)
    for need in tables["needs"]:
        if kinds[need["assessment"]] == "deep-dive":
            assert many(need["themes"])[0].startswith("BSM"), need["id"]


def test_links_name_programmes_that_could_address_the_need(
    tables: dict[str, list[dict[str, str]]],
    reference: dict[str, list[dict[str, str]]],
) -> None:
    parent = {r["code"]: r["parent"] for r in reference["regions"]}
    chain: dict[str, set[str]] = {}
    for state in reference["states"]:
        code, codes = state["region"], set()
        while code:
            codes.add(code)
            code = parent[code]
        chain[state["iso3"]] = codes
    programmes = {p["id"]: p for p in reference["programmes"] + tables["programmes"]}
    needs = {n["id"]: n for n in tables["needs"]}

    for link in tables["links"]:
        need, programme = needs[link["need"]], programmes[link["programme"]]
        decided = day(link["decided_on"])
        assert link["status"] in LINK_STATUSES
        assert (
            programme["scope"] == "global"
            or need["state"] in many(programme["states"])
            or chain[need["state"]] & set(many(programme["regions"]))
        ), link
        assert set(many(need["themes"])) & set(many(programme["themes"])), link
        assert day(need["identified"]) < decided <= AS_OF
        assert day(programme["start"]) <= decided
        assert not programme["end"] or decided <= day(programme["end"])


def test_link_status_agrees_with_need_status(
    tables: dict[str, list[dict[str, str]]],
) -> None:
    status = {n["id"]: n["status"] for n in tables["needs"]}
    by_need_status: dict[str, Counter] = defaultdict(Counter)
    for link in tables["links"]:
        by_need_status[status[link["need"]]][link["status"]] += 1

    met = by_need_status["met"]
    assert met["completed"] > 0.75 * met.total()
    assert met["declined"] == met["proposed"] == 0
    assert by_need_status["open"]["completed"] == 0
    assert by_need_status["withdrawn"]["delivering"] == 0


def test_everything_is_labelled_synthetic(
    tables: dict[str, list[dict[str, str]]],
) -> None:
    for table, rows in tables.items():
        for row in rows:
            assert row["source"] == f"synthetic: tagraph demo, seed {SEED}, scale 1"
            if "synthetic" in row:
                assert row["synthetic"] == "true", (table, row)
    for programme in tables["programmes"]:
        assert programme["id"].startswith("SYN-")
        assert programme["title"].startswith("Synthetic:")
    for provider in tables["providers"]:
        assert provider["id"].startswith("SYN-")
        assert provider["name"].startswith("Synthetic")


def test_scale_multiplies_needs_with_unique_ids(
    demo: tuple[Path, dict[str, int]], tmp_path: Path
) -> None:
    _, counts = demo

    doubled = write_demo(tmp_path, scale=2, seed=SEED)
    ids = [n["id"] for n in read(tmp_path, "needs")]

    assert doubled["needs"] == 2 * counts["needs"]
    assert len(set(ids)) == len(ids)
    assert 1.6 < doubled["links"] / counts["links"] < 2.4
    assert doubled["programmes"] == counts["programmes"]


@pytest.mark.parametrize("scale", [0, MAX_SCALE + 1, -3])
def test_a_scale_out_of_range_is_refused(scale: int, tmp_path: Path) -> None:
    with pytest.raises(ScaleOutOfRange, match=f"from 1 to {MAX_SCALE}"):
        write_demo(tmp_path, scale=scale)

    assert not any(tmp_path.iterdir())


def test_reference_and_demo_load_cleanly(
    graph: Graph, demo: tuple[Path, dict[str, int]]
) -> None:
    folder, counts = demo

    load_dataset(graph, REFERENCE_DIR)
    report = load_dataset(graph, folder)

    assert {name: c.rows for name, c in report.counts.items()} == counts
    found = graph.read(
        "MATCH (n:Need) WITH count(n) AS needs, "
        "  sum(CASE WHEN n.synthetic THEN 1 ELSE 0 END) AS synthetic "
        "MATCH (a:Assessment) WITH needs, synthetic, count(a) AS assessments "
        "MATCH (:Programme)-[l:ADDRESSES]->(:Need) "
        "WITH needs, synthetic, assessments, count(l) AS links "
        "MATCH (p:Programme) WHERE p.id STARTS WITH $prefix "
        "RETURN needs, synthetic, assessments, links, count(p) AS programmes",
        {"prefix": "SYN-"},
    )[0]
    assert found == {
        "needs": counts["needs"],
        "synthetic": counts["needs"],
        "assessments": counts["assessments"],
        "links": counts["links"],
        "programmes": counts["programmes"],
    }
    states = graph.read(
        "MATCH (s:State) WHERE NOT (s)<-[:OF_STATE]-(:Need) RETURN count(s) AS bare"
    )
    assert states == [{"bare": 0}]
    roadmaps = graph.read(
        "MATCH (r:Roadmap)-[:HAS_STATUS]->(st:StepStatus)-[:FOR_STEP]->(step) "
        "WHERE (r)-[:FOLLOWS]->(:RoadmapTemplate)-[:HAS_STEP]->(step) "
        "RETURN count(DISTINCT r) AS roadmaps, count(st) AS statuses"
    )
    assert roadmaps == [
        {
            "roadmaps": counts["roadmaps"],
            "statuses": counts["roadmap_step_statuses"],
        }
    ]


def test_roadmaps_follow_each_state_s_first_deep_dive(
    tables: dict[str, list[dict[str, str]]],
) -> None:
    first: dict[str, dict[str, str]] = {}
    for assessment in tables["assessments"]:
        if assessment["kind"] == "deep-dive":
            known = first.get(assessment["state"])
            if known is None or assessment["date"] < known["date"]:
                first[assessment["state"]] = assessment
    roadmaps = tables["roadmaps"]

    assert roadmaps
    assert sorted(r["state"] for r in roadmaps) == sorted(first)
    for roadmap in roadmaps:
        deep_dive = first[roadmap["state"]]
        assert roadmap["assessment"] == deep_dive["id"]
        assert roadmap["template"] == "APIPNR"
        after = (day(roadmap["date"]) - day(deep_dive["date"])).days
        assert 0 <= after <= 120, roadmap
        assert day(roadmap["date"]) <= AS_OF


def test_each_roadmap_has_a_status_per_step_backed_by_its_state_s_needs(
    tables: dict[str, list[dict[str, str]]],
    reference: dict[str, list[dict[str, str]]],
) -> None:
    steps = {
        s["id"]: s for s in reference["roadmap_steps"] if s["template"] == "APIPNR"
    }
    roadmaps = {r["id"]: r for r in tables["roadmaps"]}
    needs = {n["id"]: n for n in tables["needs"]}
    states = {s["iso3"]: s["name"] for s in reference["states"]}
    by_roadmap: dict[str, list[dict[str, str]]] = defaultdict(list)
    for status in tables["roadmap_step_statuses"]:
        by_roadmap[status["roadmap"]].append(status)

    assert set(by_roadmap) == set(roadmaps)
    backed = 0
    for roadmap_id, statuses in by_roadmap.items():
        roadmap = roadmaps[roadmap_id]
        assert sorted(s["step"] for s in statuses) == sorted(steps)
        for status in statuses:
            step = steps[status["step"]]
            assert status["status"] in STEP_STATUSES
            assert states[roadmap["state"]] in status["recommendation"]
            for need_id in many(status["needs"]):
                need = needs[need_id]
                assert need["state"] == roadmap["state"], status
                assert set(many(need["themes"])) & set(many(step["themes"]))
                assert need["identified"] <= roadmap["date"]
                backed += 1
        in_order = {int(steps[s["step"]]["order"]): s["status"] for s in statuses}
        assert in_order[2] == "in-place", "the deep dive was the needs assessment"
    assert backed > len(roadmaps), "most roadmaps rest on some of the State's needs"


def test_older_roadmaps_have_more_steps_in_place(
    tables: dict[str, list[dict[str, str]]],
) -> None:
    dates = {r["id"]: day(r["date"]) for r in tables["roadmaps"]}
    in_place: Counter[str] = Counter(
        s["roadmap"]
        for s in tables["roadmap_step_statuses"]
        if s["status"] == "in-place"
    )
    old = [in_place[r] for r, d in dates.items() if d.year <= 2021]
    recent = [in_place[r] for r, d in dates.items() if d.year >= 2025]

    assert old and recent
    assert sum(old) / len(old) > sum(recent) / len(recent) + 2
