"""Export: the graph back in the dataset format, and the round trip through it."""

from __future__ import annotations

from pathlib import Path

import pytest
from datasets import INJECTION, MINIMAL, copy_minimal, dump, edit, read_rows

from tagraph.graph.connection import Graph
from tagraph.loaders.export import ExportFailed, export_dataset
from tagraph.loaders.load import load_dataset
from tagraph.loaders.stats import graph_stats
from tagraph.loaders.tables import TABLES

IGNORED = ("load_id", "loaded_at")
"""What a new load sets anew; everything else must survive the round trip."""


def clear(graph: Graph) -> None:
    graph.write("MATCH (n) DETACH DELETE n")


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_an_export_loads_back_into_the_same_graph(
    graph: Graph, tmp_path: Path, format: str
) -> None:
    folder = copy_minimal(tmp_path)
    edit(folder, "providers", 3, "name", INJECTION)
    edit(folder, "needs", 2, "description", '=1+1, "quoted"; and\na new line')
    load_dataset(graph, folder)
    before = dump(graph, ignore=IGNORED)
    target = tmp_path / ("export.xlsx" if format == "xlsx" else "export")

    counts = export_dataset(graph, target, format=format)
    clear(graph)
    report = load_dataset(graph, target)

    assert dump(graph, ignore=IGNORED) == before
    assert counts == {name: c.rows for name, c in report.counts.items()}
    assert report.total.added == 54


def test_exporting_twice_gives_the_same_files(graph: Graph, tmp_path: Path) -> None:
    load_dataset(graph, MINIMAL)

    export_dataset(graph, tmp_path / "first")
    export_dataset(graph, tmp_path / "second")

    first = sorted((tmp_path / "first").iterdir())
    second = sorted((tmp_path / "second").iterdir())
    assert [f.name for f in first] == [f.name for f in second]
    assert all(
        a.read_bytes() == b.read_bytes() for a, b in zip(first, second, strict=True)
    )


def test_an_export_has_every_table_with_the_format_s_columns(
    graph: Graph, tmp_path: Path
) -> None:
    load_dataset(graph, MINIMAL)

    counts = export_dataset(graph, tmp_path / "out")

    assert list(counts) == [table.name for table in TABLES]
    for table in TABLES:
        rows = read_rows(tmp_path / "out" / f"{table.name}.csv")
        assert rows[0] == [column.name for column in table.columns]
        assert len(rows) - 1 == counts[table.name]
    kenya = [r for r in read_rows(tmp_path / "out" / "states.csv") if r[0] == "KEN"]
    assert kenya[0][3] == "014", "a State's region is its narrowest one"
    themes = read_rows(tmp_path / "out" / "themes.csv")
    assert {row[4] for row in themes[1:]} == {"minimal"}, "source is written out"


def test_a_table_with_no_rows_is_left_out(graph: Graph, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "links.csv").write_text("need,programme,status\nold,row,agreed\n")
    folder = tmp_path / "regions-only"
    folder.mkdir()
    (folder / "regions.csv").write_bytes((MINIMAL / "regions.csv").read_bytes())
    load_dataset(graph, folder)

    counts = export_dataset(graph, out)

    assert counts == {"regions": 7}
    assert sorted(p.name for p in out.iterdir()) == ["regions.csv"]


def test_an_unknown_format_is_refused(graph: Graph, tmp_path: Path) -> None:
    with pytest.raises(ExportFailed, match="format 'json' is unknown; expected csv"):
        export_dataset(graph, tmp_path / "out", format="json")  # type: ignore[arg-type]


def test_stats_count_nodes_and_relationships(graph: Graph) -> None:
    empty = graph_stats(graph)
    load_dataset(graph, MINIMAL)

    stats = graph_stats(graph)

    assert empty == {"nodes": {}, "relationships": {}}
    assert stats["nodes"] == {
        "Assessment": 2,
        "GoodPractice": 1,
        "Load": 1,
        "Need": 6,
        "Programme": 3,
        "Provider": 4,
        "Region": 7,
        "Resolution": 4,
        "RoadmapTemplate": 1,
        "RoadmapStep": 2,
        "Roadmap": 1,
        "State": 5,
        "StepStatus": 2,
        "Theme": 8,
    }
    assert stats["relationships"]["IN_REGION"] == 13
    assert stats["relationships"]["ADDRESSES"] == 4
    assert sum(stats["relationships"].values()) == 107
