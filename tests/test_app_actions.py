"""The explorer's pages that write, under AppTest, against the real test server.

The Matching page records a decision (audited by a ``Decision`` node) for
analysts and administrators only; the Data page checks an uploaded dataset
(dry run), shows every problem of a bad one, and loads a good one, for
administrators only. Each test starts from an empty database and leaves it
empty.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tagraph.access import Viewer
from tagraph.app import testing
from tagraph.app.users import Accounts
from tagraph.errors import AccessDenied
from tagraph.graph.connection import Graph
from tagraph.loaders.load import load_dataset
from tagraph.queries.decisions import record_decision

FIXTURE = Path(__file__).parent / "fixtures" / "app"
NEED = "N02"
"""A public open need of Kenya, with one candidate programme in the fixture."""
PROPOSED = "PG2"
"""That candidate, already linked to the need as ``proposed`` without a note."""


@pytest.fixture
def empty(graph: Graph) -> Iterator[Graph]:
    """An empty database, and no results cached from earlier tests."""
    st.cache_data.clear()
    yield graph
    st.cache_data.clear()


@pytest.fixture
def loaded(empty: Graph) -> Graph:
    """The explorer's fixture dataset, for one test."""
    load_dataset(empty, FIXTURE)
    st.cache_data.clear()
    return empty


def _button(app: AppTest, label: str):
    found = [button for button in app.button if button.label == label]
    return found[0] if found else None


def _decisions(graph: Graph) -> list[dict]:
    return graph.read(
        "MATCH (d:Decision) "
        "OPTIONAL MATCH (d)-[:CONCERNS]->(n:Need) "
        "OPTIONAL MATCH (d)-[:CONCERNS]->(p:Programme) "
        "RETURN d {.*} AS decision, n.id AS need, p.id AS programme"
    )


# Matching: recording a decision ----------------------------------------------


def test_analyst_records_a_decision_and_it_is_audited(
    loaded: Graph, accounts: Accounts
) -> None:
    app = testing.page(testing.open_as("analyst"), "matching.py", {"f_need": NEED})
    testing.no_errors(app)
    programme = PROPOSED
    chooser = app.selectbox(key="decision_programme")
    assert (len(chooser.options), chooser.value) == (1, programme)
    started = datetime.now(UTC)

    app.radio(key="decision_status").set_value("agreed")
    app.text_area(key="decision_note").input("Same border posts, same years")
    _button(app, "Record").click().run()

    testing.no_errors(app)
    assert [s.value for s in app.success] == [
        f"Recorded: {programme} agreed for {NEED}."
    ]
    [row] = _decisions(loaded)
    decision = row["decision"]
    assert (row["need"], row["programme"]) == (NEED, programme)
    assert decision["by"] == "analyst"
    assert decision["status_before"] == "proposed"
    assert "note_before" not in decision, "the proposal had no note"
    assert decision["status_after"] == "agreed"
    assert decision["note_after"] == "Same border posts, same years"
    assert decision["decided_on"].to_native() == date.today()
    at = decision["at"].to_native()
    assert started - timedelta(seconds=5) <= at <= datetime.now(UTC)
    link = loaded.read(
        "MATCH (:Programme {id: $p})-[a:ADDRESSES]->(:Need {id: $n}) "
        "RETURN a.status AS status, a.decided_by AS by",
        {"p": programme, "n": NEED},
    )
    assert link == [{"status": "agreed", "by": "analyst"}]

    # The page's history of decisions shows it at once (the cache was cleared).
    history = app.dataframe[-1].value
    assert list(history["by"]) == ["analyst"]
    assert list(history["status_after"]) == ["agreed"]


def test_a_decision_without_a_note_is_refused(
    loaded: Graph, accounts: Accounts
) -> None:
    app = testing.page(testing.open_as("admin"), "matching.py", {"f_need": NEED})
    app.radio(key="decision_status").set_value("declined")
    _button(app, "Record").click().run()

    assert [e.value for e in app.error] == [
        "Say why in the note; every decision is audited."
    ]
    assert _decisions(loaded) == []


