"""Writing checked records to the graph in one transaction, batch by batch.

Each table has one query, built from the table definitions and the relation
specifications below: labels and relationship types come from
:mod:`tagraph.graph.model`, property names from :mod:`tagraph.loaders.tables`;
every value travels in ``$rows``. A row carries a content hash, and a node or
relationship is only written when it is new or its hash differs; that is what
makes a second load of the same data change nothing, provenance included.

A changed row replaces its node's relationships of each type its columns
make: the ones no longer listed are deleted. Rows of the relationship tables
(``programme_partners``, ``links``) add or update; they never delete.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from neo4j.exceptions import DriverError, Neo4jError

from tagraph.errors import TagraphError
from tagraph.graph import model
from tagraph.graph.connection import Graph
from tagraph.graph.derived import refresh_needs
from tagraph.loaders.cells import format_one
from tagraph.loaders.tables import TABLE_BY_NAME, TABLES, Table
from tagraph.loaders.validate import Checked, Record

log = logging.getLogger("tagraph.loaders")

HASH_VERSION = 1
"""Part of every content hash; raise it when the way rows are written changes."""

Progress = Callable[[str, int, int], None]
"""Called with the table's name, rows written so far and rows in all."""


class LoadFailed(TagraphError):
    """Writing a checked dataset failed; the transaction was rolled back."""


@dataclass(frozen=True)
class Relation:
    """How a column naming rows of another table becomes relationships."""

    table: str
    column: str
    type: str
    incoming: bool = False
    """True when the relationship points at the row's node: (target)-->(node)."""

    @property
    def target(self) -> Table:
        """The table whose nodes the column names."""
        refers_to = TABLE_BY_NAME[self.table].column(self.column).refers_to
        assert refers_to is not None
        return TABLE_BY_NAME[refers_to]


RELATIONS: tuple[Relation, ...] = (
    Relation("regions", "parent", model.PART_OF),
    Relation("states", "region", model.IN_REGION),
    Relation("themes", "parent", model.PART_OF),
    Relation("themes", "related", model.RELATED_TO),
    Relation("resolutions", "themes", model.ON_THEME),
    Relation("good_practices", "themes", model.ON_THEME),
    Relation("good_practices", "resolutions", model.UNDER),
    Relation("programmes", "lead_provider", model.LEADS, incoming=True),
    Relation("programmes", "themes", model.ON_THEME),
    Relation("programmes", "states", model.COVERS),
    Relation("programmes", "regions", model.COVERS),
    Relation("programmes", "resolutions", model.SERVES),
    Relation("assessments", "state", model.OF_STATE),
    Relation("needs", "state", model.OF_STATE),
    Relation("needs", "themes", model.ON_THEME),
    Relation("needs", "assessment", model.IDENTIFIED_IN),
    Relation("needs", "resolutions", model.UNDER),
    Relation("roadmap_steps", "template", model.HAS_STEP, incoming=True),
    Relation("roadmap_steps", "themes", model.ON_THEME),
    Relation("roadmap_steps", "resolutions", model.UNDER),
    Relation("roadmap_steps", "good_practices", model.UNDER),
    Relation("roadmaps", "state", model.OF_STATE),
    Relation("roadmaps", "template", model.FOLLOWS),
    Relation("roadmaps", "assessment", model.IDENTIFIED_IN),
    Relation("roadmap_step_statuses", "roadmap", model.HAS_STATUS, incoming=True),
    Relation("roadmap_step_statuses", "step", model.FOR_STEP),
    Relation("roadmap_step_statuses", "needs", model.BACKED_BY),
)
"""Every reference column of a node table. A State's ``region`` becomes an
``IN_REGION`` to that region and to every region enclosing it."""


@dataclass(frozen=True)
class Edge:
    """A table whose rows are relationships between two nodes."""

    table: str
    type: str
    start: str
    """The column naming the node the relationship starts from."""
    end: str
    identity: tuple[str, ...] = ()
    """Relationship properties that tell two relationships of a pair apart."""


EDGES: dict[str, Edge] = {
    "programme_partners": Edge(
        "programme_partners",
        model.PARTNER_IN,
        start="provider",
        end="programme",
        identity=("role",),
    ),
    "links": Edge("links", model.ADDRESSES, start="programme", end="need"),
}


def relations_of(table: Table) -> list[Relation]:
    """The relations made by ``table``'s columns, in column order."""
    return [relation for relation in RELATIONS if relation.table == table.name]


