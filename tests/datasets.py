"""Helpers for tests that load datasets: the fixture folders and graph dumps.

``MINIMAL`` is a small, valid dataset with every table (see its README.md).
Copy it with :func:`copy_minimal` before changing a cell with :func:`edit`.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

from tagraph.graph.connection import Graph
from tagraph.loaders.tables import TABLE_BY_NAME

FIXTURES = Path(__file__).parent / "fixtures" / "datasets"
MINIMAL = FIXTURES / "minimal"
"""A clean, valid dataset covering every table."""

INJECTION = "x'}) DETACH DELETE n //"
"""A name that would end a query if values were pasted into Cypher text."""

PROVENANCE_OF_A_LOAD = ("load_id", "loaded_at")
"""Properties that differ between two loads of the same data."""


def copy_minimal(folder: Path) -> Path:
    """A copy of the minimal dataset's CSV files in ``folder/minimal``."""
    target = folder / "minimal"
    shutil.copytree(MINIMAL, target, ignore=shutil.ignore_patterns("*.md"))
    return target


def read_rows(file: Path) -> list[list[str]]:
    """Every row of a CSV file, the header first."""
    with file.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(file: Path, rows: list[list[str]]) -> None:
    """Write rows to a CSV file, the header first."""
    with file.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def edit(folder: Path, table: str, row: int, column: str, value: str) -> None:
    """Set one cell; ``row`` is the spreadsheet row number (the header is 1)."""
    file = folder / f"{table}.csv"
    rows = read_rows(file)
    rows[row - 1][rows[0].index(column)] = value
    write_rows(file, rows)


def append(folder: Path, table: str, values: dict[str, str]) -> int:
    """Add a row with ``values`` (other cells empty); returns its row number."""
    file = folder / f"{table}.csv"
    rows = read_rows(file)
    rows.append([values.get(name, "") for name in rows[0]])
    write_rows(file, rows)
    return len(rows)


_NODES = """
MATCH (n)
WHERE NOT n:Load
RETURN labels(n) AS labels, properties(n) AS properties
"""

_RELATIONSHIPS = """
MATCH (a)-[r]->(b)
RETURN labels(a) AS start_labels, coalesce(a.id, a.code, a.iso3, a.number) AS start,
       type(r) AS type, properties(r) AS properties,
       labels(b) AS end_labels, coalesce(b.id, b.code, b.iso3, b.number) AS end
"""


def dump(graph: Graph, ignore: tuple[str, ...] = PROVENANCE_OF_A_LOAD) -> list[str]:
    """Every node (but ``Load`` nodes) and relationship, as sorted lines of JSON.

    Properties named in ``ignore`` are left out, so that two loads of the
    same data compare equal.
    """

    def clean(properties: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in properties.items() if k not in ignore}

    lines = []
    for row in graph.read(_NODES):
        row["properties"] = clean(row["properties"])
        lines.append(json.dumps(row, sort_keys=True, default=str))
    for row in graph.read(_RELATIONSHIPS):
        row["properties"] = clean(row["properties"])
        lines.append(json.dumps(row, sort_keys=True, default=str))
    return sorted(lines)


def node_rows(folder: Path) -> int:
    """Rows of the tables in ``folder`` whose rows become nodes."""
    return sum(
        len(read_rows(file)) - 1
        for file in folder.glob("*.csv")
        if TABLE_BY_NAME[file.stem].label is not None
    )


def count_nodes(graph: Graph) -> int:
    """How many nodes the database holds, ``Load`` nodes included."""
    return graph.read("MATCH (n) RETURN count(n) AS nodes")[0]["nodes"]
