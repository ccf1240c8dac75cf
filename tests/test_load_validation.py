"""Validation: every problem reported as ``file:row: column: message``, nothing written.

The expected messages are written out in full: they are the interface a
person fixing a dataset reads.
"""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from datasets import (
    MINIMAL,
    append,
    copy_minimal,
    count_nodes,
    edit,
    read_rows,
    write_rows,
)

from tagraph.errors import ValidationFailed
from tagraph.graph.connection import Graph
from tagraph.loaders.load import load_dataset
from tagraph.loaders.read import read_dataset
from tagraph.loaders.tables import TABLES, Table


def problems(graph: Graph, path: Path) -> list[str]:
    """The problems a load of ``path`` reports; fails when it reports none."""
    with pytest.raises(ValidationFailed) as failure:
        load_dataset(graph, path)
    assert count_nodes(graph) == 0, "a failed validation must write nothing"
    assert str(failure.value).endswith("nothing was written")
    return failure.value.problems


def test_the_minimal_dataset_is_valid_and_covers_every_table(graph: Graph) -> None:
    dataset = read_dataset(MINIMAL)

    report = load_dataset(graph, MINIMAL, dry_run=True)

    assert dataset.problems == []
    assert sorted(dataset.tables) == sorted(table.name for table in TABLES)
    for table in TABLES:
        header = read_rows(MINIMAL / f"{table.name}.csv")[0]
        assert header == [column.name for column in table.columns]
    assert report.total.rows == 54
    assert count_nodes(graph) == 0


