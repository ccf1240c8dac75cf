"""Checking a dataset against the format and the graph before anything is written.

:func:`check` parses every cell, then looks across rows and tables: duplicate
keys, references to rows of other tables (in the dataset or already in the
graph), and the domain's own rules. It reports every problem at once, as
:class:`~tagraph.errors.ValidationFailed`, or returns the parsed records.

Domain rules, beyond the format:

- a programme cannot end before it starts; a ``national`` programme names at
  least one State, a ``regional`` one at least one region or State (both are
  errors: such a programme would cover nothing and hide a gap);
- budgets and capacities are not negative; resolution numbers are positive;
- a region's parent is a broader level (region > subregion > intermediate),
  and neither regions nor themes may enclose themselves;
- a need identified in an assessment is of the assessment's State;
- two themes are related once: listing the pair from both sides is an error;
- roadmaps follow the rules of :mod:`tagraph.loaders.roadmap_rules`.

Look-ups in the graph are read queries with the values as parameters, one
query per label, never one per value.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from tagraph.errors import ValidationFailed
from tagraph.graph import model
from tagraph.graph.connection import Graph
from tagraph.loaders.cells import BadValue, parse
from tagraph.loaders.read import Dataset, Problem, RawTable
from tagraph.loaders.roadmap_rules import roadmap_problems
from tagraph.loaders.tables import TABLE_BY_NAME, TABLES, Column, Table

log = logging.getLogger("tagraph.loaders")

DEFAULTS: dict[tuple[str, str], Any] = {
    ("needs", "confidentiality"): "public",
    ("needs", "synthetic"): False,
    ("assessments", "synthetic"): False,
    ("links", "synthetic"): False,
    ("roadmaps", "synthetic"): False,
    ("roadmap_step_statuses", "synthetic"): False,
}
"""Values an empty optional cell takes."""

LEVEL_RANK = {level: rank for rank, level in enumerate(model.REGION_LEVELS)}
"""Region levels from the broadest (0) to the narrowest."""


@dataclass
class Record:
    """One checked row: its values parsed, defaults filled in."""

    table: str
    number: int
    """Spreadsheet row number; 0 for a State re-derived from the graph."""
    values: dict[str, Any]


@dataclass(frozen=True)
class RegionInfo:
    """A region as the dataset and the graph together describe it."""

    code: str
    name: str
    level: str
    parent: str | None


@dataclass
class GraphState:
    """A State already in the graph, with the values it was loaded with."""

    record: Record
    content_hash: str | None


@dataclass
class Checked:
    """A dataset that passed every check, ready to be written."""

    dataset: Dataset
    records: dict[str, list[Record]]
    regions: dict[str, RegionInfo] = field(default_factory=dict)
    """Every region known to the dataset or the graph, by M49 code."""
    graph_states: list[GraphState] = field(default_factory=list)
    """States in the graph but not the dataset, when the dataset has regions."""

    @property
    def row_count(self) -> int:
        """Rows read from the dataset's files."""
        return sum(len(rows) for rows in self.records.values())

    def chain(self, code: str | None) -> list[RegionInfo]:
        """The region ``code`` and every region enclosing it, narrowest first."""
        chain: list[RegionInfo] = []
        while code is not None and code in self.regions and len(chain) < 10:
            region = self.regions[code]
            if region in chain:
                break
            chain.append(region)
            code = region.parent
        return chain


def check(dataset: Dataset, graph: Graph) -> Checked:
    """Parse and check every table of ``dataset``, looking up the graph.

    Raises
    ------
    ValidationFailed
        With every problem found, one ``file:row: column: message`` line each.
    """
    problems = list(dataset.problems)
    records: dict[str, list[Record]] = {}
    for raw in _in_order(dataset):
        records[raw.table.name], found = _parse_table(raw)
        problems += found

    checked = Checked(dataset, records)
    problems += _duplicates(dataset, records)
    problems += _references(dataset, records, graph)
    problems += _regions(checked, graph)
    problems += _themes(dataset, records, graph)
    problems += _programmes(dataset, records)
    problems += _need_assessments(dataset, records, graph)
    problems += roadmap_problems(dataset, records, graph)

    if problems:
        log.info("the dataset %s has %d problems", dataset.name, len(problems))
        raise ValidationFailed([str(p) for p in _ordered(dataset, problems)])
    log.info(
        "validated %d rows in %d tables of %s",
        checked.row_count,
        len(records),
        dataset.name,
    )
    return checked


def _in_order(dataset: Dataset) -> list[RawTable]:
    return [dataset.tables[t.name] for t in TABLES if t.name in dataset.tables]


