"""The analysts' Cypher console: read-only, time-limited, row-limited.

Three guards stand between a typed query and the data:

1. only analysts and administrators may run it (checked here, not only by
   hiding the page): a console query is not filtered by the access rule;
2. a query with a clause that writes (``CREATE``, ``MERGE``, ``SET``, ...)
   is refused before it is sent, with a message saying why;
3. what is sent runs in a read transaction, so the server itself refuses
   anything that would write, should a clause slip past step 2.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import pandas as pd
from neo4j import unit_of_work
from neo4j.exceptions import Neo4jError

from tagraph.access import Viewer
from tagraph.errors import AccessDenied, TagraphError
from tagraph.graph.connection import Graph
from tagraph.queries.run import native

log = logging.getLogger("tagraph.app")

WRITE_CLAUSES = (
    "CREATE",
    "MERGE",
    "SET",
    "DELETE",
    "DETACH",
    "REMOVE",
    "DROP",
    "FOREACH",
    "LOAD CSV",
    "ALTER",
    "RENAME",
    "GRANT",
    "DENY",
    "REVOKE",
)
"""Clauses the console refuses before sending the query."""

_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`")
_COMMENTS = re.compile(r"//[^\n]*|/\*.*?\*/", re.DOTALL)
_CLAUSE = re.compile(
    r"(?<![.$\w])(" + "|".join(c.replace(" ", r"\s+") for c in WRITE_CLAUSES) + r")\b",
    re.IGNORECASE,
)
_WRITING_PROCEDURE = re.compile(
    r"\bCALL\s+(apoc\.(create|merge|refactor|periodic)|db\.create|dbms\.)",
    re.IGNORECASE,
)


class ConsoleRefused(AccessDenied):
    """The console will not run this query (it writes, or the user may not)."""


class ConsoleFailed(TagraphError):
    """The server refused or stopped a console query."""


@dataclass(frozen=True)
class ConsoleResult:
    """Rows of a console query, and whether the row limit cut them."""

    rows: pd.DataFrame
    truncated: bool


def writing_clause(text: str) -> str | None:
    """The first clause of ``text`` that writes, ignoring strings and comments."""
    code = _STRINGS.sub("''", _COMMENTS.sub(" ", text))
    found = _CLAUSE.search(code)
    if found:
        return " ".join(found.group(1).upper().split())
    procedure = _WRITING_PROCEDURE.search(code)
    if procedure:
        return "CALL " + procedure.group(1)
    return None


def run_console(
    graph: Graph,
    text: str,
    *,
    viewer: Viewer,
    limit: int = 1000,
    timeout: float = 30.0,
) -> ConsoleResult:
    """Run a typed Cypher query as a read, keeping at most ``limit`` rows.

    Raises
    ------
    ConsoleRefused
        When the viewer is neither analyst nor administrator, or the query
        has a writing clause.
    ConsoleFailed
        When the server refuses the query (a syntax error, a write, the time
        limit).
    """
    if not viewer.all_access:
        log.info("console refused to %s (%s)", viewer.name, viewer.role)
        raise ConsoleRefused(
            "the Cypher console is for analysts and administrators only"
        )
    clause = writing_clause(text)
    if clause:
        raise ConsoleRefused(
            f"the console only reads; {clause} changes the graph. Changes go "
            "through the Matching page (decisions) or the Data page (loads)"
        )
    graph.trace(text, {})

    @unit_of_work(timeout=timeout)
    def work(tx: object) -> tuple[list[dict], bool]:
        result = tx.run(text)  # type: ignore[attr-defined]
        rows = []
        for record in result:
            if len(rows) == limit:
                return rows, True
            rows.append({k: native(v) for k, v in record.data().items()})
        return rows, False

    try:
        with graph.session(read=True) as session:
            rows, truncated = session.execute_read(work)
    except Neo4jError as error:
        raise ConsoleFailed(
            f"the server refused the query: {error.message or error.code}"
        ) from None
    log.info("console query by %s: %s rows", viewer.name, len(rows))
    return ConsoleResult(pd.DataFrame(rows), truncated)
