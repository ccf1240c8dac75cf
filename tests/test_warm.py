"""Warming the plan cache: every saved read, once per kind of viewer."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from tagraph.graph.connection import Graph
from tagraph.queries.catalog import list_queries
from tagraph.queries.warm import VIEWER_KINDS, warm_plans

BROKEN = """\
// name: broken
// title: A query the server refuses
// description: Divides by zero on purpose, so that the warm-up has one failure
//   to note and pass over.
// result: table
// columns: n
// mode: read
RETURN 1 / 0 AS n
"""


def test_every_read_is_run_for_every_kind_of_viewer(fixture_graph: Graph) -> None:
    reads = [query.name for query in list_queries() if query.mode == "read"]
    seen: list[tuple[str, int, int]] = []

    warmed = warm_plans(fixture_graph, progress=lambda *step: seen.append(step))

    assert warmed.failed == []
    assert warmed.runs == len(reads) * len(VIEWER_KINDS)
    assert [name for name, _, _ in seen[:: len(VIEWER_KINDS)]] == reads
    assert seen[-1][1:] == (warmed.runs, warmed.runs)


def test_a_failing_query_is_noted_and_passed_over(
    fixture_graph: Graph, tmp_path: Path
) -> None:
    (tmp_path / "broken.cypher").write_text(BROKEN, encoding="utf-8")

    warmed = warm_plans(fixture_graph, folder=tmp_path)

    assert warmed.runs == len(VIEWER_KINDS)
    assert len(warmed.failed) == len(VIEWER_KINDS)
    assert warmed.failed[0].startswith("broken (administrator): query 'broken'")


def test_tagraph_query_warm(
    fixture_graph: Graph,
    tagraph_command: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    reads = [query for query in list_queries() if query.mode == "read"]

    done = tagraph_command("query", "warm")

    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        f"planned {len(reads) * len(VIEWER_KINDS)} runs of the saved queries in "
    )
    assert done.stdout.rstrip().endswith("; 0 failed")
    assert tagraph_command("query", "warm", "--quiet").stdout == ""
