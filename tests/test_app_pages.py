"""The explorer's pages under AppTest, against the real test server.

The fixture dataset (tests/fixtures/app) holds restricted and confidential
needs of Nigeria, Jordan and Uganda whose ids start with ``HIDDEN-`` and whose
titles and link notes carry words found nowhere else (Quillwort, Marjoram,
Bellflower). A focal point of Kenya must never meet them, on any page, with any
parameter, in any table, chart, drawing or download.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tagraph.app import testing
from tagraph.app.pages import PAGES
from tagraph.app.users import Accounts
from tagraph.graph.connection import Graph
from tagraph.loaders.load import load_dataset

FIXTURE = Path(__file__).parent / "fixtures" / "app"
SECRETS = (
    "HIDDEN-",
    "Quillwort",
    "Marjoram",
    "Bellflower",
)
"""Ids, titles and link notes of other States' restricted needs."""

OWN_RESTRICTED = "Kenya own restricted prison rehabilitation"
"""The title of Kenya's own restricted need, which its focal point does see."""


@pytest.fixture(scope="module")
def loaded(session_graph: Graph) -> Iterator[Graph]:
    """The app fixture dataset, loaded once for this module, then removed."""
    load_dataset(session_graph, FIXTURE)
    st.cache_data.clear()
    yield session_graph
    with session_graph.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS").consume()
    st.cache_data.clear()


def _text(app: AppTest, blobs: list[bytes], typed: dict | None = None) -> str:
    parts = [testing.page_text(app, typed)]
    for blob in blobs:
        if blob.startswith(b"PK"):
            with zipfile.ZipFile(io.BytesIO(blob)) as workbook:
                parts += [workbook.read(n).decode("utf-8") for n in workbook.namelist()]
        else:
            parts.append(blob.decode("utf-8", errors="replace"))
    return "\n".join(parts)


# Signing in ----------------------------------------------------------------------


def test_sign_in_form_lets_in_and_keeps_out(loaded: Graph, accounts: Accounts) -> None:
    app = testing.signed_out().run()
    assert app.button[0].label == "Sign in"
    assert not app.sidebar.caption

    app.text_input(key="signin_name").input("analyst")
    app.text_input(key="signin_password").input("wrong password")
    app.button[0].click().run()
    assert [e.value for e in app.error] == ["wrong name or password"]

    app.text_input(key="signin_name").input("analyst")
    app.text_input(key="signin_password").input(testing.PASSWORD)
    app.button[0].click().run()
    testing.no_errors(app)
    assert "Signed in as **analyst** (analyst)" in app.sidebar.caption[0].value
    assert app.title[0].value == "Overview"


def test_sign_in_locks_after_five_failures(loaded: Graph, accounts: Accounts) -> None:
    app = testing.signed_out().run()
    for _ in range(5):
        app.text_input(key="signin_name").input("viewer")
        app.text_input(key="signin_password").input("guess guess")
        app.button[0].click().run()

    app.text_input(key="signin_name").input("viewer")
    app.text_input(key="signin_password").input(testing.PASSWORD)
    app.button[0].click().run()
    assert "too many failed sign-ins" in app.error[0].value
    assert not app.sidebar.caption