def _ordered(dataset: Dataset, problems: list[Problem]) -> list[Problem]:
    """Problems by table (files named after no table first), row and column."""
    rank = {raw.where: i for i, raw in enumerate(_in_order(dataset))}

    def key(problem: Problem) -> tuple[int, int, int]:
        raw = dataset.tables.get(_table_of(dataset, problem.where) or "")
        names = [c.name for c in raw.table.columns] if raw else []
        column = names.index(problem.column) if problem.column in names else -1
        return (rank.get(problem.where, -1), problem.row, column)

    return sorted(problems, key=key)


def _table_of(dataset: Dataset, where: str) -> str | None:
    for name, raw in dataset.tables.items():
        if raw.where == where:
            return name
    return None


# Cells -----------------------------------------------------------------------


def _parse_table(raw: RawTable) -> tuple[list[Record], list[Problem]]:
    table = raw.table
    records: list[Record] = []
    problems: list[Problem] = []
    for row in raw.rows:
        values: dict[str, Any] = {}
        for column in table.columns:
            value, message = _parse_cell(raw, column, row.cells.get(column.name, ""))
            if message is not None:
                problems.append(Problem(raw.where, row.number, column.name, message))
            if value is None:
                value = DEFAULTS.get((table.name, column.name))
            values[column.name] = value
        records.append(Record(table.name, row.number, values))
    return records, problems


def _parse_cell(raw: RawTable, column: Column, text: str) -> tuple[Any, str | None]:
    """The cell's value, or an empty value and what was wrong with it."""
    empty: Any = [] if column.many else None
    if column.name not in raw.columns:
        return empty, None
    try:
        value = parse(column, text)
    except BadValue as error:
        return empty, str(error)
    if column.required and value in (None, []):
        return empty, _EMPTY
    return value, None


_EMPTY = "the cell is empty; expected a value (the column is required)"


# Across rows and tables ------------------------------------------------------


def _duplicates(dataset: Dataset, records: dict[str, list[Record]]) -> list[Problem]:
    problems = []
    for name, rows in records.items():
        table = TABLE_BY_NAME[name]
        first: dict[tuple[Any, ...], int] = {}
        for record in rows:
            key = tuple(record.values[column] for column in table.key)
            if any(part is None for part in key):
                continue
            if key in first:
                shown = key[0] if len(key) == 1 else key
                noun = table.key[0] if len(key) == 1 else "combination"
                problems.append(
                    Problem(
                        dataset.tables[name].where,
                        record.number,
                        ", ".join(table.key),
                        f"{shown!r} is a duplicate of row {first[key]}; expected "
                        f"each {noun} once",
                    )
                )
            else:
                first[key] = record.number
    return problems


def keys_of(records: dict[str, list[Record]], table: Table) -> set[Any]:
    """The keys of ``table``'s records in the dataset (single-column keys)."""
    column = table.key[0]
    return {
        record.values[column]
        for record in records.get(table.name, [])
        if record.values[column] is not None
    }


def _references(
    dataset: Dataset, records: dict[str, list[Record]], graph: Graph
) -> list[Problem]:
    """Every value naming a row of another table must be in the dataset or graph."""
    wanted: dict[str, set[Any]] = defaultdict(set)
    uses: list[tuple[Record, str, Any, Table]] = []
    for name, rows in records.items():
        for column in TABLE_BY_NAME[name].columns:
            if column.refers_to is None:
                continue
            target = TABLE_BY_NAME[column.refers_to]
            if target.name in dataset.unreadable:
                continue
            known = keys_of(records, target)
            for record in rows:
                value = record.values[column.name]
                for item in value if column.many else [value]:
                    if item is not None and item not in known:
                        wanted[target.name].add(item)
                        uses.append((record, column.name, item, target))

    found = {
        name: in_graph(graph, TABLE_BY_NAME[name], keys)
        for name, keys in wanted.items()
    }
    problems = []
    for record, column, item, target in uses:
        if item in found[target.name]:
            continue
        inside = dataset.where(target.name)
        label, key = target.label or "", target.key[0]
        if inside:
            message = (
                f"{item!r} is neither in {inside} nor {_a(label)} in the graph; "
                f"expected the {key} of {_a(label)} that is in one of them"
            )
        else:
            message = (
                f"{item!r} is not {_a(label)} in the graph (this dataset has no "
                f"{target.name} table); expected the {key} of {_a(label)} loaded "
                "before"
            )
        where = dataset.tables[record.table].where
        problems.append(Problem(where, record.number, column, message))
    return problems


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "AEIOU" else "a ") + noun