@pytest.mark.parametrize("name", ["viewer", "focal"])
def test_viewers_and_focal_points_cannot_record_decisions(
    loaded: Graph, accounts: Accounts, name: str
) -> None:
    app = testing.page(testing.open_as(name), "matching.py", {"f_need": NEED})
    testing.no_errors(app)
    assert _button(app, "Record") is None
    assert "decision_programme" not in [box.key for box in app.selectbox]
    assert "Analysts and administrators record decisions." in [
        caption.value for caption in app.caption
    ]

    role, states = testing.ACCOUNTS[name]
    with pytest.raises(AccessDenied, match="may not record decisions"):
        record_decision(
            loaded,
            NEED,
            "PG1",
            "agreed",
            "forged",
            by=name,
            viewer=Viewer(name, role, frozenset(states)),  # type: ignore[arg-type]
        )
    assert _decisions(loaded) == []


# Data: checking and loading an upload -------------------------------------------


def _tables(change: tuple[str, str, str, str] | None = None) -> dict[str, bytes]:
    """The fixture's CSV files, with one cell changed: (file, id, column, value)."""
    files = {path.name: path.read_bytes() for path in sorted(FIXTURE.glob("*.csv"))}
    if change:
        file, key, column, value = change
        rows = list(csv.DictReader(io.StringIO(files[file].decode("utf-8"))))
        for row in rows:
            if row["id"] == key:
                row[column] = value
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        files[file] = out.getvalue().encode("utf-8")
    return files


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(f"dataset/{name}", content)
    return buffer.getvalue()


def _workbook(files: dict[str, bytes]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, content in files.items():
        sheet = book.create_sheet(Path(name).stem)
        for row in csv.reader(io.StringIO(content.decode("utf-8"))):
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _count(graph: Graph, query: str = "MATCH (n) RETURN count(n) AS n") -> int:
    return graph.read(query)[0]["n"]


def test_data_page_reports_every_problem_of_a_bad_upload(
    empty: Graph, accounts: Accounts
) -> None:
    bad = _zip(_tables(("needs.csv", "N04", "priority", "urgent")))
    app = testing.page(testing.open_as("admin"), "data.py")
    testing.no_errors(app)

    app.get("file_uploader")[0].upload("fixture.zip", bad, "application/zip")
    app.run()

    assert [e.value for e in app.error] == [
        "the dataset has 1 problem; nothing was written"
    ]
    [report] = [block.value for block in app.code]
    assert "needs.csv" in report and "priority" in report and "urgent" in report
    assert _button(app, "Load it") is None
    assert _count(empty) == 0


@pytest.mark.parametrize("kind", ["zip", "xlsx"])
def test_data_page_checks_then_loads_a_good_upload(
    empty: Graph, accounts: Accounts, kind: str
) -> None:
    files = _tables()
    content = _zip(files) if kind == "zip" else _workbook(files)
    app = testing.page(testing.open_as("admin"), "data.py")
    app.get("file_uploader")[0].upload(f"fixture.{kind}", content)
    app.run()

    testing.no_errors(app)
    assert [s.value for s in app.success] == ["The dataset is valid."]
    assert "Nothing was written." in app.code[0].value
    assert _count(empty) == 0, "the dry run wrote something"

    _button(app, "Load it").click().run()

    testing.no_errors(app)
    assert [s.value for s in app.success] == [
        "The dataset is valid.",
        "Loaded by admin.",
    ]
    needs = len(files["needs.csv"].decode("utf-8").strip().splitlines()) - 1
    assert _count(empty, "MATCH (n:Need) RETURN count(n) AS n") == needs
    loads = empty.read("MATCH (l:Load) RETURN l.id AS id, l.by AS by")
    assert [row["by"] for row in loads] == ["admin"]
    assert list(app.dataframe[-1].value["load"]) == [loads[0]["id"]]


def test_analysts_cannot_open_the_data_page(accounts: Accounts) -> None:
    """Focal points and viewers are refused in test_app_pages.py."""
    app = testing.open_as("analyst").run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("views/data.py")