@dataclass
class TableCounts:
    """What a load did with one table."""

    rows: int = 0
    """Rows read from the dataset."""
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    relationships_added: int = 0
    relationships_removed: int = 0

    def add(self, other: TableCounts) -> None:
        """Add ``other``'s figures to these."""
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)


# Rows for the queries --------------------------------------------------------


def plan(checked: Checked) -> dict[str, list[dict[str, Any]]]:
    """The query rows of every table, in the order the tables are written."""
    name = checked.dataset.name
    rows: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        records = checked.records.get(table.name)
        if records is not None:
            rows[table.name] = [_row(checked, table, r, name) for r in records]

    rederived = []
    for state in checked.graph_states:
        row = _row(checked, TABLE_BY_NAME["states"], state.record, name)
        if row["hash"] != state.content_hash:
            rederived.append(row)
    if rederived:
        log.info("re-deriving the regions of %d States in the graph", len(rederived))
        rows["states"] = rows.get("states", []) + rederived
    return rows


def _row(checked: Checked, table: Table, record: Record, name: str) -> dict[str, Any]:
    values = record.values
    source = values.get("source") or name
    if table.name in EDGES:
        return _edge_row(table, EDGES[table.name], values, source)

    relations = {r.column for r in relations_of(table)}
    properties = {
        column.name: values[column.name]
        for column in table.columns
        if column.name not in relations and column.name != "source"
    }
    links = {r.column: _as_list(values[r.column]) for r in relations_of(table)}
    if table.name == "states":
        chain = checked.chain(values["region"])
        links["region"] = [region.code for region in chain]
        names = {level: None for level in model.REGION_LEVELS}
        for region in reversed(chain):
            names[region.level] = region.name
        properties["region"] = names["region"]
        properties["subregion"] = names["subregion"]
        properties["intermediate_region"] = names["intermediate"]

    return {
        "key": values[table.key[0]],
        "hash": content_hash(table.name, properties, links, source),
        "properties": properties,
        "links": links,
        "source": source,
    }


def _edge_row(
    table: Table, edge: Edge, values: dict[str, Any], source: str
) -> dict[str, Any]:
    ends = (edge.start, edge.end, "source")
    properties = {c.name: values[c.name] for c in table.columns if c.name not in ends}
    return {
        "start": values[edge.start],
        "end": values[edge.end],
        "identity": {name: values[name] for name in edge.identity},
        "hash": content_hash(table.name, properties, {}, source),
        "properties": properties,
        "source": source,
    }


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return sorted(value) if isinstance(value, list) else [value]


