"""Writing the graph back out in the dataset format, every table.

An export loaded into an empty database gives the same graph: each node and
relationship a load writes is read back into the row that made it, with its
``source``. ``load_id`` and ``loaded_at`` stay behind: a new load sets its own.
Tables with no rows are left out (the format has no empty tables).
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path
from typing import Any, Literal

from tagraph.errors import TagraphError
from tagraph.graph.connection import Graph
from tagraph.loaders.cells import format_value
from tagraph.loaders.tables import TABLE_BY_NAME, TABLES, Table
from tagraph.loaders.validate import LEVEL_RANK
from tagraph.loaders.write import EDGES, relations_of

log = logging.getLogger("tagraph.loaders")

Format = Literal["csv", "xlsx"]


class ExportFailed(TagraphError):
    """The export could not be written where it was asked to go."""


def export_dataset(
    graph: Graph, path: Path, *, format: Format | None = None
) -> dict[str, int]:
    """Write every table of the graph to ``path``.

    Parameters
    ----------
    graph
        The connection to read from.
    path
        A folder for CSV files (created when missing; earlier table files
        in it are replaced), or a workbook file for XLSX.
    format
        ``csv`` or ``xlsx``; by default ``xlsx`` when ``path`` ends in
        ``.xlsx`` and ``csv`` otherwise.

    Returns
    -------
    dict
        Rows written per table, for the tables that have rows.
    """
    path = Path(path)
    format = format or ("xlsx" if path.suffix.lower() == ".xlsx" else "csv")
    if format not in ("csv", "xlsx"):
        raise ExportFailed(f"format {format!r} is unknown; expected csv or xlsx")

    tables = {table.name: table_rows(graph, table) for table in TABLES}
    tables = {name: rows for name, rows in tables.items() if rows}
    try:
        if format == "csv":
            _write_folder(path, tables)
        else:
            _write_workbook(path, tables)
    except OSError as error:
        raise ExportFailed(f"cannot write the export to {path}: {error}") from None

    counts = {name: len(rows) for name, rows in tables.items()}
    log.info(
        "exported %d rows in %d tables to %s", sum(counts.values()), len(counts), path
    )
    return counts


# Reading the graph -----------------------------------------------------------


def _node_query(table: Table) -> str:
    key = table.key[0]
    fields = ["properties(n) AS properties"]
    for relation in relations_of(table):
        target = relation.target
        if relation.incoming:
            pattern = f"(t:{target.label})-[:{relation.type}]->(n)"
        else:
            pattern = f"(n)-[:{relation.type}]->(t:{target.label})"
        value = f"t.{target.key[0]}"
        if table.name == "states" and relation.column == "region":
            value = f"[t.level, {value}]"
        fields.append(f"[{pattern} | {value}] AS {relation.column}")
    return f"MATCH (n:{table.label})\nRETURN {', '.join(fields)}\nORDER BY n.{key}"


def _edge_query(table: Table) -> str:
    edge = EDGES[table.name]
    start = TABLE_BY_NAME[table.column(edge.start).refers_to or ""]
    end = TABLE_BY_NAME[table.column(edge.end).refers_to or ""]
    return (
        f"MATCH (a:{start.label})-[r:{edge.type}]->(b:{end.label})\n"
        f"RETURN a.{start.key[0]} AS start, b.{end.key[0]} AS end, "
        "properties(r) AS properties"
    )


def table_rows(graph: Graph, table: Table) -> list[dict[str, str]]:
    """The rows of ``table`` as the dataset format writes them, in key order."""
    if table.name in EDGES:
        records = graph.read(_edge_query(table))
        values = [_edge_values(table, record) for record in records]
    else:
        records = graph.read(_node_query(table))
        values = [_node_values(table, record) for record in records]

    values.sort(key=lambda row: tuple(row[name] for name in table.key))
    return [
        {
            column.name: format_value(column, row[column.name])
            for column in table.columns
        }
        for row in values
    ]


def _node_values(table: Table, record: dict[str, Any]) -> dict[str, Any]:
    properties = record["properties"]
    values = {c.name: properties.get(c.name) for c in table.columns}
    for relation in relations_of(table):
        found = record[relation.column]
        if table.name == "states" and relation.column == "region":
            found = [_narrowest(found)] if found else []
        column = table.column(relation.column)
        values[column.name] = found if column.many else (found[0] if found else None)
    return values


def _narrowest(levels_and_codes: list[list[str]]) -> str:
    """The code of the narrowest region among ``[level, code]`` pairs."""
    pairs = sorted(levels_and_codes, key=lambda p: LEVEL_RANK.get(p[0], -1))
    return pairs[-1][1]


def _edge_values(table: Table, record: dict[str, Any]) -> dict[str, Any]:
    edge = EDGES[table.name]
    properties = record["properties"]
    values = {c.name: properties.get(c.name) for c in table.columns}
    values[edge.start] = record["start"]
    values[edge.end] = record["end"]
    return values


# Writing files ---------------------------------------------------------------


def _write_folder(folder: Path, tables: dict[str, list[dict[str, str]]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for table in TABLES:
        file = folder / f"{table.name}.csv"
        rows = tables.get(table.name)
        if not rows:
            file.unlink(missing_ok=True)
            continue
        with file.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(
                handle, fieldnames=[c.name for c in table.columns], lineterminator="\n"
            )
            writer.writeheader()
            writer.writerows(rows)


def _write_workbook(file: Path, tables: dict[str, list[dict[str, str]]]) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    file.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook(write_only=True)
    for table in TABLES:
        rows = tables.get(table.name)
        if not rows:
            continue
        sheet = book.create_sheet(table.name)
        sheet.append([c.name for c in table.columns])
        for row in rows:
            cells = []
            for column in table.columns:
                value = _typed(column.kind, column.many, row[column.name])
                cell = WriteOnlyCell(sheet, value=value)
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text is data, never a formula
                cells.append(cell)
            sheet.append(cells)
    book.save(file)


def _typed(kind: str, many: bool, text: str) -> Any:
    """Numbers as numbers in a workbook; everything else as the CSV text."""
    if not text or many:
        return text or None
    if kind == "int":
        return int(text)
    if kind == "float":
        return float(text)
    return text


__all__ = ["ExportFailed", "export_dataset", "table_rows"]