def in_graph(graph: Graph, table: Table, keys: set[Any]) -> set[Any]:
    """Which of ``keys`` name a node of ``table``'s label in the graph."""
    if not keys:
        return set()
    prop = table.key[0]
    # Label and property come from the table definitions, never from input.
    query = (
        f"UNWIND $keys AS key MATCH (n:{table.label} {{{prop}: key}}) "
        f"RETURN n.{prop} AS key"
    )
    rows = graph.read(query, {"keys": sorted(keys)})
    return {row["key"] for row in rows}


# Domain rules ----------------------------------------------------------------


_GRAPH_REGIONS = """
MATCH (r:Region)
RETURN r.code AS code, r.name AS name, r.level AS level,
       head([(r)-[:PART_OF]->(p:Region) | p.code]) AS parent
"""

_GRAPH_STATES = """
MATCH (s:State)
WHERE NOT s.iso3 IN $iso3s
RETURN s.iso3 AS iso3, s.name AS name, s.m49 AS m49, s.source AS source,
       s.content_hash AS content_hash,
       [(s)-[:IN_REGION]->(r:Region) | [r.level, r.code]] AS regions
"""


def _regions(checked: Checked, graph: Graph) -> list[Problem]:
    """Know every region; check levels and cycles; find States to re-derive."""
    records = checked.records
    if "regions" not in records and "states" not in records:
        return []

    for row in graph.read(_GRAPH_REGIONS):
        checked.regions[row["code"]] = RegionInfo(**row)
    for record in records.get("regions", []):
        values = record.values
        if None in (values["code"], values["name"], values["level"]):
            continue
        checked.regions[values["code"]] = RegionInfo(
            values["code"], values["name"], values["level"], values["parent"]
        )

    problems = []
    where = checked.dataset.where("regions") or ""
    parents = {code: region.parent for code, region in checked.regions.items()}
    for record in records.get("regions", []):
        code, parent = record.values["code"], record.values["parent"]
        if code is None or parent is None:
            continue
        cycle = _cycle(code, parents)
        if cycle:
            problems.append(
                Problem(
                    where,
                    record.number,
                    "parent",
                    f"{parent!r} makes a cycle ({' > '.join(cycle)}); expected "
                    "a broader region that does not lie within this one",
                )
            )
            continue
        problems += _level_problem(checked, where, record)

    if "regions" in records:
        checked.graph_states = _graph_states(checked, graph)
    return problems


def _level_problem(checked: Checked, where: str, record: Record) -> list[Problem]:
    level, parent = record.values["level"], record.values["parent"]
    above = checked.regions.get(parent)
    if level is None or above is None:
        return []
    if LEVEL_RANK[above.level] < LEVEL_RANK[level]:
        return []
    return [
        Problem(
            where,
            record.number,
            "parent",
            f"{parent!r} is at level {above.level}, which cannot enclose level "
            f"{level}; "
            "expected a broader level (region > subregion > intermediate)",
        )
    ]


def _cycle(start: Any, parents: dict[Any, Any]) -> list[str]:
    """The path back to ``start`` when following parents returns to it."""
    path = [start]
    current = parents.get(start)
    while current is not None and len(path) <= len(parents):
        path.append(current)
        if current == start:
            return [str(step) for step in path]
        current = parents.get(current)
    return []


def _graph_states(checked: Checked, graph: Graph) -> list[GraphState]:
    """States only in the graph, so that new region names and chains reach them."""
    in_dataset = sorted(keys_of(checked.records, TABLE_BY_NAME["states"]))
    found = []
    for row in graph.read(_GRAPH_STATES, {"iso3s": in_dataset}):
        levels = sorted(
            row["regions"], key=lambda pair: LEVEL_RANK.get(pair[0], -1), reverse=True
        )
        if not levels or levels[0][1] not in checked.regions:
            continue
        values = {
            "iso3": row["iso3"],
            "name": row["name"],
            "m49": row["m49"],
            "region": levels[0][1],
            "source": row["source"],
        }
        found.append(GraphState(Record("states", 0, values), row["content_hash"]))
    return found


_GRAPH_THEMES = """
MATCH (t:Theme)
RETURN t.code AS code, head([(t)-[:PART_OF]->(p:Theme) | p.code]) AS parent,
       [(t)-[:RELATED_TO]->(o:Theme) | o.code] AS related
"""


