"""The reference data: real facts, each with its source, in the dataset format."""

from __future__ import annotations

import csv
import re
from itertools import pairwise

import pytest

from tagraph.graph.connection import Graph
from tagraph.graph.model import (
    PARTNER_ROLES,
    PROGRAMME_SCOPES,
    PROGRAMME_STATUSES,
    PROVIDER_KINDS,
    REGION_LEVELS,
)
from tagraph.loaders.load import load_dataset
from tagraph.loaders.reference import REFERENCE_DIR
from tagraph.loaders.reference.build import (
    ReferenceBuildError,
    build,
    read_package_rows,
    state_rows,
)
from tagraph.loaders.tables import TABLE_BY_NAME

TABLES = (
    "regions",
    "states",
    "themes",
    "resolutions",
    "good_practices",
    "providers",
    "programmes",
    "programme_partners",
    "roadmap_templates",
    "roadmap_steps",
)


def rows(table: str) -> list[dict[str, str]]:
    with (REFERENCE_DIR / f"{table}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def many(value: str) -> list[str]:
    return [part for part in value.split(";") if part]


def region_chain(iso3: str) -> list[str]:
    """Names of the regions enclosing a State, innermost first."""
    regions = {row["code"]: row for row in rows("regions")}
    state = next(row for row in rows("states") if row["iso3"] == iso3)
    chain, code = [], state["region"]
    while code:
        chain.append(regions[code]["name"])
        code = regions[code]["parent"]
    return chain


def test_states_and_regions_are_what_the_build_produces() -> None:
    for name, text in build().items():
        shipped = (REFERENCE_DIR / name).read_text(encoding="utf-8")
        assert shipped == text, (
            f"{name} differs from the package data; run "
            "python -m tagraph.loaders.reference.build"
        )


def test_there_are_193_member_states_with_unique_codes() -> None:
    states = rows("states")

    assert len(states) == 193
    assert len({s["iso3"] for s in states}) == 193
    assert len({s["m49"] for s in states}) == 193
    assert all(re.fullmatch(r"[A-Z]{3}", s["iso3"]) for s in states)
    assert all(re.fullmatch(r"\d{3}", s["m49"]) for s in states)


def test_every_state_reaches_one_of_the_five_regions() -> None:
    regions = {row["code"]: row for row in rows("regions")}
    top = {code for code, row in regions.items() if row["level"] == "region"}

    assert {regions[code]["name"] for code in top} == {
        "Africa",
        "Americas",
        "Asia",
        "Europe",
        "Oceania",
    }
    for state in rows("states"):
        code, seen = state["region"], []
        while regions[code]["parent"]:
            seen.append(code)
            code = regions[code]["parent"]
            assert code not in seen, f"{state['iso3']}: region cycle at {code}"
        assert code in top, state["iso3"]


@pytest.mark.parametrize(
    ("iso3", "m49", "chain"),
    [
        ("KEN", "404", ["Eastern Africa", "Sub-Saharan Africa", "Africa"]),
        (
            "BRA",
            "076",
            ["South America", "Latin America and the Caribbean", "Americas"],
        ),
        ("FRA", "250", ["Western Europe", "Europe"]),
        ("MAR", "504", ["Northern Africa", "Africa"]),
        ("JOR", "400", ["Western Asia", "Asia"]),
        ("USA", "840", ["Northern America", "Americas"]),
        ("MLI", "466", ["Western Africa", "Sub-Saharan Africa", "Africa"]),
        ("NRU", "520", ["Micronesia", "Oceania"]),
    ],
)
def test_known_states_sit_where_m49_puts_them(
    iso3: str, m49: str, chain: list[str]
) -> None:
    # Expected values: UNSD M49 overview (unstats.un.org/unsd/methodology/m49).
    state = next(row for row in rows("states") if row["iso3"] == iso3)

    assert state["m49"] == m49
    assert region_chain(iso3) == chain


def test_the_build_names_a_region_it_does_not_know() -> None:
    member = next(row for row in read_package_rows() if row["ISO3"] == "KEN")
    unknown = dict(member, UNregion="Atlantis")

    with pytest.raises(ReferenceBuildError, match=r"KEN.*Atlantis"):
        state_rows([unknown])


def test_regions_are_m49_codes_with_known_levels() -> None:
    regions = rows("regions")
    codes = {row["code"] for row in regions}

    assert len(regions) == 29
    for row in regions:
        assert re.fullmatch(r"\d{3}", row["code"])
        assert row["level"] in REGION_LEVELS
        assert (row["parent"] == "") == (row["level"] == "region")
        assert row["parent"] in codes | {""}


@pytest.mark.parametrize("table", TABLES)
def test_each_file_has_its_table_columns_and_every_row_a_source(table: str) -> None:
    path = REFERENCE_DIR / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f))

    assert header == [column.name for column in TABLE_BY_NAME[table].columns]
    assert rows(table), f"{table}.csv has no rows"
    for number, row in enumerate(rows(table), start=2):
        assert row["source"].strip(), f"{table}.csv:{number}: no source"
        for name in TABLE_BY_NAME[table].required:
            assert row[name].strip(), f"{table}.csv:{number}: {name} is empty"


