"""docs/dataset.md describes every table and column exactly as loaders/tables.py does.

Run this file with Python to print the tables' documentation for pasting:
``.venv/bin/python tests/test_dataset_docs.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tagraph.loaders.tables import TABLE_BY_NAME, TABLES, Column, Table
from tagraph.loaders.write import EDGES, relations_of

DOC = Path(__file__).resolve().parent.parent / "docs" / "dataset.md"

_KINDS = {
    "text": "text",
    "int": "whole number",
    "float": "number",
    "date": "date",
    "bool": "true/false",
    "iso3": "ISO3 code",
    "m49": "M49 code",
}


def describe(table: Table, column: Column) -> str:
    """One row of a table's column list."""
    if column.kind == "enum":
        kind = "one of " + ", ".join(f"`{choice}`" for choice in column.choices)
    else:
        kind = _KINDS[column.kind]
    if column.many:
        kind += ", several"
    meaning = column.doc
    if column.refers_to:
        target = TABLE_BY_NAME[column.refers_to]
        names = f"names a `{target.label}` by its `{target.key[0]}`"
        meaning = f"{names}: {meaning}" if meaning else names
    required = "yes" if column.required else ""
    cells = [f"`{column.name}`", kind, required, meaning, _graph(table, column)]
    return "| " + " | ".join(cells) + " |"


def _graph(table: Table, column: Column) -> str:
    """What the column becomes in the graph."""
    if column.name == "source":
        return "`source` (provenance)"
    if table.name in EDGES:
        edge = EDGES[table.name]
        if column.name == edge.start:
            return f"start of `{edge.type}`"
        if column.name == edge.end:
            return f"end of `{edge.type}`"
        return f"`{edge.type}.{column.name}`"
    for relation in relations_of(table):
        if relation.column == column.name:
            target = relation.target.label
            if table.name == "states":
                return f"`-[:{relation.type}]->(:{target})`, every enclosing level"
            if relation.incoming:
                return f"`<-[:{relation.type}]-(:{target})`"
            return f"`-[:{relation.type}]->(:{target})`"
    return f"`{table.label}.{column.name}`"


def render(table: Table) -> str:
    """The documentation of one table, as docs/dataset.md holds it."""
    if table.label:
        what = f"`{table.label}` nodes"
    else:
        edge = EDGES[table.name]
        start, end = (
            TABLE_BY_NAME[table.column(name).refers_to or ""].label
            for name in (edge.start, edge.end)
        )
        what = f"`(:{start})-[:{edge.type}]->(:{end})` relationships"
    keys = ", ".join(f"`{name}`" for name in table.key)
    lines = [
        f"### `{table.name}`",
        "",
        f"{table.doc} Rows become {what}; the key is {keys}.",
        "",
        "| Column | Holds | Required | Meaning | In the graph |",
        "|---|---|---|---|---|",
        *(describe(table, column) for column in table.columns),
    ]
    return "\n".join(lines)


@pytest.mark.parametrize("table", TABLES, ids=[t.name for t in TABLES])
def test_the_docs_describe_each_table_as_the_spec_does(table: Table) -> None:
    doc = DOC.read_text(encoding="utf-8")

    assert render(table) in doc, (
        f"docs/dataset.md is out of date for {table.name}; print the tables "
        "with: .venv/bin/python tests/test_dataset_docs.py"
    )


def test_the_docs_list_the_tables_in_load_order() -> None:
    doc = DOC.read_text(encoding="utf-8")

    positions = [doc.index(f"### `{table.name}`") for table in TABLES]

    assert positions == sorted(positions)


if __name__ == "__main__":
    print("\n\n".join(render(table) for table in TABLES))
