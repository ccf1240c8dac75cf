"""``tagraph query list | show | run | docs`` against the fixture graph."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from tagraph.cli import app
from tagraph.errors import UnknownQuery
from tagraph.graph.connection import Graph
from tagraph.queries.catalog import get_query

runner = CliRunner()


@pytest.mark.parametrize(
    "command",
    [
        ["query"],
        ["query", "list"],
        ["query", "show"],
        ["query", "run"],
        ["query", "docs"],
        ["link"],
    ],
)
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage" in result.output and len(result.output.splitlines()) > 4


def test_query_list_and_show() -> None:
    listed = runner.invoke(app, ["query", "list"])
    assert listed.exit_code == 0
    assert any(
        line.split()[:2] == ["gaps", "table"] for line in listed.output.splitlines()
    )
    assert "record-decision" in listed.output and "changes the graph" in listed.output

    shown = runner.invoke(app, ["query", "show", "gaps"])
    assert shown.exit_code == 0
    assert "priority (list[text], default []): priorities to keep" in shown.output
    assert "one of high, medium, low" in shown.output
    assert "MATCH (n:Need {status: 'open'})" in shown.output

    unknown = runner.invoke(app, ["query", "show", "gapz"])
    assert isinstance(unknown.exception, UnknownQuery)


def test_query_run_as_json(fixture_graph: Graph) -> None:
    result = runner.invoke(
        app,
        ["query", "run", "gaps", "--param", "region=014", "--format", "json"],
    )
    assert result.exit_code == 0, result.output

    rows = json.loads(result.output)
    assert [list(row) for row in rows] == [list(get_query("gaps").columns)] * 2
    assert rows[0]["need"] == "N02" and rows[0]["identified"] == "2020-05-10"
    assert rows[0]["themes"] == ["BSM", "LE"]


def test_query_run_as_csv_with_a_repeated_list(
    fixture_graph: Graph, tmp_path: Path
) -> None:
    output = tmp_path / "gaps.csv"
    result = runner.invoke(
        app,
        [
            "query", "run", "gaps", "-p", "priority=high", "-p", "priority=medium",
            "-p", "kind=unlinked", "--format", "csv", "--output", str(output),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output

    frame = pd.read_csv(output)
    assert list(frame.columns) == list(get_query("gaps").columns)
    # High and medium unlinked gaps: N08, N02, N06, N05.
    assert list(frame["need"]) == ["N08", "N02", "N06", "N05"]
    assert frame.loc[1, "themes"] == "BSM; LE"


def test_query_run_as_table_and_xlsx(fixture_graph: Graph, tmp_path: Path) -> None:
    table = runner.invoke(app, ["query", "run", "overview"])
    assert table.exit_code == 0
    assert table.output.split()[:3] == ["states", "needs", "open_needs"]

    empty = runner.invoke(app, ["query", "run", "candidates"])
    assert empty.output.startswith("(no rows)")

    workbook = tmp_path / "loads.xlsx"
    result = runner.invoke(
        app, ["query", "run", "loads", "--format", "xlsx", "--output", str(workbook)]
    )
    assert result.exit_code == 0, result.output
    sheet = pd.read_excel(io.BytesIO(workbook.read_bytes()))
    assert list(sheet.columns) == list(get_query("loads").columns)
    assert list(sheet["source"]) == ["analysis"]

    refused = runner.invoke(app, ["query", "run", "loads", "--format", "xlsx"])
    assert isinstance(refused.exception, UnknownQuery)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (["country=KEN"], r"no parameter 'country'"),
        (["region"], r"expected key=value"),
        (["state=KEN", "state=UGA"], r"given twice"),
        (["priority=urgent"], r"'urgent' is not one of"),
        (["year_from=soon"], r"whole number"),
    ],
)
def test_bad_parameters_are_named(params: list[str], message: str) -> None:
    args = ["query", "run", "gaps"]
    for param in params:
        args += ["--param", param]
    result = runner.invoke(app, args)
    assert isinstance(result.exception, UnknownQuery)
    assert re.search(message, str(result.exception))
