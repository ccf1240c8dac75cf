"""The saved-query catalogue: the header grammar, parameters, and running them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tagraph.access import Viewer
from tagraph.errors import UnknownQuery
from tagraph.graph.connection import Graph
from tagraph.queries.catalog import (
    InvalidQueryFile,
    Parameter,
    get_query,
    list_queries,
    parse_query,
)
from tagraph.queries.run import QueryFailed, choices, run_query

HEADER = """\
// name: {name}
// title: States by name
// description: Every State whose name starts with a prefix, and one more line
//   of description.
// result: table
// columns: iso3, name
// param: prefix: text = "" ; start of the name; "" for all
// param: limit: int = 10 ; at most this many rows
// mode: read
"""
TEXT = """\
MATCH (s:State)
WHERE s.name STARTS WITH $prefix
RETURN s.iso3 AS iso3, s.name AS name
ORDER BY iso3
LIMIT $limit
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.cypher"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_header_is_read_into_a_saved_query(tmp_path: Path) -> None:
    path = write(
        tmp_path, "states-by-name", HEADER.format(name="states-by-name") + TEXT
    )

    query = parse_query(path)

    assert query.name == "states-by-name"
    assert query.description == (
        "Every State whose name starts with a prefix, and one more line of description."
    )
    assert query.columns == ("iso3", "name")
    assert [(p.name, p.type, p.default) for p in query.parameters] == [
        ("prefix", "text", ""),
        ("limit", "int", 10),
    ]
    assert query.text.startswith("MATCH (s:State)")
    assert query.mode == "read" and query.result == "table"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("// name: {name}\n", "// name: other\n"), "must equal the file's stem"),
        (("// result: table\n", "// result: pie\n"), "result 'pie' is not one of"),
        (("// mode: read\n", "// mode: maybe\n"), "mode 'maybe'"),
        (("// title: States by name\n", ""), "no '// title:' line"),
        (("// mode: read\n", "// mode: read\n// mode: read\n"), "appears 2 times"),
        (("// result: table\n", "// result: table\n// owner: me\n"), "got '// owner"),
        (("// columns: iso3, name\n", "// columns: iso3, Name\n"), "'Name'"),
        (
            ('// param: prefix: text = "" ; start of the name; "" for all\n', ""),
            r"uses \$prefix, which the header does not declare",
        ),
        (
            ("// param: limit: int = 10 ;", "// param: limit: number = 10 ;"),
            "type 'number'",
        ),
        (
            ("// param: limit: int = 10 ;", '// param: limit: int = "ten" ;'),
            "default",
        ),
        (
            ("// param: limit: int = 10 ;", "// param: limit: int = ten ;"),
            "is not JSON",
        ),
        (("// param: limit: int = 10 ;", "// param: limit: int ;"), "need a default"),
        (
            ("at most this many rows\n", "at most this many rows\n// param: "
             "extra: bool = false ; never used\n"),
            "extra declared but never used",
        ),
        (
            ("at most this many rows\n", "at most this many rows ; choices: 1, "
             "5\n"),
            "default: parameter 'limit': 10 is not one of: 1, 5",
        ),
        (
            ("at most this many rows\n", "at most this many rows ; from: "
             "planets\n"),
            "neither a vocabulary",
        ),
        (
            ("at most this many rows\n", "at most this many rows ; colour: "
             "red\n"),
            "expected 'choices: A, B' or 'from: SOURCE'",
        ),
        ((' ; start of the name; "" for all', ""), "no documentation"),
    ],
)  # fmt: skip
def test_a_broken_header_is_a_clear_error(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    header = HEADER.replace(*change).format(name="states-by-name")
    write(tmp_path, "states-by-name", header + TEXT)

    with pytest.raises(InvalidQueryFile, match=message) as raised:
        list_queries(tmp_path)
    assert "states-by-name.cypher" in str(raised.value)


def test_a_read_query_on_needs_must_apply_the_access_rule(tmp_path: Path) -> None:
    header = HEADER.format(name="leaky").replace(
        "// columns: iso3, name", "// columns: need"
    )
    text = (
        "MATCH (n:Need) WHERE n.title STARTS WITH $prefix "
        "RETURN n.id AS need LIMIT $limit\n"
    )
    write(tmp_path, "leaky", header + text)

    with pytest.raises(InvalidQueryFile, match=r"does not apply the access rule"):
        list_queries(tmp_path)


def test_an_unknown_query_lists_the_saved_ones() -> None:
    with pytest.raises(UnknownQuery, match=r"no saved query 'gapz'.*\bgaps\b"):
        get_query("gapz")


def test_an_unknown_parameter_lists_the_query_parameters() -> None:
    with pytest.raises(UnknownQuery, match=r"no parameter 'country'.*region, state"):
        get_query("gaps").bind({"country": "KEN"})


@pytest.mark.parametrize(
    ("name", "given", "expected"),
    [
        ("year_from", "2020", 2020),
        ("year_from", 2020, 2020),
        ("year_from", None, None),
        ("priority", "high;low", ["high", "low"]),
        ("priority", ["high", "medium;low"], ["high", "medium", "low"]),
        ("priority", "", []),
        ("kind", ("uncovered",), ["uncovered"]),
    ],
)
def test_parameters_are_read_from_text_or_values(
    name: str, given: object, expected: object
) -> None:
    assert get_query("gaps").bind({name: given})[name] == expected


def test_dates_and_booleans_are_read_from_text() -> None:
    overlaps = get_query("overlaps")
    assert overlaps.bind({"as_of": "2025-06-01"})["as_of"] == date(2025, 6, 1)
    assert overlaps.parameter("as_of").coerce(date(2024, 1, 2)) == date(2024, 1, 2)

    parameter = get_query("programme-footprint").parameter("status")
    assert parameter.coerce("active;pipeline") == ["active", "pipeline"]


@pytest.mark.parametrize(
    ("name", "given", "message"),
    [
        ("year_from", "twenty", r"expected int.*whole number"),
        ("year_from", True, r"expected int"),
        ("priority", "high;urgent", r"'urgent' is not one of: high, medium, low"),
        ("state", 404, r"expected text"),
    ],
)
def test_a_bad_value_says_what_was_expected(
    name: str, given: object, message: str
) -> None:
    with pytest.raises(UnknownQuery, match=message):
        get_query("gaps").bind({name: given})


def test_null_is_accepted_where_the_header_allows_it(tmp_path: Path) -> None:
    header = HEADER.format(name="states-by-name").replace(
        "limit: int = 10", "limit: int? = 10"
    )
    (tmp_path / "plain").mkdir()
    nullable = parse_query(write(tmp_path, "states-by-name", header + TEXT))
    plain = parse_query(
        write(
            tmp_path / "plain",
            "states-by-name",
            HEADER.format(name="states-by-name") + TEXT,
        )
    )

    assert nullable.parameter("limit").default == 10
    assert nullable.bind({"limit": None})["limit"] is None
    assert nullable.bind({})["limit"] == 10
    with pytest.raises(UnknownQuery, match=r"'limit' .* needs a value of type int"):
        plain.bind({"limit": None})


def test_a_bad_date() -> None:
    with pytest.raises(UnknownQuery, match=r"a date, YYYY-MM-DD"):
        get_query("overlaps").bind({"as_of": "01/06/2025"})
    assert get_query("overlaps").parameter("as_of").coerce(None) is None


@pytest.mark.parametrize(
    ("given", "expected"),
    [("true", True), ("No", False), ("1", True), (False, False)],
)
def test_booleans(given: object, expected: bool) -> None:
    flag = Parameter("flag", "bool", False, None, "a switch")
    assert flag.coerce(given) is expected


def test_a_bad_boolean() -> None:
    flag = Parameter("flag", "bool", False, None, "a switch")
    with pytest.raises(UnknownQuery, match=r"true or false"):
        flag.coerce("maybe")


def test_an_analyst_adds_a_query_by_adding_a_file(graph: Graph, tmp_path: Path) -> None:
    graph.write(
        "CREATE (:State {iso3: 'KEN', name: 'Kenya'}), "
        "(:State {iso3: 'NGA', name: 'Nigeria'}), (:State {iso3: 'NER', name: 'Niger'})"
    )
    write(tmp_path, "states-by-name", HEADER.format(name="states-by-name") + TEXT)

    assert [query.name for query in list_queries(tmp_path)] == ["states-by-name"]
    frame = run_query(graph, "states-by-name", {"prefix": "Ni"}, folder=tmp_path)

    assert frame.to_dict(orient="records") == [
        {"iso3": "NER", "name": "Niger"},
        {"iso3": "NGA", "name": "Nigeria"},
    ]
    frame = run_query(graph, "states-by-name", {"limit": "1"}, folder=tmp_path)
    assert list(frame["iso3"]) == ["KEN"]


def test_nodes_paths_and_times_come_back_as_plain_python(
    graph: Graph, tmp_path: Path
) -> None:
    graph.write(
        "CREATE (:State {iso3: 'KEN', name: 'Kenya'})-[:IN_REGION {since: 1963}]->"
        "(:Region {code: '014', name: 'Eastern Africa'})"
    )
    header = HEADER.format(name="kenya-parts").replace(
        "// columns: iso3, name", "// columns: state, link, route, day, span"
    )
    text = (
        "MATCH route = (s:State {iso3: 'KEN'})-[link:IN_REGION]->(:Region)\n"
        "WHERE s.name STARTS WITH $prefix\n"
        "RETURN s AS state, link, route, date('2024-02-29') AS day,\n"
        "       duration('P1Y2M') AS span LIMIT $limit\n"
    )
    write(tmp_path, "kenya-parts", header + text)

    [row] = run_query(graph, "kenya-parts", folder=tmp_path).to_dict(orient="records")

    kenya = {"iso3": "KEN", "name": "Kenya"}
    region = {"code": "014", "name": "Eastern Africa"}
    assert row["state"] == kenya
    assert row["link"] == (kenya, "IN_REGION", region)
    assert row["route"] == [kenya, "IN_REGION", region]
    assert row["day"] == date(2024, 2, 29)
    assert row["span"] == "P1Y2M"


def test_every_read_gets_the_access_parameters_and_runs_as_a_read(
    graph: Graph, tmp_path: Path
) -> None:
    sent = []
    focal_point = Viewer("ke", "focal-point", frozenset({"KEN", "UGA"}))
    with graph.traced(lambda text, params: sent.append(dict(params))):
        frame = run_query(graph, "gaps", {"state": "KEN"}, viewer=focal_point)
    assert frame.empty
    assert sent[0]["access_all"] is False
    assert sent[0]["access_states"] == ["KEN", "UGA"]
    assert sent[0]["state"] == "KEN"

    # A "read" query that tries to write is refused by the server.
    header = HEADER.format(name="sneaky").replace(
        "// columns: iso3, name", "// columns: n"
    )
    text = "CREATE (s:State {iso3: $prefix}) RETURN $limit AS n\n"
    write(tmp_path, "sneaky", header + text)
    with pytest.raises(QueryFailed, match="sneaky"):
        run_query(graph, "sneaky", {"prefix": "XXX"}, folder=tmp_path)
    assert graph.read("MATCH (s:State) RETURN count(s) AS n")[0]["n"] == 0


def test_columns_other_than_declared_are_refused(graph: Graph, tmp_path: Path) -> None:
    graph.write("CREATE (:State {iso3: 'KEN', name: 'Kenya'})")
    header = HEADER.format(name="wrong-columns")
    text = TEXT.replace("s.name AS name", "s.name AS state_name")
    write(tmp_path, "wrong-columns", header + text)

    with pytest.raises(QueryFailed, match=r"returned columns iso3, state_name"):
        run_query(graph, "wrong-columns", folder=tmp_path)


def test_choices_for_the_explorer(graph: Graph) -> None:
    graph.write(
        "CREATE (:State {iso3: 'KEN', name: 'Kenya'})"
        "<-[:OF_STATE]-(:Need {id: 'N1', title: 'Open', confidentiality: 'public'}),"
        "(:State {iso3: 'JOR', name: 'Jordan'})"
        "<-[:OF_STATE]-(:Need {id: 'N2', title: 'Closed', "
        "confidentiality: 'restricted'})"
    )
    gaps = get_query("gaps")
    assert choices(graph, gaps.parameter("priority")) == [
        ("high", "high"),
        ("medium", "medium"),
        ("low", "low"),
    ]
    assert choices(graph, gaps.parameter("state")) == [
        ("JOR", "Jordan"),
        ("KEN", "Kenya"),
    ]
    need = get_query("candidates").parameter("need")
    assert choices(graph, need) == [("N1", "N1: Open"), ("N2", "N2: Closed")]
    guest = Viewer("guest", "viewer")
    assert choices(graph, need, viewer=guest) == [("N1", "N1: Open")]
    assert choices(graph, gaps.parameter("year_from")) == []


def test_every_read_returns_its_columns_on_an_empty_graph(graph: Graph) -> None:
    for query in list_queries():
        if query.mode != "read":
            continue
        frame = run_query(graph, query)
        assert list(frame.columns) == list(query.columns), query.name