def test_every_reference_names_a_row() -> None:
    themes = {row["code"] for row in rows("themes")}
    resolutions = {int(row["number"]) for row in rows("resolutions")}
    states = {row["iso3"] for row in rows("states")}
    regions = {row["code"] for row in rows("regions")}
    providers = {row["id"] for row in rows("providers")}
    programmes = {row["id"] for row in rows("programmes")}

    for row in rows("themes"):
        assert set(many(row["related"]) + many(row["parent"])) <= themes, row
    for row in rows("resolutions"):
        assert set(many(row["themes"])) <= themes, row
    for row in rows("good_practices"):
        assert set(many(row["themes"])) <= themes, row
        assert {int(n) for n in many(row["resolutions"])} <= resolutions, row
    for row in rows("providers"):
        assert row["kind"] in PROVIDER_KINDS, row
    for row in rows("programmes"):
        assert row["lead_provider"] in providers, row
        assert set(many(row["themes"])) <= themes, row
        assert set(many(row["states"])) <= states, row
        assert set(many(row["regions"])) <= regions, row
        assert {int(n) for n in many(row["resolutions"])} <= resolutions, row
        assert row["status"] in PROGRAMME_STATUSES, row
        assert row["scope"] in PROGRAMME_SCOPES, row
        if row["scope"] == "regional":
            assert row["states"] or row["regions"], row
    for row in rows("programme_partners"):
        assert row["programme"] in programmes, row
        assert row["provider"] in providers, row
        assert row["role"] in PARTNER_ROLES, row
    templates = {row["id"] for row in rows("roadmap_templates")}
    practices = {row["id"] for row in rows("good_practices")}
    for row in rows("roadmap_steps"):
        assert row["template"] in templates, row
        assert set(many(row["themes"])) <= themes, row
        assert {int(n) for n in many(row["resolutions"])} <= resolutions, row
        assert set(many(row["good_practices"])) <= practices, row


def test_theme_tree_holds_the_taxonomy() -> None:
    themes = {row["code"]: row for row in rows("themes")}
    taxonomy = {
        "STRAT", "LEG", "CFT", "LE", "BSM", "CJ", "INTCOOP", "ICT", "PCVE",
        "FTF", "PRR", "CIP", "WPN", "NEWTECH", "TOC", "HR", "GEN", "VIC",
    }  # fmt: skip

    assert taxonomy <= set(themes)
    assert all(not themes[code]["parent"] for code in taxonomy)
    for code, row in themes.items():
        if row["parent"]:
            assert code.startswith(row["parent"] + "-"), code
            assert not themes[row["parent"]]["parent"], "one level of sub-themes"
    pairs = [
        frozenset((code, other))
        for code, row in themes.items()
        for other in many(row["related"])
    ]
    assert len(pairs) == len(set(pairs)), "a related pair is listed twice"


def test_resolutions_span_1373_to_2810_with_their_years() -> None:
    years = {int(row["number"]): int(row["year"]) for row in rows("resolutions")}

    for number, year in {
        1373: 2001,
        1535: 2004,
        1624: 2005,
        2178: 2014,
        2396: 2017,
        2462: 2019,
        2482: 2019,
        2617: 2021,
        2810: 2025,
    }.items():
        assert years[number] == year
    ordered = sorted(years)
    assert all(years[a] <= years[b] for a, b in pairwise(ordered))


@pytest.mark.parametrize("number", [2133, 2170, 2195, 2242, 2253, 2309, 2347, 2368])
def test_unverified_resolutions_keep_their_mark(number: int) -> None:
    row = next(r for r in rows("resolutions") if int(r["number"]) == number)

    assert "(unverified)" in row["source"]


@pytest.mark.parametrize(
    ("programme", "start", "end", "status"),
    [
        ("UNOCT-CTTRAVEL", "2019-05-07", "", "active"),
        ("UNOCT-VT", "2021-01-19", "", "active"),
        ("UNOCT-RABAT", "2021-06-24", "", "active"),
        ("UNODC-CCP", "2004-01-01", "2024-12-31", "completed"),
        ("UNODC-AIRCOP", "2010-01-01", "2024-12-31", "completed"),
        ("UNODC-PCCP", "2025-01-01", "", "active"),
        ("EU-CTJUST", "2022-01-01", "2025-12-31", "completed"),
        ("EU-CTINFLOW", "2020-04-01", "2024-03-31", "completed"),
        ("GCTF-WG", "2011-09-22", "", "active"),
    ],
)
def test_programme_periods_follow_the_sources(
    programme: str, start: str, end: str, status: str
) -> None:
    row = next(r for r in rows("programmes") if r["id"] == programme)

    assert (row["start"], row["end"], row["status"]) == (start, end, status)
    if start.endswith("-01-01"):
        assert re.search(r"year only|month only|unverified", row["source"])