def test_idle_session_is_signed_out(
    loaded: Graph, accounts: Accounts, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAGRAPH_IDLE_MINUTES", "1")
    app = testing.open_as("analyst")
    app.session_state["tagraph_last_seen"] = time.time() - 120

    app.run()

    assert "signed out after 1 minutes without activity" in app.info[0].value
    assert app.button[0].label == "Sign in"


def test_menu_follows_the_role(loaded: Graph, accounts: Accounts) -> None:
    for name, expected_extra in [
        ("admin", {"console.py", "data.py"}),
        ("analyst", {"console.py"}),
        ("focal", set()),
        ("viewer", set()),
    ]:
        app = testing.open_as(name).run()
        testing.no_errors(app)
        registered = {
            Path(str(info["script_path"])).name
            for info in app._registered_pages.values()
        }
        extra = {"console.py", "data.py"} & registered
        assert extra == expected_extra, name
        assert len(registered) == len(PAGES) - 2 + len(expected_extra)


@pytest.mark.parametrize("name", ["focal", "viewer"])
def test_restricted_pages_refuse_by_address(
    loaded: Graph, accounts: Accounts, name: str
) -> None:
    app = testing.open_as(name).run()
    for file in ("console.py", "data.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(f"views/{file}")


# Every page renders --------------------------------------------------------------

PAGE_QUERIES = {
    "state.py": {"f_state": "KEN"},
    "explorer.py": {"f_q": "Kenya", "f_nodes": ["State:KEN"]},
    "matching.py": {"f_need": "N02"},
}


@pytest.mark.parametrize("spec", PAGES, ids=[p.file for p in PAGES])
def test_every_page_renders_for_its_role(
    loaded: Graph, accounts: Accounts, spec
) -> None:
    name = "admin" if spec.needs == "load" else "analyst"
    app = testing.page(testing.open_as(name), spec.file, PAGE_QUERIES.get(spec.file))
    testing.no_errors(app)
    assert app.title[0].value


# Access: a focal point of Kenya never meets other States' restricted needs -------

ATTEMPTS = [
    ("overview.py", {}),
    ("overview.py", {"f_by": "state"}),
    ("map.py", {"f_measure": "open_needs"}),
    ("state.py", {"f_state": "NGA"}),
    ("state.py", {"f_state": "UGA"}),
    ("state.py", {"f_state": "JOR", "f_needs_status": ["open"]}),
    ("state.py", {"f_state": "NGA", "f_candidates_need": "HIDDEN-NGA-06"}),
    ("programmes.py", {"f_catalogue": "programmes", "f_programme": "PG2"}),
    ("programmes.py", {"f_catalogue": "programmes", "f_programme": "PG3"}),
    ("programmes.py", {"f_catalogue": "providers", "f_provider": "PC"}),
    ("gaps.py", {}),
    ("gaps.py", {"f_state": "NGA"}),
    ("overlaps.py", {}),
    ("synergies.py", {}),
    ("matching.py", {"f_need": "HIDDEN-NGA-06"}),
    ("explorer.py", {"f_q": "confidential risk review"}),
    ("explorer.py", {"f_q": "restricted legislation draft"}),
    ("explorer.py", {"f_q": "border audit"}),
    (
        "explorer.py",
        {
            "f_nodes": [
                "Need:HIDDEN-NGA-06",
                "Need:HIDDEN-UGA-13",
                "State:NGA",
                "State:UGA",
                "State:JOR",
                "Programme:PG2",
                "Programme:PG3",
                "Theme:CFT",
                "Theme:BSM",
            ]
        },
    ),
    (
        "queries.py",
        {"f_query": "neighbours", "q_label": "Need", "q_key": "HIDDEN-NGA-06"},
    ),
    ("queries.py", {"f_query": "candidates", "q_need": "HIDDEN-UGA-13"}),
    ("queries.py", {"f_query": "decisions"}),
]
# Tabs are drawn only when chosen (the choice is in the URL): every tab of
# every page is opened too.
ATTEMPTS += [
    ("state.py", {"f_state": state, "v_state": tab})
    for state in ("NGA", "UGA", "JOR")
    for tab in ("Programmes", "Gaps", "Candidates", "Overlaps", "Synergies", "Graph")
]
ATTEMPTS += [
    ("state.py", {"f_state": "NGA", "v_state": tab, f"v_{key}": view})
    for tab, key in (("Overlaps", "st_over"), ("Synergies", "st_syn"))
    for view in ("Chart", "Graph")
]
ATTEMPTS += [
    (f"{name}.py", {f"v_{name}": view})
    for name in ("gaps", "overlaps", "synergies")
    for view in ("Chart", "Graph")
]
ATTEMPTS += [
    ("queries.py", {"f_query": "neighbours", "q_label": "Need",
                    "q_key": "HIDDEN-NGA-06", "v_query": view})
    for view in ("Chart", "Graph")
]  # fmt: skip


def _read_queries() -> list[str]:
    from tagraph.queries.catalog import list_queries

    return [q.name for q in list_queries() if q.mode == "read"]


@pytest.mark.parametrize(
    ("file", "query"),
    ATTEMPTS
    + [
        ("queries.py", {"f_query": name, "v_query": view})
        for name in _read_queries()
        for view in ("Table", "Chart", "Graph")
    ],
    ids=lambda value: (
        value.removesuffix(".py")
        if isinstance(value, str)
        else ",".join(f"{k}={v}" for k, v in value.items())[:60]
    ),
)
def test_focal_point_never_sees_other_states_restricted_needs(
    loaded: Graph, accounts: Accounts, file: str, query: dict
) -> None:
    with testing.downloads() as blobs:
        app = testing.page(testing.open_as("focal"), file, query)
    assert not app.exception, [e.message for e in app.exception]

    # A key typed into the URL shows in its own text box; that is not read
    # from the graph, so only that box's value is left out of the harvest.
    text = _text(app, blobs, typed=query)

    leaked = [secret for secret in SECRETS if secret in text]
    assert not leaked, f"{file} {query} shows {leaked}"


def test_the_harvest_would_catch_a_leak(loaded: Graph, accounts: Accounts) -> None:
    """The same pages show the hidden needs to an analyst, and Kenya's own
    restricted need to its focal point: the check above can fail."""
    with testing.downloads() as blobs:
        app = testing.page(testing.open_as("analyst"), "state.py", {"f_state": "NGA"})
    assert "Quillwort" in _text(app, blobs)
    assert any(b"Quillwort" in blob for blob in blobs)

    app = testing.page(testing.open_as("analyst"), "state.py", {"f_state": "UGA"})
    assert "HIDDEN-UGA-13" in testing.page_text(app)

    app = testing.page(testing.open_as("focal"), "state.py", {"f_state": "KEN"})
    assert OWN_RESTRICTED in testing.page_text(app)

    # A hidden need asked for by its key: the analyst gets its neighbourhood,
    # the focal point no rows, and only the typed key's own box is left out.
    by_key = {"f_query": "neighbours", "q_label": "Need", "q_key": "HIDDEN-NGA-06"}
    app = testing.page(testing.open_as("analyst"), "queries.py", by_key)
    assert "Quillwort" in testing.page_text(app, by_key)
    app = testing.page(testing.open_as("focal"), "queries.py", by_key)
    assert "0 rows" in [caption.value for caption in app.caption]
    assert "HIDDEN-NGA-06" in testing.page_text(app)
    assert "HIDDEN-NGA-06" not in testing.page_text(app, by_key)


def test_viewer_sees_public_needs_only(loaded: Graph, accounts: Accounts) -> None:
    app = testing.page(testing.open_as("viewer"), "state.py", {"f_state": "KEN"})
    testing.no_errors(app)
    text = testing.page_text(app)
    assert OWN_RESTRICTED not in text
    assert "Advance passenger information system" in text


# Console -------------------------------------------------------------------------


def _run_button(app: AppTest):
    return next(button for button in app.button if button.label == "Run")


def test_console_reads_and_refuses_writes(loaded: Graph, accounts: Accounts) -> None:
    app = testing.page(testing.open_as("analyst"), "console.py")
    app.text_area(key="console_text").input(
        "MATCH (n:Need) WHERE n.id STARTS WITH 'HIDDEN' RETURN n.id AS id ORDER BY id"
    )
    _run_button(app).click().run()
    testing.no_errors(app)
    assert list(app.dataframe[0].value["id"]) == [
        "HIDDEN-JOR-10",
        "HIDDEN-NGA-06",
        "HIDDEN-UGA-13",
    ]

    app.text_area(key="console_text").input("CREATE (:Need {id: 'X'})")
    _run_button(app).click().run()
    assert "the console only reads; CREATE changes the graph" in app.error[0].value
    assert loaded.read("MATCH (n:Need {id: 'X'}) RETURN count(n) AS n")[0]["n"] == 0


def test_console_refuses_focal_points(loaded: Graph, accounts: Accounts) -> None:
    from tagraph.access import Viewer
    from tagraph.app.console import ConsoleRefused, run_console

    with pytest.raises(ConsoleRefused, match="analysts and administrators only"):
        run_console(loaded, "RETURN 1", viewer=Viewer("f", "focal-point", {"KEN"}))


def test_server_refuses_writes_in_the_console_transaction(loaded: Graph) -> None:
    """Should a writing clause slip past the check, the read transaction fails."""
    import tagraph.app.console as console
    from tagraph.access import Viewer

    original = console.writing_clause
    console.writing_clause = lambda text: None
    try:
        with pytest.raises(console.ConsoleFailed, match="refused"):
            console.run_console(
                loaded, "CREATE (:Need {id: 'Y'})", viewer=Viewer("a", "analyst")
            )
    finally:
        console.writing_clause = original
    assert loaded.read("MATCH (n:Need {id: 'Y'}) RETURN count(n) AS n")[0]["n"] == 0


@pytest.mark.parametrize(
    ("text", "clause"),
    [
        ("MATCH (n) SET n.x = 1", "SET"),
        ("match (n) detach delete n", "DETACH"),
        ("LOAD CSV FROM 'file:///x' AS row RETURN row", "LOAD CSV"),
        ("MERGE (n:State {iso3: 'KEN'})", "MERGE"),
        ("MATCH (p:Programme) WHERE p.start > date() RETURN p", None),
        ("RETURN 'CREATE' AS word // DELETE", None),
    ],
)
def test_writing_clause_detection(text: str, clause: str | None) -> None:
    from tagraph.app.console import writing_clause

    assert writing_clause(text) == clause
