"""The ``load``, ``export``, ``stats`` and ``demo`` commands, as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from datasets import MINIMAL, copy_minimal, count_nodes, edit, node_rows
from typer.testing import CliRunner

from tagraph.cli import app
from tagraph.errors import ValidationFailed
from tagraph.graph.connection import Graph

runner = CliRunner()
COMMANDS = ("load", "export", "stats", "demo")


def test_load_prints_what_it_added(graph: Graph) -> None:
    result = runner.invoke(app, ["load", str(MINIMAL)])

    assert result.exit_code == 0, result.output
    assert "loaded dataset 'minimal'" in result.stdout
    assert "54 added, 0 changed, 0 unchanged" in result.stdout
    assert count_nodes(graph) == node_rows(MINIMAL) + 1, "the rows and the Load"


def test_load_shows_progress_for_long_tables(
    graph: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TAGRAPH_BATCH_SIZE", "4")

    result = runner.invoke(app, ["load", str(MINIMAL)])

    assert result.exit_code == 0, result.output
    assert "writing needs: 4/6 rows\nwriting needs: 6/6 rows\n" in result.stderr
    assert "writing resolutions" not in result.stderr, "one batch: no progress"


def test_a_dry_run_writes_nothing(graph: Graph) -> None:
    result = runner.invoke(app, ["load", "--dry-run", str(MINIMAL)])

    assert result.exit_code == 0, result.output
    assert "a load would add 54" in result.stdout
    assert count_nodes(graph) == 0


def test_load_raises_every_problem_for_main_to_print(
    graph: Graph, tmp_path: Path
) -> None:
    folder = copy_minimal(tmp_path)
    edit(folder, "needs", 2, "priority", "urgent")

    result = runner.invoke(app, ["load", str(folder)])

    assert isinstance(result.exception, ValidationFailed)
    assert result.exception.problems == [
        "needs.csv:2: priority: 'urgent' is not allowed; expected one of high, "
        "medium, low"
    ]
    assert count_nodes(graph) == 0


def test_the_command_exits_2_with_one_problem_per_line(
    graph: Graph, tmp_path: Path
) -> None:
    folder = copy_minimal(tmp_path)
    edit(folder, "needs", 2, "priority", "urgent")
    edit(folder, "links", 3, "status", "done")
    command = Path(sys.executable).with_name("tagraph")

    result = subprocess.run(
        [str(command), "load", str(folder)],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        check=False,
        timeout=120,
    )

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-3:] == [
        "needs.csv:2: priority: 'urgent' is not allowed; expected one of high, "
        "medium, low",
        "links.csv:3: status: 'done' is not allowed; expected one of proposed, "
        "agreed, delivering, completed, declined",
        "error: the dataset has 2 problems; nothing was written",
    ]
    assert count_nodes(graph) == 0


def test_export_and_stats(graph: Graph, tmp_path: Path) -> None:
    runner.invoke(app, ["load", str(MINIMAL)])

    exported = runner.invoke(app, ["export", str(tmp_path / "book.xlsx")])
    as_json = runner.invoke(app, ["stats", "--format", "json"])
    as_table = runner.invoke(app, ["stats"])

    assert exported.exit_code == 0, exported.output
    assert exported.stdout.startswith("exported 54 rows in 15 tables to ")
    assert (tmp_path / "book.xlsx").stat().st_size > 0
    figures = json.loads(as_json.stdout)
    assert figures["nodes"]["Need"] == 6
    assert figures["relationships"]["IN_REGION"] == 13
    assert "nodes (47)" in as_table.stdout
    assert "relationships (107)" in as_table.stdout


def test_export_refuses_an_unknown_format(graph: Graph, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(tmp_path), "--format", "json"])

    assert result.exit_code == 2
    assert "Invalid value for '--format'" in result.stderr
    assert "'csv'" in result.stderr


def test_demo_loads_reference_then_synthetic_data(graph: Graph) -> None:
    result = runner.invoke(app, ["demo", "--scale", "1", "--seed", "7"])

    assert result.exit_code == 0, result.output
    assert "loaded dataset 'reference'" in result.stdout
    assert "loaded dataset 'demo'" in result.stdout
    needs = graph.read(
        "MATCH (n:Need) RETURN count(n) AS needs, "
        "count(CASE WHEN n.synthetic AND n.source STARTS WITH 'synthetic:' "
        "THEN 1 END) AS marked"
    )[0]
    states = graph.read("MATCH (s:State) RETURN count(s) AS n")[0]["n"]
    assert needs["needs"] > 0
    assert needs["marked"] == needs["needs"], "every demo need is marked synthetic"
    assert states == 193


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_and_option_has_help(name: str) -> None:
    command = typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]

    result = runner.invoke(app, [name, "--help"])

    assert result.exit_code == 0
    assert command.help
    for parameter in command.params:
        assert getattr(parameter, "help", None), f"{name} {parameter.name}"
