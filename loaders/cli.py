"""``tagraph load``, ``export``, ``stats`` and ``demo``: datasets in and out."""

from __future__ import annotations

import json
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from tagraph.config import load_settings
from tagraph.graph.connection import Graph


class ExportFormat(StrEnum):
    """File formats an export can be written in."""

    csv = "csv"
    xlsx = "xlsx"


class StatsFormat(StrEnum):
    """How ``tagraph stats`` prints its figures."""

    table = "table"
    json = "json"


class _ProgressLines:
    """Prints ``writing needs: 4000/12000 rows`` on stderr for long tables."""

    def __init__(self) -> None:
        self.batch_size = load_settings().batch_size

    def __call__(self, table: str, done: int, total: int) -> None:
        if total > self.batch_size:
            typer.echo(f"writing {table}: {done}/{total} rows", err=True)


def load(
    path: Annotated[
        Path,
        typer.Argument(
            help="A folder of CSV files named after tables (needs.csv), an .xlsx "
            "workbook with a sheet per table, or one CSV file.",
        ),
    ],
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Validate and count what would be added or changed; write nothing.",
        ),
    ] = False,
) -> None:
    """Validate a dataset, then write it to the graph: all of it or nothing.

    Every problem is printed on stderr as file:row: column: message, and the
    command exits with code 2 without writing anything.
    """
    from tagraph.loaders.load import load_dataset

    with Graph.connect() as graph:
        report = load_dataset(graph, path, dry_run=dry_run, progress=_ProgressLines())
    typer.echo(report.summary())


def export(
    path: Annotated[
        Path,
        typer.Argument(help="A folder for the CSV files, or a file ending in .xlsx."),
    ],
    format: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="csv or xlsx (default: xlsx when PATH ends in .xlsx, else csv).",
        ),
    ] = None,
) -> None:
    """Write the whole graph in the dataset format, ready to load again."""
    from tagraph.loaders.export import export_dataset

    with Graph.connect() as graph:
        counts = export_dataset(graph, path, format=format.value if format else None)
    rows = sum(counts.values())
    typer.echo(f"exported {rows} rows in {len(counts)} tables to {path}")
    for name, count in counts.items():
        typer.echo(f"  {name:<20}{count:>8}")


def stats(
    format: Annotated[
        StatsFormat,
        typer.Option("--format", "-f", help="table (for people) or json."),
    ] = StatsFormat.table,
) -> None:
    """Count the graph's nodes per label and relationships per type."""
    from tagraph.loaders.stats import graph_stats

    with Graph.connect() as graph:
        figures = graph_stats(graph)
    if format is StatsFormat.json:
        typer.echo(json.dumps(figures, indent=2))
        return

    for title, counts in (
        ("nodes", figures["nodes"]),
        ("relationships", figures["relationships"]),
    ):
        typer.echo(f"{title} ({sum(counts.values())})")
        for name, count in counts.items():
            typer.echo(f"  {name:<20}{count:>10}")
        if not counts:
            typer.echo("  (none)")


def demo(
    scale: Annotated[
        int,
        typer.Option(
            "--scale", min=1, help="Multiplies the synthetic needs and links."
        ),
    ] = 1,
    seed: Annotated[
        int | None,
        typer.Option(
            "--seed", help="Seed of the generator; the same seed gives the same data."
        ),
    ] = None,
) -> None:
    """Load the reference data, then a seeded synthetic demo dataset on top.

    The reference data are real facts with their sources; the demo's
    assessments, needs, links and extra programmes are synthetic and marked so.
    """
    from tagraph.loaders.demo import write_demo
    from tagraph.loaders.load import load_dataset
    from tagraph.loaders.reference import REFERENCE_DIR

    progress = _ProgressLines()
    with Graph.connect() as graph:
        report = load_dataset(graph, REFERENCE_DIR, progress=progress)
        typer.echo(report.summary())
        with tempfile.TemporaryDirectory(prefix="tagraph-demo-") as folder:
            dataset = Path(folder) / "demo"
            options = (
                {"scale": scale} if seed is None else {"scale": scale, "seed": seed}
            )
            write_demo(dataset, **options)
            report = load_dataset(graph, dataset, progress=progress)
    typer.echo(report.summary())


def register(app: typer.Typer) -> None:
    """Add ``load``, ``export``, ``stats`` and ``demo`` to the root command."""
    app.command("load")(load)
    app.command("export")(export)
    app.command("stats")(stats)
    app.command("demo")(demo)