CELLS = [
    pytest.param(
        "needs",
        2,
        "priority",
        "urgent",
        "needs.csv:2: priority: 'urgent' is not allowed; expected one of high, "
        "medium, low",
        id="need-enumeration",
    ),
    pytest.param(
        "needs",
        3,
        "identified",
        "2023-02-30",
        "needs.csv:3: identified: '2023-02-30' is not a real date (the month or "
        "day is out of range); expected YYYY-MM-DD",
        id="need-unreal-date",
    ),
    pytest.param(
        "needs",
        4,
        "identified",
        "12/03/2023",
        "needs.csv:4: identified: '12/03/2023' is not a date; expected "
        "YYYY-MM-DD, such as 2024-03-31",
        id="need-date-format",
    ),
    pytest.param(
        "needs",
        6,
        "state",
        "XYZ",
        "needs.csv:6: state: 'XYZ' is neither in states.csv nor a State in the "
        "graph; expected the iso3 of a State that is in one of them",
        id="need-unknown-iso3",
    ),
    pytest.param(
        "needs",
        2,
        "state",
        "ke",
        "needs.csv:2: state: 'ke' is not an ISO 3166-1 alpha-3 code; expected "
        "three capital letters, such as KEN",
        id="need-iso3-form",
    ),
    pytest.param(
        "needs",
        7,
        "id",
        "FIX-N5",
        "needs.csv:7: id: 'FIX-N5' is a duplicate of row 6; expected each id once",
        id="need-duplicate-id",
    ),
    pytest.param(
        "needs",
        2,
        "human_rights",
        "maybe",
        "needs.csv:2: human_rights: 'maybe' is not true or false; expected true "
        "or false (yes/no, 1/0)",
        id="need-boolean",
    ),
    pytest.param(
        "needs",
        2,
        "themes",
        " ; ",
        "needs.csv:2: themes: the cell is empty; expected a value (the column is "
        "required)",
        id="need-required-list",
    ),
    pytest.param(
        "needs",
        4,
        "assessment",
        "FIX-A-KEN-2021",
        "needs.csv:4: assessment: 'FIX-A-KEN-2021' assessed KEN, not NGA; "
        "expected an assessment of the need's State",
        id="need-assessment-of-another-state",
    ),
    pytest.param(
        "needs",
        6,
        "assessment",
        "NOPE",
        "needs.csv:6: assessment: 'NOPE' is neither in assessments.csv nor an "
        "Assessment in the graph; expected the id of an Assessment that is in "
        "one of them",
        id="need-dangling-assessment",
    ),
    pytest.param(
        "regions",
        3,
        "level",
        "continent",
        "regions.csv:3: level: 'continent' is not allowed; expected one of "
        "region, subregion, intermediate",
        id="region-enumeration",
    ),
    pytest.param(
        "regions",
        8,
        "parent",
        "34",
        "regions.csv:8: parent: '34' is not an M49 code; expected three digits, "
        "such as 002",
        id="region-m49-form",
    ),
    pytest.param(
        "regions",
        3,
        "parent",
        "999",
        "regions.csv:3: parent: '999' is neither in regions.csv nor a Region in "
        "the graph; expected the code of a Region that is in one of them",
        id="region-dangling-parent",
    ),
    pytest.param(
        "regions",
        8,
        "parent",
        "014",
        "regions.csv:8: parent: '014' is at level intermediate, which cannot "
        "enclose level subregion; expected a broader level (region > subregion "
        "> intermediate)",
        id="region-level-order",
    ),
    pytest.param(
        "states",
        2,
        "region",
        "999",
        "states.csv:2: region: '999' is neither in regions.csv nor a Region in "
        "the graph; expected the code of a Region that is in one of them",
        id="state-dangling-region",
    ),
    pytest.param(
        "states",
        3,
        "m49",
        "4660",
        "states.csv:3: m49: '4660' is not an M49 code; expected three digits, "
        "such as 002",
        id="state-m49-form",
    ),
    pytest.param(
        "themes",
        3,
        "parent",
        "NOPE",
        "themes.csv:3: parent: 'NOPE' is neither in themes.csv nor a Theme in "
        "the graph; expected the code of a Theme that is in one of them",
        id="theme-dangling-parent",
    ),
    pytest.param(
        "themes",
        9,
        "related",
        "HR",
        "themes.csv:9: related: 'HR' (row 8) lists 'GEN' as related too; "
        "expected each pair once",
        id="theme-pair-twice",
    ),
    pytest.param(
        "themes",
        2,
        "related",
        "BSM",
        "themes.csv:2: related: 'BSM' is this theme itself; expected other themes",
        id="theme-related-to-itself",
    ),
    pytest.param(
        "resolutions",
        3,
        "year",
        "",
        "resolutions.csv:3: year: the cell is empty; expected a value (the "
        "column is required)",
        id="resolution-required",
    ),
    pytest.param(
        "resolutions",
        3,
        "year",
        "2014.5",
        "resolutions.csv:3: year: '2014.5' is not a whole number; expected "
        "digits, such as 2017",
        id="resolution-int",
    ),
    pytest.param(
        "good_practices",
        2,
        "resolutions",
        "2178;9999",
        "good_practices.csv:2: resolutions: 9999 is neither in resolutions.csv "
        "nor a Resolution in the graph; expected the number of a Resolution "
        "that is in one of them",
        id="good-practice-dangling-resolution",
    ),
    pytest.param(
        "providers",
        2,
        "kind",
        "ngo",
        "providers.csv:2: kind: 'ngo' is not allowed; expected one of un-entity, "
        "multilateral, regional-organization, bilateral-donor, civil-society, "
        "private-sector",
        id="provider-enumeration",
    ),
    pytest.param(
        "programmes",
        2,
        "lead_provider",
        "NOPE",
        "programmes.csv:2: lead_provider: 'NOPE' is neither in providers.csv nor "
        "a Provider in the graph; expected the id of a Provider that is in one "
        "of them",
        id="programme-dangling-lead",
    ),
    pytest.param(
        "programmes",
        3,
        "end",
        "2017-01-01",
        "programmes.csv:3: end: 2017-01-01 is before the start, 2018-03-01; "
        "expected an end on or after the start",
        id="programme-ends-before-start",
    ),
    pytest.param(
        "programmes",
        2,
        "budget_usd",
        "1,000",
        "programmes.csv:2: budget_usd: '1,000' is not a number; expected digits "
        "with an optional decimal point and no thousands separators, such as "
        "250000 or 1250.50",
        id="programme-float",
    ),
    pytest.param(
        "programmes",
        3,
        "capacity",
        "-1",
        "programmes.csv:3: capacity: -1 is below 0; expected zero or more",
        id="programme-negative-capacity",
    ),
    pytest.param(
        "programmes",
        4,
        "states",
        "",
        "programmes.csv:4: states: a national programme names no State; expected "
        "at least one ISO3 code (or scope regional or global)",
        id="programme-national-without-state",
    ),
    pytest.param(
        "programmes",
        3,
        "regions",
        "",
        "programmes.csv:3: regions: a regional programme names no region and no "
        "State; expected at least one M49 code here or ISO3 code in states",
        id="programme-regional-without-region",
    ),
    pytest.param(
        "programme_partners",
        2,
        "role",
        "donor",
        "programme_partners.csv:2: role: 'donor' is not allowed; expected one of "
        "funding, accountable, extending, implementing",
        id="partner-enumeration",
    ),
    pytest.param(
        "programme_partners",
        2,
        "programme",
        "NOPE",
        "programme_partners.csv:2: programme: 'NOPE' is neither in programmes.csv "
        "nor a Programme in the graph; expected the id of a Programme that is in "
        "one of them",
        id="partner-dangling-programme",
    ),
    pytest.param(
        "assessments",
        3,
        "kind",
        "visit",
        "assessments.csv:3: kind: 'visit' is not allowed; expected one of "
        "assessment-visit, follow-up-visit, deep-dive, desk-review",
        id="assessment-enumeration",
    ),
    pytest.param(
        "assessments",
        3,
        "date",
        "2022-05",
        "assessments.csv:3: date: '2022-05' is not a date; expected YYYY-MM-DD, "
        "such as 2024-03-31",
        id="assessment-date",
    ),
    pytest.param(
        "links",
        3,
        "need",
        "NOPE",
        "links.csv:3: need: 'NOPE' is neither in needs.csv nor a Need in the "
        "graph; expected the id of a Need that is in one of them",
        id="link-dangling-need",
    ),
    pytest.param(
        "links",
        2,
        "status",
        "done",
        "links.csv:2: status: 'done' is not allowed; expected one of proposed, "
        "agreed, delivering, completed, declined",
        id="link-enumeration",
    ),
]