def _themes(
    dataset: Dataset, records: dict[str, list[Record]], graph: Graph
) -> list[Problem]:
    """No theme within itself; each related pair listed from one side only."""
    rows = records.get("themes", [])
    if not rows:
        return []

    in_graph_rows = graph.read(_GRAPH_THEMES)
    parents = {row["code"]: row["parent"] for row in in_graph_rows}
    related = {row["code"]: set(row["related"]) for row in in_graph_rows}
    mine = {r.values["code"]: r for r in rows if r.values["code"] is not None}
    for code, record in mine.items():
        parents[code] = record.values["parent"]
        related[code] = set(record.values["related"])

    where = dataset.tables["themes"].where
    problems = []
    for code, record in mine.items():
        cycle = _cycle(code, parents)
        if cycle:
            problems.append(
                Problem(
                    where,
                    record.number,
                    "parent",
                    f"{record.values['parent']!r} makes a cycle "
                    f"({' > '.join(cycle)}); expected a broader theme",
                )
            )
        for other in record.values["related"]:
            message = _related_problem(code, other, mine, related)
            if message:
                problems.append(Problem(where, record.number, "related", message))
    return problems


def _related_problem(
    code: str, other: str, mine: dict[str, Record], related: dict[str, set[str]]
) -> str | None:
    if other == code:
        return f"{other!r} is this theme itself; expected other themes"
    if code not in related.get(other, set()):
        return None
    if other not in mine:
        return (
            f"{other!r} is already related to {code!r} in the graph; a pair is "
            f"stored once, so list it on {other!r} only"
        )
    if mine[other].number < mine[code].number:
        return (
            f"{other!r} (row {mine[other].number}) lists {code!r} as related "
            "too; expected each pair once"
        )
    return None


def _programmes(dataset: Dataset, records: dict[str, list[Record]]) -> list[Problem]:
    problems = []
    for record in records.get("programmes", []):
        where = dataset.tables["programmes"].where
        values = record.values
        start, end = values["start"], values["end"]
        if start is not None and end is not None and end < start:
            problems.append(
                Problem(
                    where,
                    record.number,
                    "end",
                    f"{end.isoformat()} is before the start, {start.isoformat()}; "
                    "expected an end on or after the start",
                )
            )
        if values["scope"] == "national" and not values["states"]:
            problems.append(
                Problem(
                    where,
                    record.number,
                    "states",
                    "a national programme names no State; expected at least one "
                    "ISO3 code (or scope regional or global)",
                )
            )
        if values["scope"] == "regional" and not (
            values["regions"] or values["states"]
        ):
            problems.append(
                Problem(
                    where,
                    record.number,
                    "regions",
                    "a regional programme names no region and no State; expected "
                    "at least one M49 code here or ISO3 code in states",
                )
            )
    problems += _signs(dataset, records)
    return problems


_NOT_NEGATIVE = (
    ("programmes", "budget_usd"),
    ("programmes", "capacity"),
)
_POSITIVE = (("resolutions", "number"),)


def _signs(dataset: Dataset, records: dict[str, list[Record]]) -> list[Problem]:
    problems = []
    for rules, least, words in (
        (_NOT_NEGATIVE, 0, "zero or more"),
        (_POSITIVE, 1, "a positive number"),
    ):
        for table, column in rules:
            for record in records.get(table, []):
                value = record.values[column]
                if value is not None and value < least:
                    problems.append(
                        Problem(
                            dataset.tables[table].where,
                            record.number,
                            column,
                            f"{value!r} is below {least}; expected {words}",
                        )
                    )
    return problems


_ASSESSED_STATES = """
UNWIND $ids AS id
MATCH (a:Assessment {id: id})-[:OF_STATE]->(s:State)
RETURN a.id AS id, s.iso3 AS state
"""


def _need_assessments(
    dataset: Dataset, records: dict[str, list[Record]], graph: Graph
) -> list[Problem]:
    """A need found in an assessment is a need of the assessed State."""
    needs = [r for r in records.get("needs", []) if r.values["assessment"]]
    if not needs:
        return []

    assessed = {
        r.values["id"]: r.values["state"] for r in records.get("assessments", [])
    }
    elsewhere = sorted({r.values["assessment"] for r in needs} - set(assessed))
    if elsewhere:
        for row in graph.read(_ASSESSED_STATES, {"ids": elsewhere}):
            assessed[row["id"]] = row["state"]

    problems = []
    for record in needs:
        state = assessed.get(record.values["assessment"])
        if state is None or record.values["state"] in (None, state):
            continue
        problems.append(
            Problem(
                dataset.tables["needs"].where,
                record.number,
                "assessment",
                f"{record.values['assessment']!r} assessed {state}, not "
                f"{record.values['state']}; expected an assessment of the need's "
                "State",
            )
        )
    return problems


__all__ = ["Checked", "Record", "RegionInfo", "check"]