def test_programmes_cover_what_the_sources_name() -> None:
    programmes = {row["id"]: row for row in rows("programmes")}

    assert many(programmes["EU-CTINFLOW"]["states"]) == [
        "DZA", "JOR", "LBN", "LBY", "MAR", "TUN",
    ]  # fmt: skip
    assert set(many(programmes["UNODC-AIRCOP"]["regions"])) == {"002", "419"}
    assert many(programmes["UNOCT-CTTRAVEL"]["resolutions"]) == [
        "2178",
        "2396",
        "2482",
    ]
    assert programmes["EU-AMLCFT"]["budget_usd"] == ""


def test_ct_travel_partners_have_their_roles() -> None:
    roles = {
        (row["provider"], row["role"])
        for row in rows("programme_partners")
        if row["programme"] == "UNOCT-CTTRAVEL"
    }

    for funder in ("EU", "GOV-NLD", "GOV-QAT", "GOV-DEU", "GOV-JPN"):
        assert (funder, "funding") in roles
    for partner in ("UNODC", "ICAO", "INTERPOL", "OICT", "CTED"):
        assert (partner, "implementing") in roles


def test_every_cited_source_is_listed_in_sources_md() -> None:
    listed = (REFERENCE_DIR / "SOURCES.md").read_text(encoding="utf-8")
    cited = set()
    for path in sorted(REFERENCE_DIR.glob("*.csv")):
        cited |= set(re.findall(r"\[([ST]\d+)\]", path.read_text(encoding="utf-8")))

    assert cited, "no [S#] source is cited"
    missing = sorted(tag for tag in cited if f"| {tag} |" not in listed)
    assert not missing, f"cited but not listed in SOURCES.md: {missing}"


def test_sources_md_states_the_row_counts() -> None:
    listed = (REFERENCE_DIR / "SOURCES.md").read_text(encoding="utf-8")

    for table in TABLES:
        found = re.search(rf"\| `{table}\.csv` \| (\d+) \|", listed)
        assert found, f"SOURCES.md does not describe {table}.csv"
        assert int(found.group(1)) == len(rows(table)), table


def test_the_reference_loads_cleanly(graph: Graph) -> None:
    report = load_dataset(graph, REFERENCE_DIR)

    expected = {table: len(rows(table)) for table in TABLES}
    assert {name: c.rows for name, c in report.counts.items()} == expected
    counts = {
        row["label"]: row["nodes"]
        for row in graph.read(
            "MATCH (n) WHERE NOT n:Load RETURN labels(n)[0] AS label, count(n) AS nodes"
        )
    }
    assert counts == {
        "Region": expected["regions"],
        "State": 193,
        "Theme": expected["themes"],
        "Resolution": expected["resolutions"],
        "GoodPractice": expected["good_practices"],
        "Provider": expected["providers"],
        "Programme": expected["programmes"],
        "RoadmapTemplate": expected["roadmap_templates"],
        "RoadmapStep": expected["roadmap_steps"],
    }
    kenya = graph.read(
        "MATCH (:State {iso3: $iso3})-[:IN_REGION]->(r:Region) "
        "RETURN r.code AS code ORDER BY code",
        {"iso3": "KEN"},
    )
    assert [row["code"] for row in kenya] == ["002", "014", "202"]


def test_a_second_load_of_the_reference_changes_nothing(graph: Graph) -> None:
    load_dataset(graph, REFERENCE_DIR)
    again = load_dataset(graph, REFERENCE_DIR)

    assert again.total.added == 0
    assert again.total.changed == 0


def test_the_api_pnr_roadmap_has_its_twelve_steps_in_order() -> None:
    # Expected: the step list of DOMAIN.md section 5c, compiled from the CT
    # Travel method [S7][S62], WCO guidance [S101] and ICAO Annex 9 [S98].
    steps = [row for row in rows("roadmap_steps") if row["template"] == "APIPNR"]

    assert [int(row["order"]) for row in steps] == list(range(1, 13))
    titles = [row["title"] for row in steps]
    assert titles[2] == "Legal basis"
    assert titles[4] == "Passenger Information Unit"
    assert titles[10] == "International cooperation"
    assert all("BSM-APIPNR" in many(row["themes"]) for row in steps)
    assert "HR" in many(steps[3]["themes"])
    assert "LEG" in many(steps[2]["themes"])
    assert "INTCOOP" in many(steps[10]["themes"])
    assert all(re.search(r"\[S\d+\]", row["source"]) for row in steps)