def content_hash(
    table: str, properties: dict[str, Any], links: dict[str, list[Any]], source: str
) -> str:
    """A digest of everything a row writes, independent of order and load."""
    canonical = [
        HASH_VERSION,
        table,
        sorted((k, _canonical(v)) for k, v in properties.items()),
        sorted((k, sorted(format_one(x) for x in v)) for k, v in links.items()),
        source,
    ]
    text = json.dumps(canonical, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _canonical(value: Any) -> str | None:
    return None if value is None else format_one(value)


# Queries -----------------------------------------------------------------------

_PROVENANCE = (
    "{0}.source = row.source, {0}.load_id = $load_id, {0}.loaded_at = $loaded_at"
)


def node_query(table: Table) -> str:
    """The write query of a node table: merge, set when changed, relate."""
    assert table.label is not None
    key = table.key[0]
    lines = [
        "UNWIND $rows AS row",
        f"MERGE (n:{table.label} {{{key}: row.key}})",
        "WITH n, row, n.content_hash AS old",
        "WHERE old IS NULL OR old <> row.hash",
        "SET n += row.properties, n.content_hash = row.hash,",
        "    " + _PROVENANCE.format("n"),
        "WITH n, row, old",
    ]
    for relation in relations_of(table):
        lines += _relation_lines(table, relation)
    lines.append("RETURN count(*) AS written, count(old) AS changed")
    return "\n".join(lines)


def _relation_lines(table: Table, relation: Relation) -> list[str]:
    target = relation.target
    key = target.key[0]
    listed = f"row.links.{relation.column}"
    if relation.incoming:
        pattern = f"(t{{}})-[r:{relation.type}]->(n)"
    else:
        pattern = f"(n)-[r:{relation.type}]->(t{{}})"
    labelled, bound = pattern.format(f":{target.label}"), pattern.format("")
    # A table naming its own rows (a theme's parent) may name a row of a later
    # batch: MERGE makes that node now, and its own row fills it in.
    find = "MERGE" if target.name == table.name else "MATCH"
    return [
        "CALL (n, row) {",
        f"  MATCH {labelled}",
        f"  WHERE NOT t.{key} IN {listed}",
        "  DELETE r",
        "}",
        "CALL (n, row) {",
        f"  UNWIND {listed} AS target",
        f"  {find} (t:{target.label} {{{key}: target}})",
        f"  MERGE {bound}",
        "  ON CREATE SET " + _PROVENANCE.format("r"),
        "}",
    ]


def _edge_pattern(edge: Edge) -> tuple[str, str]:
    table = TABLE_BY_NAME[edge.table]
    start = TABLE_BY_NAME[table.column(edge.start).refers_to or ""]
    end = TABLE_BY_NAME[table.column(edge.end).refers_to or ""]
    nodes = (
        f"(a:{start.label} {{{start.key[0]}: row.start}}), "
        f"(b:{end.label} {{{end.key[0]}: row.end}})"
    )
    identity = ", ".join(f"{name}: row.identity.{name}" for name in edge.identity)
    properties = f" {{{identity}}}" if identity else ""
    relationship = f"(a)-[r:{edge.type}{properties}]->(b)"
    return nodes, relationship


def edge_query(edge: Edge) -> str:
    """The write query of a relationship table: merge, set when changed."""
    nodes, relationship = _edge_pattern(edge)
    return "\n".join(
        [
            "UNWIND $rows AS row",
            f"MATCH {nodes}",
            f"MERGE {relationship}",
            "WITH r, row, r.content_hash AS old",
            "WHERE old IS NULL OR old <> row.hash",
            "SET r += row.properties, r.content_hash = row.hash,",
            "    " + _PROVENANCE.format("r"),
            "RETURN count(*) AS written, count(old) AS changed",
        ]
    )


def probe_query(table: Table) -> str:
    """A read query saying how many rows exist already, and how many unchanged."""
    if table.name in EDGES:
        nodes, relationship = _edge_pattern(EDGES[table.name])
        match = f"OPTIONAL MATCH {nodes}, {relationship}"
        found = "r"
    else:
        match = f"OPTIONAL MATCH (n:{table.label} {{{table.key[0]}: row.key}})"
        found = "n"
    return "\n".join(
        [
            "UNWIND $rows AS row",
            match,
            f"RETURN count({found}) AS existing,",
            f"       count(CASE WHEN {found}.content_hash = row.hash THEN 1 END)"
            " AS unchanged",
        ]
    )


def write_query(table: Table) -> str:
    """The write query of any table."""
    if table.name in EDGES:
        return edge_query(EDGES[table.name])
    return node_query(table)


_LOAD = """
CREATE (l:Load {
  id: $load_id, source: $source, checksum: $checksum, counts: $counts,
  started_at: $loaded_at, finished_at: $finished_at, tables: $tables, by: $by
})
"""


# Running them ----------------------------------------------------------------


@dataclass(frozen=True)
class LoadInfo:
    """What identifies one load: its id, dataset name, checksum, start and who."""

    id: str
    source: str
    checksum: str
    started_at: datetime
    by: str | None = None
    """Who loaded it (an account or user name), when known."""


def write(
    graph: Graph,
    rows: dict[str, list[dict[str, Any]]],
    read: dict[str, int],
    load: LoadInfo,
    *,
    batch_size: int,
    progress: Progress | None = None,
) -> dict[str, TableCounts]:
    """Write every table's rows and a ``Load`` node in one transaction.

    Raises
    ------
    LoadFailed
        When the server refuses a batch or the connection is lost; the
        transaction is rolled back (or never committed), so nothing is written.
    """
    counts = {name: TableCounts(rows=read.get(name, 0)) for name in rows}
    parameters = {"load_id": load.id, "loaded_at": load.started_at}
    with graph.session() as session:
        tx = session.begin_transaction()
        try:
            for name, table_rows in rows.items():
                query = write_query(TABLE_BY_NAME[name])
                for start in range(0, len(table_rows), batch_size):
                    batch = table_rows[start : start + batch_size]
                    try:
                        result = graph.run_in(tx, query, {**parameters, "rows": batch})
                        record = result.single(strict=True)
                        summary = result.consume()
                    except (Neo4jError, DriverError) as error:
                        raise _failed(name, start, len(batch), error) from error
                    counts[name].add(_batch_counts(batch, record, summary.counters))
                    if progress is not None:
                        progress(name, start + len(batch), len(table_rows))
                log.debug("wrote %s: %s", name, counts[name])

            try:
                needs = needs_to_refresh(rows)
                refresh_needs(graph, needs=needs, tx=tx)
            except (Neo4jError, DriverError) as error:
                raise LoadFailed(
                    f"recomputing the needs' derived facts failed "
                    f"({_describe(error)}); nothing was written"
                ) from error

            try:
                graph.run_in(tx, _LOAD, _load_parameters(load, counts))
                tx.commit()
            except (Neo4jError, DriverError) as error:
                raise LoadFailed(
                    f"committing the load failed ({_describe(error)}); nothing "
                    "was written"
                ) from error
        finally:
            # Rolls back an uncommitted transaction; on a lost connection the
            # server has dropped it already and closing only reports that.
            with contextlib.suppress(Neo4jError, DriverError):
                tx.close()
    return counts


_FACTS_OF_EVERY_NEED = frozenset({"regions", "states", "themes", "programmes"})
"""Tables whose rows can change the derived facts of any need: where a State
lies, how themes nest, and which programmes cover what."""


def needs_to_refresh(rows: dict[str, list[dict[str, Any]]]) -> list[str] | None:
    """The needs whose derived facts a load's rows can change.

    None means every need (the load touches coverage, regions or themes); a
    list names the needs loaded or linked, and is empty when none is.
    """
    if _FACTS_OF_EVERY_NEED & rows.keys():
        return None

    needs = {row["key"] for row in rows.get("needs", [])}
    needs |= {row["end"] for row in rows.get("links", [])}  # links end at a need
    return sorted(needs)


def _batch_counts(
    batch: list[dict[str, Any]], record: Any, counters: Any
) -> TableCounts:
    written, changed = record["written"], record["changed"]
    return TableCounts(
        added=written - changed,
        changed=changed,
        unchanged=len(batch) - written,
        relationships_added=counters.relationships_created,
        relationships_removed=counters.relationships_deleted,
    )


def _load_parameters(load: LoadInfo, counts: dict[str, TableCounts]) -> dict[str, Any]:
    return {
        "load_id": load.id,
        "source": load.source,
        "checksum": load.checksum,
        "counts": json.dumps({name: asdict(c) for name, c in counts.items()}),
        "loaded_at": load.started_at,
        "finished_at": datetime.now(UTC),
        "tables": list(counts),
        "by": load.by,
    }


def _failed(table: str, start: int, size: int, error: Exception) -> LoadFailed:
    rows = f"rows {start + 1}-{start + size}"
    if isinstance(error, DriverError):
        return LoadFailed(
            f"the connection to Neo4j was lost while writing {table} ({rows}): "
            f"{_describe(error)}; the transaction was not committed, so nothing "
            "was written"
        )
    return LoadFailed(
        f"Neo4j refused {table} ({rows} in load order): {_describe(error)}; "
        "the transaction was rolled back, so nothing was written"
    )


def _describe(error: Exception) -> str:
    if isinstance(error, Neo4jError):
        message = (error.message or "").splitlines()[0] if error.message else ""
        if "MemoryPoolOutOfMemoryError" in (error.code or ""):
            message += (
                " (the whole dataset is one transaction: give the server more "
                "memory (a larger TAGRAPH_NEO4J_HEAP for the local server) or "
                "load the dataset in parts)"
            )
        return f"{error.code}: {message}"
    return f"{type(error).__name__}: {error}"


def probe(
    graph: Graph, rows: dict[str, list[dict[str, Any]]], read: dict[str, int]
) -> dict[str, TableCounts]:
    """What :func:`write` would add, change or leave, read without writing."""
    counts = {}
    for name, table_rows in rows.items():
        found = graph.read(probe_query(TABLE_BY_NAME[name]), {"rows": table_rows})[0]
        counts[name] = TableCounts(
            rows=read.get(name, 0),
            added=len(table_rows) - found["existing"],
            changed=found["existing"] - found["unchanged"],
            unchanged=found["unchanged"],
        )
    return counts