@pytest.mark.parametrize(("table", "row", "column", "value", "expected"), CELLS)
def test_a_bad_cell_is_named_with_what_was_expected(
    graph: Graph,
    tmp_path: Path,
    table: str,
    row: int,
    column: str,
    value: str,
    expected: str,
) -> None:
    folder = copy_minimal(tmp_path)
    edit(folder, table, row, column, value)

    assert problems(graph, folder) == [expected]


def test_a_duplicate_combination_names_both_rows(graph: Graph, tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    row = append(
        folder,
        "programme_partners",
        {"programme": "FIX-TRAVEL", "provider": "INTERPOL", "role": "implementing"},
    )

    assert problems(graph, folder) == [
        f"programme_partners.csv:{row}: programme, provider, role: ('FIX-TRAVEL', "
        "'INTERPOL', 'implementing') is a duplicate of row 2; expected each "
        "combination once"
    ]


def test_a_cycle_of_regions_is_named_on_each_row(graph: Graph, tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    edit(folder, "regions", 4, "parent", "014")

    assert problems(graph, folder) == [
        "regions.csv:4: parent: '014' makes a cycle (202 > 014 > 202); expected "
        "a broader region that does not lie within this one",
        "regions.csv:5: parent: '202' makes a cycle (014 > 202 > 014); expected "
        "a broader region that does not lie within this one",
    ]


def test_every_problem_is_reported_at_once_in_table_order(
    graph: Graph, tmp_path: Path
) -> None:
    folder = copy_minimal(tmp_path)
    edit(folder, "links", 2, "status", "done")
    edit(folder, "needs", 3, "priority", "urgent")
    edit(folder, "needs", 2, "gender", "perhaps")
    edit(folder, "regions", 3, "level", "continent")

    found = problems(graph, folder)

    assert [line.split(":", 3)[:3] for line in found] == [
        ["regions.csv", "3", " level"],
        ["needs.csv", "2", " gender"],
        ["needs.csv", "3", " priority"],
        ["links.csv", "2", " status"],
    ]


# The files themselves ----------------------------------------------------------


def test_an_unknown_column_names_the_expected_ones(
    graph: Graph, tmp_path: Path
) -> None:
    folder = copy_minimal(tmp_path)
    rows = read_rows(folder / "providers.csv")
    rows[0] += ["colour", "x"]
    for row in rows[1:]:
        row += ["blue", ""]
    write_rows(folder / "providers.csv", rows)

    expected = "id, name, kind, acronym, source"
    assert problems(graph, folder) == [
        f"providers.csv:1: colour: unknown column; expected columns of providers "
        f"are {expected}",
        f"providers.csv:1: x: unknown column; expected columns of providers are "
        f"{expected}",
    ]


def test_a_missing_required_column_is_named(graph: Graph, tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    rows = read_rows(folder / "assessments.csv")
    position = rows[0].index("kind")
    text = "\n".join(",".join(r[:position] + r[position + 1 :]) for r in rows)
    (folder / "assessments.csv").write_text(text + "\n", encoding="utf-8")

    assert problems(graph, folder) == [
        "assessments.csv:1: kind: required column is missing; expected columns of "
        "assessments are id, state, kind, date, synthetic, source"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "",
            "themes.csv:1: (file): the file is empty; expected a header row "
            "naming the columns (code, name, parent, related, source) and one "
            "row per theme",
            id="empty",
        ),
        pytest.param(
            "code,name,parent,related,source\n\n,,,,\n",
            "themes.csv:2: (file): no rows under the header; expected at least "
            "one row (remove the file to leave the table out)",
            id="header-only",
        ),
        pytest.param(
            "code;name;parent;related;source\nBSM;Border;;;\n",
            "themes.csv:1: (file): the header is one cell holding separators; "
            "expected values separated by commas, not semicolons or tabs",
            id="semicolons",
        ),
    ],
)
def test_an_empty_or_misshapen_file_says_so(
    graph: Graph, tmp_path: Path, text: str, expected: str
) -> None:
    folder = tmp_path / "dataset"
    folder.mkdir()
    (folder / "themes.csv").write_text(text, encoding="utf-8")

    assert problems(graph, folder) == [expected]


def test_a_file_not_in_utf8_names_the_line_and_byte(
    graph: Graph, tmp_path: Path
) -> None:
    folder = copy_minimal(tmp_path)
    text = (folder / "providers.csv").read_text(encoding="utf-8")
    text = text.replace("Government of the Netherlands", "Gouvernement néerlandais")
    (folder / "providers.csv").write_bytes(text.encode("cp1252"))

    assert problems(graph, folder) == [
        "providers.csv:5: (encoding): byte 0xE9 at byte 23 of line 5 is not "
        "UTF-8; expected a UTF-8 file (in Excel, save as 'CSV UTF-8 (comma "
        "delimited)')"
    ]


def test_a_utf16_file_is_refused_with_advice(graph: Graph, tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    text = (folder / "providers.csv").read_text(encoding="utf-8")
    (folder / "providers.csv").write_bytes(
        codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    )

    assert problems(graph, folder) == [
        "providers.csv:1: (encoding): the file is UTF-16; expected UTF-8 (in "
        "Excel, save as 'CSV UTF-8 (comma delimited)')"
    ]


def test_a_file_named_after_no_table_is_refused(graph: Graph, tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    (folder / "needs.csv").rename(folder / "need.csv")
    (folder / "notes.txt").write_text("ignored: not a CSV file", encoding="utf-8")
    (folder / "_scratch.csv").write_text("ignored: begins with _", encoding="utf-8")

    found = problems(graph, folder)

    assert found[0] == (
        "need.csv:1: (file): no table is called 'need' (did you mean needs?); "
        "expected one of " + ", ".join(table.name for table in TABLES)
    )
    rest = found[1:]
    assert rest, "the rows naming needs cannot be checked either"
    assert all("(this dataset has no needs table)" in line for line in rest)
    assert [line.split(":")[0] for line in rest][:4] == ["links.csv"] * 4


def test_a_row_longer_than_the_header_is_refused(graph: Graph, tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    with (folder / "providers.csv").open("a", encoding="utf-8") as handle:
        handle.write("EXTRA,Extra provider,multilateral,,,surplus\n")

    assert problems(graph, folder) == [
        "providers.csv:6: (file): the row has a value in column 6, which has no "
        "name in the header; expected 5 named columns"
    ]


def test_a_missing_path_is_a_problem_not_a_crash(graph: Graph, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"

    assert problems(graph, missing) == [
        f"{missing}:1: (file): does not exist; expected a folder of CSV files, "
        "an .xlsx workbook or a .csv file"
    ]


# References to what the graph holds --------------------------------------------


def test_references_may_name_nodes_already_in_the_graph(
    graph: Graph, tmp_path: Path
) -> None:
    load_dataset(graph, MINIMAL)
    folder = tmp_path / "later"
    folder.mkdir()
    rows = read_rows(MINIMAL / "needs.csv")
    (folder / "needs.csv").write_text(
        ",".join(rows[0])
        + "\nLATER-1,MAR,Border posts,BSM-APIPNR;GEN,low,2024-01-31,open,,2396,,,,,"
        "true,synthetic:test\n",
        encoding="utf-8",
    )
    seen: list[str] = []

    with graph.traced(lambda query, parameters: seen.append(query)):
        report = load_dataset(graph, folder)

    assert report.counts["needs"].added == 1
    lookups = [query for query in seen if query.startswith("UNWIND $keys")]
    assert len(lookups) == 3, "one query per label: State, Theme, Resolution"


def test_a_reference_missing_from_dataset_and_graph_is_named(
    graph: Graph, tmp_path: Path
) -> None:
    folder = tmp_path / "alone"
    folder.mkdir()
    (folder / "assessments.csv").write_text(
        "id,state,kind,date\nA-1,KEN,desk-review,2024-02-01\n", encoding="utf-8"
    )

    assert problems(graph, folder) == [
        "assessments.csv:2: state: 'KEN' is not a State in the graph (this "
        "dataset has no states table); expected the iso3 of a State loaded before"
    ]


def test_a_related_pair_already_in_the_graph_is_not_stored_twice(
    graph: Graph, tmp_path: Path
) -> None:
    load_dataset(graph, MINIMAL)
    folder = tmp_path / "themes"
    folder.mkdir()
    (folder / "themes.csv").write_text(
        "code,name,related\nGEN,Gender (cross-cutting),HR\n", encoding="utf-8"
    )

    with pytest.raises(ValidationFailed) as failure:
        load_dataset(graph, folder)

    assert failure.value.problems == [
        "themes.csv:2: related: 'HR' is already related to 'GEN' in the graph; a "
        "pair is stored once, so list it on 'HR' only"
    ]


def test_a_dataset_with_every_kind_of_problem_lists_them_all(
    graph: Graph, tmp_path: Path
) -> None:
    folder = copy_minimal(tmp_path)
    for table, row, column, value, _expected in (case.values for case in CELLS[:8]):
        edit(folder, table, row, column, value)

    found = problems(graph, folder)

    assert len(found) >= 8
    assert all(line.count(":") >= 3 for line in found)
    assert all(line.split(":")[1].isdigit() for line in found)


def test_the_bom_is_accepted(graph: Graph, tmp_path: Path) -> None:
    folder = copy_minimal(tmp_path)
    for file in folder.glob("*.csv"):
        file.write_bytes(codecs.BOM_UTF8 + file.read_bytes())

    report = load_dataset(graph, folder, dry_run=True)

    assert report.total.rows == 54
    assert report.total.added == 54


# Every table -----------------------------------------------------------------

ALL_TABLES = pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
SINGULAR = {
    "regions": "region",
    "states": "state",
    "themes": "theme",
    "resolutions": "resolution",
    "good_practices": "good practice",
    "providers": "provider",
    "programmes": "programme",
    "programme_partners": "programme partner",
    "assessments": "assessment",
    "needs": "need",
    "links": "link",
    "roadmap_templates": "roadmap template",
    "roadmap_steps": "roadmap step",
    "roadmaps": "roadmap",
    "roadmap_step_statuses": "roadmap step status",
}


@ALL_TABLES
def test_every_table_names_a_missing_required_column(
    graph: Graph, tmp_path: Path, table: Table
) -> None:
    folder = copy_minimal(tmp_path)
    file = folder / f"{table.name}.csv"
    column = table.required[-1]
    rows = read_rows(file)
    position = rows[0].index(column)
    write_rows(file, [row[:position] + row[position + 1 :] for row in rows])

    assert (
        f"{table.name}.csv:1: {column}: required column is missing; expected "
        f"columns of {table.name} are {', '.join(c.name for c in table.columns)}"
    ) in problems(graph, folder)


@ALL_TABLES
def test_every_table_says_when_its_file_is_empty(
    graph: Graph, tmp_path: Path, table: Table
) -> None:
    folder = copy_minimal(tmp_path)
    (folder / f"{table.name}.csv").write_text("", encoding="utf-8")

    found = problems(graph, folder)

    assert found == [
        f"{table.name}.csv:1: (file): the file is empty; expected a header row "
        f"naming the columns ({', '.join(c.name for c in table.columns)}) and one "
        f"row per {SINGULAR[table.name]}"
    ]


@ALL_TABLES
def test_every_table_names_a_byte_that_is_not_utf8(
    graph: Graph, tmp_path: Path, table: Table
) -> None:
    folder = copy_minimal(tmp_path)
    file = folder / f"{table.name}.csv"
    header, rest = file.read_bytes().split(b"\n", 1)
    file.write_bytes(header + b"\n\xe9" + rest)

    assert problems(graph, folder) == [
        f"{table.name}.csv:2: (encoding): byte 0xE9 at byte 1 of line 2 is not "
        "UTF-8; expected a UTF-8 file (in Excel, save as 'CSV UTF-8 (comma "
        "delimited)')"
    ]


@ALL_TABLES
def test_every_table_names_a_duplicate_key(
    graph: Graph, tmp_path: Path, table: Table
) -> None:
    folder = copy_minimal(tmp_path)
    file = folder / f"{table.name}.csv"
    rows = read_rows(file)
    write_rows(file, [*rows, rows[1]])
    key = [rows[1][rows[0].index(name)] for name in table.key]
    if len(key) > 1:
        shown, noun = repr(tuple(key)), "combination"
    elif table.column(table.key[0]).kind == "int":
        shown, noun = key[0], table.key[0]
    else:
        shown, noun = repr(key[0]), table.key[0]

    assert (
        f"{table.name}.csv:{len(rows) + 1}: {', '.join(table.key)}: {shown} is a "
        f"duplicate of row 2; expected each {noun} once"
    ) in problems(graph, folder)
